using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Warnings;

[Authorize(Policy = Policies.AlertsRead)]
public sealed class DetailModel(JianguanDbContext db, AuditTrail audit, TimeProvider clock, IAuthorizationService authorization,
    Platform.Scopes.CurrentDataScope scope) : PageModel
{
    public AlertDetail Alert { get; private set; } = null!;

    public bool CanManage { get; private set; }

    /// <summary>Whether the clue number links to the clue (the reader may open clues).</summary>
    public bool CanReadClues { get; private set; }

    /// <summary>Whether parts outside the reader's data scope are masked (a section-less alert read by a member unit).</summary>
    public bool Masked { get; private set; }

    public string? Error { get; private set; }

    /// <summary>Who won when in the group of a rotation alert (null for other rules).</summary>
    public Shared.DotTimeline? Rotation { get; private set; }

    /// <summary>The sections of a cross-section alert around its firms (null for other rules).</summary>
    public Shared.RingChart? Ring { get; private set; }

    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostReviewAsync(long id, CancellationToken ct) => ActAsync(id, AlertAction.StartReview, null, ct);

    public Task<IActionResult> OnPostDismissAsync(long id, string? reason, CancellationToken ct) => ActAsync(id, AlertAction.Dismiss, reason, ct);

    public Task<IActionResult> OnPostConvertAsync(long id, string? reason, CancellationToken ct) => ActAsync(id, AlertAction.Convert, reason, ct);

    private async Task<IActionResult> ActAsync(long id, AlertAction action, string? reason, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.AlertsManage)).Succeeded)
        {
            return Forbid();
        }

        var dataScope = await scope.GetAsync(ct);
        if (await AlertQueries.GetAsync(db, dataScope, id, ct) is not { } visible)
        {
            return NotFound();
        }

        if (AlertQueries.ReadOnlyFor(dataScope, visible.Alert))
        {
            return Forbid();
        }

        try
        {
            if (await AlertWorkflow.ApplyAsync(db, id, action, reason, audit, AuditActor.From(HttpContext), clock, ct) is null)
            {
                return NotFound();
            }
        }
        catch (AlertRuleException e)
        {
            Error = e.Message;
            Reason = reason;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }

        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        if (await AlertQueries.GetAsync(db, await scope.GetAsync(ct), id, ct) is not { } alert)
        {
            return false;
        }

        Alert = alert;
        if (alert.Alert.RuleCode == Jianguan.Analytics.Rules.RuleCatalog.Rotation.Code && alert.GroupId is { } groupId)
        {
            Rotation = await Profiles.ProfileQueries.GroupAsync(db, await scope.GetAsync(ct), groupId, ct) is { } group ? AlertCharts.Rotation(group) : null;
        }

        Ring = alert.Alert.RuleCode == Jianguan.Analytics.Rules.RuleCatalog.CrossSectionLink.Code ? AlertCharts.CrossSectionRing(alert) : null;
        Masked = AlertQueries.ReadOnlyFor(await scope.GetAsync(ct), alert.Alert);
        CanManage = !Masked && (await authorization.AuthorizeAsync(User, Policies.AlertsManage)).Succeeded;
        CanReadClues = (await authorization.AuthorizeAsync(User, Clues.CluePolicies.Read)).Succeeded;
        return true;
    }
}
