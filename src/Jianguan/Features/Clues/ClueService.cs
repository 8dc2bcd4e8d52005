using System.Security.Claims;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Inbox;
using Jianguan.Platform.Numbering;
using Jianguan.Platform.Time;
using Jianguan.Platform.Workflow;

namespace Jianguan.Features.Clues;

/// <summary>A refused clue, referral or assistance operation; the message is Chinese, for the user.</summary>
public sealed class ClueException(string message, bool conflict = false) : Exception(message)
{
    /// <summary>The record is not in a state that allows this (409), rather than bad input (400).</summary>
    public bool Conflict { get; } = conflict;
}

/// <summary>What a caller may say about a new clue besides its source and title.</summary>
public sealed record ClueDetails(string? Description = null, int? DepartmentId = null, string? Firms = null, string? Sections = null,
    string? SourceLink = null, long? AlertId = null);

/// <summary>Who is looking: the account, its unit, and whether it sees every clue (the office).</summary>
public sealed record ClueViewer(string? UserId, string UserName, int? OrganisationId, bool SeesAll)
{
    public static async Task<ClueViewer> ForAsync(JianguanDbContext db, ClaimsPrincipal user, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var org = id is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.OrganisationId).FirstOrDefaultAsync(ct);
        return new ClueViewer(id, user.Identity?.Name ?? "", org, user.IsInRole(Roles.OfficeAdmin));
    }
}

/// <summary>
/// Clues, their joint verification team, referrals and assistance requests. Every write is one transaction with its
/// history row, its audit entry and its notification; numbers come from <see cref="CaseNumbers"/> (XS, YS, XZ),
/// reply deadlines run on agreed clocks (<see cref="Clocks.AgreedRule"/>) on the working-day calendar.
/// </summary>
public static class ClueService
{
    public const string CluePrefix = "XS";
    public const string ReferralPrefix = "YS";
    public const string AssistancePrefix = "XZ";
    public const int DefaultDueDays = 15;
    public const string ReferralClock = "referral";
    public const string AssistanceClock = "assistance";

    public static readonly TransitionTable<ClueState, ClueAction> Table = new(
    [
        new(ClueState.Registered, ClueAction.Verify, ClueState.Verifying, CluePolicies.Manage, ReasonRequired: false, "clue.verify"),
        new(ClueState.Registered, ClueAction.Close, ClueState.Closed, CluePolicies.Manage, ReasonRequired: true, "clue.close"),
        new(ClueState.Verifying, ClueAction.Conclude, ClueState.Concluded, CluePolicies.Manage, ReasonRequired: true, "clue.conclude"),
        new(ClueState.Concluded, ClueAction.Route, ClueState.Routed, CluePolicies.Manage, ReasonRequired: false, "clue.route"),
        new(ClueState.Concluded, ClueAction.Close, ClueState.Closed, CluePolicies.Manage, ReasonRequired: true, "clue.close"),
    ]);

    public static readonly StateMachine<Clue, ClueState, ClueAction> Machine = new("clue", "线索", Table,
        c => c.Id, c => c.State, ClueLabels.StateName, ClueLabels.ActionName,
        t => new ClueTransition { ClueId = t.SubjectId, From = t.From, To = t.To, Reason = t.Reason, Actor = t.Actor, At = t.At });

    public static readonly TransitionTable<ReferralState, ReferralAction> ReferralTable = new(
    [
        new(ReferralState.Pending, ReferralAction.Receive, ReferralState.Received, CluePolicies.Receive, ReasonRequired: false, "referral.receive"),
        new(ReferralState.Pending, ReferralAction.Return, ReferralState.Returned, CluePolicies.Receive, ReasonRequired: true, "referral.return"),
        new(ReferralState.Received, ReferralAction.Handle, ReferralState.Handling, CluePolicies.Receive, ReasonRequired: false, "referral.handle"),
        new(ReferralState.Received, ReferralAction.Complete, ReferralState.Done, CluePolicies.Receive, ReasonRequired: true, "referral.complete"),
        new(ReferralState.Handling, ReferralAction.Complete, ReferralState.Done, CluePolicies.Receive, ReasonRequired: true, "referral.complete"),
    ]);

