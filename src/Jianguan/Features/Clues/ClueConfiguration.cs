using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jianguan.Features.Clues;

internal sealed class ClueConfiguration : IEntityTypeConfiguration<Clue>
{
    public void Configure(EntityTypeBuilder<Clue> b)
    {
        b.ToTable("Clues");
        b.HasIndex(x => x.Number).IsUnique();
        b.HasIndex(x => new { x.State, x.CreatedAt });
        b.Property(x => x.Number).HasMaxLength(32);
        b.Property(x => x.Title).HasMaxLength(300);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.Property(x => x.Source).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.SourceId).HasMaxLength(64);
        b.Property(x => x.SourceLink).HasMaxLength(300);
        b.Property(x => x.Description).HasMaxLength(4000);
        b.Property(x => x.Firms).HasMaxLength(1000);
        b.Property(x => x.Sections).HasMaxLength(1000);
        b.Property(x => x.Conclusion).HasMaxLength(4000);
        b.Property(x => x.CloseReason).HasMaxLength(1000);
        b.HasOne<Organisation>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ClueTransitionConfiguration : IEntityTypeConfiguration<ClueTransition>
{
    public void Configure(EntityTypeBuilder<ClueTransition> b)
    {
        b.ToTable("ClueTransitions");
        b.HasIndex(x => x.ClueId);
        b.Property(x => x.From).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.To).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Reason).HasMaxLength(4000);
        b.Property(x => x.Actor).HasMaxLength(256);
        b.HasOne<Clue>().WithMany().HasForeignKey(x => x.ClueId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ClueMemberConfiguration : IEntityTypeConfiguration<ClueMember>
{
    public void Configure(EntityTypeBuilder<ClueMember> b)
    {
        b.ToTable("ClueMembers");
        b.HasIndex(x => new { x.ClueId, x.UserId }).IsUnique();
        b.HasIndex(x => x.UserId);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Unit).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.AddedBy).HasMaxLength(256);
        b.HasOne<Clue>().WithMany().HasForeignKey(x => x.ClueId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> b)
    {
        b.ToTable("Referrals");
        b.HasIndex(x => x.Number).IsUnique();
        b.HasIndex(x => x.ClueId);
        b.HasIndex(x => new { x.ToOrganisationId, x.State });
        b.HasIndex(x => x.FromOrganisationId);
        b.Property(x => x.Number).HasMaxLength(32);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Note).HasMaxLength(4000);
        b.Property(x => x.SentBy).HasMaxLength(256);
        b.Property(x => x.ReceivedBy).HasMaxLength(256);
        b.Property(x => x.Reply).HasMaxLength(4000);
        b.Property(x => x.RepliedBy).HasMaxLength(256);
        b.Property(x => x.ReturnReason).HasMaxLength(1000);
        b.HasOne<Clue>().WithMany().HasForeignKey(x => x.ClueId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organisation>().WithMany().HasForeignKey(x => x.ToOrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organisation>().WithMany().HasForeignKey(x => x.FromOrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReferralTransitionConfiguration : IEntityTypeConfiguration<ReferralTransition>
{
    public void Configure(EntityTypeBuilder<ReferralTransition> b)
    {
        b.ToTable("ReferralTransitions");
        b.HasIndex(x => x.ReferralId);
        b.Property(x => x.From).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.To).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Reason).HasMaxLength(4000);
        b.Property(x => x.Actor).HasMaxLength(256);
        b.HasOne<Referral>().WithMany().HasForeignKey(x => x.ReferralId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AssistanceRequestConfiguration : IEntityTypeConfiguration<AssistanceRequest>
{
    public void Configure(EntityTypeBuilder<AssistanceRequest> b)
    {
        b.ToTable("AssistanceRequests");
        b.HasIndex(x => x.Number).IsUnique();
        b.HasIndex(x => new { x.ToOrganisationId, x.State });
        b.HasIndex(x => x.FromOrganisationId);
        b.Property(x => x.Number).HasMaxLength(32);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Subject).HasMaxLength(300);
        b.Property(x => x.Body).HasMaxLength(4000);
        b.Property(x => x.RequestedBy).HasMaxLength(256);
        b.Property(x => x.ReceivedBy).HasMaxLength(256);
        b.Property(x => x.Reply).HasMaxLength(4000);
        b.Property(x => x.RepliedBy).HasMaxLength(256);
        b.HasOne<Organisation>().WithMany().HasForeignKey(x => x.ToOrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organisation>().WithMany().HasForeignKey(x => x.FromOrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Clue>().WithMany().HasForeignKey(x => x.ClueId).OnDelete(DeleteBehavior.SetNull);
    }
}
