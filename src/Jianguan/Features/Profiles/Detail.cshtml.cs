using Jianguan.Features.Warnings;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Jianguan.Features.Focus;

namespace Jianguan.Features.Profiles;

[Authorize(Policy = Policies.AlertsRead)]
public sealed class DetailModel(JianguanDbContext db, AuditTrail audit, TimeProvider clock, IAuthorizationService authorization,
    Platform.Scopes.CurrentDataScope scope) : PageModel
{
    public BidderProfile Profile { get; private set; } = null!;

    public bool CanEditFocus { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostFocusAsync(long id, string? reason, CancellationToken ct) =>
        EditAsync(id, () => FocusList.AddAsync(db, id, reason, audit, AuditActor.From(HttpContext), clock, ct), ct);

    public Task<IActionResult> OnPostUnfocusAsync(long id, string? reason, CancellationToken ct) =>
        EditAsync(id, () => FocusList.RemoveAsync(db, id, reason, audit, AuditActor.From(HttpContext), clock, ct), ct);

    private async Task<IActionResult> EditAsync(long id, Func<Task<FocusEntry>> edit, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.FocusManage)).Succeeded)
        {
            return Forbid();
        }

        try
        {
            await edit();
        }
        catch (AlertRuleException e)
        {
            Error = e.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }

        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        if (await ProfileQueries.BidderAsync(db, await scope.GetAsync(ct), id, ct) is not { } profile)
        {
            return false;
        }

        Profile = profile;
        CanEditFocus = (await authorization.AuthorizeAsync(User, Policies.FocusManage)).Succeeded;
        return true;
    }
}
