using Jianguan.Features.Trading;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jianguan.Features.Alerts;

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

internal sealed class ClueConfiguration : IEntityTypeConfiguration<Clue>
{
    public void Configure(EntityTypeBuilder<Clue> b)
    {
        b.ToTable("Clues");
        b.HasIndex(x => x.Number).IsUnique();
        b.Property(x => x.Number).HasMaxLength(32);
        b.Property(x => x.Title).HasMaxLength(300);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
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

internal sealed class BidderRiskConfiguration : IEntityTypeConfiguration<BidderRisk>
{
    public void Configure(EntityTypeBuilder<BidderRisk> b)
    {
        b.ToTable("BidderRisks");
        b.HasKey(x => x.EntityId);
        b.Property(x => x.EntityId).ValueGeneratedNever();
        b.HasIndex(x => x.Score);
        b.Property(x => x.Level).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Rules).HasMaxLength(1000);
        b.Property(x => x.GroupKey).HasMaxLength(64);
        b.HasOne<MarketEntity>().WithOne().HasForeignKey<BidderRisk>(x => x.EntityId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RiskGroupConfiguration : IEntityTypeConfiguration<RiskGroup>
{
    public void Configure(EntityTypeBuilder<RiskGroup> b)
    {
        b.ToTable("RiskGroups");
        b.HasIndex(x => x.Key).IsUnique();
        b.HasIndex(x => x.Score);
        b.Property(x => x.Key).HasMaxLength(64);
        b.Property(x => x.Level).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Rules).HasMaxLength(1000);
        b.HasMany(x => x.Members).WithOne().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RiskGroupMemberConfiguration : IEntityTypeConfiguration<RiskGroupMember>
{
    public void Configure(EntityTypeBuilder<RiskGroupMember> b)
    {
        b.ToTable("RiskGroupMembers");
        b.HasKey(x => new { x.GroupId, x.EntityId });
        b.HasIndex(x => x.EntityId);
        b.HasOne(x => x.Entity).WithMany().HasForeignKey(x => x.EntityId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FocusEntryConfiguration : IEntityTypeConfiguration<FocusEntry>
{
    public void Configure(EntityTypeBuilder<FocusEntry> b)
    {
        b.ToTable("FocusEntries");
        b.HasIndex(x => x.EntityId).IsUnique();
        b.Property(x => x.Origin).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Reason).HasMaxLength(1000);
        b.Property(x => x.AddedBy).HasMaxLength(256);
        b.Property(x => x.RemovedBy).HasMaxLength(256);
        b.Property(x => x.RemovedReason).HasMaxLength(1000);
        b.HasOne(x => x.Entity).WithMany().HasForeignKey(x => x.EntityId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FocusChangeConfiguration : IEntityTypeConfiguration<FocusChange>
{
    public void Configure(EntityTypeBuilder<FocusChange> b)
    {
        b.ToTable("FocusChanges");
        b.HasIndex(x => x.EntityId);
        b.Property(x => x.Reason).HasMaxLength(1000);
        b.Property(x => x.Actor).HasMaxLength(256);
        b.HasOne<MarketEntity>().WithMany().HasForeignKey(x => x.EntityId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TrackingNoticeConfiguration : IEntityTypeConfiguration<TrackingNotice>
{
    public void Configure(EntityTypeBuilder<TrackingNotice> b)
    {
        b.ToTable("TrackingNotices");
        b.HasIndex(x => new { x.SectionId, x.EntityId }).IsUnique();
        b.HasIndex(x => x.CreatedAt);
        b.HasOne(x => x.Section).WithMany().HasForeignKey(x => x.SectionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Entity).WithMany().HasForeignKey(x => x.EntityId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<FocusEntry>().WithMany().HasForeignKey(x => x.FocusEntryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AnalysisRunConfiguration : IEntityTypeConfiguration<AnalysisRun>
{
    public void Configure(EntityTypeBuilder<AnalysisRun> b)
    {
        b.ToTable("AnalysisRuns");
        b.Property(x => x.Trigger).HasMaxLength(16);
        b.Property(x => x.Scope).HasMaxLength(16);
    }
}
