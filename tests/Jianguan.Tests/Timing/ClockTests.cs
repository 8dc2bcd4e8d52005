using Jianguan.Platform.Audit;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Clocks;
using Jianguan.Tests.Import;
using Microsoft.Extensions.Time.Testing;

namespace Jianguan.Tests.Timing;

/// <summary>
/// Due days and the sweep. Dates from the holiday data: 2025-01-28…02-04 off with 01-26 (Sun) and 02-08 (Sat)
/// worked; 2025-10-01…10-08 off with 09-28 (Sun) and 10-11 (Sat) worked.
/// </summary>
[Trait("Category", "Database")]
public sealed class ClockTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.Embedded;
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static DateOnly Due(string rule, string start, params (string From, string Until)[] pauses) =>
        Clocks.DueDate(Deadlines.Get(rule), D(start), pauses.Select(p => (D(p.From), D(p.Until))), Calendar);

    [Theory]
    [InlineData("complaint.decide", "2025-01-27", "2025-03-17")]
    [InlineData("complaint.accept", "2025-09-30", "2025-10-11")]
    [InlineData("objection.answer", "2025-09-30", "2025-10-09")]
    [InlineData("sampling.publish", "2026-03-02", "2026-03-30")]
    public void DueDate_NoPauses_IsTheRulesDueDay(string rule, string start, string due)
    {
        Assert.Equal(D(due), Due(rule, start));
        Assert.Equal(Deadlines.Due(rule, D(start)), Due(rule, start));
    }

    [Fact]
    public void DueDate_PauseOverWorkingDays_MovesDueByThoseDaysOnTheCalendar()
    {
        // 3 working days after Mon 2025-01-27 is Fri 02-07. Wed 02-05 and Thu 02-06 paused: Fri 02-07, the make-up
        // Saturday 02-08 and Mon 02-10 count instead.
        Assert.Equal(D("2025-02-10"), Due("complaint.accept", "2025-01-27", ("2025-02-05", "2025-02-06")));
    }

    [Fact]
    public void DueDate_PauseSpanningAWeekend_CountsOnlyItsWorkingDays()
    {
        // Mon 2026-03-02 + 3 working days = Thu 03-05. Paused Tue 03-03 to Mon 03-09 (5 working days and a weekend):
        // counting resumes on Tue 03-10.
        Assert.Equal(D("2026-03-05"), Due("complaint.accept", "2026-03-02"));
        Assert.Equal(D("2026-03-12"), Due("complaint.accept", "2026-03-02", ("2026-03-03", "2026-03-09")));
    }

    [Fact]
    public void DueDate_PauseOverTheNationalDayHoliday_ChangesNothing()
    {
        // 2025-10-01…10-08 are days off: a suspension inside them suspends no working day.
        Assert.Equal(Due("complaint.decide", "2025-09-30"), Due("complaint.decide", "2025-09-30", ("2025-10-01", "2025-10-08")));
        Assert.Equal(D("2025-11-18"), Due("complaint.decide", "2025-09-30", ("2025-10-01", "2025-10-08")));
    }

    [Fact]
    public void DueDate_TwoPausesInAnyOrder_BothExcluded()
    {
        // complaint.decide from 2025-09-30 is due 11-18; Mon 10-13 and Mon–Tue 10-20/21 paused: three working days later.
        var due = Due("complaint.decide", "2025-09-30", ("2025-10-20", "2025-10-21"), ("2025-10-13", "2025-10-13"));
        Assert.Equal(D("2025-11-21"), due);
    }

    [Fact]
    public void DueDate_PauseAfterTheDueDay_ChangesNothing() =>
        Assert.Equal(D("2025-02-07"), Due("complaint.accept", "2025-01-27", ("2025-02-10", "2025-02-20")));

    [Fact]
    public void DueDate_CalendarDayRuleWithPause_SkipsThePausedDaysAndEndsOnAWorkingDay()
    {
        // 3 days after Mon 2025-09-22 is Thu 09-25. With 09-23 and 09-24 paused, the count ends on Sat 09-27, which
        // moves to the next working day: the make-up Sunday 09-28.
        Assert.Equal(D("2025-09-25"), Due("objection.answer", "2025-09-22"));
        Assert.Equal(D("2025-09-28"), Due("objection.answer", "2025-09-22", ("2025-09-23", "2025-09-24")));
    }

    [Fact]
    public void Evaluate_AroundTheDueDay_RunningWarnedOverdueWithWorkingDaysLeft()
    {
        var due = D("2025-02-10");
        Assert.Equal(new ClockStatus(ClockState.Running, 4), Clocks.Evaluate(due, 2, D("2025-02-05"), Calendar));
        // Fri 02-07: Sat 02-08 (make-up) and Mon 02-10 are left.
        Assert.Equal(new ClockStatus(ClockState.Warned, 2), Clocks.Evaluate(due, 2, D("2025-02-07"), Calendar));
        Assert.Equal(new ClockStatus(ClockState.Warned, 0), Clocks.Evaluate(due, 2, due, Calendar));
        Assert.Equal(new ClockStatus(ClockState.Overdue, -1), Clocks.Evaluate(due, 2, D("2025-02-11"), Calendar));
    }

    [Fact]
    public async Task SweepAsync_AsTimePasses_WarnsThenFlagsOverdueOnceEachWithAudit()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 27, 10, 0, 0, China));
        var audit = new AuditTrail(time, new AuditChain(null));
        var subject = new ClockSubject("test.case", "1");
        var other = new ClockSubject("test.case", "2");
        var clock = await Clocks.StartAsync(t.Db, audit, AuditActor.System, subject, Deadlines.ComplaintAccept, D("2025-01-27"), Calendar, time.GetUtcNow(), warnDays: 1);
        await Clocks.StartAsync(t.Db, audit, AuditActor.System, other, Deadlines.ComplaintAccept, D("2025-01-27"), Calendar, time.GetUtcNow(), warnDays: 1);
        await Clocks.StopAsync(t.Db, audit, AuditActor.System, other, Deadlines.ComplaintAccept, time.GetUtcNow());
        Assert.Equal((D("2025-02-07"), ClockState.Running), (clock.Due, clock.State));

        // Over the Spring Festival nothing changes: 3 working days are still left.
        time.SetUtcNow(new DateTimeOffset(2025, 2, 4, 23, 59, 0, China));
        Assert.Empty(await Clocks.SweepAsync(t.Db, audit, Calendar, time.GetUtcNow()));

        time.SetUtcNow(new DateTimeOffset(2025, 2, 6, 0, 5, 0, China));
        var warned = Assert.Single(await Clocks.SweepAsync(t.Db, audit, Calendar, time.GetUtcNow()));
        Assert.Equal(new ClockChange(clock.Id, subject, Deadlines.ComplaintAccept, ClockState.Running, ClockState.Warned, D("2025-02-07"), D("2025-02-07")), warned);
        Assert.Empty(await Clocks.SweepAsync(t.Db, audit, Calendar, time.GetUtcNow()));

        time.SetUtcNow(new DateTimeOffset(2025, 2, 8, 0, 5, 0, China));
        var overdue = Assert.Single(await Clocks.SweepAsync(t.Db, audit, Calendar, time.GetUtcNow()));
        Assert.Equal((ClockState.Warned, ClockState.Overdue), (overdue.From, overdue.To));
        time.Advance(TimeSpan.FromDays(3));
        Assert.Empty(await Clocks.SweepAsync(t.Db, audit, Calendar, time.GetUtcNow()));

        t.Db.ChangeTracker.Clear();
        var stored = await t.Db.Set<StatutoryClock>().SingleAsync(c => c.Id == clock.Id);
        Assert.Equal(ClockState.Overdue, stored.State);
        var actions = await t.Db.AuditEntries.Where(e => e.Target == "clock:test.case/1/complaint.accept").OrderBy(e => e.Seq).Select(e => e.Action).ToListAsync();
        Assert.Equal(["clock.start", "clock.warn", "clock.overdue"], actions);
        Assert.True((await audit.VerifyAsync(t.Db)).Ok);
    }

    [Fact]
    public async Task SweepAsync_RunningClockPastItsDueDay_GoesStraightToOverdue()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 27, 10, 0, 0, China));
        var audit = new AuditTrail(time, new AuditChain(null));
        await Clocks.StartAsync(t.Db, audit, AuditActor.System, new ClockSubject("test.case", "9"), Deadlines.ComplaintAccept, D("2025-01-27"), Calendar, time.GetUtcNow(), warnDays: 1);

        time.SetUtcNow(new DateTimeOffset(2025, 3, 3, 9, 0, 0, China));
        var change = Assert.Single(await Clocks.SweepAsync(t.Db, audit, Calendar, time.GetUtcNow()));

        Assert.Equal((ClockState.Running, ClockState.Overdue), (change.From, change.To));
    }

    [Fact]
    public async Task PauseResume_Suspension_StopsTheSweepAndMovesTheDueDay()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 2, 5, 9, 0, 0, China));
        var audit = new AuditTrail(time, new AuditChain(null));
        var subject = new ClockSubject("test.case", "3");
        await Clocks.StartAsync(t.Db, audit, AuditActor.System, subject, Deadlines.ComplaintAccept, D("2025-01-27"), Calendar, time.GetUtcNow(), warnDays: 0);

        var paused = await Clocks.PauseAsync(t.Db, audit, AuditActor.System, subject, Deadlines.ComplaintAccept, D("2025-02-05"), "专家评审", Calendar, time.GetUtcNow());
        Assert.Equal(ClockState.Paused, paused.State);
        // Paused for a week: the sweep leaves it alone, and it still has its 3 working days.
        time.SetUtcNow(new DateTimeOffset(2025, 2, 12, 9, 0, 0, China));
        Assert.Empty(await Clocks.SweepAsync(t.Db, audit, Calendar, time.GetUtcNow()));
        Assert.Equal(new ClockStatus(ClockState.Paused, 3), Clocks.StatusOn(paused, D("2025-02-12"), Calendar));

        var resumed = await Clocks.ResumeAsync(t.Db, audit, AuditActor.System, subject, Deadlines.ComplaintAccept, D("2025-02-12"), Calendar, time.GetUtcNow());
        // 02-05…02-12 not counted: Thu 02-13, Fri 02-14, Mon 02-17.
        Assert.Equal((D("2025-02-17"), ClockState.Running), (resumed.Due, resumed.State));
        Assert.Equal(new ClockStatus(ClockState.Running, 3), Clocks.StatusOn(resumed, D("2025-02-12"), Calendar));

        var stopped = await Clocks.StopAsync(t.Db, audit, AuditActor.System, subject, Deadlines.ComplaintAccept, new DateTimeOffset(2025, 2, 18, 9, 0, 0, China));
        Assert.Equal((ClockState.Stopped, true), (stopped!.State, stopped.StoppedLate));
        Assert.Equal(new ClockStatus(ClockState.Stopped, null), Clocks.StatusOn(stopped, D("2025-02-20"), Calendar));
        t.Db.ChangeTracker.Clear();
        var stored = await t.Db.Set<StatutoryClock>().Include(c => c.Pauses).SingleAsync(c => c.SubjectId == "3");
        var pause = Assert.Single(stored.Pauses);
        Assert.Equal((D("2025-02-05"), D("2025-02-12"), "专家评审"), (pause.From, pause.Until!.Value, pause.Reason));
        Assert.Equal(["clock.start", "clock.pause", "clock.resume", "clock.stop"],
            await t.Db.AuditEntries.Where(e => e.Target == "clock:test.case/3/complaint.accept").OrderBy(e => e.Seq).Select(e => e.Action).ToListAsync());
    }

    [Fact]
    public async Task PauseAsync_WithoutReasonOrTwice_IsRefused()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 2, 5, 9, 0, 0, China));
        var audit = new AuditTrail(time, new AuditChain(null));
        var subject = new ClockSubject("test.case", "4");
        await Clocks.StartAsync(t.Db, audit, AuditActor.System, subject, Deadlines.ComplaintDecide, D("2025-01-27"), Calendar, time.GetUtcNow());

        await Assert.ThrowsAsync<ClockException>(() => Clocks.PauseAsync(t.Db, audit, AuditActor.System, subject, Deadlines.ComplaintDecide, D("2025-02-05"), " ", Calendar, time.GetUtcNow()));
        await Clocks.PauseAsync(t.Db, audit, AuditActor.System, subject, Deadlines.ComplaintDecide, D("2025-02-05"), "鉴定", Calendar, time.GetUtcNow());
        await Assert.ThrowsAsync<ClockException>(() => Clocks.PauseAsync(t.Db, audit, AuditActor.System, subject, Deadlines.ComplaintDecide, D("2025-02-06"), "鉴定", Calendar, time.GetUtcNow()));
        await Assert.ThrowsAsync<ClockException>(() => Clocks.ResumeAsync(t.Db, audit, AuditActor.System, subject, Deadlines.ComplaintDecide, D("2025-02-04"), Calendar, time.GetUtcNow()));
    }

    [Fact]
    public async Task StartAsync_Again_RestartsTheSameClockFromTheCorrectedDay()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 23, 9, 0, 0, China));
        var audit = new AuditTrail(time, new AuditChain(null));
        var subject = ClockSubject.Of("sampling.assignment", 7);
        var first = await Clocks.StartAsync(t.Db, audit, AuditActor.System, subject, Deadlines.SamplingPublish, D("2026-03-02"), Calendar, time.GetUtcNow(), warnDays: 5);
        Assert.Equal((D("2026-03-30"), ClockState.Warned), (first.Due, first.State));

        var again = await Clocks.StartAsync(t.Db, audit, AuditActor.System, subject, Deadlines.SamplingPublish, D("2026-03-09"), Calendar, time.GetUtcNow(), warnDays: 5);

        Assert.Equal(first.Id, again.Id);
        Assert.Equal((D("2026-04-07"), ClockState.Running), (again.Due, again.State));
        Assert.Equal(1, await t.Db.Set<StatutoryClock>().CountAsync(c => c.SubjectKind == "sampling.assignment"));
    }
}
