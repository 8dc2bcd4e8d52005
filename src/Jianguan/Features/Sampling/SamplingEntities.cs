using Jianguan.Platform.Clocks;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jianguan.Features.Sampling;

/// <summary>执法人员名录库: one enforcement officer, kept by the 司法局.</summary>
public sealed class Inspector
{
    public long Id { get; set; }

    /// <summary>人员编号: the natural key the spreadsheet carries, and the id in draw records.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string Department { get; set; }

    /// <summary>行政执法证号.</summary>
    public string? CertificateNumber { get; set; }
    public DateOnly? CertificateValidUntil { get; set; }

    /// <summary>Trading categories or industries, '|'-joined.</summary>
    public string Specialties { get; set; } = "";

    /// <summary>Declared conflicts of interest (entity keys, object ids or person names), '|'-joined.</summary>
    public string Conflicts { get; set; } = "";
    public bool Active { get; set; } = true;
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The login account of this officer (AspNetUsers.Id), when linked: that account writes the results of its assignments.</summary>
    public string? UserId { get; set; }
}

/// <summary>
/// A superseded version of a recorded inspection result: the values as they were before a correction, who made the
/// correction, when and why. The current values stay on the assignment; every earlier version is kept here.
/// </summary>
public sealed class SamplingResultRevision
{
    public long Id { get; set; }
    public long AssignmentId { get; set; }

    /// <summary>1 for the first recorded version, counting up.</summary>
    public int Version { get; set; }
    public string? Method { get; set; }
    public string? Findings { get; set; }
    public string? Result { get; set; }
    public string? Attachments { get; set; }
    public DateOnly? CompletedOn { get; set; }
    public bool Exempt { get; set; }
    public string? ExemptReason { get; set; }

    /// <summary>Who recorded the superseded version (user name).</summary>
    public string? RecordedBy { get; set; }

    /// <summary>Who corrected it (user name), when, and the reason they gave.</summary>
    public required string CorrectedBy { get; set; }
    public DateTimeOffset CorrectedAt { get; set; }
    public required string Reason { get; set; }
}

/// <summary>检查对象名录库: a market entity, a section or a trading behaviour that may be drawn.</summary>
public sealed class SamplingObject
{
    public long Id { get; set; }

    /// <summary>"E:" + entity key, "S:" + project code + "/" + section code: the id in draw records.</summary>
    public required string Key { get; set; }
    public required string Kind { get; set; }
    public required string Name { get; set; }

    /// <summary>The market entity conflicts and the 12-month rule are checked against.</summary>
    public string EntityKey { get; set; } = "";
    public string Department { get; set; } = "";
    public string Category { get; set; } = "";
    public string Region { get; set; } = "";
    public string RiskGrade { get; set; } = SamplingGrades.Low;

    /// <summary>A, B, C or D.</summary>
    public string CreditGrade { get; set; } = "B";

