using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Credit.Penalties;

/// <summary>Registers a penalty decision of the user's unit (the office may register for any unit).</summary>
[Authorize(Policy = CreditPolicies.Manage)]
public sealed class NewModel(JianguanDbContext db, AuditTrail audit, TimeProvider time) : PageModel
{
    [BindProperty]
    public string? DocumentNumber { get; set; }

    [BindProperty]
    public string? EntityName { get; set; }

    [BindProperty]
    public string? CreditCode { get; set; }

    [BindProperty]
    public string? Facts { get; set; }

    [BindProperty]
    public string? LegalBasis { get; set; }

    [BindProperty]
    public string? Result { get; set; }

    [BindProperty]
    public DateOnly? DecidedOn { get; set; }

    [BindProperty]
    public int? OrganisationId { get; set; }

    public List<Organisation> Units { get; private set; } = [];

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        DecidedOn = ChinaTime.Today(time);
        OrganisationId = await InfoRequestService.UnitOfAsync(db, User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value, ct);
        await LoadAsync(ct);
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Units = await PenaltyService.MemberUnits(db).AsNoTracking().OrderBy(o => o.Id).ToListAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!User.IsInRole(Roles.OfficeAdmin))
        {
            // A member unit registers its own decisions; the office may register for any unit.
            OrganisationId = await InfoRequestService.UnitOfAsync(db, User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value, ct);
        }

        try
        {
            var decision = await PenaltyService.RegisterAsync(db, audit, AuditActor.From(HttpContext),
                new PenaltyInput(DocumentNumber, EntityName, CreditCode, Facts, LegalBasis, Result, DecidedOn, OrganisationId), time.GetUtcNow(), ct);
            return Redirect(PenaltyService.Link(decision.Id));
        }
        catch (CreditException e)
        {
            Error = e.Message;
            await LoadAsync(ct);
            return Page();
        }
    }
}
