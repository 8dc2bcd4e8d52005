using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Jianguan.Features.Trading;

namespace Jianguan.Features.Profiles;

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
