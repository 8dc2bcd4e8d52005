using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jianguan.Features.Clues;

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
