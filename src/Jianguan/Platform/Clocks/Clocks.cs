using Jianguan.Platform.Calendar;

using Jianguan.Platform.Time;

namespace Jianguan.Platform.Clocks;

/// <summary>A clock as shown on a given day: its state then, and working days left (negative: working days overdue).</summary>
public sealed record ClockStatus(ClockState State, int? DaysLeft);

/// <summary>One change the sweep made: a state change, a due day moved by a new calendar, or both.</summary>
public sealed record ClockChange(long ClockId, ClockSubject Subject, string RuleCode, ClockState From, ClockState To, DateOnly Due, DateOnly PreviousDue);

/// <summary>A clock operation the caller can fix (plain Chinese and English message).</summary>
public sealed class ClockException(string message) : Exception(message);

/// <summary>
/// Statutory clocks over the database. Every operation is saved together with its audit entry (<c>clock.*</c>
/// actions, target <c>clock:KIND/ID/RULE</c>): a suspension extends a legal deadline, so who paused which clock and
/// why must be traceable. Inside a transaction the caller opened, the entries commit with the caller's change.
/// Due days count on the working-day calendar (<see cref="WorkingCalendar"/>, rules in <see cref="Deadlines"/>).
/// </summary>
public static class Clocks
{
    /// <summary>Warn at this many working days left unless the module says otherwise.</summary>
    public const int DefaultWarnDays = 3;

    /// <summary>Prefix of an agreed (non-statutory) time limit's rule code: <c>agreed.15</c> is 15 working days.</summary>
    public const string AgreedPrefix = "agreed.";

    /// <summary>
    /// The rule code of a time limit the sender agreed or chose (a referral's or an assistance request's reply
    /// deadline): <paramref name="workingDays"/> working days after the start day, on the same calendar.
    /// </summary>
    public static string AgreedRule(int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workingDays, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(workingDays, 999);
        return AgreedPrefix + workingDays.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The name of an agreed rule when the module does not name its own (<see cref="IClockSubjectDirectory.AgreedRuleName"/>).</summary>
    public const string GenericAgreedRuleName = "约定答复期限";

    /// <summary>
    /// The rule of a clock named as its module names it: an agreed rule takes the name the clock's kind gives it
    /// (<see cref="IClockSubjectDirectory.AgreedRuleName"/>), a statutory rule keeps its own.
    /// </summary>
    public static DeadlineRule Rule(string code, IClockSubjectDirectory? directory)
    {
        var rule = Rule(code);
        return directory is not null && code.StartsWith(AgreedPrefix, StringComparison.Ordinal) ? rule with { Name = directory.AgreedRuleName } : rule;
    }

    /// <summary>The rule of a clock: a statutory rule of <see cref="Deadlines"/> or an agreed one (<see cref="AgreedRule"/>).</summary>
    public static DeadlineRule Rule(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.StartsWith(AgreedPrefix, StringComparison.Ordinal)
            && int.TryParse(code.AsSpan(AgreedPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var days)
            && days is >= 1 and <= 999)
        {
            return new DeadlineRule(code, GenericAgreedRuleName, days, DayCountUnit.WorkingDays, "发出之日", "发出单位确定");
        }

        return Deadlines.Get(code);
    }

    /// <summary>
    /// The last day of the period that starts after <paramref name="start"/>, not counting the days of the pauses:
    /// their working days for a working-day rule, all their days for a calendar-day rule (whose end still moves
    /// off a day off). Pauses may overlap or be given in any order; without pauses this is <see cref="DeadlineRule.Due"/>.
    /// </summary>
    public static DateOnly DueDate(DeadlineRule rule, DateOnly start, IEnumerable<(DateOnly From, DateOnly Until)> pauses, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(pauses);
        ArgumentNullException.ThrowIfNull(calendar);
        var working = rule.Unit == DayCountUnit.WorkingDays;
        var cursor = start;
        var remaining = rule.Count;
        foreach (var (from, until) in pauses.Where(p => p.Until >= p.From).OrderBy(p => p.From))
        {
            if (until <= cursor)
            {
                continue;
            }

            var candidate = working ? calendar.AddWorkingDays(cursor, remaining) : cursor.AddDays(remaining);
            if (from > candidate)
            {
                break;
            }

            // Days counted between the cursor and the pause; fewer than remaining, since the pause starts on or
            // before the candidate due day.
            var beforePause = from.AddDays(-1);
            if (beforePause > cursor)
            {
                remaining -= working ? calendar.WorkingDaysBetween(cursor, beforePause) : beforePause.DayNumber - cursor.DayNumber;
            }

            cursor = until;
        }

        return working ? calendar.AddWorkingDays(cursor, remaining) : calendar.AddCalendarDays(cursor, remaining);
    }

    /// <summary>Running, warned (at most <paramref name="warnDays"/> working days left) or overdue (after the due day) on <paramref name="today"/>.</summary>
    public static ClockStatus Evaluate(DateOnly due, int warnDays, DateOnly today, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (today > due)
        {
            return new ClockStatus(ClockState.Overdue, -calendar.WorkingDaysBetween(due, today));
        }

        var left = calendar.WorkingDaysBetween(today, due);
        return new ClockStatus(left <= warnDays ? ClockState.Warned : ClockState.Running, left);
    }

    /// <summary>
    /// The clock as shown on <paramref name="today"/>. A paused clock shows the working days it would have left if
    /// it resumed today; a stopped one shows none.
    /// </summary>
    public static ClockStatus StatusOn(StatutoryClock clock, DateOnly today, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(calendar);
        return clock.State switch
        {
            ClockState.Stopped => new ClockStatus(ClockState.Stopped, null),
            ClockState.Paused => new ClockStatus(ClockState.Paused, calendar.WorkingDaysBetween(today, ComputeDue(clock, today, calendar))),
            ClockState.Running or ClockState.Warned or ClockState.Overdue => Evaluate(clock.Due, clock.WarnDays, today, calendar),
            _ => throw new InvalidOperationException($"unknown clock state {clock.State}"),
        };
    }

    /// <summary>The due day from the clock's start and pauses; an open pause is taken to end on <paramref name="today"/>.</summary>
    public static DateOnly ComputeDue(StatutoryClock clock, DateOnly today, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var pauses = clock.Pauses.Select(p => (p.From, p.Until ?? (today > p.From ? today : p.From)));
        return DueDate(Rule(clock.RuleCode), clock.StartedOn, pauses, calendar);
    }

    public static Task<StatutoryClock?> FindAsync(JianguanDbContext db, ClockSubject subject, string ruleCode, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<StatutoryClock>().Include(c => c.Pauses)
            .SingleOrDefaultAsync(c => c.SubjectKind == subject.Kind && c.SubjectId == subject.Id && c.RuleCode == ruleCode, ct);
    }

    /// <summary>
    /// Starts the clock of <paramref name="ruleCode"/> for the subject on the day of the event, or restarts it
    /// (pauses and stop cleared) when it exists: a corrected start event replaces the old one.
    /// </summary>
    public static async Task<StatutoryClock> StartAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, ClockSubject subject, string ruleCode,
        DateOnly startedOn, WorkingCalendar calendar, DateTimeOffset now, int? warnDays = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentOutOfRangeException.ThrowIfNegative(warnDays ?? 0);
        var rule = Rule(ruleCode);
        var clock = await FindAsync(db, subject, ruleCode, ct);
        var restart = clock is not null;
        DateOnly? previousStart = clock?.StartedOn;
        if (clock is null)
        {
            clock = new StatutoryClock { SubjectKind = subject.Kind, SubjectId = subject.Id, RuleCode = rule.Code };
            db.Add(clock);
        }

        clock.Pauses.Clear();
        clock.StartedOn = startedOn;
        clock.WarnDays = warnDays ?? DefaultWarnDays;
        clock.StoppedOn = null;
        clock.StoppedAt = null;
        clock.StopNote = null;
        clock.Due = rule.Due(startedOn, calendar);
        clock.State = Evaluate(clock.Due, clock.WarnDays, ChinaTime.DateOf(now), calendar).State;
        clock.UpdatedAt = now;
        await audit.RecordAsync(db, actor, "clock.start", Target(clock),
            new { startedOn, due = clock.Due, state = clock.State.ToString(), clock.WarnDays, restart, previousStart }, ct);
        return clock;
    }

