using Jianguan.Features.Sampling;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Documents;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Credit.Accountability;

/// <summary>The period a report covers: a year or one of its quarters (Beijing dates, both ends included).</summary>
public sealed record AccountabilityPeriod(int Year, int? Quarter)
{
    public DateOnly From => new(Year, Quarter is { } q ? ((q - 1) * 3) + 1 : 1, 1);

    public DateOnly To => Quarter is { } q ? new DateOnly(Year, q * 3, 1).AddMonths(1).AddDays(-1) : new DateOnly(Year, 12, 31);

    public string Name => Quarter is { } q ? $"{Year}年第{"一二三四"[q - 1]}季度" : $"{Year}年度";

    public static bool TryCreate(int year, int? quarter, out AccountabilityPeriod period)
    {
        period = new AccountabilityPeriod(year, quarter);
        return year is >= 2000 and <= 2199 && quarter is null or (>= 1 and <= 4);
    }
}

/// <summary>One duty missed or done late: the clock, the unit answerable and where to look.</summary>
public sealed record LateDuty(
    long ClockId,
    string Kind,
    string KindName,
    int? UnitId,
    string Unit,
    string Duty,
    string Subject,
    string? Link,
    string Rule,
    DateOnly Due,
    DateOnly? DoneOn,
    int DaysLate,
    bool Open);

/// <summary>Counts of one unit: per duty kind, and how many are still open (overdue now).</summary>
public sealed record UnitAccountability(int? UnitId, string Unit, IReadOnlyDictionary<string, int> ByKind, int Total, int Open);

public sealed record AccountabilityReport(AccountabilityPeriod Period, DateOnly Today, IReadOnlyList<string> Kinds, IReadOnlyList<UnitAccountability> Units,
    IReadOnlyList<LateDuty> Duties)
{
    public int Total => Duties.Count;

    public int Open => Duties.Count(d => d.Open);
}

/// <summary>
/// Accountability (clause 八(十九)): every statutory clock of every module whose due day falls in the period and
/// that was either stopped after its due day or is overdue now, attributed to the member unit its module names
/// (<see cref="IClockSubjectDirectory.OwnersAsync"/>). One query serves the page, the dashboard, the .docx and
/// the command line, so their figures are the same.
/// </summary>
public sealed class AccountabilityService(IEnumerable<IClockSubjectDirectory> directories, CalendarService calendars)
{
    public const string Unassigned = "未归属单位";

    public static string KindName(string kind) => kind switch
    {
        "complaint" => "投诉举报办理",
        "referral" => "线索移送回复",
        "assistance" => "协助请求回复",
        "sampling.assignment" => "抽查结果公示",
        "liaison.change" => "联络人变更报备",
        "meeting.task" => "联席会议议定事项",
        "monthly.report" => "交易中心月度报告",
        _ => "其他法定期限",
    };

