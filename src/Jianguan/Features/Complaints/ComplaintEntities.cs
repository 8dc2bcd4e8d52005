using Jianguan.Platform.Crypto;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jianguan.Features.Complaints;

/// <summary>异议、投诉、举报.</summary>
public enum ComplaintKind
{
    Objection,
    Complaint,
    Report,
}

/// <summary>The procedure that applies: 工程建设 (招标投标法实施条例) or 政府采购 (政府采购法).</summary>
public enum ComplaintProcedure
{
    Construction,
    Procurement,
}

/// <summary>
/// Where a complaint stands (ADR-015): received → accepted (handling) | not accepted → suspended ⇄ handling →
/// decided → feedback given → closed. A duplicate (art. 61: the first department that received it handles it) is final.
/// </summary>
public enum ComplaintState
{
    Received,
    NotAccepted,
    Handling,
    Suspended,
    Decided,
    FeedbackGiven,
    Closed,
    Duplicate,
}

/// <summary>How the complaint came in.</summary>
public enum ComplaintChannelKind
{
    Public,
    Staff,
}

/// <summary>
/// A complaint, objection or report. The complainant's identity (name, ID number, contact) is encrypted at rest
/// (SM4, <see cref="EncryptedAttribute"/>) with blind indexes for duplicate matching, and is shown only masked,
/// except to the assigned handler after an audited reveal (docs/security.md).
/// </summary>
public sealed class Complaint
{
    public long Id { get; set; }

    /// <summary>TS-yyyy-NNNNNN.</summary>
    public required string Number { get; set; }
    public ComplaintKind Kind { get; set; }
    public ComplaintProcedure Procedure { get; set; }
    public ComplaintState State { get; set; }
    public ComplaintChannelKind Channel { get; set; }

    /// <summary>The receiving department (an <see cref="Organisation"/>).</summary>
    public int DepartmentId { get; set; }
    public Organisation? Department { get; set; }
    public required string Title { get; set; }
    public required string Content { get; set; }
    public string? ProjectCode { get; set; }
    public string? SectionCode { get; set; }
    public long? SectionId { get; set; }

    /// <summary>The complaint number the complainant says this matter was already sent under (explicit link).</summary>
    public string? LinkedNumber { get; set; }

