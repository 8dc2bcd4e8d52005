using Jianguan.Platform.Calendar;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Clues;

/// <summary>
/// A clue: source, joint verification team, conclusion, referrals with due dates and receipts, history; the
/// actions the transition table allows the viewer. Views are audited (clue.view).
/// </summary>
[Authorize(Policy = CluePolicies.Read)]
public sealed class DetailModel(JianguanDbContext db, AuditTrail audit, TimeProvider time, CalendarService calendars, IAuthorizationService authorization)
    : PageModel
{
    public ClueDetail Clue { get; private set; } = null!;

    public bool CanManage { get; private set; }

    public string? Error { get; private set; }

    /// <summary>What the user typed, kept when an action is refused.</summary>
    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? MemberUserName { get; set; }

    [BindProperty]
    public TeamUnit MemberUnit { get; set; }

    [BindProperty]
    public ReferralKind Kind { get; set; } = ReferralKind.Penalty;

    [BindProperty]
    public int? DueDays { get; set; } = ClueService.DefaultDueDays;

    [BindProperty]
    public string? Note { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        await audit.RecordAsync(db, AuditActor.From(HttpContext), "clue.view", ClueService.Machine.Target(id), new { Clue.Number }, ct);
        return Page();
    }

    public Task<IActionResult> OnPostTransitionAsync(long id, ClueAction action, CancellationToken ct) =>
        ActAsync(id, () => ClueService.TransitionAsync(db, audit, AuditActor.From(HttpContext), id, action, Reason, time.GetUtcNow(), ct), ct);

    public Task<IActionResult> OnPostMemberAsync(long id, CancellationToken ct) =>
        ActAsync(id, () => ClueService.AddMemberAsync(db, audit, AuditActor.From(HttpContext), id, MemberUserName, MemberUnit, time.GetUtcNow(), ct), ct);

    public async Task<IActionResult> OnPostReferAsync(long id, CancellationToken ct)
    {
        var calendar = await calendars.GetAsync(ct);
        return await ActAsync(id, () => ClueService.ReferAsync(db, audit, AuditActor.From(HttpContext), id, Kind, DueDays, Note, calendar, time.GetUtcNow(), ct), ct);
    }

    private async Task<IActionResult> ActAsync<T>(long id, Func<Task<T>> act, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, CluePolicies.Manage)).Succeeded)
        {
            return Forbid();
        }

        var viewer = await ClueViewer.ForAsync(db, User, ct);
        if (!await ClueService.Visible(db, viewer).AnyAsync(c => c.Id == id, ct))
        {
            return NotFound();
        }

        try
        {
            await act();
            return Redirect("/Clues/" + id.ToString(CultureInfo.InvariantCulture));
        }
        catch (ClueException e)
        {
            db.ChangeTracker.Clear();
            Error = e.Message;
            await LoadAsync(id, ct);
            return Page();
        }
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var viewer = await ClueViewer.ForAsync(db, User, ct);
        var state = await ClueService.Machine.CurrentStateAsync(db, id, ct);
        var allowed = state is { } s ? await ClueService.Table.AllowedForAsync(s, authorization, User) : [];
        var clue = await ClueQueries.GetAsync(db, viewer, id, [.. allowed.Where(a => a != ClueAction.Route)], await calendars.GetAsync(ct), ChinaTime.Today(time), ct);
        if (clue is null)
        {
            return false;
        }

        Clue = clue;
        CanManage = (await authorization.AuthorizeAsync(User, CluePolicies.Manage)).Succeeded;
        return true;
    }
}