    public async Task<AccountabilityReport> ComputeAsync(JianguanDbContext db, AccountabilityPeriod period, DateOnly today, int? unit = null,
        string? kind = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(period);
        var calendar = await calendars.GetAsync(ct);
        var late = await LateDuties.FindAsync(db, directories, calendar, period.From, period.To, today, ct);
        var byKind = directories.GroupBy(d => d.Kind, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var duties = late.Select(l =>
        {
            var (c, owner) = (l.Clock, l.Owner);
            var rule = Clocks.Rule(c.RuleCode, byKind.GetValueOrDefault(c.SubjectKind)).Name;
            var days = calendar.WorkingDaysBetween(c.Due, c.StoppedOn ?? today);
            return new LateDuty(c.Id, c.SubjectKind, KindName(c.SubjectKind), owner?.UnitId, owner?.Unit ?? Unassigned,
                owner?.Duty ?? rule, owner?.Subject ?? $"{c.SubjectKind}/{c.SubjectId}", owner?.Link, rule, c.Due, c.StoppedOn, Math.Max(1, days), l.Open);
        }).ToList();

        var kinds = duties.Select(d => d.KindName).Distinct().Order(StringComparer.Ordinal).ToList();
        var units = duties.GroupBy(d => (d.UnitId, d.Unit))
            .Select(g => new UnitAccountability(g.Key.UnitId, g.Key.Unit,
                g.GroupBy(d => d.KindName).ToDictionary(k => k.Key, k => k.Count()), g.Count(), g.Count(d => d.Open)))
            .OrderByDescending(u => u.Total).ThenBy(u => u.UnitId ?? int.MaxValue).ToList();
        IEnumerable<LateDuty> listed = duties.OrderBy(d => d.Due).ThenBy(d => d.ClockId);
        if (unit is { } u)
        {
            listed = listed.Where(d => d.UnitId == u);
        }

        if (!string.IsNullOrEmpty(kind))
        {
            listed = listed.Where(d => d.Kind == kind);
        }

        return new AccountabilityReport(period, today, kinds, units, [.. listed]);
    }

    /// <summary>The report to the city government as a Word document: the same counts and list as the page.</summary>
    public static DocxDocument Docx(AccountabilityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var doc = new DocxDocument($"{report.Period.Name}成员单位履职问责情况报告") { PageHeader = "海口市公共资源交易协同监管" };
        doc.Paragraph($"统计期间：{ChinaTime.FormatDate(report.Period.From)} 至 {ChinaTime.FormatDate(report.Period.To)}；统计日期：{ChinaTime.FormatDate(report.Today)}。");
        doc.Paragraph($"期间到期的法定期限中，逾期办结或至今仍逾期未办的共 {report.Total} 件，其中仍未办结 {report.Open} 件，涉及 {report.Units.Count} 个单位。");
        doc.Heading("一、各单位逾期情况");
        doc.Table(["单位", .. report.Kinds, "合计", "仍未办结"],
            report.Units.Select(u => (IReadOnlyList<string?>)[u.Unit, .. report.Kinds.Select(k => u.ByKind.GetValueOrDefault(k).ToString(CultureInfo.InvariantCulture)),
                u.Total.ToString(CultureInfo.InvariantCulture), u.Open.ToString(CultureInfo.InvariantCulture)]));
        doc.Heading("二、逾期事项明细");
        doc.Table(["单位", "事项", "编号", "期限", "到期日", "办结日", "逾期工作日"],
            report.Duties.Select(d => (IReadOnlyList<string?>)[d.Unit, d.Duty, d.Subject, d.Rule, ChinaTime.FormatDate(d.Due),
                d.DoneOn is { } done ? ChinaTime.FormatDate(done) : "未办结", d.DaysLate.ToString(CultureInfo.InvariantCulture)]));
        doc.Heading("三、处理建议");
        doc.Paragraph(report.Total == 0
            ? "本期各成员单位均在法定期限内履职。"
            : "请逾期单位说明原因并限期整改；仍未办结的事项由公管办督办，情节严重的按协同监管机制移送纪检监察机关。");
        return doc;
    }

    /// <summary>The report of a period as a .docx download (the office's page and the city government's), audited.</summary>
    public async Task<(MemoryStream Document, string FileName)> DownloadAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor,
        AccountabilityPeriod period, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(period);
        var report = await ComputeAsync(db, period, today, ct: ct);
        await audit.RecordAsync(db, actor, "accountability.download", "accountability",
            new { period = period.Name, total = report.Total, format = "文字处理文档" }, ct);
        var stream = new MemoryStream();
        Docx(report).WriteTo(stream);
        stream.Position = 0;
        return (stream, FileName(period));
    }

    public static string FileName(AccountabilityPeriod period) => $"履职问责报告-{period.Year}{(period.Quarter is { } q ? "-Q" + q.ToString(CultureInfo.InvariantCulture) : "")}.docx";
}

/// <summary>
/// Names the unit answerable for a random inspection's publication clock (the inspecting department, matched by
/// name; else the office). Sends no reminders: the sampling module has not asked for them.
/// </summary>
public sealed class SamplingClockDirectory : IClockSubjectDirectory
{
    public string Kind => "sampling.assignment";

    public Task<ClockAddress?> AddressAsync(JianguanDbContext db, string subjectId, CancellationToken ct) => Task.FromResult<ClockAddress?>(null);

    public async Task<IReadOnlyDictionary<string, DutyOwner>> OwnersAsync(JianguanDbContext db, IReadOnlyCollection<string> subjectIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(subjectIds);
        var ids = subjectIds.Select(s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1).Where(id => id > 0).Distinct().ToList();
        var rows = await db.Set<SamplingAssignment>().AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.ObjectName, a.Department }).ToListAsync(ct);
        var units = await db.Organisations.AsNoTracking().Select(o => new { o.Id, o.Name, o.Kind }).ToListAsync(ct);
        var office = units.FirstOrDefault(o => o.Kind == OrgKind.Lead);
        var result = new Dictionary<string, DutyOwner>();
        foreach (var r in rows)
        {
            var unit = units.FirstOrDefault(o => o.Name == r.Department) ?? office;
            if (unit is null)
            {
                continue;
            }

            result[r.Id.ToString(CultureInfo.InvariantCulture)] = new DutyOwner(unit.Id, unit.Name, "抽查结果公示期限", $"抽查对象 {r.ObjectName}",
                "/Sampling/Assignments/Edit?id=" + r.Id.ToString(CultureInfo.InvariantCulture));
        }

        return result;
    }
}
