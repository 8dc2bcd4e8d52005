using Jianguan.Platform.Time;
using Jianguan.Platform.Tokens;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Admin.Tokens;

/// <summary>
/// Machine tokens: the security administrator approves or refuses the units' requests (made on /Trading/Tokens)
/// and revokes tokens. 三员分立: the administrator issues nothing and never sees a token's text, so no
/// administrator holds a credential that reads or writes trading data.
/// </summary>
[Authorize(Policy = Policies.SecurityAdmin)]
public sealed class IndexModel(JianguanDbContext db, UserManager<AppUser> users, AuditTrail audit, TimeProvider clock) : PageModel
{
    public IReadOnlyList<MachineToken> Tokens { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        Tokens = await db.MachineTokens.AsNoTracking().Include(t => t.Organisation)
            .OrderBy(t => t.Status == MachineTokenStatus.Pending ? 0 : 1).ThenByDescending(t => t.Id).ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostApproveAsync(int id, CancellationToken ct)
    {
        if (await db.MachineTokens.Include(t => t.Organisation).SingleOrDefaultAsync(t => t.Id == id, ct) is not { } token)
        {
            return NotFound();
        }

        if (token.Status != MachineTokenStatus.Pending || token.Revoked)
        {
            Message = $"令牌 {token.Name} 不是待审批的申请。";
            return RedirectToPage();
        }

        // Never a credential for an administrator, nor one approved by its own requester.
        var requester = token.RequestedById is null ? null : await users.FindByIdAsync(token.RequestedById);
        if (requester is null || requester.Disabled || token.OrganisationId is null
            || token.RequestedById == users.GetUserId(User)
            || (await users.GetRolesAsync(requester)).Any(Platform.Auth.Roles.Administrators.Contains))
        {
            Message = $"令牌 {token.Name} 不能批准：申请人账户不存在、已停用或为管理员账户，或申请未关联单位。";
            return RedirectToPage();
        }

        var now = clock.GetUtcNow();
        token.Status = MachineTokenStatus.Approved;
        token.DecidedAt = now;
        token.DecidedBy = User.Identity?.Name;
        token.ExpiresAt = now.AddDays(token.ValidDays);
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "token.approve", "token:" + token.Prefix,
            new { token.Name, token.Scopes, organisation = token.OrganisationId, requester = token.CreatedBy, expires = token.ExpiresAt }, ct);
        Message = $"已批准令牌 {MachineTokens.ActorName(token)}，有效期至 {ChinaTime.FormatMinute(token.ExpiresAt)}。";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRejectAsync(int id, string? note, CancellationToken ct)
    {
        if (await db.MachineTokens.SingleOrDefaultAsync(t => t.Id == id, ct) is not { } token)
        {
            return NotFound();
        }

        if (token.Status != MachineTokenStatus.Pending || token.Revoked)
        {
            Message = $"令牌 {token.Name} 不是待审批的申请。";
            return RedirectToPage();
        }

        var reason = note?.Trim() ?? "";
        token.Status = MachineTokenStatus.Rejected;
        token.DecidedAt = clock.GetUtcNow();
        token.DecidedBy = User.Identity?.Name;
        token.DecisionNote = reason.Length > MachineTokens.PurposeMaxLength ? reason[..MachineTokens.PurposeMaxLength] : reason;
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "token.reject", "token:" + token.Prefix,
            new { token.Name, reason = token.DecisionNote }, ct);
        Message = $"已退回令牌申请 {token.Name}。";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken ct)
    {
        if (await db.MachineTokens.SingleOrDefaultAsync(t => t.Id == id, ct) is not { } token)
        {
            return NotFound();
        }

        await MachineTokens.RevokeAsync(db, token, audit, AuditActor.From(HttpContext), clock.GetUtcNow(), ct);

        Message = $"令牌 {token.Name} 已吊销。";
        return RedirectToPage();
    }

    public static string Time(DateTimeOffset? value) =>
        ChinaTime.FormatMinute(value);
}
