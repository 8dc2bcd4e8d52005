using System.Globalization;
using Jianguan.Features.Credit.Accountability;
using Jianguan.Features.Reports;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Clocks;
using Jianguan.Tests.Import;

namespace Jianguan.Tests.Reports;

/// <summary>
/// The monthly report's clock (ADR-017): the daily job starts the month's clock once the month has ended, due on the
/// 10th working day after it; submitting the report to the 公管办 stops it; a report not submitted in time is a late
/// duty of the trading center in the accountability view.
/// </summary>
[Trait("Category", "Database")]
public sealed class MonthlyReportClockTests : IAsyncLifetime
{
    private ImportTestDb _t = null!;
    private Organisation _center = null!;

    // The test host's clock starts at 2026-03-02 09:00 Beijing time: February has just ended.
    private static readonly AccountabilityPeriod FirstQuarter = new(2026, 1);

    public async Task InitializeAsync()
    {
        _t = await ImportTestDb.CreateAsync();
        _center = new Organisation { Code = "clock-center", Name = "测试公共资源交易中心", Kind = OrgKind.TradingCenter };
        _t.Db.Organisations.Add(_center);
        await _t.Db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _t.DisposeAsync();

    private Task<string?> RunJobAsync() => ActivatorUtilities.CreateInstance<MonthlyReportClockJob>(_t.Services).RunAsync(CancellationToken.None);

    private Task<AccountabilityReport> AccountabilityAsync(DateOnly today) =>
        _t.Services.GetRequiredService<AccountabilityService>().ComputeAsync(_t.Db, FirstQuarter, today);

    [Fact]
    public async Task Job_StartsTheEndedMonthsClockOnce_DueOnTheTenthWorkingDay_UnsubmittedReportIsLateInAccountability()
    {
        var first = await RunJobAsync();
        var second = await RunJobAsync();

        var clock = await _t.Db.Set<StatutoryClock>().AsNoTracking().SingleAsync(c => c.SubjectKind == MonthlyReportClock.Kind);
        Assert.Equal("2026-02", clock.SubjectId);
        Assert.Equal(new DateOnly(2026, 2, 28), clock.StartedOn);
        // 2026-02-28 is a Saturday; the 10th working day after it is Friday 13 March.
        Assert.Equal(new DateOnly(2026, 3, 13), clock.Due);
        Assert.Contains("2026-03-13", first, StringComparison.Ordinal);
        Assert.Contains("已计时", second, StringComparison.Ordinal);

        var onTime = await AccountabilityAsync(new DateOnly(2026, 3, 13));
        var late = await AccountabilityAsync(new DateOnly(2026, 3, 16));

        Assert.DoesNotContain(onTime.Duties, d => d.Kind == MonthlyReportClock.Kind);
        var duty = Assert.Single(late.Duties, d => d.Kind == MonthlyReportClock.Kind);
        Assert.Equal(_center.Id, duty.UnitId);
        Assert.Equal("交易中心月度报告", duty.KindName);
        Assert.Contains("2026年2月", duty.Subject, StringComparison.Ordinal);
        Assert.True(duty.Open);
        Assert.Equal(1, late.Units.Single(u => u.UnitId == _center.Id).Open);
    }

    [Fact]
    public async Task Submitting_StopsTheClock_LateSubmissionStaysVisibleAsDoneLate()
    {
        await RunJobAsync();
        var drafter = new AuditActor(null, "drafter", "trading-center", "");
        var reviewer = new AuditActor(null, "reviewer", "trading-center", "");
        var report = await MonthlyReportService.GenerateAsync(_t.Db, _t.Services.GetRequiredService<AuditTrail>(), drafter, _t.Clock, "2026-02");
        var audit = _t.Services.GetRequiredService<AuditTrail>();
        await MonthlyReportService.ActAsync(_t.Db, audit, drafter, _t.Clock, report.Id, MonthlyReportAction.SendForReview, null);
        await MonthlyReportService.ActAsync(_t.Db, audit, reviewer, _t.Clock, report.Id, MonthlyReportAction.Approve, null);
        // Submitted on Tuesday 17 March, two working days after the due day.
        _t.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 17, 10, 0, 0, TimeSpan.FromHours(8)));
        await MonthlyReportService.ActAsync(_t.Db, audit, drafter, _t.Clock, report.Id, MonthlyReportAction.Submit, null);

        var clock = await _t.Db.Set<StatutoryClock>().AsNoTracking().SingleAsync(c => c.SubjectKind == MonthlyReportClock.Kind);
        Assert.Equal(ClockState.Stopped, clock.State);
        Assert.Equal(new DateOnly(2026, 3, 17), clock.StoppedOn);
        Assert.True(clock.StoppedLate);
        var duty = Assert.Single((await AccountabilityAsync(new DateOnly(2026, 3, 20))).Duties, d => d.Kind == MonthlyReportClock.Kind);
        Assert.False(duty.Open);
        Assert.Equal(2, duty.DaysLate);
        Assert.Equal("/Reports/Monthly/" + report.Id.ToString(CultureInfo.InvariantCulture), duty.Link);
        Assert.Contains(await _t.Db.AuditEntries.AsNoTracking().Where(e => e.Action == "clock.stop").Select(e => e.Target).ToListAsync(),
            t => t.Contains(MonthlyReportClock.Kind, StringComparison.Ordinal));
    }
}
