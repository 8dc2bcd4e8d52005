using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jianguan.Platform.Clocks;

/// <summary>Where a clock stands. Running, warned and overdue clocks are open; a paused clock does not advance.</summary>
public enum ClockState
{
    Running,
    Paused,
    Warned,
    Overdue,
    Stopped,
}

/// <summary>Reminders a clock sends, in order: 3 working days left, the due day, overdue.</summary>
public enum ClockReminder
{
    None,
    Warned,
    DueDay,
    Overdue,
}

/// <summary>What a clock times: a kind named by the owning module (<c>sampling.assignment</c>) and the record's id.</summary>
public readonly record struct ClockSubject(string Kind, string Id)
{
    public static ClockSubject Of(string kind, long id) => new(kind, id.ToString(CultureInfo.InvariantCulture));

    public override string ToString() => $"{Kind}/{Id}";
}

/// <summary>
/// One statutory time limit running for one record (RULES §2): started by an event, suspended by pauses, due on
/// a day computed on the working-day calendar, stopped when the duty is done. At most one clock per subject and
/// rule; starting it again restarts it (the start event was corrected).
/// </summary>
public sealed class StatutoryClock
{
    public long Id { get; set; }
    public required string SubjectKind { get; set; }
    public required string SubjectId { get; set; }

    /// <summary>A code of <see cref="Calendar.Deadlines"/>.</summary>
    public required string RuleCode { get; set; }

    /// <summary>The day of the event that started the clock (not counted itself).</summary>
    public DateOnly StartedOn { get; set; }

    /// <summary>The last day of the period, pauses excluded. For a paused clock: the due day if it resumed on the day this was computed.</summary>
    public DateOnly Due { get; set; }

    /// <summary>The clock is warned when this many working days or fewer are left.</summary>
    public int WarnDays { get; set; }
    public ClockState State { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The day the duty was done (China time); late when after <see cref="Due"/>.</summary>
    public DateOnly? StoppedOn { get; set; }
    public DateTimeOffset? StoppedAt { get; set; }

    /// <summary>Why the clock stopped, when not simply met (e.g. 依法不予公开).</summary>
    public string? StopNote { get; set; }
    public List<ClockPause> Pauses { get; } = [];

    /// <summary>The last inbox reminder sent for this clock (each is sent once; see <see cref="ClockReminders"/>).</summary>
    public ClockReminder LastReminder { get; set; }

    public ClockSubject Subject => new(SubjectKind, SubjectId);

    /// <summary>Stopped after its due day: counts in the accountability report.</summary>
    public bool StoppedLate => StoppedOn is { } on && on > Due;
}

/// <summary>
/// A suspension (中止): the days from <see cref="From"/> to <see cref="Until"/>, both included, do not count.
/// Open while <see cref="Until"/> is null. Like the start event, the day the suspension ends is not counted.
/// </summary>
public sealed class ClockPause
{
    public long Id { get; set; }
    public long ClockId { get; set; }
    public DateOnly From { get; set; }
    public DateOnly? Until { get; set; }

    /// <summary>The statutory ground, e.g. 检验、检测、鉴定、专家评审.</summary>
    public required string Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class StatutoryClockConfiguration : IEntityTypeConfiguration<StatutoryClock>
{
    public void Configure(EntityTypeBuilder<StatutoryClock> b)
    {
        b.ToTable("StatutoryClocks");
        b.HasIndex(c => new { c.SubjectKind, c.SubjectId, c.RuleCode }).IsUnique();
        b.HasIndex(c => new { c.State, c.Due });
        b.Property(c => c.SubjectKind).HasMaxLength(64);
        b.Property(c => c.SubjectId).HasMaxLength(64);
        b.Property(c => c.RuleCode).HasMaxLength(32);
        b.Property(c => c.State).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.StopNote).HasMaxLength(500);
        b.Property(c => c.LastReminder).HasConversion<string>().HasMaxLength(16);
        b.Ignore(c => c.Subject);
        b.Ignore(c => c.StoppedLate);
        b.HasMany(c => c.Pauses).WithOne().HasForeignKey(p => p.ClockId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ClockPauseConfiguration : IEntityTypeConfiguration<ClockPause>
{
    public void Configure(EntityTypeBuilder<ClockPause> b)
    {
        b.ToTable("StatutoryClockPauses");
        b.Property(p => p.Reason).HasMaxLength(500);
    }
}
