using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Admin.Users;

/// <summary>
/// One account: name and organisation, password reset, two-factor reset, disable and enable, unlock. Every change is
/// audited.
/// </summary>
[Authorize(Policy = Policies.AccountAdmin)]
public sealed class EditModel(JianguanDbContext db, UserManager<AppUser> users, AuditTrail audit, TimeProvider clock) : PageModel
{
    public AppUser Account { get; private set; } = null!;

    public string Status { get; private set; } = "";

    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    [BindProperty]
    [Required(ErrorMessage = "请输入姓名")]
    [StringLength(100, ErrorMessage = "姓名不超过 100 个字符")]
    public string DisplayName { get; set; } = "";

    [BindProperty]
    public int? OrganisationId { get; set; }

    public string? NewPassword { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public const int ResetReasonMaxLength = 500;

    /// <summary>Why the second factor is reset (lost phone, ticket number): required, kept in the audit entry.</summary>
    [BindProperty]
    public string? ResetReason { get; set; }

    /// <summary>The administrator ticks that the account holder's identity was checked outside the platform.</summary>
    [BindProperty]
    public bool ResetConfirmed { get; set; }

    public string? ResetError { get; private set; }

    /// <summary>
    /// The account holds one of the three administrator roles: its password and second factor are reset only on the
    /// host (<c>jianguan user reset-password</c>, <c>jianguan user reset-2fa</c>), never by another administrator
    /// on the web, who would otherwise see the new password and act as the security or audit administrator.
    /// </summary>
    public bool IsAdministratorAccount { get; private set; }

    public const string AdministratorResetRefused =
        "管理员账户（系统管理员、安全管理员、审计管理员）的密码和两步验证不能在网页上重置：须由主机运维人员在服务器上通过命令行办理，办理情况记入审计日志。";

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        DisplayName = Account.DisplayName;
        OrganisationId = Account.OrganisationId;
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (OrganisationId is { } org && !Organisations.Any(o => o.Id == org))
        {
            ModelState.AddModelError(nameof(OrganisationId), "所属单位不存在。");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var before = new { Account.DisplayName, organisation = Account.OrganisationId };
        Account.DisplayName = DisplayName.Trim();
        Account.OrganisationId = OrganisationId;
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "account.update", Account.UserName ?? "",
            new { before, after = new { Account.DisplayName, organisation = Account.OrganisationId } }, ct);
        Message = "已保存。";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostResetPasswordAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (IsAdministratorAccount)
        {
            Message = AdministratorResetRefused;
            return RedirectToPage(new { id });
        }

        var password = PasswordRules.Generate();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var token = await users.GeneratePasswordResetTokenAsync(Account);
        var result = await users.ResetPasswordAsync(Account, token, password);
        if (!result.Succeeded)
        {
            Message = string.Join(" ", result.Errors.Select(e => e.Description));
            return RedirectToPage(new { id });
        }

        Account.MustChangePassword = true;
        Account.LockoutEnd = null;
        Account.AccessFailedCount = 0;
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "account.password-reset", Account.UserName ?? "", ct: ct);
        await tx.CommitAsync(ct);
        NewPassword = password;
        Status = Admin.IndexModel.Status(Account, clock.GetUtcNow());
        DisplayName = Account.DisplayName;
        OrganisationId = Account.OrganisationId;
        return Page();
    }

    /// <summary>
    /// The recovery path for a lost phone or an authenticator key that can no longer be decrypted: turning the second
    /// factor off oneself needs a current code, so only the system administrator (who also resets passwords) can do
    /// it for the user. Key, recovery codes and open sessions all go; the user signs in with the password and enrols
    /// again. Nothing here reads the key, so an undecryptable one is removed like any other.
    /// </summary>
    public async Task<IActionResult> OnPostResetTwoFactorAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (Account.Id == users.GetUserId(User))
        {
            Message = "不能重置自己的两步验证：须由另一名系统管理员办理。";
            return RedirectToPage(new { id });
        }

        if (IsAdministratorAccount)
        {
            Message = AdministratorResetRefused;
            return RedirectToPage(new { id });
        }

        if (!Account.TwoFactorEnabled)
        {
            Message = "该账户未开启两步验证，无需重置。";
            return RedirectToPage(new { id });
        }

        var reason = ResetReason?.Trim() ?? "";
        ResetError = reason.Length == 0 ? "请填写重置原因。"
            : reason.Length > ResetReasonMaxLength ? $"重置原因不超过 {ResetReasonMaxLength} 个字符。"
            : !ResetConfirmed ? "请勾选确认已核实账户本人身份。"
            : null;
        if (ResetError is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            DisplayName = Account.DisplayName;
            OrganisationId = Account.OrganisationId;
            return Page();
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var steps = new Func<Task<IdentityResult>>[]
        {
            () => users.SetTwoFactorEnabledAsync(Account, false),
            () => users.RemoveAuthenticationTokenAsync(Account, AuthenticatorKeys.LoginProvider, AuthenticatorKeys.TokenName),
            () => users.RemoveAuthenticationTokenAsync(Account, AuthenticatorKeys.LoginProvider, AuthenticatorKeys.RecoveryCodesTokenName),
            // Also done by SetTwoFactorEnabledAsync today; explicit because ending the sessions is the point.
            () => users.UpdateSecurityStampAsync(Account),
        };
        foreach (var step in steps)
        {
            var result = await step();
            if (!result.Succeeded)
            {
                Message = string.Join(" ", result.Errors.Select(e => e.Description));
                return RedirectToPage(new { id });
            }
        }

        // The reason only: never the key or the codes.
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "account.2fa.reset", Account.UserName ?? "", new { reason }, ct);
        await tx.CommitAsync(ct);
        Message = "已重置两步验证：原密钥和恢复码已作废，该账户的登录会话已失效。用户可凭密码登录后重新启用两步验证。";
        return RedirectToPage(new { id });
    }

    public Task<IActionResult> OnPostDisableAsync(string id, CancellationToken ct) => SetDisabledAsync(id, true, ct);

    public Task<IActionResult> OnPostEnableAsync(string id, CancellationToken ct) => SetDisabledAsync(id, false, ct);

    public async Task<IActionResult> OnPostUnlockAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Account.LockoutEnd = null;
        Account.AccessFailedCount = 0;
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "account.unlock", Account.UserName ?? "", ct: ct);
        Message = "已解除锁定。";
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult> SetDisabledAsync(string id, bool disabled, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (disabled && Account.Id == users.GetUserId(User))
        {
            Message = "不能停用自己的账户。";
            return RedirectToPage(new { id });
        }

        Account.Disabled = disabled;
        // A new stamp ends the account's open sessions at their next check.
        Account.SecurityStamp = Guid.NewGuid().ToString("N");
        await audit.RecordAsync(db, AuditActor.From(HttpContext), disabled ? "account.disable" : "account.enable", Account.UserName ?? "", ct: ct);
        Message = disabled ? "账户已停用。" : "账户已启用。";
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        if (await db.Users.SingleOrDefaultAsync(u => u.Id == id, ct) is not { } user)
        {
            return false;
        }

        Account = user;
        IsAdministratorAccount = (await users.GetRolesAsync(user)).Any(Platform.Auth.Roles.Administrators.Contains);
        Status = Admin.IndexModel.Status(user, clock.GetUtcNow());
        Organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct);
        return true;
    }
}
