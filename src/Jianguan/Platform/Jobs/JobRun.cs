using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jianguan.Platform.Jobs;

public enum JobOutcome
{
    /// <summary>Started and not finished: still running, or the process died during the run.</summary>
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>One run of a scheduled job, written when it starts and completed when it ends, so a failure is visible.</summary>
public sealed class JobRun
{
    public long Id { get; set; }

    /// <summary>The job's registered name, e.g. <c>nightly-analysis</c>.</summary>
    public required string Job { get; set; }

    /// <summary>The machine that ran it (several web nodes share one database).</summary>
    public string Node { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public JobOutcome Outcome { get; set; }

    /// <summary>What the job reported, or the error that stopped it.</summary>
    public string? Message { get; set; }
}

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> b)
    {
        b.ToTable("JobRuns");
        b.HasIndex(r => new { r.Job, r.StartedAt });
        b.HasIndex(r => r.Outcome);
        b.Property(r => r.Job).HasMaxLength(100);
        b.Property(r => r.Node).HasMaxLength(100);
        b.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Message).HasMaxLength(JobRunner.MessageLength);
    }
}
