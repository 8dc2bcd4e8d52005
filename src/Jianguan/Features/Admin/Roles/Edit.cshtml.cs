using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Admin.Roles;

/// <summary>
/// Granting and revoking one account's roles. <see cref="AdminSeparation"/> is checked before anything is written;
/// the change and its audit entry (roles before and after) commit together.
/// </summary>
[Authorize(Policy = Policies.SecurityAdmin)]
public sealed class EditModel(
    JianguanDbContext db, UserManager<AppUser> users, RoleManager<IdentityRole> roleManager, AuditTrail audit) : PageModel
{
    public AppUser Account { get; private set; } = null!;

    public IReadOnlyList<string> Current { get; private set; } = [];

    [BindProperty]
    public List<string> Selected { get; set; } = [];

    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Selected = [.. Current];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var after = Selected.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var before = Current;
        Error = AdminSeparation.Check(users.GetUserId(User) ?? "", Account.Id, before, after);
        if (Error is not null)
        {
            await audit.RecordAsync(db, AuditActor.From(HttpContext), "permission.refused", Account.UserName ?? "",
                new { before, requested = after, reason = Error }, ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        foreach (var role in after.Where(r => !before.Contains(r)))
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                await roleManager.CreateAsync(new IdentityRole(role));
            }
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var grant = after.Except(before).ToList();
        var revoke = before.Except(after).ToList();
        if (grant.Count > 0)
        {
            Check(await users.AddToRolesAsync(Account, grant));
        }

        if (revoke.Count > 0)
        {
            Check(await users.RemoveFromRolesAsync(Account, revoke));
        }

        // No new security stamp: the account's open sessions are re-issued with the new roles at their next stamp
        // check (SecuritySetup.StampValidationInterval) instead of being signed out.
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "permission.change", Account.UserName ?? "",
            new { before, after, granted = grant, revoked = revoke }, ct);
        await tx.CommitAsync(ct);
        Message = grant.Count + revoke.Count == 0 ? "角色未变化。" : "角色已更新。";
        return RedirectToPage(new { id });
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        if (await db.Users.SingleOrDefaultAsync(u => u.Id == id, ct) is not { } user)
        {
            return false;
        }

        Account = user;
        Current = [.. (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal)];
        return true;
    }
}
