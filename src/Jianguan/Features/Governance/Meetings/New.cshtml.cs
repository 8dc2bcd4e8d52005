using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Governance.Meetings;

/// <summary>A member unit asks for an extra meeting: kind (重大风险、突出问题、职责不清), topic and reason.</summary>
[Authorize(Policy = GovernancePolicies.Member)]
public sealed class NewModel(JianguanDbContext db, AuditTrail audit, TimeProvider time) : PageModel
{
    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Background { get; set; }

    public string? Error { get; private set; }

    public string? UnitName { get; private set; }

    private async Task<int?> LoadAsync(CancellationToken ct)
    {
        var unit = await MeetingService.UnitOfAsync(db, User, ct);
        UnitName = unit is null ? null : await db.Organisations.Where(o => o.Id == unit).Select(o => o.Name).FirstOrDefaultAsync(ct);
        return unit;
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var unit = await LoadAsync(ct);
        try
        {
            var m = await MeetingService.RequestAsync(db, audit, AuditActor.From(HttpContext), unit,
                GovernanceLabels.TryParse<MeetingReason>(Reason, out var r) ? r : null, Title, Background, time.GetUtcNow(), ct: ct);
            return Redirect(MeetingService.Link(m.Id));
        }
        catch (GovernanceException e)
        {
            Error = e.Message;
            return Page();
        }
    }
}
