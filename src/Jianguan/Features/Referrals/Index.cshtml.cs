using Jianguan.Features.Clues;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Referrals;

/// <summary>
/// 移送办理: referrals received by the viewer's unit (sign the receipt, handle, complete with the reply, return) and
/// those it sent (state, due date, days left, receipt). Views are audited (referral.list).
/// </summary>
[Authorize(Policy = CluePolicies.Read)]
public sealed class IndexModel(JianguanDbContext db, AuditTrail audit, TimeProvider time, CalendarService calendars, IAuthorizationService authorization)
    : Shared.PagedPageModel
{
    /// <summary><c>received</c> or <c>sent</c>.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Box { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    public bool Sent => string.Equals(Box, "sent", StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<ReferralRow> Rows { get; private set; } = [];

    public int Total { get; private set; }

    public int TotalPages => Shared.PagerModel.PageCount(Total);

    public int ReceivedCount { get; private set; }

    public int SentCount { get; private set; }

    public bool CanReceive { get; private set; }

    public string? Error { get; private set; }

    [BindProperty]
    public string? Text { get; set; }

    public long? FailedId { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "referral.list", "referrals",
            new { box = Sent ? "发出" : "收到", state = ClueLabels.TryParse<ReferralState>(State, out var st) ? ClueLabels.ReferralStateName(st) : null, page = PageNumber, total = Total }, ct);
    }

    public async Task<IActionResult> OnPostAsync(long id, ReferralAction action, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, CluePolicies.Receive)).Succeeded)
        {
            return Forbid();
        }

        var viewer = await ClueViewer.ForAsync(db, User, ct);
        if (!await ClueService.VisibleReferrals(db, viewer).AnyAsync(r => r.Id == id, ct))
        {
            return NotFound();
        }

        try
        {
            await ClueService.ActAsync(db, audit, AuditActor.From(HttpContext), viewer, id, action, Text, time.GetUtcNow(), ct);
        }
        catch (UnauthorizedAccessException)
        {
            return Forbid();
        }
        catch (ClueException e)
        {
            db.ChangeTracker.Clear();
            Error = e.Message;
            FailedId = id;
            await LoadAsync(ct);
            return Page();
        }

        return Redirect("/Referrals");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var viewer = await ClueViewer.ForAsync(db, User, ct);
        var org = viewer.OrganisationId ?? -1;
        var visible = ClueService.VisibleReferrals(db, viewer);
        ReceivedCount = await visible.CountAsync(r => r.ToOrganisationId == org, ct);
        SentCount = await visible.CountAsync(r => r.ToOrganisationId != org, ct);
        var query = Sent ? visible.Where(r => r.ToOrganisationId != org) : visible.Where(r => r.ToOrganisationId == org);
        if (ClueLabels.TryParse<ReferralState>(State, out var state))
        {
            query = query.Where(r => r.State == state);
        }

        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, TotalPages);
        var ids = await query.OrderByDescending(r => r.SentAt).ThenByDescending(r => r.Id)
            .Skip((PageNumber - 1) * Shared.PagerModel.PageSize).Take(Shared.PagerModel.PageSize).Select(r => r.Id).ToListAsync(ct);
        Rows = await ClueQueries.ReferralsAsync(db, visible.Where(r => ids.Contains(r.Id)), viewer, await calendars.GetAsync(ct), ChinaTime.Today(time), ct);
        CanReceive = (await authorization.AuthorizeAsync(User, CluePolicies.Receive)).Succeeded;
    }
}
