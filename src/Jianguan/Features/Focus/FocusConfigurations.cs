using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Jianguan.Features.Trading;

namespace Jianguan.Features.Focus;

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
