using Jianguan.Platform.Calendar;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Documents;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Governance.Meetings;

/// <summary>One section of the annual report: a heading, its paragraphs and optionally a table.</summary>
public sealed record ReportSection(string Heading, IReadOnlyList<string> Paragraphs, IReadOnlyList<string>? Header = null,
    IReadOnlyList<IReadOnlyList<string?>>? Rows = null);

/// <summary>The headline figures of a year (the page and the document show the same).</summary>
public sealed record AnnualFigures(int Year, int MeetingsHeld, int RegularHeld, int ExtraHeld, int Requests, int Decisions, int Tasks, int TasksDone,
    int TasksOverdue, int TasksDoneLate, int PlansApproved, int Inspections, int InspectionsCompleted, int Complaints, int Clues, int Alerts,
    int OverdueDuties);

/// <summary>What the section builders read: the database, the year, today and the calendar, the clock directories.</summary>
public sealed record AnnualReportContext(JianguanDbContext Db, int Year, DateOnly Today, WorkingCalendar Calendar,
    IReadOnlyList<IClockSubjectDirectory> Directories)
{
    public DateTimeOffset Start => ChinaTime.StartOfDay(new DateOnly(Year, 1, 1));

    public DateTimeOffset End => ChinaTime.StartOfDay(new DateOnly(Year + 1, 1, 1));

    public DateOnly First => new(Year, 1, 1);

    public DateOnly Last => new(Year, 12, 31);
}

/// <summary>A duty that went overdue in the year: who answers for it and what it is.</summary>
public sealed record OverdueDuty(string Kind, string Unit, string Duty, string Subject, DateOnly Due, DateOnly? DoneOn);

/// <summary>The report: its figures, its editable summary and its sections in order.</summary>
public sealed record AnnualReportContent(AnnualFigures Figures, string Summary, IReadOnlyList<ReportSection> Sections, IReadOnlyList<OverdueDuty> Overdue);

/// <summary>
/// The annual report to the city government (ADR-018), computed from the year's data: meetings and decisions,
/// tasks, inspections, complaints, clues, alerts and overdue duties from the statutory clocks. Each section is one
/// builder in <see cref="Builders"/>; a module that adds data (penalties, the credit blacklist) adds its builder.
/// </summary>
public static class AnnualReport
{
    public const string DefaultSummary = "本年度，公共资源交易协同监管联席会议各成员单位按照职责分工，落实联席会议决定事项，开展双随机抽查，办理投诉举报和问题线索。下一年度将继续加强信息共享和协同联动。";

    /// <summary>The section builders, in the order of the document. Add one here to extend the report.</summary>
    public static IReadOnlyList<Func<AnnualReportContext, AnnualFigures, IReadOnlyList<OverdueDuty>, CancellationToken, Task<ReportSection?>>> Builders { get; } =
    [
        MeetingsSectionAsync,
        TasksSectionAsync,
        (c, f, _, ct) => Task.FromResult<ReportSection?>(new ReportSection("三、双随机抽查",
            [$"全年抽取检查对象 {f.Inspections} 个，完成检查 {f.InspectionsCompleted} 个。"])),
        (c, f, _, ct) => Task.FromResult<ReportSection?>(new ReportSection("四、投诉举报、问题线索和预警",
            [$"全年收到异议、投诉、举报 {f.Complaints} 件，登记问题线索 {f.Clues} 条，智慧监管系统产生预警 {f.Alerts} 条。"])),
        CreditSectionAsync,
        OverdueSectionAsync,
    ];

