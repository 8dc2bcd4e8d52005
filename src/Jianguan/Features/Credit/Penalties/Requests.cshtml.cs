using Jianguan.Platform.Workflow;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Credit.Penalties;

/// <summary>
/// Requests for non-public information between member units: those the user's unit sent and received, a form to
/// ask, and approve/refuse for the owning unit. Opening the list is audited (it shows approved answers).
/// </summary>
[Authorize(Policy = CreditPolicies.Share)]
public sealed class RequestsModel(JianguanDbContext db, AuditTrail audit, TimeProvider time) : Shared.PagedPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    public List<InfoRequest> Rows { get; private set; } = [];

    public int Total { get; private set; }

    public int? Unit { get; private set; }

    public List<Organisation> Units { get; private set; } = [];

    public string? Error { get; private set; }

    public int TotalPages => Shared.PagerModel.PageCount(Total);

    private string? UserId => User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "info-request.list", "info-requests", new { rows = Rows.Count, page = PageNumber, q = Q, state = Enum.TryParse<InfoRequestState>(State, out var s) ? CreditLabels.RequestStateName(s) : null }, ct);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Unit = await InfoRequestService.UnitOfAsync(db, UserId, ct);
        var unit = Unit ?? -1;
        var query = db.Set<InfoRequest>().AsNoTracking().Where(r => r.FromOrganisationId == unit || r.ToOrganisationId == unit);
        if (Enum.TryParse<InfoRequestState>(State, out var state) && Enum.IsDefined(state))
        {
            query = query.Where(r => r.State == state);
        }
        else
        {
            State = null;
        }

        if (!string.IsNullOrWhiteSpace(Q))
        {
            var text = Q.Trim();
            query = query.Where(r => r.Number.Contains(text) || r.Subject.Contains(text) || r.Purpose.Contains(text));
        }

        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, Shared.PagerModel.PageCount(Total));
        Rows = await query.Include(r => r.FromOrganisation).Include(r => r.ToOrganisation).OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id)
            .Skip((PageNumber - 1) * Shared.PagerModel.PageSize).Take(Shared.PagerModel.PageSize).ToListAsync(ct);
        Units = await PenaltyService.MemberUnits(db).AsNoTracking().Where(o => o.Id != unit).OrderBy(o => o.Id).ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostCreateAsync(int? to, string? subject, string? purpose, Confidentiality confidentiality, long? penaltyId, CancellationToken ct)
    {
        try
        {
            await InfoRequestService.CreateAsync(db, audit, AuditActor.From(HttpContext), to, subject, purpose, confidentiality, penaltyId, time.GetUtcNow(), ct);
            return Redirect(InfoRequestService.Link);
        }
        catch (CreditException e)
        {
            Error = e.Message;
            await LoadAsync(ct);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostDecideAsync(long id, InfoRequestAction action, string? answer, CancellationToken ct)
    {
        try
        {
            await InfoRequestService.DecideAsync(db, audit, AuditActor.From(HttpContext), id, action, answer, time.GetUtcNow(), ct);
            return Redirect(InfoRequestService.Link);
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }
        catch (Exception e) when (e is CreditException or WorkflowRefusedException)
        {
            db.ChangeTracker.Clear();
            Error = e.Message;
            await LoadAsync(ct);
            return Page();
        }
    }
}
