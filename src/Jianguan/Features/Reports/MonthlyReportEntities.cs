using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jianguan.Features.Reports;

/// <summary>
/// The trading center's monthly report (clause 五(十)): generated (figures frozen) → sent for review → reviewed →
/// submitted to the 公管办 → forwarded to the member units, discipline inspection and police. A reviewer may return
/// it to draft; so may the 公管办 before forwarding.
/// </summary>
public enum MonthlyReportState
{
    Draft,
    UnderReview,
    Reviewed,
    Submitted,
    Forwarded,
}

public enum MonthlyReportAction
{
    SendForReview,
    Approve,
    Return,
    Submit,
    Forward,
}

/// <summary>One month's report of the trading center; one per month.</summary>
public sealed class MonthlyReport
{
    public long Id { get; set; }

    /// <summary>YB-yyyy-NNNNNN.</summary>
    public required string Number { get; set; }

    /// <summary>The month reported on, <c>yyyy-MM</c> (Beijing calendar); unique.</summary>
    public required string Month { get; set; }

    public MonthlyReportState State { get; set; } = MonthlyReportState.Draft;

    /// <summary>The figures as computed at generation (<see cref="MonthlyFigures"/> as JSON): they do not change later.</summary>
    public required string FiguresJson { get; set; }

    /// <summary>Problems witnessed by the trading center's staff, one per line.</summary>
    public string? Problems { get; set; }

    /// <summary>The staff's own summary (小结), shown after the generated overview.</summary>
    public string? Summary { get; set; }

    public string? Remarks { get; set; }

    public DateTimeOffset GeneratedAt { get; set; }

    public required string GeneratedBy { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }

    /// <summary>Who sent it for review: the reviewer must be another account (four eyes).</summary>
    public string? SentForReviewBy { get; set; }

    public string? ReviewedBy { get; set; }

    public DateTimeOffset? ReviewedAt { get; set; }

    public string? SubmittedBy { get; set; }

    public DateTimeOffset? SubmittedAt { get; set; }

    public string? ForwardedBy { get; set; }

    public DateTimeOffset? ForwardedAt { get; set; }

    public DateTimeOffset StateChangedAt { get; set; }
}

/// <summary>One state change of a monthly report (its history; the audit chain holds the same fact).</summary>
public sealed class MonthlyReportTransition
{
    public long Id { get; set; }

    public long ReportId { get; set; }

    public MonthlyReportState From { get; set; }

    public MonthlyReportState To { get; set; }

    public string? Reason { get; set; }

    public required string Actor { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>An addressee of a forwarded report and the notification it was sent (whose reads are the receipts).</summary>
public sealed class MonthlyReportRecipient
{
    public long Id { get; set; }

    public long ReportId { get; set; }

    public long NotificationId { get; set; }

    /// <summary>The addressee in words: a unit's name or a role's Chinese name.</summary>
    public required string Name { get; set; }
}

internal sealed class MonthlyReportConfiguration : IEntityTypeConfiguration<MonthlyReport>
{
    public void Configure(EntityTypeBuilder<MonthlyReport> b)
    {
        b.ToTable("MonthlyReports");
        b.HasIndex(r => r.Month).IsUnique();
        b.HasIndex(r => r.Number).IsUnique();
        b.Property(r => r.Number).HasMaxLength(32);
        b.Property(r => r.Month).HasMaxLength(7);
        b.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Problems).HasMaxLength(MonthlyReportService.MaxProblemsLength);
        b.Property(r => r.Summary).HasMaxLength(MonthlyReportService.MaxTextLength);
        b.Property(r => r.Remarks).HasMaxLength(MonthlyReportService.MaxTextLength);
        b.Property(r => r.GeneratedBy).HasMaxLength(256);
        b.Property(r => r.UpdatedBy).HasMaxLength(256);
        b.Property(r => r.SentForReviewBy).HasMaxLength(256);
        b.Property(r => r.ReviewedBy).HasMaxLength(256);
        b.Property(r => r.SubmittedBy).HasMaxLength(256);
        b.Property(r => r.ForwardedBy).HasMaxLength(256);
    }
}

internal sealed class MonthlyReportTransitionConfiguration : IEntityTypeConfiguration<MonthlyReportTransition>
{
    public void Configure(EntityTypeBuilder<MonthlyReportTransition> b)
    {
        b.ToTable("MonthlyReportTransitions");
        b.HasIndex(t => t.ReportId);
        b.Property(t => t.From).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.To).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Reason).HasMaxLength(2000);
        b.Property(t => t.Actor).HasMaxLength(256);
        b.HasOne<MonthlyReport>().WithMany().HasForeignKey(t => t.ReportId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MonthlyReportRecipientConfiguration : IEntityTypeConfiguration<MonthlyReportRecipient>
{
    public void Configure(EntityTypeBuilder<MonthlyReportRecipient> b)
    {
        b.ToTable("MonthlyReportRecipients");
        b.HasIndex(r => r.ReportId);
        b.Property(r => r.Name).HasMaxLength(200);
        b.HasOne<MonthlyReport>().WithMany().HasForeignKey(r => r.ReportId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Platform.Inbox.Notification>().WithMany().HasForeignKey(r => r.NotificationId).OnDelete(DeleteBehavior.Cascade);
    }
}
