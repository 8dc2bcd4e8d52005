using Jianguan.Features.Clues;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Referrals;

/// <summary>协助请求 (clause 五(十)): requests between departments with a due date, a receipt and a written reply; both sides see them.</summary>
[Authorize(Policy = CluePolicies.Assistance)]
public sealed class AssistanceModel(JianguanDbContext db, AuditTrail audit, TimeProvider time, CalendarService calendars) : Shared.PagedPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Box { get; set; }

    public bool Sent => string.Equals(Box, "sent", StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<AssistanceRow> Rows { get; private set; } = [];

    public int Total { get; private set; }

    public int TotalPages => Shared.PagerModel.PageCount(Total);

    public int ReceivedCount { get; private set; }

    public int SentCount { get; private set; }

    public IReadOnlyList<Organisation> Units { get; private set; } = [];

    public string? Error { get; private set; }

    public long? FailedId { get; private set; }

    [BindProperty]
    public int? ToOrganisationId { get; set; }

    [BindProperty]
    public string? Subject { get; set; }

    [BindProperty]
    public string? Body { get; set; }

    [BindProperty]
    public int? DueDays { get; set; } = ClueService.DefaultDueDays;

    [BindProperty]
    public string? Reply { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "assistance.list", "assistance",
            new { box = Sent ? "发出" : "收到", page = PageNumber, total = Total }, ct);
    }

    public async Task<IActionResult> OnPostRequestAsync(CancellationToken ct)
    {
        try
        {
            await ClueService.RequestAssistanceAsync(db, audit, AuditActor.From(HttpContext), ToOrganisationId, Subject, Body, DueDays, null,
                await calendars.GetAsync(ct), time.GetUtcNow(), ct);
        }
        catch (ClueException e)
        {
            db.ChangeTracker.Clear();
            Error = e.Message;
            await LoadAsync(ct);
            return Page();
        }

        return Redirect("/Referrals/Assistance?box=sent");
    }

    public Task<IActionResult> OnPostReceiveAsync(long id, CancellationToken ct) => AnswerAsync(id, reply: false, ct);

    public Task<IActionResult> OnPostReplyAsync(long id, CancellationToken ct) => AnswerAsync(id, reply: true, ct);

    private async Task<IActionResult> AnswerAsync(long id, bool reply, CancellationToken ct)
    {
        var viewer = await ClueViewer.ForAsync(db, User, ct);
        if (!await ClueService.VisibleAssistance(db, viewer).AnyAsync(r => r.Id == id, ct))
        {
            return NotFound();
        }

        try
        {
            await ClueService.AnswerAssistanceAsync(db, audit, AuditActor.From(HttpContext), viewer, id, reply, Reply, time.GetUtcNow(), ct);
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

        return Redirect("/Referrals/Assistance");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var viewer = await ClueViewer.ForAsync(db, User, ct);
        var org = viewer.OrganisationId ?? -1;
        var visible = ClueService.VisibleAssistance(db, viewer);
        ReceivedCount = await visible.CountAsync(r => r.ToOrganisationId == org, ct);
        SentCount = await visible.CountAsync(r => r.ToOrganisationId != org, ct);
        var query = Sent ? visible.Where(r => r.ToOrganisationId != org) : visible.Where(r => r.ToOrganisationId == org);
        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, TotalPages);
        var ids = await query.OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id)
            .Skip((PageNumber - 1) * Shared.PagerModel.PageSize).Take(Shared.PagerModel.PageSize).Select(r => r.Id).ToListAsync(ct);
        Rows = await ClueQueries.AssistanceAsync(db, visible.Where(r => ids.Contains(r.Id)), viewer, await calendars.GetAsync(ct), ChinaTime.Today(time), ct);
        Units = [.. (await ClueQueries.UnitsAsync(db, ct)).Where(u => u.Id != org)];
    }
}
