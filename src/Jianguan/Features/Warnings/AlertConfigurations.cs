using Jianguan.Features.Trading;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Jianguan.Features.Clues;

namespace Jianguan.Features.Warnings;

internal sealed class RiskAlertConfiguration : IEntityTypeConfiguration<RiskAlert>
{
    public void Configure(EntityTypeBuilder<RiskAlert> b)
    {
        b.ToTable("Alerts");
        b.HasIndex(a => a.Key).IsUnique();
        b.HasIndex(a => new { a.State, a.Level });
        b.HasIndex(a => a.RuleCode);
        b.HasIndex(a => a.SectionId);
        b.HasIndex(a => a.OccurredAt);
        // The leadership overview reads this and last week's red and orange alerts from this index alone; the list
        // opens in the next one's order (first page only).
        b.HasIndex(a => new { a.FirstSeenAt, a.Level, a.SectionId });
        b.HasIndex(a => new { a.Score, a.LastSeenAt, a.Id }).IsDescending();
        // The list's counts and trend group by these (the category filter first): read from the index, not the rows.
        b.HasIndex(a => new { a.RuleCategory, a.Level, a.RuleCode, a.OccurredMonth });
        b.Property(a => a.Key).HasMaxLength(64);
        b.Property(a => a.RuleCode).HasMaxLength(64);
        b.Property(a => a.RuleCategory).HasMaxLength(32);
        b.Property(a => a.Basis).HasMaxLength(500);
        b.Property(a => a.GroupKey).HasMaxLength(64);
        b.Property(a => a.SharedValue).HasMaxLength(300);
        b.Property(a => a.Level).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.State).HasConversion<string>().HasMaxLength(16);
        b.HasOne(a => a.Section).WithMany().HasForeignKey(a => a.SectionId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(a => a.Bidders).WithOne().HasForeignKey(x => x.AlertId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(a => a.History).WithOne().HasForeignKey(x => x.AlertId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Clue>().WithMany().HasForeignKey(a => a.ClueId).OnDelete(DeleteBehavior.SetNull);
    }

    /// <summary>
    /// <see cref="RiskAlert.OccurredMonth"/> as the provider computes it: yyyymm of the instant at UTC+8 (China keeps
    /// no daylight saving time, see <see cref="Platform.Time.ChinaTime.Offset"/>). SQLite stores Unix milliseconds
    /// and computes the column when read (an indexed virtual column); PostgreSQL stores it (immutable expressions only:
    /// a fixed offset, not a named zone).
    /// </summary>
    public static void Month(ModelBuilder builder, bool sqlite)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Entity<RiskAlert>().Property(a => a.OccurredMonth).HasComputedColumnSql(sqlite
            ? """CAST(strftime('%Y%m', COALESCE("OccurredAt", "FirstSeenAt") / 1000 + 28800, 'unixepoch') AS INTEGER)"""
            : """(date_part('year', COALESCE("OccurredAt", "FirstSeenAt") AT TIME ZONE INTERVAL '+08:00') * 100 + date_part('month', COALESCE("OccurredAt", "FirstSeenAt") AT TIME ZONE INTERVAL '+08:00'))::integer""",
            stored: !sqlite);
    }
}

internal sealed class RiskAlertBidderConfiguration : IEntityTypeConfiguration<RiskAlertBidder>
{
    public void Configure(EntityTypeBuilder<RiskAlertBidder> b)
    {
        b.ToTable("AlertBidders");
        b.HasKey(x => new { x.AlertId, x.EntityId });
        b.HasIndex(x => x.EntityId);
        b.HasOne(x => x.Entity).WithMany().HasForeignKey(x => x.EntityId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AlertTransitionConfiguration : IEntityTypeConfiguration<AlertTransition>
{
    public void Configure(EntityTypeBuilder<AlertTransition> b)
    {
        b.ToTable("AlertTransitions");
        b.HasIndex(x => x.AlertId);
        b.Property(x => x.From).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.To).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Reason).HasMaxLength(1000);
        b.Property(x => x.Actor).HasMaxLength(256);
    }
}

internal sealed class SectionRiskConfiguration : IEntityTypeConfiguration<SectionRisk>
{
    public void Configure(EntityTypeBuilder<SectionRisk> b)
    {
        b.ToTable("SectionRisks");
        b.HasKey(x => x.SectionId);
        b.Property(x => x.SectionId).ValueGeneratedNever();
        b.HasIndex(x => x.Score);
        b.Property(x => x.Level).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Rules).HasMaxLength(1000);
        b.HasOne<Section>().WithOne().HasForeignKey<SectionRisk>(x => x.SectionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AnalysisRunConfiguration : IEntityTypeConfiguration<AnalysisRun>
{
    public void Configure(EntityTypeBuilder<AnalysisRun> b)
    {
        b.ToTable("AnalysisRuns");
        // The newest whole-market run (its norms) among the one-per-push incremental runs.
        b.HasIndex(x => new { x.Scope, x.Id });
        b.Property(x => x.Trigger).HasMaxLength(16);
        b.Property(x => x.Scope).HasMaxLength(16);
    }
}