    /// <summary>The first complaint of the same matter, handled by the department that received it first.</summary>
    public long? DuplicateOfId { get; set; }
    public DateOnly ReceivedOn { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public string? CreatedBy { get; set; }

    [Encrypted(BlindIndex = nameof(ComplainantNameHash), Normalisation = BlindNormalisation.Plain)]
    public required string ComplainantName { get; set; }
    public string? ComplainantNameHash { get; set; }

    [Encrypted(BlindIndex = nameof(ComplainantIdHash), Normalisation = BlindNormalisation.Identifier)]
    public string? ComplainantIdNumber { get; set; }
    public string? ComplainantIdHash { get; set; }

    [Encrypted(BlindIndex = nameof(ComplainantPhoneHash), Normalisation = BlindNormalisation.Digits)]
    public string? ComplainantPhone { get; set; }
    public string? ComplainantPhoneHash { get; set; }

    [Encrypted]
    public string? ComplainantEmail { get; set; }

    [Encrypted]
    public string? ComplainantAddress { get; set; }

    /// <summary>SHA-256 (hex) of the receipt code given to the complainant; the code itself is never stored.</summary>
    public required string ReceiptHash { get; set; }
    public string? HandlerId { get; set; }
    public string? HandlerName { get; set; }
    public string? RejectReason { get; set; }
    public string? Decision { get; set; }
    public DateOnly? DecidedOn { get; set; }
    public string? Feedback { get; set; }
    public DateTimeOffset StateChangedAt { get; set; }
    public List<ComplaintAttachment> Attachments { get; } = [];
}

/// <summary>An attachment's metadata: the file's content is not stored (only its name, size and SHA-256).</summary>
public sealed class ComplaintAttachment
{
    public long Id { get; set; }
    public long ComplaintId { get; set; }
    public required string FileName { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
}

/// <summary>One state change of a complaint (ADR-012: history in the case type's own table).</summary>
public sealed class ComplaintTransition
{
    public long Id { get; set; }
    public long ComplaintId { get; set; }
    public ComplaintState From { get; set; }
    public ComplaintState To { get; set; }
    public string? Reason { get; set; }
    public required string Actor { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>A department's complaint channel (投诉举报渠道), listed on the public page.</summary>
public sealed class ComplaintChannel
{
    public long Id { get; set; }
    public int DepartmentId { get; set; }
    public Organisation? Department { get; set; }

    /// <summary>受理单位 (the unit or office that receives).</summary>
    public required string Unit { get; set; }
    public string? Staff { get; set; }
    public string? TimeLimit { get; set; }
    public string? Materials { get; set; }
    public string? OfficeHours { get; set; }
    public string? OutOfHours { get; set; }
    public string? Phone { get; set; }
    public string? Fax { get; set; }
    public string? Email { get; set; }
    public string? Address { get; set; }
    public string? Fee { get; set; }
    public string? FeeBasis { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class ComplaintConfiguration : IEntityTypeConfiguration<Complaint>
{
    public void Configure(EntityTypeBuilder<Complaint> b)
    {
        b.ToTable("Complaints");
        b.HasIndex(c => c.Number).IsUnique();
        b.HasIndex(c => c.ReceiptHash).IsUnique();
        b.HasIndex(c => new { c.DepartmentId, c.State });
        b.HasIndex(c => new { c.SectionCode, c.ComplainantIdHash });
        b.HasIndex(c => new { c.SectionCode, c.ComplainantNameHash });
        b.Property(c => c.Number).HasMaxLength(32);
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Procedure).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.State).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Title).HasMaxLength(200);
        b.Property(c => c.Content).HasMaxLength(4000);
        b.Property(c => c.ProjectCode).HasMaxLength(64);
        b.Property(c => c.SectionCode).HasMaxLength(64);
        b.Property(c => c.LinkedNumber).HasMaxLength(32);
        b.Property(c => c.CreatedBy).HasMaxLength(256);
        b.Property(c => c.ComplainantName).HasMaxLength(100);
        b.Property(c => c.ComplainantIdNumber).HasMaxLength(32);
        b.Property(c => c.ComplainantPhone).HasMaxLength(32);
        b.Property(c => c.ComplainantEmail).HasMaxLength(200);
        b.Property(c => c.ComplainantAddress).HasMaxLength(200);
        b.Property(c => c.ReceiptHash).HasMaxLength(64);
        b.Property(c => c.HandlerId).HasMaxLength(450);
        b.Property(c => c.HandlerName).HasMaxLength(256);
        b.Property(c => c.RejectReason).HasMaxLength(2000);
        b.Property(c => c.Decision).HasMaxLength(4000);
        b.Property(c => c.Feedback).HasMaxLength(2000);
        b.HasOne(c => c.Department).WithMany().HasForeignKey(c => c.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Complaint>().WithMany().HasForeignKey(c => c.DuplicateOfId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(c => c.Attachments).WithOne().HasForeignKey(a => a.ComplaintId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ComplaintAttachmentConfiguration : IEntityTypeConfiguration<ComplaintAttachment>
{
    public void Configure(EntityTypeBuilder<ComplaintAttachment> b)
    {
        b.ToTable("ComplaintAttachments");
        b.Property(a => a.FileName).HasMaxLength(255);
        b.Property(a => a.Sha256).HasMaxLength(64);
    }
}

internal sealed class ComplaintTransitionConfiguration : IEntityTypeConfiguration<ComplaintTransition>
{
    public void Configure(EntityTypeBuilder<ComplaintTransition> b)
    {
        b.ToTable("ComplaintTransitions");
        b.HasIndex(t => t.ComplaintId);
        b.Property(t => t.From).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.To).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Reason).HasMaxLength(4000);
        b.Property(t => t.Actor).HasMaxLength(256);
        b.HasOne<Complaint>().WithMany().HasForeignKey(t => t.ComplaintId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ComplaintChannelConfiguration : IEntityTypeConfiguration<ComplaintChannel>
{
    public void Configure(EntityTypeBuilder<ComplaintChannel> b)
    {
        b.ToTable("ComplaintChannels");
        b.HasIndex(c => c.DepartmentId);
        b.Property(c => c.Unit).HasMaxLength(200);
        b.Property(c => c.Staff).HasMaxLength(200);
        b.Property(c => c.TimeLimit).HasMaxLength(500);
        b.Property(c => c.Materials).HasMaxLength(1000);
        b.Property(c => c.OfficeHours).HasMaxLength(500);
        b.Property(c => c.OutOfHours).HasMaxLength(500);
        b.Property(c => c.Phone).HasMaxLength(64);
        b.Property(c => c.Fax).HasMaxLength(64);
        b.Property(c => c.Email).HasMaxLength(200);
        b.Property(c => c.Address).HasMaxLength(300);
        b.Property(c => c.Fee).HasMaxLength(200);
        b.Property(c => c.FeeBasis).HasMaxLength(500);
        b.HasOne(c => c.Department).WithMany().HasForeignKey(c => c.DepartmentId).OnDelete(DeleteBehavior.Restrict);
    }
}
