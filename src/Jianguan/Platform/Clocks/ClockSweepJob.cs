using Jianguan.Platform.Calendar;
using Jianguan.Platform.Jobs;

namespace Jianguan.Platform.Clocks;

/// <summary>
/// Flags warned and overdue clocks (<see cref="Clocks.SweepAsync"/>). Every 15 minutes: a clock's state changes
/// only at Beijing midnight or when a new holiday year is loaded, but one sweep over the open clocks is a single
/// indexed query that writes nothing when nothing changed, so running it often costs little, bounds how stale the
/// stored states are (overdue lists, the accountability report) to a quarter of an hour, and retries soon after
/// a failed run.
/// </summary>
public sealed class ClockSweepJob(JianguanDbContext db, AuditTrail audit, CalendarService calendars, TimeProvider time,
    IEnumerable<IClockSubjectDirectory> directories) : IScheduledJob
{
    public const string Name = "clock-sweep";
    public const string Cron = "0 0/15 * * * ?";

    public async Task<string?> RunAsync(CancellationToken ct)
    {
        var calendar = await calendars.GetAsync(ct);
        var now = time.GetUtcNow();
        var changes = await Clocks.SweepAsync(db, audit, calendar, now, ct);
        // Reminders (3 working days left, due day, overdue), each once per clock.
        var reminders = await ClockReminders.SendAsync(db, directories, calendar, now, ct);
        return string.Create(CultureInfo.InvariantCulture,
            $"{changes.Count} 项变化：{changes.Count(c => c.To == ClockState.Warned && c.From != ClockState.Warned)} 项临期，{changes.Count(c => c.To == ClockState.Overdue && c.From != ClockState.Overdue)} 项逾期，{reminders} 条提醒 / {changes.Count} changes, {reminders} reminders");
    }

    /// <summary>The sweep on its schedule.</summary>
    public static IServiceCollection AddStatutoryClocks(IServiceCollection services) =>
        services.AddScheduledJob<ClockSweepJob>(Name, Cron);
}
