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
        // The leadership overview reads this and last week's alerts; the list opens in this order (first page only).
        b.HasIndex(a => a.FirstSeenAt);
        b.HasIndex(a => new { a.Score, a.LastSeenAt, a.Id }).IsDescending();
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
