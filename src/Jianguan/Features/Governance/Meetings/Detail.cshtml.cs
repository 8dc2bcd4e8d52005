using Jianguan.Features.Governance.Liaison;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Governance.Meetings;

/// <summary>
/// A joint meeting: its facts and history; for the office the schedule, hold and decline forms and the decision form
/// (tasks with owner unit and due day, an approved annual plan); each task with its state and, for the owner unit
/// or the office, the form to report it done.
/// </summary>
[Authorize(Policy = GovernancePolicies.Member)]
public sealed class DetailModel(JianguanDbContext db, AuditTrail audit, CalendarService calendars, TimeProvider time,
    IAuthorizationService authorization) : PageModel
{
    /// <summary>Task rows offered on the decision form.</summary>
    public const int TaskRows = 3;

    public Meeting? Meeting { get; private set; }

    public List<MeetingTransition> History { get; private set; } = [];

    public List<Organisation> Units { get; private set; } = [];

    public List<Sampling.SamplingPlan> Plans { get; private set; } = [];

    public PowerItem? PowerItem { get; private set; }

    public IReadOnlyList<MeetingAction> Actions { get; private set; } = [];

    public bool IsOffice { get; private set; }

    public int? MyUnit { get; private set; }

    public DateOnly Today { get; private set; }

    public string? Error { get; private set; }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        Today = ChinaTime.Today(time);
        Meeting = await db.Set<Meeting>().AsNoTracking().Include(m => m.RequestedByUnit)
            .Include(m => m.Attendance).ThenInclude(a => a.Organisation)
            .Include(m => m.Decisions).ThenInclude(d => d.Tasks).ThenInclude(t => t.OwnerUnit)
            .AsSplitQuery().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (Meeting is null)
        {
            return false;
        }

        History = await db.Set<MeetingTransition>().AsNoTracking().Where(t => t.MeetingId == id).OrderBy(t => t.At).ThenBy(t => t.Id).ToListAsync(ct);
        Units = await LiaisonService.Units(db).ToListAsync(ct);
        Plans = await db.SamplingPlans.AsNoTracking().OrderByDescending(p => p.Year).ThenBy(p => p.Id).Take(50).ToListAsync(ct);
        PowerItem = Meeting.PowerItemId is { } pid ? await db.Set<PowerItem>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid, ct) : null;
        IsOffice = (await authorization.AuthorizeAsync(User, GovernancePolicies.Office)).Succeeded;
        Actions = await MeetingService.Table.AllowedForAsync(Meeting.State, authorization, User);
        MyUnit = await MeetingService.UnitOfAsync(db, User, ct);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    private async Task<IActionResult> RunAsync(long id, bool officeOnly, Func<Task> action, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (officeOnly && !IsOffice)
        {
            return Forbid();
        }

        try
        {
            await action();
        }
        catch (GovernanceException e)
        {
            Error = e.Message;
            await LoadAsync(id, ct);
            return Page();
        }

        return Redirect(MeetingService.Link(id));
    }

    public Task<IActionResult> OnPostScheduleAsync(long id, DateOnly? on, string? location, string? agenda, CancellationToken ct) =>
        RunAsync(id, true, () => MeetingService.ScheduleAsync(db, audit, AuditActor.From(HttpContext), id, on, location, agenda, time.GetUtcNow(), ct), ct);

    public Task<IActionResult> OnPostDeclineAsync(long id, string? reason, CancellationToken ct) =>
        RunAsync(id, true, () => MeetingService.DeclineAsync(db, audit, AuditActor.From(HttpContext), id, reason, time.GetUtcNow(), ct), ct);

    public Task<IActionResult> OnPostHoldAsync(long id, DateOnly? heldOn, string? minutes, int[]? present, CancellationToken ct) =>
        RunAsync(id, true, async () =>
        {
            var here = (present ?? []).ToHashSet();
            var attendance = Units.Select(u => new AttendanceInput(u.Id, here.Contains(u.Id), Request.Form["attendee-" + u.Id.ToString(CultureInfo.InvariantCulture)]))
                .ToList();
            await MeetingService.HoldAsync(db, audit, AuditActor.From(HttpContext), id, heldOn, minutes, attendance, time.GetUtcNow(), ct);
        }, ct);

    public Task<IActionResult> OnPostDecideAsync(long id, string? text, string? approves, long? samplingPlanId, int? planYear, CancellationToken ct) =>
        RunAsync(id, true, async () =>
        {
            var tasks = new List<TaskInput>();
            for (var i = 0; i < TaskRows; i++)
            {
                var n = i.ToString(CultureInfo.InvariantCulture);
                var unit = int.TryParse(Request.Form["task-unit-" + n], NumberStyles.None, CultureInfo.InvariantCulture, out var u) ? u : (int?)null;
                var due = DateOnly.TryParseExact(Request.Form["task-due-" + n], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? d : (DateOnly?)null;
                tasks.Add(new TaskInput(Request.Form["task-title-" + n], unit, due));
            }

            var plan = GovernanceLabels.TryParse<ApprovedPlan>(approves, out var p) ? p : ApprovedPlan.None;
            await MeetingService.DecideAsync(db, audit, AuditActor.From(HttpContext), await calendars.GetAsync(ct), id, text, plan, samplingPlanId, planYear,
                tasks, time.GetUtcNow(), ct);
        }, ct);

    public Task<IActionResult> OnPostCompleteAsync(long id, long taskId, string? note, CancellationToken ct) =>
        RunAsync(id, false, async () =>
        {
            if (!Meeting!.Decisions.SelectMany(d => d.Tasks).Any(t => t.Id == taskId))
            {
                throw new GovernanceException("没有该任务。");
            }

            await MeetingService.CompleteTaskAsync(db, audit, AuditActor.From(HttpContext), taskId, MyUnit, IsOffice, note, time.GetUtcNow(), ct);
        }, ct);
}
