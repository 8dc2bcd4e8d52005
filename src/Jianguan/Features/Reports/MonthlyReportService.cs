using System.Security.Claims;
using Jianguan.Platform.Inbox;
using Jianguan.Platform.Numbering;
using Jianguan.Platform.Time;
using Jianguan.Platform.Workflow;
using Microsoft.AspNetCore.Authorization;

namespace Jianguan.Features.Reports;

/// <summary>A refused report action; the message is written for the user (field and reason).</summary>
public sealed class MonthlyReportException(string message, bool conflict = false) : Exception(message)
{
    public bool Conflict { get; } = conflict;
}

/// <summary>An addressee of a forwarded report with who of it read the notification, and when.</summary>
public sealed record MonthlyReceipt(string Addressee, IReadOnlyList<MonthlyReader> Readers);

public sealed record MonthlyReader(string Name, string? Unit, DateTimeOffset ReadAt);

/// <summary>
/// The monthly report's workflow (ADR-012 pieces: <see cref="TransitionTable{TState,TAction}"/>,
/// <see cref="StateMachine{TEntity,TState,TAction}"/>, case numbers, the inbox) and its writes.
/// </summary>
public static class MonthlyReportService
{
    public const string NumberPrefix = "YB";
    public const int MaxProblemsLength = 8000;
    public const int MaxProblemLineLength = 500;
    public const int MaxTextLength = 4000;
    public const string NotificationKind = "monthly.forwarded";

    public static readonly TransitionTable<MonthlyReportState, MonthlyReportAction> Table = new(
    [
        new(MonthlyReportState.Draft, MonthlyReportAction.SendForReview, MonthlyReportState.UnderReview, ReportPolicies.Write, ReasonRequired: false, "monthly.send_review"),
        new(MonthlyReportState.UnderReview, MonthlyReportAction.Approve, MonthlyReportState.Reviewed, ReportPolicies.Review, ReasonRequired: false, "monthly.approve"),
        new(MonthlyReportState.UnderReview, MonthlyReportAction.Return, MonthlyReportState.Draft, ReportPolicies.Review, ReasonRequired: true, "monthly.return"),
        new(MonthlyReportState.Reviewed, MonthlyReportAction.Submit, MonthlyReportState.Submitted, ReportPolicies.Write, ReasonRequired: false, "monthly.submit"),
        new(MonthlyReportState.Submitted, MonthlyReportAction.Forward, MonthlyReportState.Forwarded, ReportPolicies.Forward, ReasonRequired: false, "monthly.forward"),
        new(MonthlyReportState.Submitted, MonthlyReportAction.Return, MonthlyReportState.Draft, ReportPolicies.Forward, ReasonRequired: true, "monthly.office_return"),
    ]);

    public static readonly StateMachine<MonthlyReport, MonthlyReportState, MonthlyReportAction> Machine = new("monthly-report", "月度报告", Table,
        r => r.Id, r => r.State, StateName, ActionName,
        t => new MonthlyReportTransition { ReportId = t.SubjectId, From = t.From, To = t.To, Reason = t.Reason, Actor = t.Actor, At = t.At });

    public static string StateName(MonthlyReportState state) => state switch
    {
        MonthlyReportState.Draft => "草稿",
        MonthlyReportState.UnderReview => "待审核",
        MonthlyReportState.Reviewed => "已审核",
        MonthlyReportState.Submitted => "已报送公管办",
        MonthlyReportState.Forwarded => "已转送",
        _ => state.ToString(),
    };

    public static string ActionName(MonthlyReportAction action) => action switch
    {
        MonthlyReportAction.SendForReview => "提交审核",
        MonthlyReportAction.Approve => "审核通过",
        MonthlyReportAction.Return => "退回修改",
        MonthlyReportAction.Submit => "报送公管办",
        MonthlyReportAction.Forward => "转送成员单位、纪检监察和公安",
        _ => action.ToString(),
    };

