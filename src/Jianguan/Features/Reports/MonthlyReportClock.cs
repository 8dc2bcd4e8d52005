using Jianguan.Platform.Calendar;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Inbox;
using Jianguan.Platform.Jobs;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Reports;

/// <summary>
/// The trading center's duty to report each month (clause 五(十), ADR-017) on a Platform clock of kind
/// <c>monthly.report</c>, subject the month (<c>2026-11</c>). RULES §2 sets no time limit, so the platform's is an
/// agreed one: the report of a month is due on its 10th working day after the month's last day (the 10th working day
/// of the next month), time for the month's data to land and for the review inside the center. Submitting the report
/// to the 公管办 stops the clock; a report not submitted by then is overdue and shows in the accountability view.
/// </summary>
public static class MonthlyReportClock
{
    public const string Kind = "monthly.report";

    public const int WorkingDays = 10;

    public static string Rule { get; } = Clocks.AgreedRule(WorkingDays);

    public static ClockSubject Subject(ReportMonth month) => new(Kind, month.ToString());

    /// <summary>The day the clock starts from (not counted): the month's last day.</summary>
    public static DateOnly StartDay(ReportMonth month) => month.FirstDay.AddMonths(1).AddDays(-1);

    /// <summary>Starts the month's clock unless it exists (idempotent: the job runs daily and a submission may come first).</summary>
    public static async Task<StatutoryClock> EnsureAsync(JianguanDbContext db, AuditTrail audit, ReportMonth month, WorkingCalendar calendar,
        DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await Clocks.FindAsync(db, Subject(month), Rule, ct)
            ?? await Clocks.StartAsync(db, audit, AuditActor.System, Subject(month), Rule, StartDay(month), calendar, now, ct: ct);
    }

    /// <summary>The report was submitted to the 公管办 at <paramref name="at"/>: the duty is done (late when after the due day).</summary>
    public static async Task StopAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, ReportMonth month, WorkingCalendar calendar,
        DateTimeOffset at, CancellationToken ct = default)
    {
        await EnsureAsync(db, audit, month, calendar, at, ct);
        await Clocks.StopAsync(db, audit, actor, Subject(month), Rule, at, "已报送公管办", ct);
    }
}

/// <summary>
/// Starts the clock of the month just ended (daily, 00:20 Beijing time; idempotent), and stops it at once when that
/// month's report was already submitted before the clock existed.
/// </summary>
public sealed class MonthlyReportClockJob(JianguanDbContext db, AuditTrail audit, CalendarService calendars, TimeProvider time) : IScheduledJob
{
    public const string Name = "monthly-report-clock";
    public const string Cron = "0 20 0 * * ?";

    public async Task<string?> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var month = ReportMonth.Of(ChinaTime.DateOf(now).AddMonths(-1));
        if (await Clocks.FindAsync(db, MonthlyReportClock.Subject(month), MonthlyReportClock.Rule, ct) is not null)
        {
            return $"{month.ChineseName}月度报告已计时 / clock exists";
        }

        var calendar = await calendars.GetAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var clock = await MonthlyReportClock.EnsureAsync(db, audit, month, calendar, now, ct);
        var submitted = await db.Set<MonthlyReport>().AsNoTracking().Where(r => r.Month == month.ToString() && r.SubmittedAt != null)
            .Select(r => r.SubmittedAt).FirstOrDefaultAsync(ct);
        if (submitted is { } at)
        {
            await Clocks.StopAsync(db, audit, AuditActor.System, MonthlyReportClock.Subject(month), MonthlyReportClock.Rule, at, "已报送公管办", ct);
        }

        await tx.CommitAsync(ct);
        return $"{month.ChineseName}月度报告应于 {ChinaTime.FormatDate(clock.Due)} 前报送 / clock started";
    }
}

/// <summary>
/// Reminders and the accountability view of the monthly report's clock: the trading center is told and answers for
/// it; the office hears once it is overdue.
/// </summary>
public sealed class MonthlyReportClockDirectory : IClockSubjectDirectory
{
    public string Kind => MonthlyReportClock.Kind;

    public string AgreedRuleName => "月度报告报送期限";

    private static async Task<string> LinkAsync(JianguanDbContext db, string month, CancellationToken ct) =>
        await db.Set<MonthlyReport>().AsNoTracking().Where(r => r.Month == month).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct) is { } id
            ? "/Reports/Monthly/" + id.ToString(CultureInfo.InvariantCulture)
            : "/Reports/Monthly";

    public async Task<ClockAddress?> AddressAsync(JianguanDbContext db, string subjectId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return ReportMonth.TryParse(subjectId, out var month)
            ? new ClockAddress($"交易中心{month.ChineseName}月度报告", await LinkAsync(db, subjectId, ct), Recipient.ToRole(Roles.TradingCenter),
                Recipient.ToRole(Roles.OfficeAdmin))
            : null;
    }

    public async Task<IReadOnlyDictionary<string, DutyOwner>> OwnersAsync(JianguanDbContext db, IReadOnlyCollection<string> subjectIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(subjectIds);
        var center = await db.Organisations.AsNoTracking().Where(o => o.Kind == OrgKind.TradingCenter).OrderBy(o => o.Id)
            .Select(o => new { o.Id, o.Name }).FirstOrDefaultAsync(ct);
        var owners = new Dictionary<string, DutyOwner>(StringComparer.Ordinal);
        if (center is null)
        {
            return owners;
        }

        foreach (var id in subjectIds)
        {
            if (ReportMonth.TryParse(id, out var month))
            {
                owners[id] = new DutyOwner(center.Id, center.Name, "交易中心月度报告", $"{month.ChineseName}月度报告", await LinkAsync(db, id, ct));
            }
        }

        return owners;
    }
}
