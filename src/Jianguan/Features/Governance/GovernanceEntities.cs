using Jianguan.Platform.Crypto;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jianguan.Features.Governance;

/// <summary>例会 (the half-yearly regular meeting) or 临时会议 (an extra meeting a member unit asked for).</summary>
public enum MeetingKind
{
    Regular,
    Extra,
}

/// <summary>Why a member unit asks for an extra meeting (重大风险、突出问题、职责不清).</summary>
public enum MeetingReason
{
    MajorRisk,
    ProminentProblem,
    UnclearDuty,
}

/// <summary>Where a joint meeting stands (ADR-018): proposed → scheduled → held; a proposal may be declined.</summary>
public enum MeetingState
{
    Proposed,
    Scheduled,
    Held,
    Declined,
}

public enum MeetingAction
{
    Schedule,
    Hold,
    Decline,
}

/// <summary>A task decided by a meeting: open until its owner unit reports it done.</summary>
public enum MeetingTaskState
{
    Open,
    Done,
}

/// <summary>An annual plan a decision approves (a simple link, ADR-018).</summary>
public enum ApprovedPlan
{
    None,
    SupervisionPlan,
    SamplingPlan,
}

/// <summary>A joint meeting (联席会议) of the member units, numbered LX-yyyy-NNNNNN.</summary>
public sealed class Meeting
{
    public long Id { get; set; }
    public required string Number { get; set; }
    public MeetingKind Kind { get; set; }
    public MeetingReason? Reason { get; set; }
    public MeetingState State { get; set; }
    public required string Title { get; set; }

    /// <summary>The requester's reason, or why the regular meeting was proposed.</summary>
    public string? Background { get; set; }

    /// <summary>For a regular meeting: the half-year it belongs to, e.g. 2026H2 (unique).</summary>
    public string? HalfYear { get; set; }

    /// <summary>The member unit that asked for it (none for a proposal made by the platform).</summary>
    public int? RequestedByUnitId { get; set; }
    public Organisation? RequestedByUnit { get; set; }
    public string? RequestedBy { get; set; }
    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>The power-list item disputed as unclear, when the request came from the power list.</summary>
    public long? PowerItemId { get; set; }
    public DateOnly? ScheduledOn { get; set; }
    public string? Location { get; set; }
    public string? Agenda { get; set; }
    public DateOnly? HeldOn { get; set; }
    public string? Minutes { get; set; }
    public string? DeclineReason { get; set; }
    public DateTimeOffset StateChangedAt { get; set; }
    public List<MeetingAttendance> Attendance { get; } = [];
    public List<MeetingDecision> Decisions { get; } = [];
}

/// <summary>A member unit invited to a held meeting: present or not, and who came.</summary>
public sealed class MeetingAttendance
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public int OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    public bool Present { get; set; }
    public string? Attendee { get; set; }
}

/// <summary>One decision of a held meeting; it may approve an annual plan and carries its tasks.</summary>
public sealed class MeetingDecision
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public Meeting? Meeting { get; set; }

    /// <summary>The meeting number and the decision's place in it, e.g. LX-2026-000003-2.</summary>
    public required string Number { get; set; }
    public required string Text { get; set; }
    public ApprovedPlan Approves { get; set; }

    /// <summary>The 双随机 annual plan approved, when <see cref="Approves"/> is <see cref="ApprovedPlan.SamplingPlan"/>.</summary>
    public long? SamplingPlanId { get; set; }

    /// <summary>The year of the approved plan.</summary>
    public int? PlanYear { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public List<MeetingTask> Tasks { get; } = [];
}

/// <summary>A task a decision gives to an owner unit with a due day, timed by a clock (kind <c>meeting.task</c>).</summary>
public sealed class MeetingTask
{
    public long Id { get; set; }
    public long DecisionId { get; set; }
    public MeetingDecision? Decision { get; set; }
    public required string Title { get; set; }
    public int OwnerUnitId { get; set; }
    public Organisation? OwnerUnit { get; set; }
    public DateOnly StartedOn { get; set; }
    public DateOnly DueOn { get; set; }
    public MeetingTaskState State { get; set; }
    public DateOnly? DoneOn { get; set; }
    public string? DoneNote { get; set; }
    public string? DoneBy { get; set; }
}