    /// <summary>Suspends an open clock from <paramref name="from"/> (that day not counted) for a statutory reason.</summary>
    public static async Task<StatutoryClock> PauseAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, ClockSubject subject, string ruleCode,
        DateOnly from, string reason, WorkingCalendar calendar, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ClockException("中止计时须写明理由 / a suspension needs its reason");
        }

        var clock = await RequireAsync(db, subject, ruleCode, ct);
        if (clock.State is ClockState.Stopped or ClockState.Paused)
        {
            throw new ClockException(clock.State == ClockState.Paused ? "期限已中止 / the clock is already paused" : "期限已结束 / the clock has stopped");
        }

        if (from <= clock.StartedOn || clock.Pauses.Any(p => p.Until >= from))
        {
            throw new ClockException("中止日期须晚于起算日和上次恢复日 / a suspension starts after the start day and after the last resumption");
        }

        clock.Pauses.Add(new ClockPause { From = from, Reason = reason.Trim(), CreatedAt = now });
        clock.State = ClockState.Paused;
        clock.Due = ComputeDue(clock, from, calendar);
        clock.UpdatedAt = now;
        await audit.RecordAsync(db, actor, "clock.pause", Target(clock), new { from, reason = reason.Trim() }, ct);
        return clock;
    }

    /// <summary>Ends the open suspension on <paramref name="on"/> (that day not counted either) and recomputes the due day.</summary>
    public static async Task<StatutoryClock> ResumeAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, ClockSubject subject, string ruleCode,
        DateOnly on, WorkingCalendar calendar, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var clock = await RequireAsync(db, subject, ruleCode, ct);
        var pause = clock.Pauses.SingleOrDefault(p => p.Until is null);
        if (clock.State != ClockState.Paused || pause is null)
        {
            throw new ClockException("期限未中止 / the clock is not paused");
        }

        if (on < pause.From)
        {
            throw new ClockException("恢复日期不能早于中止日期 / a clock resumes on or after the day it was paused");
        }

        pause.Until = on;
        clock.Due = ComputeDue(clock, on, calendar);
        clock.State = Evaluate(clock.Due, clock.WarnDays, ChinaTime.DateOf(now), calendar).State;
        clock.UpdatedAt = now;
        await audit.RecordAsync(db, actor, "clock.resume", Target(clock), new { on, due = clock.Due, state = clock.State.ToString() }, ct);
        return clock;
    }

    /// <summary>
    /// Stops the clock: the duty was done at <paramref name="at"/>, or it lapsed for the reason in <paramref name="note"/>.
    /// Null when the subject has no such clock; a stopped clock is returned unchanged.
    /// </summary>
    public static async Task<StatutoryClock?> StopAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, ClockSubject subject, string ruleCode,
        DateTimeOffset at, string? note = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var clock = await FindAsync(db, subject, ruleCode, ct);
        if (clock is null || clock.State == ClockState.Stopped)
        {
            return clock;
        }

        var from = clock.State;
        if (clock.Pauses.SingleOrDefault(p => p.Until is null) is { } open)
        {
            open.Until = ChinaTime.DateOf(at) > open.From ? ChinaTime.DateOf(at) : open.From;
        }

        clock.State = ClockState.Stopped;
        clock.StoppedAt = at;
        clock.StoppedOn = ChinaTime.DateOf(at);
        clock.StopNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        clock.UpdatedAt = at;
        await audit.RecordAsync(db, actor, "clock.stop", Target(clock),
            new { from = from.ToString(), stoppedOn = clock.StoppedOn, due = clock.Due, late = clock.StoppedLate, note = clock.StopNote }, ct);
        return clock;
    }

    /// <summary>Recomputes the due day and state on the given calendar (e.g. after a new year file was loaded).</summary>
    public static async Task<StatutoryClock> RecomputeAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, ClockSubject subject, string ruleCode,
        WorkingCalendar calendar, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var clock = await RequireAsync(db, subject, ruleCode, ct);
        var change = Recompute(clock, calendar, now);
        if (change is not null)
        {
            await audit.RecordAsync(db, actor, "clock.recompute", Target(clock), Detail(change), ct);
        }

        return clock;
    }

    /// <summary>
    /// Brings every open clock up to <paramref name="now"/>: due days recomputed on the current calendar, running
    /// clocks moved to warned or overdue. Each change is saved with its own audit entry (actor: system), so a
    /// failure half-way keeps what was done. Returns the changes in clock order.
    /// </summary>
    public static async Task<IReadOnlyList<ClockChange>> SweepAsync(JianguanDbContext db, AuditTrail audit, WorkingCalendar calendar, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        // Open clocks are the cases in progress: thousands at most, so all of them are looked at.
        var open = await db.Set<StatutoryClock>().Include(c => c.Pauses)
            .Where(c => c.State == ClockState.Running || c.State == ClockState.Warned || c.State == ClockState.Overdue)
            .OrderBy(c => c.Id)
            .ToListAsync(ct);
        var changes = new List<ClockChange>();
        foreach (var clock in open)
        {
            if (Recompute(clock, calendar, now) is not { } change)
            {
                continue;
            }

            var action = change.To == change.From ? "clock.recompute"
                : change.To == ClockState.Overdue ? "clock.overdue"
                : change.To == ClockState.Warned ? "clock.warn"
                : "clock.recompute";
            await audit.RecordAsync(db, AuditActor.System, action, Target(clock), Detail(change), ct);
            changes.Add(change);
        }

        return changes;
    }

    private static ClockChange? Recompute(StatutoryClock clock, WorkingCalendar calendar, DateTimeOffset now)
    {
        if (clock.State is ClockState.Stopped or ClockState.Paused)
        {
            return null;
        }

        var today = ChinaTime.DateOf(now);
        var previousDue = clock.Due;
        var from = clock.State;
        clock.Due = ComputeDue(clock, today, calendar);
        clock.State = Evaluate(clock.Due, clock.WarnDays, today, calendar).State;
        if (clock.Due == previousDue && clock.State == from)
        {
            return null;
        }

        clock.UpdatedAt = now;
        return new ClockChange(clock.Id, clock.Subject, clock.RuleCode, from, clock.State, clock.Due, previousDue);
    }

    private static object Detail(ClockChange change) =>
        new { from = change.From.ToString(), to = change.To.ToString(), due = change.Due, previousDue = change.PreviousDue };

    private static string Target(StatutoryClock clock) => $"clock:{clock.SubjectKind}/{clock.SubjectId}/{clock.RuleCode}";

    private static async Task<StatutoryClock> RequireAsync(JianguanDbContext db, ClockSubject subject, string ruleCode, CancellationToken ct) =>
        await FindAsync(db, subject, ruleCode, ct) ?? throw new ClockException($"没有该期限 / no clock {ruleCode} for {subject}");
}
