using Jianguan.Features.Governance.Liaison;
using Jianguan.Features.Governance.Meetings;
using Jianguan.Features.Governance.PowerList;
using Jianguan.Features.Trading;
using Jianguan.Platform.Time;
using Jianguan.Platform.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jianguan.Features.Governance;

public sealed record MeetingSummary(long Id, string Number, string Kind, string? Reason, string State, string Title, string? RequestedBy,
    DateOnly? ScheduledOn, DateOnly? HeldOn, string Link);

public sealed record MeetingTaskSummary(long Id, string Decision, string Title, int OwnerUnitId, string OwnerUnit, DateOnly DueOn, string State,
    bool Overdue, DateOnly? DoneOn, string Link);

public sealed record MeetingRequestBody(string? Reason, string? Title, string? Background);

public sealed record TaskCompleteBody(string? Note);

/// <summary>A held meeting as the API gives it: attendance, minutes, decisions with their tasks.</summary>
public sealed record MeetingDetail(MeetingSummary Meeting, string? Background, string? Location, string? Agenda, string? Minutes, string? DeclineReason,
    IReadOnlyList<MeetingAttendanceRow> Attendance, IReadOnlyList<MeetingDecisionRow> Decisions);

public sealed record MeetingAttendanceRow(int UnitId, string Unit, bool Present, string? Attendee);

public sealed record MeetingDecisionRow(string Number, string Text, string Approves, int? PlanYear, IReadOnlyList<MeetingTaskSummary> Tasks);

/// <summary>One version of a power-list item (the public API gives the versions in effect today).</summary>
public sealed record PowerItemRow(string ItemKey, int Version, string Department, string Kind, string Name, string LegalBasis, string ResponsibleUnit,
    string Responsibilities, string Accountability, DateOnly EffectiveFrom, DateOnly? EffectiveUntil, string? ChangeNote);

/// <summary>A contact of the internal directory (staff only: mobile and e-mail are personal data).</summary>
public sealed record DirectoryContact(string Role, string Name, string? Title, string? OfficePhone, string? Mobile, string? Email, DateOnly EffectiveOn,
    DateOnly? EnteredOn, bool Late);

public sealed record DirectoryEntry(int UnitId, string Unit, DirectoryContact? Leader, DirectoryContact? Liaison);