    public static readonly StateMachine<Referral, ReferralState, ReferralAction> ReferralMachine = new("referral", "移送", ReferralTable,
        r => r.Id, r => r.State, ClueLabels.ReferralStateName, ClueLabels.ReferralActionName,
        t => new ReferralTransition { ReferralId = t.SubjectId, From = t.From, To = t.To, Reason = t.Reason, Actor = t.Actor, At = t.At });

    /// <summary>Clues the viewer may read: the office all; others their department's, those they created or verify, and those referred to their unit.</summary>
    public static IQueryable<Clue> Visible(JianguanDbContext db, ClueViewer viewer)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(viewer);
        var clues = db.Set<Clue>().AsNoTracking();
        if (viewer.SeesAll)
        {
            return clues;
        }

        var org = viewer.OrganisationId ?? -1;
        var user = viewer.UserId ?? "";
        return clues.Where(c => c.DepartmentId == org || c.CreatedBy == viewer.UserName
            || db.Set<ClueMember>().Any(m => m.ClueId == c.Id && m.UserId == user)
            || db.Set<Referral>().Any(r => r.ClueId == c.Id && r.ToOrganisationId == org));
    }

    /// <summary>Referrals the viewer may read: sent by or to its unit (the office: all).</summary>
    public static IQueryable<Referral> VisibleReferrals(JianguanDbContext db, ClueViewer viewer)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(viewer);
        var org = viewer.OrganisationId ?? -1;
        return db.Set<Referral>().AsNoTracking().Where(r => viewer.SeesAll || r.ToOrganisationId == org || r.FromOrganisationId == org);
    }

    public static IQueryable<AssistanceRequest> VisibleAssistance(JianguanDbContext db, ClueViewer viewer)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(viewer);
        var org = viewer.OrganisationId ?? -1;
        return db.Set<AssistanceRequest>().AsNoTracking().Where(r => viewer.SeesAll || r.ToOrganisationId == org || r.FromOrganisationId == org);
    }

    /// <summary>
    /// Registers a clue from a source (an alert, an inspection finding, a complaint, the monthly report, another
    /// department's transfer). Joins the caller's transaction (or opens one): number, row, history, audit
    /// (<c>clue.created</c>) and a notification to the department commit together. One clue per alert, inspection
    /// finding, complaint or monthly report item: a second conversion is refused naming the first clue.
    /// </summary>
    public static async Task<Clue> CreateAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, ClueSource source, string? sourceId,
        string title, DateTimeOffset now, ClueDetails? details = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(actor);
        details ??= new ClueDetails();
        title = Required(title, "标题", 300);
        sourceId = Optional(sourceId, "来源编号", 64);
        var description = Optional(details.Description, "线索内容", 4000);
        var firms = Optional(details.Firms, "涉及单位", 1000);
        var sections = Optional(details.Sections, "涉及标段", 1000);
        var link = Optional(details.SourceLink, "来源链接", 300);
        if (link is not null && (!link.StartsWith('/') || link.StartsWith("//", StringComparison.Ordinal)))
        {
            throw new ClueException("来源链接须为本系统内的地址（以 / 开头）。");
        }

        if (source is ClueSource.Alert or ClueSource.Inspection or ClueSource.Complaint or ClueSource.MonthlyReport && sourceId is not null
            && await db.Set<Clue>().AsNoTracking().Where(c => c.Source == source && c.SourceId == sourceId).Select(c => c.Number).FirstOrDefaultAsync(ct) is { } existing)
        {
            throw new ClueException($"{(source == ClueSource.MonthlyReport ? "该条问题" : "该" + ClueLabels.SourceName(source))}已转为线索 {existing}。", conflict: true);
        }

        var department = details.DepartmentId ?? await OrganisationOfAsync(db, actor, ct);
        if (details.DepartmentId is { } dep && !await db.Organisations.AnyAsync(o => o.Id == dep, ct))
        {
            throw new ClueException("监管部门：没有该单位。");
        }

        await using var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var year = ChinaTime.ToChina(now).Year;
        var number = await CaseNumbers.NextAsync(db, CluePrefix, year,
            c => CaseNumbers.MaxIssuedAsync(db.Set<Clue>().Select(x => x.Number), CluePrefix, year, c), ct);
        var clue = new Clue
        {
            Number = number,
            Title = title,
            AlertId = details.AlertId,
            CreatedAt = now,
            CreatedBy = actor.UserName,
            Source = source,
            SourceId = sourceId,
            SourceLink = link,
            Description = description,
            DepartmentId = department,
            Firms = firms,
            Sections = sections,
            State = ClueState.Registered,
            StateChangedAt = now,
        };
        db.Set<Clue>().Add(clue);
        await db.SaveChangesAsync(ct);
        db.Add(new ClueTransition
        {
            ClueId = clue.Id,
            From = ClueState.Registered,
            To = ClueState.Registered,
            Reason = "登记线索（来源：" + ClueLabels.SourceName(source) + "）",
            Actor = actor.UserName,
            At = now,
        });
        if (department is { } unit)
        {
            Notifications.Post(db, Recipient.ToOrganisation(unit), "clue.created", (source == ClueSource.Alert ? "预警已转为线索 " : "登记线索 ") + clue.Number, clue.Title,
                "/Clues/" + Id(clue.Id), now);
        }

        await audit.RecordAsync(db, actor, "clue.created", Machine.Target(clue.Id),
            new { number, source = ClueLabels.SourceName(source), sourceId, title, department }, ct);
        if (owned is not null)
        {
            await owned.CommitAsync(ct);
        }

        return clue;
    }

    /// <summary>Moves a clue: verify, conclude (the reason is the conclusion) or close (the reason is why). Routing goes through <see cref="ReferAsync"/>.</summary>
    public static async Task<ClueState> TransitionAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, long clueId, ClueAction action,
        string? reason, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (action == ClueAction.Route)
        {
            throw new ClueException("移送须选择移送类型和答复期限。");
        }

        var from = await Machine.CurrentStateAsync(db, clueId, ct) ?? throw new KeyNotFoundException("clue");
        var text = Optional(reason, action == ClueAction.Conclude ? "核查结论" : "理由", 4000);
        var plan = Plan(() => Machine.Plan(clueId, from, action, text));
        try
        {
            await Machine.ExecuteAsync(db, plan, audit, actor, now, new TransitionOptions<Clue>
            {
                AlsoSet = s =>
                {
                    s.SetProperty(c => c.StateChangedAt, now);
                    if (action == ClueAction.Conclude)
                    {
                        s.SetProperty(c => c.Conclusion, text);
                    }

                    if (action == ClueAction.Close)
                    {
                        s.SetProperty(c => c.CloseReason, text);
                    }
                },
                AuditDetail = new { from = ClueLabels.StateName(plan.From), to = ClueLabels.StateName(plan.To), reason = text },
            }, ct);
        }
        catch (WorkflowRefusedException e)
        {
            throw new ClueException(e.Message, conflict: true);
        }

        return plan.To;
    }

    /// <summary>Adds an account to the joint verification team (while registered or under verification).</summary>
    public static async Task<ClueMember> AddMemberAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, long clueId, string? userName,
        TeamUnit unit, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        var clue = await db.Set<Clue>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == clueId, ct) ?? throw new KeyNotFoundException("clue");
        if (clue.State is not (ClueState.Registered or ClueState.Verifying))
        {
            throw new ClueException("核查结论形成后不能再调整核查组成员。", conflict: true);
        }

        var name = Required(userName, "成员账号", 256);
        var user = await db.Users.AsNoTracking().Where(u => u.UserName == name && !u.Disabled).Select(u => new { u.Id, u.DisplayName }).FirstOrDefaultAsync(ct)
            ?? throw new ClueException($"成员账号：没有名为“{name}”的可用账号。");
        if (await db.Set<ClueMember>().AnyAsync(m => m.ClueId == clueId && m.UserId == user.Id, ct))
        {
            throw new ClueException($"成员账号：{user.DisplayName} 已在核查组中。");
        }

        var member = new ClueMember { ClueId = clueId, UserId = user.Id, Unit = unit, AddedAt = now, AddedBy = actor.UserName };
        db.Add(member);
        Notifications.Post(db, Recipient.ToUser(user.Id), "clue.team", $"您已加入线索 {clue.Number} 的联合核查组", clue.Title, "/Clues/" + Id(clueId), now);
        await audit.RecordAsync(db, actor, "clue.team.add", Machine.Target(clueId), new { user = name, unit = ClueLabels.TeamUnitName(unit) }, ct);
        return member;
    }

    /// <summary>
    /// Refers a concluded clue: to the enforcement team, discipline inspection or the police by kind, with a reply
    /// deadline of <paramref name="dueDays"/> working days (an agreed clock); the receiving unit is notified. The first
    /// referral moves the clue to routed; a routed clue may be referred again (e.g. to the police as well).
    /// </summary>
    public static async Task<Referral> ReferAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, long clueId, ReferralKind kind,
        int? dueDays, string? note, WorkingCalendar calendar, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(calendar);
        var clue = await db.Set<Clue>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == clueId, ct) ?? throw new KeyNotFoundException("clue");
        var days = dueDays ?? DefaultDueDays;
        if (days is < 1 or > 180)
        {
            throw new ClueException("答复期限：须为 1 至 180 个工作日。");
        }

        var text = Optional(note, "移送说明", 4000);
        if (clue.State is not (ClueState.Concluded or ClueState.Routed))
        {
            throw new ClueException("形成核查结论后才能移送。", conflict: true);
        }

        var receiverKind = ClueLabels.Receiver(kind);
        var to = await db.Organisations.AsNoTracking().Where(o => o.Kind == receiverKind).OrderBy(o => o.Id).Select(o => (int?)o.Id).FirstOrDefaultAsync(ct)
            ?? throw new ClueException("移送类型：系统中没有接收单位，请先由系统管理员建立该单位。");
        var from = await OrganisationOfAsync(db, actor, ct);
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        // Referral and assistance numbers were never issued outside the counter: no seed (clue numbers need one).
        var number = await CaseNumbers.NextAsync(db, ReferralPrefix, ChinaTime.ToChina(now).Year, null, ct);
        var today = ChinaTime.DateOf(now);
        var referral = new Referral
        {
            Number = number,
            ClueId = clueId,
            Kind = kind,
            ToOrganisationId = to,
            FromOrganisationId = from,
            Note = text,
            DueDays = days,
            Due = Clocks.Rule(Clocks.AgreedRule(days)).Due(today, calendar),
            SentAt = now,
            SentBy = actor.UserName,
            State = ReferralState.Pending,
        };
        db.Add(referral);
        await db.SaveChangesAsync(ct);
        await Clocks.StartAsync(db, audit, actor, ClockSubject.Of(ReferralClock, referral.Id), Clocks.AgreedRule(days), today, calendar, now, ct: ct);
        Notifications.Post(db, Recipient.ToOrganisation(to), "referral.received", $"收到移送线索 {clue.Number}（{number}），请签收",
            clue.Title, "/Referrals", now);
        await audit.RecordAsync(db, actor, "referral.send", ReferralMachine.Target(referral.Id),
            new { number, clue = clue.Number, kind = ClueLabels.KindName(kind), to, dueDays = days, due = referral.Due }, ct);
        if (clue.State == ClueState.Concluded)
        {
            var plan = Plan(() => Machine.Plan(clueId, ClueState.Concluded, ClueAction.Route, null));
            try
            {
                await Machine.ExecuteAsync(db, plan, audit, actor, now, new TransitionOptions<Clue>
                {
                    AlsoSet = s => s.SetProperty(c => c.StateChangedAt, now),
                    HistoryNote = "移送编号 " + number,
                    AuditDetail = new { from = ClueLabels.StateName(plan.From), to = ClueLabels.StateName(plan.To), number },
                }, ct);
            }
            catch (WorkflowRefusedException e)
            {
                throw new ClueException(e.Message, conflict: true);
            }
        }

        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }

        return referral;
    }

    /// <summary>
    /// The receiving unit acts on a referral: sign the receipt, start handling, complete with the reply, or return it
    /// with a reason. Only accounts of the receiving unit may; the sender's unit is notified.
    /// </summary>
    public static async Task<Referral> ActAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, ClueViewer viewer, long referralId,
        ReferralAction action, string? text, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(viewer);
        var referral = await db.Set<Referral>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == referralId, ct) ?? throw new KeyNotFoundException("referral");
        if (referral.ToOrganisationId != viewer.OrganisationId)
        {
            throw new UnauthorizedAccessException("only the receiving unit acts on a referral");
        }

        var reason = Optional(text, action == ReferralAction.Complete ? "办理结果" : "理由", 4000);
        var plan = Plan(() => ReferralMachine.Plan(referralId, referral.State, action, reason));
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            await ReferralMachine.ExecuteAsync(db, plan, audit, actor, now, new TransitionOptions<Referral>
            {
                AlsoSet = s =>
                {
                    switch (action)
                    {
                        case ReferralAction.Receive:
                            s.SetProperty(r => r.ReceivedAt, now);
                            s.SetProperty(r => r.ReceivedBy, actor.UserName);
                            break;
                        case ReferralAction.Complete:
                            s.SetProperty(r => r.Reply, reason);
                            s.SetProperty(r => r.RepliedAt, now);
                            s.SetProperty(r => r.RepliedBy, actor.UserName);
                            break;
                        case ReferralAction.Return:
                            s.SetProperty(r => r.ReturnReason, reason);
                            break;
                        default:
                            break;
                    }
                },
                AuditDetail = new { from = ClueLabels.ReferralStateName(plan.From), to = ClueLabels.ReferralStateName(plan.To), reason },
            }, ct);
        }
        catch (WorkflowRefusedException e)
        {
            throw new ClueException(e.Message, conflict: true);
        }

        if (action is ReferralAction.Complete or ReferralAction.Return)
        {
            await Clocks.StopAsync(db, audit, actor, ClockSubject.Of(ReferralClock, referralId), ReferralRule(referral), now,
                action == ReferralAction.Return ? "退回" : null, ct);
        }

        if (referral.FromOrganisationId is { } sender)
        {
            var number = await db.Set<Clue>().Where(c => c.Id == referral.ClueId).Select(c => c.Number).FirstAsync(ct);
            Notifications.Post(db, Recipient.ToOrganisation(sender), "referral." + action.ToString().ToLowerInvariant(),
                $"移送 {referral.Number}（线索 {number}）：{ClueLabels.ReferralStateName(plan.To)}", reason, "/Referrals", now);
            await db.SaveChangesAsync(ct);
        }

        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }

        return await db.Set<Referral>().AsNoTracking().FirstAsync(r => r.Id == referralId, ct);
    }

    public static string ReferralRule(Referral referral)
    {
        ArgumentNullException.ThrowIfNull(referral);
        return Clocks.AgreedRule(referral.DueDays);
    }

    /// <summary>Sends an assistance request to another department, with a reply deadline; the addressee is notified.</summary>
    public static async Task<AssistanceRequest> RequestAssistanceAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, int? toOrganisationId,
        string? subject, string? body, int? dueDays, long? clueId, WorkingCalendar calendar, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(calendar);
        var title = Required(subject, "事项", 300);
        var text = Optional(body, "请求内容", 4000);
        var days = dueDays ?? DefaultDueDays;
        if (days is < 1 or > 180)
        {
            throw new ClueException("答复期限：须为 1 至 180 个工作日。");
        }

        if (toOrganisationId is not { } to || !await db.Organisations.AnyAsync(o => o.Id == to, ct))
        {
            throw new ClueException("被请求单位：请选择一个单位。");
        }

        var from = await OrganisationOfAsync(db, actor, ct);
        if (from == to)
        {
            throw new ClueException("被请求单位：不能向本单位发出协助请求。");
        }

        if (clueId is { } cid && !await db.Set<Clue>().AnyAsync(c => c.Id == cid, ct))
        {
            throw new ClueException("关联线索：没有该线索。");
        }

        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        // Referral and assistance numbers were never issued outside the counter: no seed (clue numbers need one).
        var number = await CaseNumbers.NextAsync(db, AssistancePrefix, ChinaTime.ToChina(now).Year, null, ct);
        var today = ChinaTime.DateOf(now);
        var request = new AssistanceRequest
        {
            Number = number,
            FromOrganisationId = from,
            ToOrganisationId = to,
            ClueId = clueId,
            Subject = title,
            Body = text,
            DueDays = days,
            Due = Clocks.Rule(Clocks.AgreedRule(days)).Due(today, calendar),
            RequestedAt = now,
            RequestedBy = actor.UserName,
            State = AssistanceState.Pending,
        };
        db.Add(request);
        await db.SaveChangesAsync(ct);
        await Clocks.StartAsync(db, audit, actor, ClockSubject.Of(AssistanceClock, request.Id), Clocks.AgreedRule(days), today, calendar, now, ct: ct);
        Notifications.Post(db, Recipient.ToOrganisation(to), "assistance.received", $"收到协助请求 {number}", title, "/Referrals/Assistance", now);
        await audit.RecordAsync(db, actor, "assistance.request", "assistance:" + Id(request.Id), new { number, to, dueDays = days, due = request.Due, subject = title }, ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }

        return request;
    }

    /// <summary>The addressee signs the receipt (once) or replies in writing (once; a reply also signs).</summary>
    public static async Task<AssistanceRequest> AnswerAssistanceAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, ClueViewer viewer, long id,
        bool reply, string? text, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(viewer);
        var request = await db.Set<AssistanceRequest>().FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new KeyNotFoundException("assistance");
        if (request.ToOrganisationId != viewer.OrganisationId)
        {
            throw new UnauthorizedAccessException("only the addressee answers an assistance request");
        }

        if (request.State == AssistanceState.Answered)
        {
            throw new ClueException("该协助请求已答复。", conflict: true);
        }

        if (!reply && request.ReceivedAt is not null)
        {
            throw new ClueException("该协助请求已签收。", conflict: true);
        }

        var answer = reply ? Required(text, "答复内容", 4000) : null;
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        if (request.ReceivedAt is null)
        {
            request.ReceivedAt = now;
            request.ReceivedBy = actor.UserName;
        }

        if (reply)
        {
            request.Reply = answer;
            request.RepliedAt = now;
            request.RepliedBy = actor.UserName;
            request.State = AssistanceState.Answered;
            await Clocks.StopAsync(db, audit, actor, ClockSubject.Of(AssistanceClock, id), Clocks.AgreedRule(request.DueDays), now, ct: ct);
        }

        if (request.FromOrganisationId is { } sender)
        {
            Notifications.Post(db, Recipient.ToOrganisation(sender), reply ? "assistance.reply" : "assistance.receive",
                $"协助请求 {request.Number}：{(reply ? "已答复" : "已签收")}", answer, "/Referrals/Assistance", now);
        }

        await audit.RecordAsync(db, actor, reply ? "assistance.reply" : "assistance.receive", "assistance:" + Id(id), new { request.Number }, ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }

        return request;
    }

    private static TransitionPlan<TS, TA> Plan<TS, TA>(Func<TransitionPlan<TS, TA>> plan)
        where TS : struct, Enum
        where TA : struct, Enum
    {
        try
        {
            return plan();
        }
        catch (WorkflowRefusedException e)
        {
            throw new ClueException(e.Message, conflict: e.Refusal != WorkflowRefusal.ReasonRequired);
        }
    }

    private static async Task<int?> OrganisationOfAsync(JianguanDbContext db, AuditActor actor, CancellationToken ct) =>
        actor.UserId is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => u.OrganisationId).FirstOrDefaultAsync(ct);

    private static string Required(string? value, string field, int max) =>
        Optional(value, field, max) ?? throw new ClueException($"{field}：必填。");

    private static string? Optional(string? value, string field, int max)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return text.Length > max ? throw new ClueException($"{field}：不能超过 {max} 个字。") : text;
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
