using System.Security.Claims;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Inbox;
using Jianguan.Platform.Numbering;
using Jianguan.Platform.Time;
using Jianguan.Platform.Workflow;

namespace Jianguan.Features.Governance.Meetings;

/// <summary>A governance operation refused for a reason the user can fix; the message is Chinese.</summary>
public sealed class GovernanceException(string message, string? field = null) : Exception(message)
{
    public string? Field { get; } = field;
}

/// <summary>A task as a decision gives it: what, which unit, by when.</summary>
public sealed record TaskInput(string? Title, int? OwnerUnitId, DateOnly? DueOn);

/// <summary>A unit's attendance as recorded when the meeting is held.</summary>
public sealed record AttendanceInput(int OrganisationId, bool Present, string? Attendee);

/// <summary>
/// Joint meetings (ADR-018): numbered by the platform counter (LX-yyyy-NNNNNN), their states on a
/// <see cref="TransitionTable{TState,TAction}"/>, decisions with tasks timed on statutory clocks (kind
/// <see cref="TaskClockKind"/>, an agreed rule of the working days from the meeting to the due day).
/// </summary>
public static class MeetingService
{
    public const string NumberPrefix = "LX";
    public const string TaskClockKind = "meeting.task";

    public static readonly TransitionTable<MeetingState, MeetingAction> Table = new(
    [
        new(MeetingState.Proposed, MeetingAction.Schedule, MeetingState.Scheduled, GovernancePolicies.Office, ReasonRequired: false, "meeting.schedule"),
        new(MeetingState.Proposed, MeetingAction.Decline, MeetingState.Declined, GovernancePolicies.Office, ReasonRequired: true, "meeting.decline"),
        new(MeetingState.Scheduled, MeetingAction.Schedule, MeetingState.Scheduled, GovernancePolicies.Office, ReasonRequired: false, "meeting.schedule"),
        new(MeetingState.Scheduled, MeetingAction.Hold, MeetingState.Held, GovernancePolicies.Office, ReasonRequired: false, "meeting.hold"),
        new(MeetingState.Scheduled, MeetingAction.Decline, MeetingState.Declined, GovernancePolicies.Office, ReasonRequired: true, "meeting.decline"),
    ]);

    public static readonly StateMachine<Meeting, MeetingState, MeetingAction> Machine = new("meeting", "联席会议", Table,
        m => m.Id, m => m.State, GovernanceLabels.StateName, GovernanceLabels.ActionName,
        t => new MeetingTransition { MeetingId = t.SubjectId, From = t.From, To = t.To, Reason = t.Reason, Actor = t.Actor, At = t.At });

    public static string Link(long id) => "/Meetings/" + id.ToString(CultureInfo.InvariantCulture);

    public static ClockSubject TaskSubject(long taskId) => ClockSubject.Of(TaskClockKind, taskId);

    /// <summary>The half-year a day belongs to: 2026H1 or 2026H2.</summary>
    public static string HalfYearOf(DateOnly day) => string.Create(CultureInfo.InvariantCulture, $"{day.Year}H{(day.Month <= 6 ? 1 : 2)}");

    /// <summary>The half-year after the one of <paramref name="day"/>.</summary>
    public static string NextHalfYear(DateOnly day) => day.Month <= 6
        ? string.Create(CultureInfo.InvariantCulture, $"{day.Year}H2")
        : string.Create(CultureInfo.InvariantCulture, $"{day.Year + 1}H1");

    public static string HalfYearName(string key) => key.Length == 6
        ? $"{key[..4]}年{(key[5] == '1' ? "上" : "下")}半年"
        : key;

    /// <summary>The signed-in person's member unit, from the account record.</summary>
    public static async Task<int?> UnitOfAsync(JianguanDbContext db, ClaimsPrincipal user, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        return id is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.OrganisationId).FirstOrDefaultAsync(ct);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Require(string? value, string name, int max, string field)
    {
        var text = Clean(value) ?? throw new GovernanceException($"请填写{name}。", field);
        return text.Length <= max ? text : throw new GovernanceException($"{name}不能超过 {max} 个字。", field);
    }