/// <summary>
/// The governance JSON API (ADR-018): meetings with their decisions and tasks (task completion by the owner unit or
/// the office), a member unit's meeting request, the power list (public: in effect today; staff: any day, with the
/// history of an item) and the internal liaison directory. Non-public reads are audited with their filters.
/// </summary>
public static class GovernanceEndpoints
{
    private const string MeetingsTag = "联席会议 / joint meetings";
    private const string PowerListTag = "权责清单 / power list";
    private const string DirectoryTag = "联络通讯录 / liaison directory";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/meetings", List).WithTags(MeetingsTag).RequireAuthorization(GovernancePolicies.Member).WithName("ListMeetings")
            .WithSummary("联席会议列表（state: Proposed|Scheduled|Held|Declined；page 分页，每页 50 条） / joint meetings, newest first");
        endpoints.MapGet("/api/meetings/{id:long}", Get).WithTags(MeetingsTag).RequireAuthorization(GovernancePolicies.Member).WithName("GetMeeting")
            .WithSummary("联席会议详情：出席、纪要、决定事项及交办任务 / a meeting with its decisions and tasks");
        endpoints.MapGet("/api/meetings/tasks", Tasks).WithTags(MeetingsTag).RequireAuthorization(GovernancePolicies.Member).WithName("ListMeetingTasks")
            .WithSummary("联席会议交办任务（unit: 责任单位；open=true 只列办理中；overdue=true 只列逾期；page 分页） / tasks decided by meetings");
        endpoints.MapPost("/api/meetings/tasks/{id:long}/complete", CompleteTask).WithTags(MeetingsTag).RequireAuthorization(GovernancePolicies.Member)
            .WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute()).WithName("CompleteMeetingTask")
            .WithSummary("报告交办任务完成（责任单位或公管办；note 完成情况必填） / report a task done");
        endpoints.MapPost("/api/meetings", Request).WithTags(MeetingsTag).RequireAuthorization(GovernancePolicies.Member).WithName("RequestMeeting")
            .WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute())
            .WithSummary("成员单位提请召开临时会议（MajorRisk|ProminentProblem|UnclearDuty） / a member unit requests an extra meeting");
        endpoints.MapGet("/api/public/powerlist", PublicPowerList).WithTags(PowerListTag).RequireAuthorization(Policies.Public).WithName("PublicPowerList")
            .WithSummary("公开的权责清单（今日有效的事项；department、kind、q 检索；page 分页） / the power list in effect today");
        endpoints.MapGet("/api/powerlist", ListPowerItems).WithTags(PowerListTag).RequireAuthorization(GovernancePolicies.Member).WithName("ListPowerItems")
            .WithSummary("权责清单（on: 某日有效的版本，默认今日；department、kind、q；page 分页） / the power list on a day");
        endpoints.MapGet("/api/powerlist/{itemKey}/history", PowerItemHistory).WithTags(PowerListTag).RequireAuthorization(GovernancePolicies.Member)
            .WithName("PowerItemHistory").WithSummary("权责事项的全部版本（变更历史） / every version of an item");
        endpoints.MapGet("/api/directory", DirectoryList).WithTags(DirectoryTag).RequireAuthorization(GovernancePolicies.Member).WithName("ListDirectory")
            .WithSummary("联络通讯录（内部，含手机和电子邮箱；q 检索；page 分页） / the internal liaison directory");
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static int PageOf(int page, int total) => Math.Clamp(page, 1, Shared.PagerModel.PageCount(total));

    private static MeetingSummary Summary(Meeting m) => new(m.Id, m.Number, GovernanceLabels.KindName(m.Kind),
        m.Reason is null ? null : GovernanceLabels.ReasonName(m.Reason), GovernanceLabels.StateName(m.State), m.Title, m.RequestedByUnit?.Name,
        m.ScheduledOn, m.HeldOn, MeetingService.Link(m.Id));

    private static MeetingTaskSummary TaskSummary(MeetingTask t, long meetingId, string decision, DateOnly today) => new(t.Id, decision, t.Title,
        t.OwnerUnitId, t.OwnerUnit!.Name, t.DueOn, GovernanceLabels.TaskStateName(t.State), t.State == MeetingTaskState.Open && t.DueOn < today, t.DoneOn,
        MeetingService.Link(meetingId));

    /// <summary>Meetings, newest first, a page at a time; the read is audited (<c>meeting.search</c>).</summary>
    public static async Task<Results<Ok<PagedResult<MeetingSummary>>, ValidationProblem>> List(JianguanDbContext db, AuditTrail audit, HttpContext http,
        CancellationToken ct, string? state = null, int page = 1)
    {
        var query = db.Set<Meeting>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (!GovernanceLabels.TryParse<MeetingState>(state, out var s))
            {
                return Invalid("state", "未知的会议状态 / unknown state; 可选 / one of: " + string.Join(", ", Enum.GetNames<MeetingState>()));
            }

            query = query.Where(m => m.State == s);
        }

        var total = await query.CountAsync(ct);
        page = PageOf(page, total);
        var rows = await query.Include(m => m.RequestedByUnit).OrderByDescending(m => m.RequestedAt).ThenByDescending(m => m.Id)
            .PageAt(page).ToListAsync(ct);
        await audit.RecordAsync(db, AuditActor.From(http), "meeting.search", "meetings", new { state, page, total, api = true }, ct);
        return TypedResults.Ok(new PagedResult<MeetingSummary>(total, page, Shared.PagerModel.PageSize, [.. rows.Select(Summary)]));
    }

    public static async Task<Results<Ok<MeetingDetail>, NotFound>> Get(long id, JianguanDbContext db, AuditTrail audit, TimeProvider time, HttpContext http,
        CancellationToken ct)
    {
        var m = await db.Set<Meeting>().AsNoTracking().AsSplitQuery().Include(x => x.RequestedByUnit).Include(x => x.Attendance).ThenInclude(a => a.Organisation)
            .Include(x => x.Decisions).ThenInclude(d => d.Tasks).ThenInclude(t => t.OwnerUnit).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (m is null)
        {
            return TypedResults.NotFound();
        }

        var today = ChinaTime.Today(time);
        await audit.RecordAsync(db, AuditActor.From(http), "meeting.view", MeetingService.Machine.Target(id), new { m.Number, api = true }, ct);
        return TypedResults.Ok(new MeetingDetail(Summary(m), m.Background, m.Location, m.Agenda, m.Minutes, m.DeclineReason,
            [.. m.Attendance.OrderBy(a => a.OrganisationId).Select(a => new MeetingAttendanceRow(a.OrganisationId, a.Organisation!.Name, a.Present, a.Attendee))],
            [.. m.Decisions.OrderBy(d => d.Id).Select(d => new MeetingDecisionRow(d.Number, d.Text, GovernanceLabels.PlanName(d.Approves), d.PlanYear,
                [.. d.Tasks.OrderBy(t => t.Id).Select(t => TaskSummary(t, m.Id, d.Number, today))]))]));
    }

    /// <summary>Tasks decided by meetings, by due day; the read is audited (<c>meeting.task.search</c>).</summary>
    public static async Task<Ok<PagedResult<MeetingTaskSummary>>> Tasks(JianguanDbContext db, AuditTrail audit, TimeProvider time, HttpContext http,
        CancellationToken ct, int? unit = null, bool open = false, bool overdue = false, int page = 1)
    {
        var today = ChinaTime.Today(time);
        var query = db.Set<MeetingTask>().AsNoTracking();
        if (unit is { } u)
        {
            query = query.Where(t => t.OwnerUnitId == u);
        }

        if (open || overdue)
        {
            query = query.Where(t => t.State == MeetingTaskState.Open);
        }

        if (overdue)
        {
            query = query.Where(t => t.DueOn < today);
        }

        var total = await query.CountAsync(ct);
        page = PageOf(page, total);
        var rows = await query.Include(t => t.OwnerUnit).Include(t => t.Decision).OrderBy(t => t.DueOn).ThenBy(t => t.Id)
            .PageAt(page).ToListAsync(ct);
        await audit.RecordAsync(db, AuditActor.From(http), "meeting.task.search", "meeting-tasks", new { unit, open, overdue, page, total, api = true }, ct);
        return TypedResults.Ok(new PagedResult<MeetingTaskSummary>(total, page, Shared.PagerModel.PageSize,
            [.. rows.Select(t => TaskSummary(t, t.Decision!.MeetingId, t.Decision.Number, today))]));
    }

    /// <summary>The owner unit (or the office) reports a task done; the clock stops and the step is audited (<c>meeting.task.complete</c>).</summary>
    public static async Task<IResult> CompleteTask(long id, TaskCompleteBody? body, JianguanDbContext db, AuditTrail audit, TimeProvider time,
        HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (JsonAntiforgery.Refused(http))
        {
            return JsonAntiforgery.Problem();
        }

        var task = await db.Set<MeetingTask>().AsNoTracking().Include(t => t.OwnerUnit).Include(t => t.Decision).FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null)
        {
            return TypedResults.NotFound();
        }

        if (task.State == MeetingTaskState.Done)
        {
            return TypedResults.Problem("该任务已完成。", statusCode: StatusCodes.Status409Conflict);
        }

        var unit = await MeetingService.UnitOfAsync(db, http.User, ct);
        var office = http.User.IsInRole(Roles.OfficeAdmin);
        if (!office && task.OwnerUnitId != unit)
        {
            return TypedResults.Problem("只有责任单位或公管办可以报告任务完成。", statusCode: StatusCodes.Status403Forbidden);
        }

        try
        {
            await MeetingService.CompleteTaskAsync(db, audit, AuditActor.From(http), id, unit, office, body?.Note, time.GetUtcNow(), ct);
        }
        catch (GovernanceException e) when (e.Field is not null)
        {
            return Invalid(char.ToLowerInvariant(e.Field[0]) + e.Field[1..], e.Message);
        }
        catch (GovernanceException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict);
        }

        var done = await db.Set<MeetingTask>().AsNoTracking().Include(t => t.OwnerUnit).FirstAsync(t => t.Id == id, ct);
        return TypedResults.Ok(TaskSummary(done, task.Decision!.MeetingId, task.Decision.Number, ChinaTime.Today(time)));
    }

    private static async Task<Results<Ok<PagedResult<PowerItemRow>>, ValidationProblem>> PowerRowsAsync(JianguanDbContext db, DateOnly day, int? department,
        string? kind, string? q, int page, CancellationToken ct)
    {
        PowerKind? k = null;
        if (!string.IsNullOrWhiteSpace(kind))
        {
            if (!GovernanceLabels.TryParse<PowerKind>(kind, out var parsed))
            {
                return Invalid("kind", "未知的事项类型 / unknown kind; 可选 / one of: " + string.Join(", ", Enum.GetNames<PowerKind>()));
            }

            k = parsed;
        }

        var result = await PowerListService.ListAsync(db, day, new PowerListFilter(department, k, q, page), ct: ct);
        return TypedResults.Ok(new PagedResult<PowerItemRow>(result.Total, result.Page, Shared.PagerModel.PageSize, [.. result.Items.Select(Row)]));
    }

    private static PowerItemRow Row(PowerItem p) => new(p.ItemKey, p.Version, p.Department?.Name ?? "", GovernanceLabels.PowerKindName(p.Kind), p.Name,
        p.LegalBasis, p.ResponsibleUnit, p.Responsibilities, p.Accountability, p.EffectiveFrom, p.EffectiveUntil, p.ChangeNote);

    /// <summary>The items in effect today, as on /Public/PowerList (no login).</summary>
    public static Task<Results<Ok<PagedResult<PowerItemRow>>, ValidationProblem>> PublicPowerList(JianguanDbContext db, TimeProvider time, CancellationToken ct,
        int? department = null, string? kind = null, string? q = null, int page = 1) =>
        PowerRowsAsync(db, ChinaTime.Today(time), department, kind, q, page, ct);

    /// <summary>The items in effect on a day (default today) for staff; the read is audited (<c>powerlist.search</c>).</summary>
    public static async Task<Results<Ok<PagedResult<PowerItemRow>>, ValidationProblem>> ListPowerItems(JianguanDbContext db, AuditTrail audit, TimeProvider time,
        HttpContext http, CancellationToken ct, DateOnly? on = null, int? department = null, string? kind = null, string? q = null, int page = 1)
    {
        var result = await PowerRowsAsync(db, on ?? ChinaTime.Today(time), department, kind, q, page, ct);
        if (result.Result is Ok<PagedResult<PowerItemRow>> ok)
        {
            await audit.RecordAsync(db, AuditActor.From(http), "powerlist.search", "powerlist",
                new { on, department, kind, q, page = ok.Value!.Page, total = ok.Value.Total, api = true }, ct);
        }

        return result;
    }

    public static async Task<Results<Ok<List<PowerItemRow>>, NotFound>> PowerItemHistory(string itemKey, JianguanDbContext db, AuditTrail audit,
        HttpContext http, CancellationToken ct)
    {
        var key = itemKey.Trim().ToUpperInvariant();
        var versions = await db.Set<PowerItem>().AsNoTracking().Include(p => p.Department).Where(p => p.ItemKey == key).OrderBy(p => p.Version).ToListAsync(ct);
        if (versions.Count == 0)
        {
            return TypedResults.NotFound();
        }

        await audit.RecordAsync(db, AuditActor.From(http), "powerlist.history", "powerlist:" + key, new { versions = versions.Count, api = true }, ct);
        return TypedResults.Ok(versions.Select(Row).ToList());
    }

    private static DirectoryContact? Contact(ContactView? c) => c is null ? null
        : new(GovernanceLabels.RoleName(c.Role), c.Name, c.Title, c.OfficePhone, c.Mobile, c.Email, c.EffectiveOn, c.EnteredOn, c.Late);

    /// <summary>
    /// The internal directory with mobile and e-mail (governance members only; there is no public directory). The read
    /// is audited with the search term and the count, never the contacts (<c>liaison.search</c>).
    /// </summary>
    public static async Task<Ok<PagedResult<DirectoryEntry>>> DirectoryList(JianguanDbContext db, AuditTrail audit, TimeProvider time, HttpContext http,
        CancellationToken ct, string? q = null, int page = 1)
    {
        var rows = await LiaisonService.DirectoryAsync(db, ChinaTime.Today(time), q, ct);
        page = PageOf(page, rows.Count);
        var items = rows.PageAt(page)
            .Select(r => new DirectoryEntry(r.UnitId, r.Unit, Contact(r.Leader), Contact(r.Liaison))).ToList();
        await audit.RecordAsync(db, AuditActor.From(http), "liaison.search", "directory", new { q, page, total = rows.Count, api = true }, ct);
        return TypedResults.Ok(new PagedResult<DirectoryEntry>(rows.Count, page, Shared.PagerModel.PageSize, items));
    }

    public static async Task<Results<Created<MeetingSummary>, ValidationProblem, ProblemHttpResult>> Request(MeetingRequestBody body, JianguanDbContext db,
        AuditTrail audit, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(http);
        if (JsonAntiforgery.Refused(http))
        {
            return JsonAntiforgery.Problem();
        }

        var unit = await MeetingService.UnitOfAsync(db, http.User, ct);
        try
        {
            var m = await MeetingService.RequestAsync(db, audit, AuditActor.From(http), unit,
                GovernanceLabels.TryParse<MeetingReason>(body.Reason, out var r) ? r : null, body.Title, body.Background, time.GetUtcNow(), ct: ct);
            var loaded = await db.Set<Meeting>().AsNoTracking().Include(x => x.RequestedByUnit).FirstAsync(x => x.Id == m.Id, ct);
            return TypedResults.Created(MeetingService.Link(m.Id), Summary(loaded));
        }
        catch (GovernanceException e) when (e.Field is not null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [char.ToLowerInvariant(e.Field[0]) + e.Field[1..]] = [e.Message] });
        }
        catch (GovernanceException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status403Forbidden);
        }
    }
}