/// <summary>One state change of a meeting (ADR-012: history in the case type's own table).</summary>
public sealed class MeetingTransition
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public MeetingState From { get; set; }
    public MeetingState To { get; set; }
    public string? Reason { get; set; }
    public required string Actor { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>The annual report's editable summary (one per year); the figures are computed when it is written.</summary>
public sealed class AnnualReportText
{
    public int Year { get; set; }
    public required string Summary { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

/// <summary>The kinds of power on the power-and-responsibility list.</summary>
public enum PowerKind
{
    License,
    Penalty,
    Inspection,
    Coercion,
    Other,
}

/// <summary>
/// One version of a power-list item (权责清单事项). Versions of the same item share <see cref="ItemKey"/>; a new
/// version takes effect on its day and ends the previous one the day before. The current effective version is the
/// one whose period contains today.
/// </summary>
public sealed class PowerItem
{
    public long Id { get; set; }

    /// <summary>Stable across versions, e.g. QZ-0042.</summary>
    public required string ItemKey { get; set; }
    public int Version { get; set; }
    public int DepartmentId { get; set; }
    public Organisation? Department { get; set; }
    public PowerKind Kind { get; set; }
    public required string Name { get; set; }
    public required string LegalBasis { get; set; }
    public required string ResponsibleUnit { get; set; }
    public required string Responsibilities { get; set; }
    public required string Accountability { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    public DateOnly? EffectiveUntil { get; set; }
    public string? ChangeNote { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
}

/// <summary>责任领导 or 联络员 of a member unit.</summary>
public enum LiaisonRole
{
    Leader,
    Liaison,
}

/// <summary>
/// A change of a unit's leader or liaison reported with its effective day: it must be entered in the directory
/// within 3 working days (rule <c>liaison.update</c>, clock kind <c>liaison.change</c>). The contact's mobile and
/// e-mail are personal data, encrypted at rest (<see cref="EncryptedAttribute"/>). The newest entered change of a
/// unit and role is its current contact.
/// </summary>
public sealed class LiaisonChange
{
    public long Id { get; set; }
    public int OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    public LiaisonRole Role { get; set; }
    public DateOnly EffectiveOn { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
    public string? ReportedBy { get; set; }

    /// <summary>When the details were entered; null while the change is only reported.</summary>
    public DateTimeOffset? EnteredAt { get; set; }
    public DateOnly? EnteredOn { get; set; }
    public string? EnteredBy { get; set; }
    public string? Name { get; set; }
    public string? Title { get; set; }
    public string? OfficePhone { get; set; }

    [Encrypted]
    public string? Mobile { get; set; }

    [Encrypted]
    public string? Email { get; set; }
}

internal sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> b)
    {
        b.ToTable("Meetings");
        b.HasIndex(m => m.Number).IsUnique();
        b.HasIndex(m => m.HalfYear).IsUnique();
        b.HasIndex(m => m.State);
        b.Property(m => m.Number).HasMaxLength(32);
        b.Property(m => m.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.Reason).HasConversion<string>().HasMaxLength(24);
        b.Property(m => m.State).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.Title).HasMaxLength(200);
        b.Property(m => m.Background).HasMaxLength(4000);
        b.Property(m => m.HalfYear).HasMaxLength(8);
        b.Property(m => m.RequestedBy).HasMaxLength(256);
        b.Property(m => m.Location).HasMaxLength(200);
        b.Property(m => m.Agenda).HasMaxLength(4000);
        b.Property(m => m.Minutes).HasMaxLength(8000);
        b.Property(m => m.DeclineReason).HasMaxLength(2000);
        b.HasOne(m => m.RequestedByUnit).WithMany().HasForeignKey(m => m.RequestedByUnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PowerItem>().WithMany().HasForeignKey(m => m.PowerItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(m => m.Attendance).WithOne().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(m => m.Decisions).WithOne(d => d.Meeting).HasForeignKey(d => d.MeetingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MeetingAttendanceConfiguration : IEntityTypeConfiguration<MeetingAttendance>
{
    public void Configure(EntityTypeBuilder<MeetingAttendance> b)
    {
        b.ToTable("MeetingAttendance");
        b.HasIndex(a => new { a.MeetingId, a.OrganisationId }).IsUnique();
        b.Property(a => a.Attendee).HasMaxLength(200);
        b.HasOne(a => a.Organisation).WithMany().HasForeignKey(a => a.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MeetingDecisionConfiguration : IEntityTypeConfiguration<MeetingDecision>
{
    public void Configure(EntityTypeBuilder<MeetingDecision> b)
    {
        b.ToTable("MeetingDecisions");
        b.HasIndex(d => d.Number).IsUnique();
        b.Property(d => d.Number).HasMaxLength(40);
        b.Property(d => d.Text).HasMaxLength(4000);
        b.Property(d => d.Approves).HasConversion<string>().HasMaxLength(24);
        b.Property(d => d.CreatedBy).HasMaxLength(256);
        b.HasOne<Sampling.SamplingPlan>().WithMany().HasForeignKey(d => d.SamplingPlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(d => d.Tasks).WithOne(t => t.Decision).HasForeignKey(t => t.DecisionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MeetingTaskConfiguration : IEntityTypeConfiguration<MeetingTask>
{
    public void Configure(EntityTypeBuilder<MeetingTask> b)
    {
        b.ToTable("MeetingTasks");
        b.HasIndex(t => new { t.OwnerUnitId, t.State });
        b.Property(t => t.Title).HasMaxLength(1000);
        b.Property(t => t.State).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.DoneNote).HasMaxLength(2000);
        b.Property(t => t.DoneBy).HasMaxLength(256);
        b.HasOne(t => t.OwnerUnit).WithMany().HasForeignKey(t => t.OwnerUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MeetingTransitionConfiguration : IEntityTypeConfiguration<MeetingTransition>
{
    public void Configure(EntityTypeBuilder<MeetingTransition> b)
    {
        b.ToTable("MeetingTransitions");
        b.HasIndex(t => t.MeetingId);
        b.Property(t => t.From).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.To).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Reason).HasMaxLength(4000);
        b.Property(t => t.Actor).HasMaxLength(256);
        b.HasOne<Meeting>().WithMany().HasForeignKey(t => t.MeetingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AnnualReportTextConfiguration : IEntityTypeConfiguration<AnnualReportText>
{
    public void Configure(EntityTypeBuilder<AnnualReportText> b)
    {
        b.ToTable("AnnualReportTexts");
        b.HasKey(r => r.Year);
        b.Property(r => r.Year).ValueGeneratedNever();
        b.Property(r => r.Summary).HasMaxLength(8000);
        b.Property(r => r.UpdatedBy).HasMaxLength(256);
    }
}

internal sealed class PowerItemConfiguration : IEntityTypeConfiguration<PowerItem>
{
    public void Configure(EntityTypeBuilder<PowerItem> b)
    {
        b.ToTable("PowerItems");
        b.HasIndex(p => new { p.ItemKey, p.Version }).IsUnique();
        b.HasIndex(p => new { p.DepartmentId, p.Kind });
        b.Property(p => p.ItemKey).HasMaxLength(32);
        b.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.Name).HasMaxLength(300);
        b.Property(p => p.LegalBasis).HasMaxLength(4000);
        b.Property(p => p.ResponsibleUnit).HasMaxLength(200);
        b.Property(p => p.Responsibilities).HasMaxLength(4000);
        b.Property(p => p.Accountability).HasMaxLength(4000);
        b.Property(p => p.ChangeNote).HasMaxLength(1000);
        b.Property(p => p.CreatedBy).HasMaxLength(256);
        b.HasOne(p => p.Department).WithMany().HasForeignKey(p => p.DepartmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LiaisonChangeConfiguration : IEntityTypeConfiguration<LiaisonChange>
{
    public void Configure(EntityTypeBuilder<LiaisonChange> b)
    {
        b.ToTable("LiaisonChanges");
        b.HasIndex(c => new { c.OrganisationId, c.Role, c.EffectiveOn });
        b.Property(c => c.Role).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.ReportedBy).HasMaxLength(256);
        b.Property(c => c.EnteredBy).HasMaxLength(256);
        b.Property(c => c.Name).HasMaxLength(100);
        b.Property(c => c.Title).HasMaxLength(100);
        b.Property(c => c.OfficePhone).HasMaxLength(64);
        b.Property(c => c.Mobile).HasMaxLength(32);
        b.Property(c => c.Email).HasMaxLength(200);
        b.HasOne(c => c.Organisation).WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}