    public static async Task<AnnualFigures> FiguresAsync(AnnualReportContext c, IReadOnlyList<OverdueDuty> overdue, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(overdue);
        var db = c.Db;
        var held = await db.Set<Meeting>().AsNoTracking().Where(m => m.State == MeetingState.Held && m.HeldOn >= c.First && m.HeldOn <= c.Last)
            .Select(m => m.Kind).ToListAsync(ct);
        var requests = await db.Set<Meeting>().CountAsync(m => m.Kind == MeetingKind.Extra && m.RequestedAt >= c.Start && m.RequestedAt < c.End, ct);
        var decisions = await db.Set<MeetingDecision>().AsNoTracking().Where(d => d.Meeting!.HeldOn >= c.First && d.Meeting.HeldOn <= c.Last)
            .Select(d => new { d.Approves }).ToListAsync(ct);
        var tasks = await TasksAsync(c, ct);
        var inspections = await db.SamplingAssignments.CountAsync(a => a.Draw!.DrawnAt >= c.Start && a.Draw.DrawnAt < c.End, ct);
        var completed = await db.SamplingAssignments.CountAsync(a => a.CompletedOn >= c.First && a.CompletedOn <= c.Last, ct);
        var complaints = await db.Set<Complaints.Complaint>().CountAsync(x => x.ReceivedOn >= c.First && x.ReceivedOn <= c.Last, ct);
        var clues = await db.Set<Clues.Clue>().CountAsync(x => x.CreatedAt >= c.Start && x.CreatedAt < c.End, ct);
        var alerts = await db.Set<Warnings.RiskAlert>().CountAsync(a => (a.OccurredAt ?? a.FirstSeenAt) >= c.Start && (a.OccurredAt ?? a.FirstSeenAt) < c.End, ct);
        return new AnnualFigures(c.Year, held.Count, held.Count(k => k == MeetingKind.Regular), held.Count(k => k == MeetingKind.Extra), requests,
            decisions.Count, tasks.Count, tasks.Count(t => t.Task.State == MeetingTaskState.Done), tasks.Count(t => t.Overdue),
            tasks.Count(t => t.Task.State == MeetingTaskState.Done && t.Task.DoneOn > t.Task.DueOn),
            decisions.Count(d => d.Approves != ApprovedPlan.None), inspections, completed, complaints, clues, alerts, overdue.Count);
    }

    /// <summary>A task row with whether it is overdue today (open past its due day).</summary>
    public sealed record TaskRow(MeetingTask Task, string Unit, string Decision, bool Overdue);

    /// <summary>The tasks of decisions of meetings held in the year.</summary>
    public static async Task<List<TaskRow>> TasksAsync(AnnualReportContext c, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(c);
        var rows = await c.Db.Set<MeetingTask>().AsNoTracking().Include(t => t.OwnerUnit).Include(t => t.Decision)
            .Where(t => t.Decision!.Meeting!.HeldOn >= c.First && t.Decision.Meeting.HeldOn <= c.Last)
            .OrderBy(t => t.DueOn).ThenBy(t => t.Id).ToListAsync(ct);
        return [.. rows.Select(t => new TaskRow(t, t.OwnerUnit!.Name, t.Decision!.Number, t.State == MeetingTaskState.Open && t.DueOn < c.Today))];
    }