    /// <summary>The states a user may see: the trading center all, the 公管办 what was submitted, the addressees what was forwarded.</summary>
    public static async Task<IReadOnlyList<MonthlyReportState>> VisibleStatesAsync(IAuthorizationService authorization, ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        if ((await authorization.AuthorizeAsync(user, ReportPolicies.Write)).Succeeded
            || (await authorization.AuthorizeAsync(user, ReportPolicies.Review)).Succeeded)
        {
            return Enum.GetValues<MonthlyReportState>();
        }

        return (await authorization.AuthorizeAsync(user, ReportPolicies.Forward)).Succeeded
            ? [MonthlyReportState.Submitted, MonthlyReportState.Forwarded]
            : [MonthlyReportState.Forwarded];
    }

    /// <summary>A report by id or by month (<c>yyyy-MM</c>); null when there is none.</summary>
    public static Task<MonthlyReport?> FindAsync(JianguanDbContext db, string key, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return db.Set<MonthlyReport>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        }

        if (ReportMonth.TryParse(key, out var month))
        {
            var text = month.ToString();
            return db.Set<MonthlyReport>().AsNoTracking().FirstOrDefaultAsync(r => r.Month == text, ct);
        }

        return Task.FromResult<MonthlyReport?>(null);
    }

    /// <summary>Checks a month typed by a user: format, not before 2000, not after the current month.</summary>
    public static ReportMonth ParseMonth(string? value, TimeProvider clock)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new MonthlyReportException("报告月份：必填，格式为 年-月（如 2026-03）。");
        }

        if (!ReportMonth.TryParse(value, out var month))
        {
            throw new MonthlyReportException($"报告月份：“{Clip(value.Trim(), 20)}”不是有效的月份，格式应为 年-月（如 2026-03），且不早于 2000-01。");
        }

        if (month.CompareTo(ReportMonth.Of(ChinaTime.Today(clock))) > 0)
        {
            throw new MonthlyReportException($"报告月份：{month.ChineseName}尚未开始，不能生成报告。");
        }

        return month;
    }

    /// <summary>Generates the report of a month: numbers it, freezes the figures, records the generation.</summary>
    public static async Task<MonthlyReport> GenerateAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, TimeProvider clock,
        string? monthText, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(actor);
        var month = ParseMonth(monthText, clock);
        var key = month.ToString();
        if (await db.Set<MonthlyReport>().AnyAsync(r => r.Month == key, ct))
        {
            throw new MonthlyReportException($"报告月份：{month.ChineseName}的月度报告已经生成，请在列表中打开。");
        }

        var now = clock.GetUtcNow().ToUniversalTime();
        var figures = await MonthlyReportQuery.ComputeAsync(db, month, now, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var number = await CaseNumbers.NextAsync(db, NumberPrefix, ChinaTime.ToChina(now).Year, null, ct);
        var report = new MonthlyReport
        {
            Number = number,
            Month = key,
            FiguresJson = figures.ToJson(),
            GeneratedAt = now,
            GeneratedBy = actor.UserName,
            StateChangedAt = now,
        };
        db.Add(report);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another officer generated the same month a moment ago.
            throw new MonthlyReportException($"报告月份：{month.ChineseName}的月度报告已经生成，请在列表中打开。", conflict: true);
        }

        await audit.RecordAsync(db, actor, "monthly.generate", Machine.Target(report.Id),
            new { number, month = key, sections = figures.Total.Sections, alerts = figures.Alerts }, ct);
        await tx.CommitAsync(ct);
        return report;
    }

    /// <summary>Recomputes a draft's figures (data imported late); problems, summary and remarks are kept.</summary>
    public static async Task RegenerateAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, TimeProvider clock, long id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var report = await db.Set<MonthlyReport>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct)
            ?? throw new MonthlyReportException("月度报告不存在。");
        if (report.State != MonthlyReportState.Draft)
        {
            throw new MonthlyReportException($"当前状态（{StateName(report.State)}）不能重新生成数据，只有草稿可以。");
        }

        var month = ReportMonth.Parse(report.Month);
        var now = clock.GetUtcNow().ToUniversalTime();
        var json = (await MonthlyReportQuery.ComputeAsync(db, month, now, ct)).ToJson();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Set<MonthlyReport>().Where(r => r.Id == id && r.State == MonthlyReportState.Draft)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.FiguresJson, json).SetProperty(r => r.UpdatedAt, now).SetProperty(r => r.UpdatedBy, actor.UserName), ct);
        if (changed == 0)
        {
            throw new MonthlyReportException("该月度报告的状态已被他人更改，请刷新后重试。", conflict: true);
        }

        await audit.RecordAsync(db, actor, "monthly.regenerate", Machine.Target(id), new { month = report.Month }, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The draft's texts as typed; checked by <see cref="Validate"/>.</summary>
    public sealed record Edit(string? Problems, string? Summary, string? Remarks);

    /// <summary>Field-by-field problems of an edit (empty when it can be saved).</summary>
    public static IReadOnlyList<string> Validate(Edit edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var errors = new List<string>();
        if ((edit.Problems?.Length ?? 0) > MaxProblemsLength)
        {
            errors.Add($"发现的问题：共 {edit.Problems!.Length} 字，超过 {MaxProblemsLength} 字。");
        }

        var lines = MonthlyText.Lines(edit.Problems);
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Length > MaxProblemLineLength)
            {
                errors.Add($"发现的问题：第 {i + 1} 条共 {lines[i].Length} 字，每条不超过 {MaxProblemLineLength} 字。");
            }
        }

        if ((edit.Summary?.Length ?? 0) > MaxTextLength)
        {
            errors.Add($"小结：共 {edit.Summary!.Length} 字，超过 {MaxTextLength} 字。");
        }

        if ((edit.Remarks?.Length ?? 0) > MaxTextLength)
        {
            errors.Add($"备注：共 {edit.Remarks!.Length} 字，超过 {MaxTextLength} 字。");
        }

        return errors;
    }

    /// <summary>Saves a draft's problems, summary and remarks (drafts only; nothing saved when a field is refused).</summary>
    public static async Task SaveAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, TimeProvider clock, long id, Edit edit,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var errors = Validate(edit);
        if (errors.Count > 0)
        {
            throw new MonthlyReportException(string.Join("\n", errors));
        }

        var state = await Machine.CurrentStateAsync(db, id, ct) ?? throw new MonthlyReportException("月度报告不存在。");
        if (state != MonthlyReportState.Draft)
        {
            throw new MonthlyReportException($"当前状态（{StateName(state)}）不能修改，只有草稿可以；需要修改时请审核人或公管办退回。");
        }

        var problems = string.Join("\n", MonthlyText.Lines(edit.Problems));
        var summary = Blank(edit.Summary);
        var remarks = Blank(edit.Remarks);
        var now = clock.GetUtcNow().ToUniversalTime();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Set<MonthlyReport>().Where(r => r.Id == id && r.State == MonthlyReportState.Draft)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Problems, problems.Length == 0 ? null : problems)
                .SetProperty(r => r.Summary, summary)
                .SetProperty(r => r.Remarks, remarks)
                .SetProperty(r => r.UpdatedAt, now)
                .SetProperty(r => r.UpdatedBy, actor.UserName), ct);
        if (changed == 0)
        {
            throw new MonthlyReportException("该月度报告的状态已被他人更改，请刷新后重试。", conflict: true);
        }

        await audit.RecordAsync(db, actor, "monthly.edit", Machine.Target(id),
            new { problems = MonthlyText.Lines(problems).Count, summary = summary?.Length ?? 0, remarks = remarks?.Length ?? 0 }, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Applies a workflow action. The reviewer must not be who sent the report for review; forwarding notifies every
    /// addressee in the same transaction.
    /// </summary>
    public static async Task ActAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, TimeProvider clock, long id,
        MonthlyReportAction action, string? reason, Platform.Calendar.WorkingCalendar? calendar = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        var report = await db.Set<MonthlyReport>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct)
            ?? throw new MonthlyReportException("月度报告不存在。");
        if (reason is { Length: > 2000 })
        {
            throw new MonthlyReportException($"理由：共 {reason.Length} 字，超过 2000 字。");
        }

        TransitionPlan<MonthlyReportState, MonthlyReportAction> plan;
        try
        {
            plan = Machine.Plan(id, report.State, action, reason);
        }
        catch (WorkflowRefusedException e)
        {
            throw new MonthlyReportException(e.Message);
        }

        if (action == MonthlyReportAction.Approve && string.Equals(report.SentForReviewBy, actor.UserName, StringComparison.Ordinal))
        {
            throw new MonthlyReportException("审核人：提交审核的人不能审核自己的报告，请由交易中心负责人或另一名工作人员审核。");
        }

        var now = clock.GetUtcNow().ToUniversalTime();
        var user = actor.UserName;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await Machine.ExecuteAsync(db, plan, audit, actor, now, new TransitionOptions<MonthlyReport>
            {
                AlsoSet = s =>
                {
                    s.SetProperty(r => r.StateChangedAt, now);
                    switch (action)
                    {
                        case MonthlyReportAction.SendForReview:
                            s.SetProperty(r => r.SentForReviewBy, user);
                            break;
                        case MonthlyReportAction.Approve:
                            s.SetProperty(r => r.ReviewedBy, user).SetProperty(r => r.ReviewedAt, now);
                            break;
                        case MonthlyReportAction.Submit:
                            s.SetProperty(r => r.SubmittedBy, user).SetProperty(r => r.SubmittedAt, now);
                            break;
                        case MonthlyReportAction.Forward:
                            s.SetProperty(r => r.ForwardedBy, user).SetProperty(r => r.ForwardedAt, now);
                            break;
                        case MonthlyReportAction.Return:
                            s.SetProperty(r => r.ReviewedBy, (string?)null).SetProperty(r => r.ReviewedAt, (DateTimeOffset?)null);
                            break;
                        default:
                            break;
                    }
                },
                // The audit page shows details as they are: states in words.
                AuditDetail = new { from = StateName(plan.From), to = StateName(plan.To), reason = plan.Reason },
            }, ct);
        }
        catch (WorkflowRefusedException e)
        {
            throw new MonthlyReportException(e.Message, conflict: e.Refusal == WorkflowRefusal.Conflict);
        }

        if (action == MonthlyReportAction.Submit)
        {
            // The month's duty is done when the report reaches the 公管办 (a later return does not restart it).
            await MonthlyReportClock.StopAsync(db, audit, actor, ReportMonth.Parse(report.Month),
                calendar ?? Platform.Calendar.WorkingCalendar.Embedded, now, ct);
        }

        if (action == MonthlyReportAction.Forward)
        {
            await ForwardAsync(db, report, now, ct);
        }
        else if (StepNotice(action, plan.From) is { } notice)
        {
            // Whoever acts next hears of it: reviewers, the 公管办, or the trading center on a return.
            var month = ReportMonth.Parse(report.Month);
            Notifications.Post(db, Recipient.ToRole(notice.Role), notice.Kind, $"交易中心{month.ChineseName}月度报告{notice.Title}",
                $"报告编号 {report.Number}" + (plan.Reason is null ? "" : "；理由：" + plan.Reason), "/Reports/Monthly/" + id.ToString(CultureInfo.InvariantCulture), now);
            await db.SaveChangesAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    private static (string Role, string Kind, string Title)? StepNotice(MonthlyReportAction action, MonthlyReportState from) => action switch
    {
        MonthlyReportAction.SendForReview => (Roles.TradingCenter, "monthly.review", "待审核"),
        MonthlyReportAction.Submit => (Roles.OfficeAdmin, "monthly.submitted", "已报送，待转送"),
        MonthlyReportAction.Return => (Roles.TradingCenter, "monthly.returned", from == MonthlyReportState.Submitted ? "被公管办退回" : "被审核人退回"),
        _ => null,
    };

    /// <summary>
    /// The addressees of a forwarded report: every member unit (industry supervisor), the discipline inspection unit
    /// and the police; a kind of unit the platform does not hold yet is addressed by role instead.
    /// </summary>
    public static async Task<IReadOnlyList<(Recipient To, string Name)>> AddresseesAsync(JianguanDbContext db, CancellationToken ct = default)
    {
        var units = await db.Organisations.AsNoTracking()
            .Where(o => o.Kind == OrgKind.Industry || o.Kind == OrgKind.Discipline || o.Kind == OrgKind.Police)
            .OrderBy(o => o.Id).Select(o => new { o.Id, o.Name, o.Kind }).ToListAsync(ct);
        var list = new List<(Recipient, string)>();
        foreach (var (kind, roles) in new (OrgKind, string[])[]
                 {
                     (OrgKind.Industry, [Roles.MemberSupervisor, Roles.MemberLeader]),
                     (OrgKind.Discipline, [Roles.Discipline]),
                     (OrgKind.Police, [Roles.Police]),
                 })
        {
            var ofKind = units.Where(u => u.Kind == kind).ToList();
            if (ofKind.Count > 0)
            {
                list.AddRange(ofKind.Select(u => (Recipient.ToOrganisation(u.Id), u.Name)));
            }
            else
            {
                list.AddRange(roles.Select(r => (Recipient.ToRole(r), Roles.ChineseNames[r])));
            }
        }

        return list;
    }

    private static async Task ForwardAsync(JianguanDbContext db, MonthlyReport report, DateTimeOffset now, CancellationToken ct)
    {
        var month = ReportMonth.Parse(report.Month);
        var link = "/Reports/Monthly/" + report.Id.ToString(CultureInfo.InvariantCulture);
        var posted = new List<(Notification Notification, string Name)>();
        foreach (var (to, name) in await AddresseesAsync(db, ct))
        {
            posted.Add((Notifications.Post(db, to, NotificationKind, $"公管办转送：交易中心{month.ChineseName}月度报告",
                $"报告编号 {report.Number}，请查阅。", link, now), name));
        }

        await db.SaveChangesAsync(ct);
        db.AddRange(posted.Select(p => new MonthlyReportRecipient { ReportId = report.Id, NotificationId = p.Notification.Id, Name = p.Name }));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Marks the report's notifications addressed to this reader as read: opening the report is reading it.</summary>
    public static async Task MarkReadAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, InboxReader reader, long reportId,
        DateTimeOffset at, CancellationToken ct = default)
    {
        var ids = await db.Set<MonthlyReportRecipient>().AsNoTracking().Where(r => r.ReportId == reportId).Select(r => r.NotificationId).ToListAsync(ct);
        var mine = await Notifications.AddressedTo(db, reader).Where(n => ids.Contains(n.Id))
            .Where(n => !db.Set<NotificationRead>().Any(r => r.NotificationId == n.Id && r.UserId == reader.UserId))
            .Select(n => n.Id).ToListAsync(ct);
        foreach (var id in mine)
        {
            await Notifications.MarkReadAsync(db, reader, id, audit, actor, at, ct);
        }
    }

    /// <summary>Each addressee with who read its notification, and when (first read).</summary>
    public static async Task<IReadOnlyList<MonthlyReceipt>> ReceiptsAsync(JianguanDbContext db, long reportId, CancellationToken ct = default)
    {
        var recipients = await db.Set<MonthlyReportRecipient>().AsNoTracking().Where(r => r.ReportId == reportId).OrderBy(r => r.Id).ToListAsync(ct);
        var ids = recipients.Select(r => r.NotificationId).ToList();
        var reads = await (from r in db.Set<NotificationRead>().AsNoTracking()
                           where ids.Contains(r.NotificationId)
                           join u in db.Users.AsNoTracking() on r.UserId equals u.Id into users
                           from u in users.DefaultIfEmpty()
                           select new
                           {
                               r.NotificationId,
                               r.ReadAt,
                               Name = u == null ? r.UserId : (u.DisplayName != "" ? u.DisplayName : u.UserName),
                               Unit = u == null || u.Organisation == null ? null : u.Organisation.Name,
                           }).ToListAsync(ct);
        return [.. recipients.Select(r => new MonthlyReceipt(r.Name, [.. reads.Where(x => x.NotificationId == r.NotificationId)
            .OrderBy(x => x.ReadAt).Select(x => new MonthlyReader(x.Name ?? "", x.Unit, x.ReadAt))]))];
    }

    public static Task<List<MonthlyReportTransition>> HistoryAsync(JianguanDbContext db, long reportId, CancellationToken ct = default) =>
        db.Set<MonthlyReportTransition>().AsNoTracking().Where(t => t.ReportId == reportId).OrderBy(t => t.Id).ToListAsync(ct);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