    /// <summary>Why the grade is what it is (refresh rule or the officer's note).</summary>
    public string RiskBasis { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>年度抽查计划.</summary>
public sealed class SamplingPlan
{
    public long Id { get; set; }
    public int Year { get; set; }
    public required string Title { get; set; }
    public string Scope { get; set; } = "";

    /// <summary>Departments taking part, '|'-joined.</summary>
    public string Departments { get; set; } = "";

    /// <summary>The joint-meeting decision that approved the plan (e.g. 会议纪要编号).</summary>
    public string? DecisionRef { get; set; }
    public DateOnly? ApprovedOn { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public List<SamplingBatch> Batches { get; } = [];
}

/// <summary>A batch of a plan: month, per-grade ratios, directed-draw filters, the joint team.</summary>
public sealed class SamplingBatch
{
    public long Id { get; set; }
    public long PlanId { get; set; }
    public SamplingPlan? Plan { get; set; }
    public required string Name { get; set; }
    public int Month { get; set; }
    public decimal RatioHigh { get; set; }
    public decimal RatioMediumHigh { get; set; }
    public decimal RatioMedium { get; set; }
    public decimal RatioLow { get; set; }

    /// <summary>Directed-draw filters, '|'-joined; all empty = an undirected draw.</summary>
    public string FilterKinds { get; set; } = "";
    public string FilterCategories { get; set; } = "";
    public string FilterDepartments { get; set; } = "";
    public string FilterRegions { get; set; } = "";
    public string JointDepartments { get; set; } = "";
}

/// <summary>One draw: committed (snapshot and hashes published, server seed kept), then drawn with the public input.</summary>
public sealed class SamplingDraw
{
    public const string Committed = "committed";
    public const string Drawn = "drawn";

    public long Id { get; set; }
    public long BatchId { get; set; }
    public SamplingBatch? Batch { get; set; }
    public string Status { get; set; } = Committed;
    public required string PoolJson { get; set; }
    public required string ParametersJson { get; set; }

    /// <summary>Hex; secret until the draw, revealed in the record.</summary>
    public required string ServerSeed { get; set; }
    public required string PoolHash { get; set; }
    public required string ParametersHash { get; set; }
    public required string ServerSeedHash { get; set; }
    public required string Commitment { get; set; }
    public DateTimeOffset CommittedAt { get; set; }
    public string? CommittedBy { get; set; }
    public string? PublicInput { get; set; }
    public string? Seed { get; set; }
    public string? RecordJson { get; set; }
    public DateTimeOffset? DrawnAt { get; set; }
    public string? DrawnBy { get; set; }
    public List<SamplingAssignment> Assignments { get; } = [];
}

/// <summary>A drawn object with its inspectors, and the inspection done on it.</summary>
public sealed class SamplingAssignment
{
    public long Id { get; set; }
    public long DrawId { get; set; }
    public SamplingDraw? Draw { get; set; }
    public int Order { get; set; }
    public required string ObjectKey { get; set; }
    public string ObjectName { get; set; } = "";
    public string ObjectKind { get; set; } = "";
    public string EntityKey { get; set; } = "";
    public string Department { get; set; } = "";
    public string Grade { get; set; } = "";

    /// <summary>assigned or infeasible (then <see cref="Reason"/> says why).</summary>
    public string Status { get; set; } = "";
    public string Reason { get; set; } = "";

    /// <summary>Inspector codes, '|'-joined, in drawn order.</summary>
    public string Inspectors { get; set; } = "";
    public string InspectorNames { get; set; } = "";

    /// <summary>One of <see cref="InspectionMethods"/>.</summary>
    public string? Method { get; set; }
    public string? Findings { get; set; }

    /// <summary>One of <see cref="InspectionResults"/>.</summary>
    public string? Result { get; set; }

    /// <summary>Attachments' metadata: one per line, "name|size|sha256".</summary>
    public string? Attachments { get; set; }
    public DateOnly? CompletedOn { get; set; }

    /// <summary>The publication clock (rule sampling.publish), started when the result is recorded; always loaded with the assignment.</summary>
    public long? PublishClockId { get; set; }
    public StatutoryClock? PublishClock { get; set; }

    /// <summary>Last day to publish (rule sampling.publish: 20 working days after completion), from the clock.</summary>
    public DateOnly? PublishDue => PublishClock?.Due;
    public DateTimeOffset? PublishedAt { get; set; }
    public bool Exempt { get; set; }
    public string? ExemptReason { get; set; }
    public string? RecordedBy { get; set; }
}

internal sealed class InspectorConfiguration : IEntityTypeConfiguration<Inspector>
{
    public void Configure(EntityTypeBuilder<Inspector> b)
    {
        b.ToTable("SamplingInspectors");
        b.HasIndex(i => i.Code).IsUnique();
        b.Property(i => i.Code).HasMaxLength(64);
        b.Property(i => i.Name).HasMaxLength(100);
        b.Property(i => i.Department).HasMaxLength(200);
        b.Property(i => i.CertificateNumber).HasMaxLength(64);
        b.Property(i => i.Specialties).HasMaxLength(1000);
        b.Property(i => i.Conflicts).HasMaxLength(4000);
        b.Property(i => i.UserId).HasMaxLength(450);
        b.HasIndex(i => i.UserId);
        b.HasOne<AppUser>().WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class SamplingResultRevisionConfiguration : IEntityTypeConfiguration<SamplingResultRevision>
{
    public void Configure(EntityTypeBuilder<SamplingResultRevision> b)
    {
        b.ToTable("SamplingResultRevisions");
        b.HasIndex(r => new { r.AssignmentId, r.Version }).IsUnique();
        b.HasOne<SamplingAssignment>().WithMany().HasForeignKey(r => r.AssignmentId).OnDelete(DeleteBehavior.Cascade);
        b.Property(r => r.Method).HasMaxLength(32);
        b.Property(r => r.Findings).HasMaxLength(8000);
        b.Property(r => r.Result).HasMaxLength(32);
        b.Property(r => r.Attachments).HasMaxLength(8000);
        b.Property(r => r.ExemptReason).HasMaxLength(1000);
        b.Property(r => r.RecordedBy).HasMaxLength(256);
        b.Property(r => r.CorrectedBy).HasMaxLength(256);
        b.Property(r => r.Reason).HasMaxLength(1000);
    }
}

internal sealed class SamplingObjectConfiguration : IEntityTypeConfiguration<SamplingObject>
{
    public void Configure(EntityTypeBuilder<SamplingObject> b)
    {
        b.ToTable("SamplingObjects");
        b.HasIndex(o => o.Key).IsUnique();
        b.HasIndex(o => o.RiskGrade);
        b.Property(o => o.Key).HasMaxLength(600);
        b.Property(o => o.Kind).HasMaxLength(16);
        b.Property(o => o.Name).HasMaxLength(500);
        b.Property(o => o.EntityKey).HasMaxLength(300);
        b.Property(o => o.Department).HasMaxLength(200);
        b.Property(o => o.Category).HasMaxLength(100);
        b.Property(o => o.Region).HasMaxLength(100);
        b.Property(o => o.RiskGrade).HasMaxLength(16);
        b.Property(o => o.CreditGrade).HasMaxLength(1);
        b.Property(o => o.RiskBasis).HasMaxLength(500);
    }
}

internal sealed class SamplingPlanConfiguration : IEntityTypeConfiguration<SamplingPlan>
{
    public void Configure(EntityTypeBuilder<SamplingPlan> b)
    {
        b.ToTable("SamplingPlans");
        b.Property(p => p.Title).HasMaxLength(200);
        b.Property(p => p.Scope).HasMaxLength(2000);
        b.Property(p => p.Departments).HasMaxLength(1000);
        b.Property(p => p.DecisionRef).HasMaxLength(200);
        b.Property(p => p.CreatedBy).HasMaxLength(256);
        b.HasMany(p => p.Batches).WithOne(x => x.Plan).HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SamplingBatchConfiguration : IEntityTypeConfiguration<SamplingBatch>
{
    public void Configure(EntityTypeBuilder<SamplingBatch> b)
    {
        b.ToTable("SamplingBatches");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.RatioHigh).HasPrecision(9, 6);
        b.Property(x => x.RatioMediumHigh).HasPrecision(9, 6);
        b.Property(x => x.RatioMedium).HasPrecision(9, 6);
        b.Property(x => x.RatioLow).HasPrecision(9, 6);
        foreach (var name in new[] { nameof(SamplingBatch.FilterKinds), nameof(SamplingBatch.FilterCategories), nameof(SamplingBatch.FilterDepartments), nameof(SamplingBatch.FilterRegions), nameof(SamplingBatch.JointDepartments) })
        {
            b.Property<string>(name).HasMaxLength(1000);
        }
    }
}

internal sealed class SamplingDrawConfiguration : IEntityTypeConfiguration<SamplingDraw>
{
    public void Configure(EntityTypeBuilder<SamplingDraw> b)
    {
        b.ToTable("SamplingDraws");
        b.HasOne(d => d.Batch).WithMany().HasForeignKey(d => d.BatchId).OnDelete(DeleteBehavior.Restrict);
        b.Property(d => d.Status).HasMaxLength(16);
        b.Property(d => d.ServerSeed).HasMaxLength(128);
        b.Property(d => d.PoolHash).HasMaxLength(64);
        b.Property(d => d.ParametersHash).HasMaxLength(64);
        b.Property(d => d.ServerSeedHash).HasMaxLength(64);
        b.Property(d => d.Commitment).HasMaxLength(64);
        b.Property(d => d.CommittedBy).HasMaxLength(256);
        b.Property(d => d.PublicInput).HasMaxLength(1000);
        b.Property(d => d.Seed).HasMaxLength(64);
        b.Property(d => d.DrawnBy).HasMaxLength(256);
        b.HasMany(d => d.Assignments).WithOne(a => a.Draw).HasForeignKey(a => a.DrawId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SamplingAssignmentConfiguration : IEntityTypeConfiguration<SamplingAssignment>
{
    public void Configure(EntityTypeBuilder<SamplingAssignment> b)
    {
        b.ToTable("SamplingAssignments");
        b.HasIndex(a => new { a.DrawId, a.Order }).IsUnique();
        b.HasIndex(a => a.EntityKey);
        b.HasIndex(a => a.PublishedAt);
        b.Property(a => a.ObjectKey).HasMaxLength(600);
        b.Property(a => a.ObjectName).HasMaxLength(500);
        b.Property(a => a.ObjectKind).HasMaxLength(16);
        b.Property(a => a.EntityKey).HasMaxLength(300);
        b.Property(a => a.Department).HasMaxLength(200);
        b.Property(a => a.Grade).HasMaxLength(16);
        b.Property(a => a.Status).HasMaxLength(16);
        b.Property(a => a.Reason).HasMaxLength(1000);
        b.Property(a => a.Inspectors).HasMaxLength(1000);
        b.Property(a => a.InspectorNames).HasMaxLength(1000);
        b.Property(a => a.Method).HasMaxLength(32);
        b.Property(a => a.Findings).HasMaxLength(8000);
        b.Property(a => a.Result).HasMaxLength(32);
        b.Property(a => a.Attachments).HasMaxLength(8000);
        b.Property(a => a.ExemptReason).HasMaxLength(1000);
        b.Property(a => a.RecordedBy).HasMaxLength(256);
        b.Ignore(a => a.PublishDue);
        b.HasOne(a => a.PublishClock).WithMany().HasForeignKey(a => a.PublishClockId).OnDelete(DeleteBehavior.SetNull);
        b.Navigation(a => a.PublishClock).AutoInclude();
    }
}