    /// <summary>
    /// Duties of every module due in the year that went overdue: clocks stopped after their due day, or still open
    /// past it today; the answerable unit comes from each module's clock directory.
    /// </summary>
    public static async Task<List<OverdueDuty>> OverdueAsync(AnnualReportContext c, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(c);
        var late = await LateDuties.FindAsync(c.Db, c.Directories, c.Calendar, c.First, c.Last, c.Today, ct);
        var byKind = c.Directories.GroupBy(d => d.Kind, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var result = late.Select(l =>
        {
            var rule = Clocks.Rule(l.Clock.RuleCode, byKind.GetValueOrDefault(l.Clock.SubjectKind)).Name;
            return l.Owner is { } o
                ? new OverdueDuty(l.Clock.SubjectKind, o.Unit, o.Duty, o.Subject, l.Clock.Due, l.Clock.StoppedOn)
                : new OverdueDuty(l.Clock.SubjectKind, "未确定", rule, $"{rule}（编号 {l.Clock.SubjectId}）", l.Clock.Due, l.Clock.StoppedOn);
        });
        return [.. result.OrderBy(r => r.Unit, StringComparer.Ordinal).ThenBy(r => r.Due)];
    }

    public static async Task<AnnualReportContent> BuildAsync(AnnualReportContext c, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(c);
        var overdue = await OverdueAsync(c, ct);
        var figures = await FiguresAsync(c, overdue, ct);
        var summary = await c.Db.Set<AnnualReportText>().AsNoTracking().Where(t => t.Year == c.Year).Select(t => t.Summary).FirstOrDefaultAsync(ct)
            ?? DefaultSummary;
        var sections = new List<ReportSection>();
        foreach (var build in Builders)
        {
            if (await build(c, figures, overdue, ct) is { } s)
            {
                sections.Add(s);
            }
        }

        return new AnnualReportContent(figures, summary, sections, overdue);
    }

    private static async Task<ReportSection?> MeetingsSectionAsync(AnnualReportContext c, AnnualFigures f, IReadOnlyList<OverdueDuty> _, CancellationToken ct)
    {
        var meetings = await c.Db.Set<Meeting>().AsNoTracking().Where(m => m.State == MeetingState.Held && m.HeldOn >= c.First && m.HeldOn <= c.Last)
            .OrderBy(m => m.HeldOn).Select(m => new { m.Number, m.Kind, m.Title, m.HeldOn, Decisions = m.Decisions.Count }).ToListAsync(ct);
        var plans = await c.Db.Set<MeetingDecision>().AsNoTracking()
            .Where(d => d.Approves != ApprovedPlan.None && d.Meeting!.HeldOn >= c.First && d.Meeting.HeldOn <= c.Last)
            .Select(d => new { d.Number, d.Approves, d.PlanYear }).ToListAsync(ct);
        var text = new List<string>
        {
            $"全年召开联席会议 {f.MeetingsHeld} 次（例会 {f.RegularHeld} 次、临时会议 {f.ExtraHeld} 次），成员单位提请临时会议 {f.Requests} 次，形成决定事项 {f.Decisions} 项。",
        };
        text.AddRange(plans.Select(p => $"决定 {p.Number} 批准{p.PlanYear}年度{GovernanceLabels.PlanName(p.Approves)}。"));
        return new ReportSection("一、联席会议", text, ["编号", "类别", "议题", "召开日期", "决定事项"],
            [.. meetings.Select(m => (IReadOnlyList<string?>)[m.Number, GovernanceLabels.KindName(m.Kind), m.Title, ChinaTime.FormatDate(m.HeldOn),
                m.Decisions.ToString(CultureInfo.InvariantCulture)])]);
    }

    private static async Task<ReportSection?> TasksSectionAsync(AnnualReportContext c, AnnualFigures f, IReadOnlyList<OverdueDuty> _, CancellationToken ct)
    {
        var tasks = await TasksAsync(c, ct);
        return new ReportSection("二、决定事项落实",
            [$"联席会议交办任务 {f.Tasks} 项，已完成 {f.TasksDone} 项（其中逾期完成 {f.TasksDoneLate} 项），逾期未完成 {f.TasksOverdue} 项。"],
            ["决定", "任务", "责任单位", "完成期限", "状态"],
            [.. tasks.Select(t => (IReadOnlyList<string?>)[t.Decision, t.Task.Title, t.Unit, ChinaTime.FormatDate(t.Task.DueOn),
                t.Overdue ? "逾期未完成" : t.Task.State == MeetingTaskState.Done ? (t.Task.DoneOn > t.Task.DueOn ? "逾期完成" : "已完成") : "办理中"])]);
    }

    /// <summary>Penalty decisions decided in the year and the credit blacklist (clause 五(十二)(十三); ADR-019).</summary>
    private static async Task<ReportSection?> CreditSectionAsync(AnnualReportContext c, AnnualFigures f, IReadOnlyList<OverdueDuty> _, CancellationToken ct)
    {
        var penalties = await c.Db.Set<Credit.PenaltyDecision>().AsNoTracking().Where(p => p.DecidedOn >= c.First && p.DecidedOn <= c.Last)
            .Select(p => p.State).ToListAsync(ct);
        // The blacklist is small (listings, not bids): its year is read in memory, with the entity's own rule for the
        // last day a listing punishes.
        var entries = await c.Db.Set<Credit.BlacklistEntry>().AsNoTracking().Where(b => b.StartOn <= c.Last).ToListAsync(ct);
        var listed = entries.Count(b => b.StartOn >= c.First);
        bool EndedInYear(Credit.BlacklistEntry b, Credit.BlacklistState state) =>
            b.State == state && (state == Credit.BlacklistState.Expired ? b.EndOn : b.EndedOn) is { } d && d >= c.First && d <= c.Last;
        var active = entries.Count(b => b.EffectiveEnd is { } last && last >= c.Last);
        return new ReportSection("五、行政处罚信息共享和信用惩戒",
        [
            $"全年作出行政处罚决定 {penalties.Count} 件，其中已公开并抄送各成员单位 {penalties.Count(s => s == Credit.PenaltyState.Published)} 件。",
            $"全年列入失信名单 {listed} 个，信用修复 {entries.Count(b => EndedInYear(b, Credit.BlacklistState.Repaired))} 个，"
                + $"撤销 {entries.Count(b => EndedInYear(b, Credit.BlacklistState.Revoked))} 个，期满移出 {entries.Count(b => EndedInYear(b, Credit.BlacklistState.Expired))} 个；"
                + $"年末仍在名单内 {active} 个。",
        ]);
    }

    private static Task<ReportSection?> OverdueSectionAsync(AnnualReportContext c, AnnualFigures f, IReadOnlyList<OverdueDuty> overdue, CancellationToken ct)
    {
        var byUnit = overdue.GroupBy(o => o.Unit, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()} 项");
        return Task.FromResult<ReportSection?>(new ReportSection("六、逾期履职情况",
            [overdue.Count == 0 ? "全年各项法定和约定期限均按时完成。" : $"全年逾期履职 {overdue.Count} 项：{string.Join("，", byUnit)}。"],
            ["责任单位", "事项", "内容", "期限", "完成日期"],
            [.. overdue.Select(o => (IReadOnlyList<string?>)[o.Unit, o.Duty, o.Subject, ChinaTime.FormatDate(o.Due), ChinaTime.FormatDate(o.DoneOn, "未完成")])]));
    }

    public static DocxDocument Docx(AnnualReportContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var doc = new DocxDocument($"{content.Figures.Year}年度公共资源交易协同监管工作报告") { PageHeader = "海口市公共资源交易协同监管联席会议办公室" };
        doc.Heading("总体情况");
        doc.Paragraph(content.Summary);
        foreach (var s in content.Sections)
        {
            doc.Heading(s.Heading);
            foreach (var p in s.Paragraphs)
            {
                doc.Paragraph(p);
            }

            if (s.Header is { } header && s.Rows is { Count: > 0 } rows)
            {
                doc.Table(header, rows);
            }
        }

        return doc;
    }

    /// <summary>Saves the editable summary of a year.</summary>
    public static async Task SaveSummaryAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, int year, string? summary, DateTimeOffset now,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        var text = string.IsNullOrWhiteSpace(summary) ? throw new GovernanceException("请填写总体情况。", "Summary") : summary.Trim();
        if (text.Length > 8000)
        {
            throw new GovernanceException("总体情况不能超过 8000 个字。", "Summary");
        }

        var row = await db.Set<AnnualReportText>().FirstOrDefaultAsync(t => t.Year == year, ct);
        if (row is null)
        {
            db.Add(new AnnualReportText { Year = year, Summary = text, UpdatedAt = now.ToUniversalTime(), UpdatedBy = actor?.UserName });
        }
        else
        {
            row.Summary = text;
            row.UpdatedAt = now.ToUniversalTime();
            row.UpdatedBy = actor?.UserName;
        }

        await audit.RecordAsync(db, actor!, "annual.edit", "annual-report:" + year.ToString(CultureInfo.InvariantCulture), new { year, summary = text.Length }, ct);
        await db.SaveChangesAsync(ct);
    }
}
