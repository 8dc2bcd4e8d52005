using Jianguan.Platform.Calendar;

namespace Jianguan.Platform.Clocks;

/// <summary>A clock that was stopped after its due day or is overdue today, with the unit its module names (if any).</summary>
public sealed record LateClock(StatutoryClock Clock, DutyOwner? Owner)
{
    public bool Open => Clock.State != ClockState.Stopped;
}

/// <summary>
/// Duties missed or done late, across every module: the clocks due in a period (before today) that were stopped late
/// or are overdue now, each attributed through its module's <see cref="IClockSubjectDirectory.OwnersAsync"/>. The
/// accountability view and the annual report read the same list.
/// </summary>
public static class LateDuties
{
    public static async Task<List<LateClock>> FindAsync(JianguanDbContext db, IEnumerable<IClockSubjectDirectory> directories,
        WorkingCalendar calendar, DateOnly from, DateOnly to, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(directories);
        ArgumentNullException.ThrowIfNull(calendar);
        var clocks = await db.Set<StatutoryClock>().AsNoTracking().Include(c => c.Pauses)
            .Where(c => c.Due >= from && c.Due <= to && c.Due < today)
            .OrderBy(c => c.Due).ThenBy(c => c.Id).ToListAsync(ct);
        var late = clocks.Where(c => c.StoppedLate || (c.State != ClockState.Stopped && Clocks.StatusOn(c, today, calendar).State == ClockState.Overdue));
        var byKind = directories.GroupBy(d => d.Kind, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var result = new List<LateClock>();
        foreach (var group in late.GroupBy(c => c.SubjectKind, StringComparer.Ordinal))
        {
            var owners = byKind.TryGetValue(group.Key, out var directory)
                ? await directory.OwnersAsync(db, [.. group.Select(c => c.SubjectId).Distinct()], ct)
                : new Dictionary<string, DutyOwner>();
            result.AddRange(group.Select(c => new LateClock(c, owners.GetValueOrDefault(c.SubjectId))));
        }

        return result;
    }
}
