using Jianguan.Features.Trading;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jianguan.Data;

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> b)
    {
        b.HasIndex(o => o.Code).IsUnique();
        b.Property(o => o.Code).HasMaxLength(64);
        b.Property(o => o.Name).HasMaxLength(200);
        b.Property(o => o.Sectors).HasMaxLength(400);
    }
}

internal sealed class MarketEntityConfiguration : IEntityTypeConfiguration<MarketEntity>
{
    public void Configure(EntityTypeBuilder<MarketEntity> b)
    {
        b.HasIndex(e => e.Key).IsUnique();
        b.HasIndex(e => e.Name);
        b.Property(e => e.Key).HasMaxLength(300);
        b.Property(e => e.Name).HasMaxLength(300);
        b.Property(e => e.CreditCode).HasMaxLength(64);
        b.Property(e => e.LegalRepresentative).HasMaxLength(100);
        b.Property(e => e.NameKey).HasMaxLength(300);
        b.HasIndex(e => e.NameKey);
    }
}

internal sealed class TradingProjectConfiguration : IEntityTypeConfiguration<TradingProject>
{
    public void Configure(EntityTypeBuilder<TradingProject> b)
    {
        b.ToTable("TradingProjects");
        b.HasIndex(p => p.Code).IsUnique();
        b.HasIndex(p => p.PublishedAt);
        // The department filters list the distinct departments on every load.
        b.HasIndex(p => p.SupervisingDepartment);
        // The leadership overview counts alerts by their project's category: the join reads this index, not the rows.
        b.HasIndex(p => new { p.Id, p.Category });
        b.Property(p => p.Code).HasMaxLength(200);
        b.Property(p => p.Name).HasMaxLength(500);
        b.Property(p => p.CategoryDetail).HasMaxLength(100);
        b.Property(p => p.Region).HasMaxLength(100);
        b.Property(p => p.SupervisingDepartment).HasMaxLength(200);
        b.Property(p => p.TenderMode).HasMaxLength(50);
        b.Property(p => p.SourceUrl).HasMaxLength(1000);
        b.Property(p => p.BudgetCurrency).HasMaxLength(Currencies.CodeLength);
        b.HasOne(p => p.Tenderer).WithMany().HasForeignKey(p => p.TendererId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(p => p.Agency).WithMany().HasForeignKey(p => p.AgencyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organisation>().WithMany().HasForeignKey(p => p.SupervisingOrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.Sections).WithOne(s => s.Project).HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SectionConfiguration : IEntityTypeConfiguration<Section>
{
    public void Configure(EntityTypeBuilder<Section> b)
    {
        b.HasIndex(s => new { s.ProjectId, s.Code }).IsUnique();
        b.HasIndex(s => s.BidOpenAt);
        // Alerts to their project (the leadership overview): the join reads this index, not the rows.
        b.HasIndex(s => new { s.Id, s.ProjectId });
        b.Property(s => s.Code).HasMaxLength(200);
        b.Property(s => s.Name).HasMaxLength(500);
        b.Property(s => s.EvaluationMethod).HasMaxLength(100);
        b.Property(s => s.ControlPriceCurrency).HasMaxLength(Currencies.CodeLength);
        b.Property(s => s.EstimatedPriceCurrency).HasMaxLength(Currencies.CodeLength);
        b.Property(s => s.AwardCurrency).HasMaxLength(Currencies.CodeLength);
        b.HasOne(s => s.Winner).WithMany().HasForeignKey(s => s.WinnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(s => s.Bids).WithOne(x => x.Section).HasForeignKey(x => x.SectionId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(s => s.Candidates).WithOne(x => x.Section).HasForeignKey(x => x.SectionId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(s => s.Contracts).WithOne(x => x.Section).HasForeignKey(x => x.SectionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ContractConfiguration : IEntityTypeConfiguration<Contract>
{
    public void Configure(EntityTypeBuilder<Contract> b)
    {
        b.HasIndex(c => new { c.SectionId, c.Code }).IsUnique();
        b.HasIndex(c => c.SupplierId);
        b.Property(c => c.Code).HasMaxLength(200);
        b.Property(c => c.AwardCode).HasMaxLength(200);
        b.Property(c => c.Title).HasMaxLength(500);
        b.Property(c => c.Currency).HasMaxLength(Currencies.CodeLength);
        b.HasOne(c => c.Supplier).WithMany().HasForeignKey(c => c.SupplierId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BidConfiguration : IEntityTypeConfiguration<Bid>
{
    public void Configure(EntityTypeBuilder<Bid> b)
    {
        b.HasIndex(x => new { x.SectionId, x.BidderId }).IsUnique();
        b.HasIndex(x => x.BidderId);
        b.HasOne(x => x.Bidder).WithMany().HasForeignKey(x => x.BidderId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.Currency).HasMaxLength(Currencies.CodeLength);
        foreach (var name in new[]
                 {
                     nameof(Bid.UploadIp), nameof(Bid.Mac), nameof(Bid.CpuSerial), nameof(Bid.DiskSerial),
                     nameof(Bid.FileMachineCode), nameof(Bid.FileCreationCode), nameof(Bid.DongleSerial),
                     nameof(Bid.DepositAccount), nameof(Bid.ProjectManager), nameof(Bid.PmCertificate),
                     nameof(Bid.ContactPerson), nameof(Bid.ContactPhone), nameof(Bid.LegalRepresentative),
                     nameof(Bid.DocHash),
                 })
        {
            b.Property<string?>(name).HasMaxLength(200);
        }
    }
}

internal sealed class CandidateConfiguration : IEntityTypeConfiguration<Candidate>
{
    public void Configure(EntityTypeBuilder<Candidate> b)
    {
        b.HasIndex(c => new { c.SectionId, c.EntityId }).IsUnique();
        b.HasOne(c => c.Entity).WithMany().HasForeignKey(c => c.EntityId).OnDelete(DeleteBehavior.Restrict);
        b.Property(c => c.Currency).HasMaxLength(Currencies.CodeLength);
    }
}

internal sealed class DataQualityIssueConfiguration : IEntityTypeConfiguration<DataQualityIssue>
{
    public void Configure(EntityTypeBuilder<DataQualityIssue> b)
    {
        b.HasIndex(d => new { d.Subject, d.SubjectKey, d.Field }).IsUnique();
        b.Property(d => d.Subject).HasMaxLength(32);
        b.Property(d => d.SubjectKey).HasMaxLength(300);
        b.Property(d => d.Field).HasMaxLength(64);
        b.Property(d => d.Value).HasMaxLength(300);
        b.Property(d => d.Reason).HasMaxLength(500);
    }
}

internal sealed class ImportBatchConfiguration : IEntityTypeConfiguration<ImportBatch>
{
    public void Configure(EntityTypeBuilder<ImportBatch> b)
    {
        b.Property(x => x.FileName).HasMaxLength(500);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.Format).HasMaxLength(32);
        b.Property(x => x.ImportedBy).HasMaxLength(256);
        b.HasIndex(x => x.Sha256);
    }
}

internal sealed class HolidayYearConfiguration : IEntityTypeConfiguration<HolidayYear>
{
    public void Configure(EntityTypeBuilder<HolidayYear> b)
    {
        b.HasKey(h => h.Year);
        b.Property(h => h.Year).ValueGeneratedNever();
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(100);
        b.HasOne(u => u.Organisation).WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}
