using System.ComponentModel.DataAnnotations;
using Jianguan.Data;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Jianguan.Pages.Admin.Users;

/// <summary>One account: name and organisation, password reset, disable and enable, unlock. Every change is audited.</summary>
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
        Status = Admin.IndexModel.Status(user, clock.GetUtcNow());
        Organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct);
        return true;
    }
}