    /// <summary>
    /// A member unit asks for an extra meeting (重大风险、突出问题、职责不清) with its reason; the office is told in
    /// the inbox. <paramref name="powerItemId"/> links the request to a power-list item disputed as unclear.
    /// </summary>
    public static async Task<Meeting> RequestAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, int? unitId, MeetingReason? reason,
        string? title, string? background, DateTimeOffset now, long? powerItemId = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(actor);
        if (unitId is null)
        {
            throw new GovernanceException("账户未关联成员单位，不能提请召开会议。");
        }

        if (reason is null)
        {
            throw new GovernanceException("请选择提请事由（重大风险、突出问题或职责不清）。", "Reason");
        }

        var t = Require(title, "会议议题", 200, "Title");
        var b = Require(background, "提请理由", 4000, "Background");
        now = now.ToUniversalTime();
        var unit = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == unitId, ct)
            ?? throw new GovernanceException("成员单位不存在。");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var meeting = new Meeting
        {
            Number = await CaseNumbers.NextAsync(db, NumberPrefix, ChinaTime.ToChina(now).Year, null, ct),
            Kind = MeetingKind.Extra,
            Reason = reason,
            State = MeetingState.Proposed,
            Title = t,
            Background = b,
            RequestedByUnitId = unit.Id,
            RequestedBy = actor.UserName,
            RequestedAt = now,
            PowerItemId = powerItemId,
            StateChangedAt = now,
        };
        db.Add(meeting);
        await db.SaveChangesAsync(ct);
        Notifications.Post(db, Recipient.ToRole(Roles.OfficeAdmin), "meeting.requested",
            $"{unit.Name}提请召开联席会议：{t}", $"事由：{GovernanceLabels.ReasonName(reason)}。{b}", Link(meeting.Id), now);
        await audit.RecordAsync(db, actor, "meeting.request", Machine.Target(meeting.Id),
            new { number = meeting.Number, kind = GovernanceLabels.ReasonName(reason), unit = unit.Name, title = t, powerItem = powerItemId }, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return meeting;
    }

    /// <summary>
    /// Proposes the regular meeting of a half-year (例会) unless one exists, and reminds the office in the inbox.
    /// Null when the half-year already has its meeting.
    /// </summary>
    public static async Task<Meeting?> ProposeRegularAsync(JianguanDbContext db, AuditTrail audit, string halfYear, DateTimeOffset now,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        if (await db.Set<Meeting>().AnyAsync(m => m.HalfYear == halfYear, ct))
        {
            return null;
        }

        now = now.ToUniversalTime();
        var name = HalfYearName(halfYear);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var meeting = new Meeting
        {
            Number = await CaseNumbers.NextAsync(db, NumberPrefix, ChinaTime.ToChina(now).Year, null, ct),
            Kind = MeetingKind.Regular,
            State = MeetingState.Proposed,
            Title = $"{name}联席会议例会",
            Background = "联席会议每半年召开一次例会，由平台自动提出，请公管办安排会期和议程。",
            HalfYear = halfYear,
            RequestedAt = now,
            StateChangedAt = now,
        };
        db.Add(meeting);
        await db.SaveChangesAsync(ct);
        Notifications.Post(db, Recipient.ToRole(Roles.OfficeAdmin), "meeting.proposed",
            $"请安排{name}联席会议例会", $"{meeting.Number}：联席会议每半年召开一次例会，请确定会期、地点和议程。", Link(meeting.Id), now);
        await audit.RecordAsync(db, AuditActor.System, "meeting.propose", Machine.Target(meeting.Id), new { number = meeting.Number, title = meeting.Title }, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return meeting;
    }

    /// <summary>Sets (or moves) the day, place and agenda; the member units are told.</summary>
    public static async Task ScheduleAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, long id, DateOnly? on, string? location,
        string? agenda, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var meeting = await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new GovernanceException("没有该会议。");
        if (on is null)
        {
            throw new GovernanceException("请填写会议日期。", "On");
        }

        var place = Require(location, "会议地点", 200, "Location");
        var items = Require(agenda, "会议议程", 4000, "Agenda");
        var plan = PlanOrThrow(meeting, MeetingAction.Schedule, null);
        now = now.ToUniversalTime();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await ExecuteAsync(db, audit, actor, plan, now, s =>
        {
            s.SetProperty(m => m.ScheduledOn, on);
            s.SetProperty(m => m.Location, place);
            s.SetProperty(m => m.Agenda, items);
        }, new { number = meeting.Number, on, location = place }, ct);
        Notifications.Post(db, Recipient.ToRole(Roles.MemberLeader), "meeting.scheduled",
            $"联席会议 {meeting.Number} 定于 {ChinaTime.FormatDate(on)} 召开", $"{meeting.Title}。地点：{place}。", Link(id), now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Records that the meeting was held: the day, the minutes and the units' attendance.</summary>
    public static async Task HoldAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, long id, DateOnly? heldOn, string? minutes,
        IReadOnlyList<AttendanceInput> attendance, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(attendance);
        var meeting = await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new GovernanceException("没有该会议。");
        now = now.ToUniversalTime();
        var day = heldOn ?? meeting.ScheduledOn ?? ChinaTime.DateOf(now);
        if (day > ChinaTime.DateOf(now))
        {
            throw new GovernanceException("召开日期不能晚于今天。", "HeldOn");
        }

        var text = Require(minutes, "会议纪要", 8000, "Minutes");
        if (!attendance.Any(a => a.Present))
        {
            throw new GovernanceException("请至少记录一个出席单位。", "Attendance");
        }

        var plan = PlanOrThrow(meeting, MeetingAction.Hold, null);
        var units = attendance.Select(a => a.OrganisationId).ToHashSet();
        var known = await db.Organisations.AsNoTracking().Where(o => units.Contains(o.Id)).Select(o => o.Id).ToListAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await ExecuteAsync(db, audit, actor, plan, now, s =>
        {
            s.SetProperty(m => m.HeldOn, day);
            s.SetProperty(m => m.Minutes, text);
        }, new { number = meeting.Number, on = day, present = attendance.Count(a => a.Present), absent = attendance.Count(a => !a.Present) }, ct);
        foreach (var a in attendance.Where(a => known.Contains(a.OrganisationId)).DistinctBy(a => a.OrganisationId))
        {
            db.Add(new MeetingAttendance { MeetingId = id, OrganisationId = a.OrganisationId, Present = a.Present, Attendee = Clean(a.Attendee) });
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The office declines a proposal (a reason is required).</summary>
    public static async Task DeclineAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, long id, string? reason, DateTimeOffset now,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var meeting = await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new GovernanceException("没有该会议。");
        var plan = PlanOrThrow(meeting, MeetingAction.Decline, reason);
        now = now.ToUniversalTime();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await ExecuteAsync(db, audit, actor, plan, now, s => s.SetProperty(m => m.DeclineReason, plan.Reason),
            new { number = meeting.Number, reason = plan.Reason }, ct);
        if (meeting.RequestedByUnitId is { } unit)
        {
            Notifications.Post(db, Recipient.ToOrganisation(unit), "meeting.declined", $"联席会议提请 {meeting.Number} 不予召开", plan.Reason, Link(id), now);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static TransitionPlan<MeetingState, MeetingAction> PlanOrThrow(Meeting meeting, MeetingAction action, string? reason)
    {
        try
        {
            return Machine.Plan(meeting.Id, meeting.State, action, reason);
        }
        catch (WorkflowRefusedException e)
        {
            throw new GovernanceException(e.Message, e.Refusal == WorkflowRefusal.ReasonRequired ? "Reason" : null);
        }
    }

    private static async Task ExecuteAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, TransitionPlan<MeetingState, MeetingAction> plan,
        DateTimeOffset now, Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<Meeting>> also, object detail, CancellationToken ct)
    {
        try
        {
            await Machine.ExecuteAsync(db, plan, audit, actor, now, new TransitionOptions<Meeting>
            {
                AlsoSet = s =>
                {
                    s.SetProperty(m => m.StateChangedAt, now);
                    also(s);
                },
                AuditDetail = detail,
            }, ct);
        }
        catch (WorkflowRefusedException e)
        {
            throw new GovernanceException(e.Message);
        }
    }

    /// <summary>
    /// Records a decision of a held meeting with its tasks: each task's clock starts on the meeting day and falls due
    /// on the last working day on or before the due day asked for; the owner unit is told in the inbox. A decision
    /// may approve the year's supervision plan or 双随机 plan (the sampling plan then carries the decision's number).
    /// </summary>
    public static async Task<MeetingDecision> DecideAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, WorkingCalendar calendar,
        long meetingId, string? text, ApprovedPlan approves, long? samplingPlanId, int? planYear, IReadOnlyList<TaskInput> tasks, DateTimeOffset now,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(tasks);
        // Read untracked: a context that created the meeting still tracks it in its old state (the workflow updates in SQL).
        var meeting = await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == meetingId, ct) ?? throw new GovernanceException("没有该会议。");
        if (meeting.State != MeetingState.Held || meeting.HeldOn is not { } heldOn)
        {
            throw new GovernanceException("会议召开后才能记录决定事项。");
        }

        var body = Require(text, "决定事项", 4000, "Text");
        var given = tasks.Where(t => !string.IsNullOrWhiteSpace(t.Title) || t.OwnerUnitId is not null || t.DueOn is not null).ToList();
        foreach (var t in given)
        {
            Require(t.Title, "任务内容", 1000, "Tasks");
            if (t.OwnerUnitId is null)
            {
                throw new GovernanceException("请为每项任务选择责任单位。", "Tasks");
            }

            if (t.DueOn is not { } due || calendar.WorkingDaysBetween(heldOn, due) < 1)
            {
                throw new GovernanceException("任务完成期限须晚于会议召开日期（至少一个工作日）。", "Tasks");
            }
        }

        Sampling.SamplingPlan? plan = null;
        if (approves == ApprovedPlan.SamplingPlan)
        {
            plan = await db.SamplingPlans.FirstOrDefaultAsync(p => p.Id == samplingPlanId, ct)
                ?? throw new GovernanceException("请选择批准的双随机抽查年度计划。", "SamplingPlanId");
            planYear = plan.Year;
        }
        else if (approves == ApprovedPlan.SupervisionPlan && planYear is not (>= 2000 and <= 2199))
        {
            throw new GovernanceException("请填写批准的年度监管计划所属年度。", "PlanYear");
        }

        var owners = given.Select(t => t.OwnerUnitId!.Value).ToHashSet();
        var units = await db.Organisations.AsNoTracking().Where(o => owners.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        if (units.Count != owners.Count)
        {
            throw new GovernanceException("所选责任单位不存在。", "Tasks");
        }

        now = now.ToUniversalTime();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var sequence = await db.Set<MeetingDecision>().CountAsync(d => d.MeetingId == meetingId, ct) + 1;
        var decision = new MeetingDecision
        {
            MeetingId = meetingId,
            Number = string.Create(CultureInfo.InvariantCulture, $"{meeting.Number}-{sequence}"),
            Text = body,
            Approves = approves,
            SamplingPlanId = plan?.Id,
            PlanYear = approves == ApprovedPlan.None ? null : planYear,
            CreatedAt = now,
            CreatedBy = actor.UserName,
        };
        foreach (var t in given)
        {
            var days = calendar.WorkingDaysBetween(heldOn, t.DueOn!.Value);
            decision.Tasks.Add(new MeetingTask
            {
                Title = t.Title!.Trim(),
                OwnerUnitId = t.OwnerUnitId!.Value,
                StartedOn = heldOn,
                DueOn = calendar.AddWorkingDays(heldOn, Math.Min(days, 999)),
                State = MeetingTaskState.Open,
            });
        }

        db.Add(decision);
        if (plan is not null)
        {
            plan.DecisionRef = decision.Number;
            plan.ApprovedOn = heldOn;
        }

        await db.SaveChangesAsync(ct);
        foreach (var task in decision.Tasks)
        {
            var days = Math.Min(calendar.WorkingDaysBetween(heldOn, task.DueOn), 999);
            await Clocks.StartAsync(db, audit, actor, TaskSubject(task.Id), Clocks.AgreedRule(days), heldOn, calendar, now, ct: ct);
            Notifications.Post(db, Recipient.ToOrganisation(task.OwnerUnitId), "meeting.task",
                $"联席会议交办任务：{Shorten(task.Title, 120)}", $"决定 {decision.Number}，完成期限 {ChinaTime.FormatDate(task.DueOn)}。", Link(meetingId), now);
        }

        await audit.RecordAsync(db, actor, "meeting.decide", Machine.Target(meetingId), new
        {
            number = decision.Number,
            plan = approves == ApprovedPlan.None ? null : GovernanceLabels.PlanName(approves),
            year = decision.PlanYear,
            tasks = decision.Tasks.Select(t => $"{units[t.OwnerUnitId]}（{ChinaTime.FormatDate(t.DueOn)}）").ToArray(),
        }, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return decision;
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>The owner unit (or the office) reports a task done; its clock stops (late when after the due day).</summary>
    public static async Task CompleteTaskAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, long taskId, int? actorUnit, bool office,
        string? note, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var task = await db.Set<MeetingTask>().AsNoTracking().Include(t => t.Decision).FirstOrDefaultAsync(t => t.Id == taskId, ct)
            ?? throw new GovernanceException("没有该任务。");
        if (!office && task.OwnerUnitId != actorUnit)
        {
            throw new GovernanceException("只有责任单位或公管办可以报告任务完成。");
        }

        if (task.State == MeetingTaskState.Done)
        {
            throw new GovernanceException("该任务已完成。");
        }

        var text = Require(note, "完成情况", 2000, "Note");
        now = now.ToUniversalTime();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Set<MeetingTask>().Where(t => t.Id == taskId && t.State == MeetingTaskState.Open).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.State, MeetingTaskState.Done)
            .SetProperty(t => t.DoneOn, ChinaTime.DateOf(now))
            .SetProperty(t => t.DoneNote, text)
            .SetProperty(t => t.DoneBy, actor.UserName), ct);
        if (changed == 0)
        {
            throw new GovernanceException("该任务的状态已被他人更改，请刷新后重试。");
        }

        var clock = await db.Set<StatutoryClock>().Where(c => c.SubjectKind == TaskClockKind && c.SubjectId == taskId.ToString(CultureInfo.InvariantCulture))
            .Select(c => c.RuleCode).FirstOrDefaultAsync(ct);
        if (clock is not null)
        {
            await Clocks.StopAsync(db, audit, actor, TaskSubject(taskId), clock, now, "已完成", ct);
        }

        await audit.RecordAsync(db, actor, "meeting.task.complete", "meeting-task:" + taskId.ToString(CultureInfo.InvariantCulture),
            new { number = task.Decision!.Number, note = text }, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}

/// <summary>
/// Reminders and the accountability view of meeting tasks (clock kind <c>meeting.task</c>): the owner unit is
/// told and answers for the task; the office hears once the task is overdue.
/// </summary>
public sealed class MeetingTaskClockDirectory : IClockSubjectDirectory
{
    public string Kind => MeetingService.TaskClockKind;

    public string AgreedRuleName => "联席会议议定事项办理期限";

    public async Task<ClockAddress?> AddressAsync(JianguanDbContext db, string subjectId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!long.TryParse(subjectId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        var t = await db.Set<MeetingTask>().AsNoTracking().Where(x => x.Id == id)
            .Select(x => new { x.OwnerUnitId, x.Decision!.Number, x.Decision.MeetingId }).FirstOrDefaultAsync(ct);
        return t is null ? null : new ClockAddress($"联席会议交办任务 {t.Number}", MeetingService.Link(t.MeetingId),
            Recipient.ToOrganisation(t.OwnerUnitId), Recipient.ToRole(Roles.OfficeAdmin));
    }

    public async Task<IReadOnlyDictionary<string, DutyOwner>> OwnersAsync(JianguanDbContext db, IReadOnlyCollection<string> subjectIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(subjectIds);
        var ids = subjectIds.Select(s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1).Where(i => i > 0).ToList();
        var rows = await db.Set<MeetingTask>().AsNoTracking().Where(t => ids.Contains(t.Id))
            .Select(t => new { t.Id, t.OwnerUnitId, Unit = t.OwnerUnit!.Name, t.Decision!.Number, t.Decision.MeetingId, t.Title }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id.ToString(CultureInfo.InvariantCulture),
            r => new DutyOwner(r.OwnerUnitId, r.Unit, "联席会议交办任务", $"{r.Number} {r.Title}", MeetingService.Link(r.MeetingId)));
    }
}
