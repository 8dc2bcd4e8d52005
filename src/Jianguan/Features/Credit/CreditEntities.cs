using Jianguan.Platform.Crypto;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jianguan.Features.Credit;

/// <summary>Who is listed: a market entity (name and unified social credit code) or a natural person.</summary>
public enum CreditSubjectType
{
    Entity,
    Person,
}

/// <summary>The seriousness of the dishonesty, which bounds the listing period (RULES §5).</summary>
public enum BlacklistSeverity
{
    /// <summary>轻微: at most 3 months, may stay unpublished.</summary>
    Minor,

    /// <summary>一般: 3 months to 1 year.</summary>
    General,

    /// <summary>严重: 1 to 3 years.</summary>
    Serious,
}

/// <summary>A listing's state: only an active listing punishes; the others are kept as history.</summary>
public enum BlacklistState
{
    Active,
    Expired,
    Repaired,
    Revoked,
}

public enum BlacklistAction
{
    Expire,
    Repair,
    Revoke,
}

/// <summary>
/// A credit blacklist listing (失信主体名单, clause 五(十三)): the subject, why and on what basis, the severity and its
/// period, the penalty decision it came from. Punishment runs from <see cref="StartOn"/> to <see cref="EffectiveEnd"/>
/// (both included): the period's end, or the day before a credit repair took effect. A revoked listing was wrong
/// and never punishes.
/// </summary>
public sealed class BlacklistEntry
{
    public long Id { get; set; }

    /// <summary>HMD-YYYY-NNNNNN.</summary>
    public required string Number { get; set; }
    public CreditSubjectType SubjectType { get; set; }
    public required string Name { get; set; }

    /// <summary>Unified social credit code of an entity.</summary>
    public string? CreditCode { get; set; }

    /// <summary>A person's identity number: personal data, encrypted and never shown to the public.</summary>
    [Encrypted]
    public string? IdNumber { get; set; }
    public required string Reason { get; set; }
    public required string Basis { get; set; }
    public BlacklistSeverity Severity { get; set; }
    public DateOnly StartOn { get; set; }

    /// <summary>The last day of the period as decided.</summary>
    public DateOnly EndOn { get; set; }

    /// <summary>The day a credit repair or a revocation took effect (the listing punishes up to the day before).</summary>
    public DateOnly? EndedOn { get; set; }
    public BlacklistState State { get; set; }

    /// <summary>Shown on the public page while active (a minor listing may stay unpublished).</summary>
    public bool Published { get; set; }

    /// <summary>The restricted conduct (限制行为), e.g. 限制参与本市公共资源交易活动.</summary>
    public string? Restriction { get; set; }

    /// <summary>The deciding authority's name as listed.</summary>
    public string? Authority { get; set; }
    public string? DocumentNumber { get; set; }
    public long? PenaltyId { get; set; }

    /// <summary>BLACKLIST_CODE of the national list, for entries imported from it (WITHDRAW_BLACK_LIST refers to it).</summary>
    public string? NationalCode { get; set; }
    public int? OrganisationId { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<BlacklistTransition> History { get; } = [];

    /// <summary>The last day the listing punishes; null when it never does (revoked).</summary>
    public DateOnly? EffectiveEnd => State == BlacklistState.Revoked ? null
        : EndedOn is { } ended && ended <= EndOn ? ended.AddDays(-1) : EndOn;

    /// <summary>Whether the listing punishes on <paramref name="day"/>: the rule of the engine and the public page.</summary>
    public bool ActiveOn(DateOnly day) => State != BlacklistState.Revoked && day >= StartOn && EffectiveEnd is { } end && day <= end;
}

public sealed class BlacklistTransition
{
    public long Id { get; set; }
    public long EntryId { get; set; }
    public BlacklistState From { get; set; }
    public BlacklistState To { get; set; }
    public string? Reason { get; set; }
    public required string Actor { get; set; }
    public DateTimeOffset At { get; set; }
}

public enum PenaltyState
{
    Registered,
    Published,
    Withdrawn,
}

public enum PenaltyAction
{
    Publish,
    Withdraw,
}

/// <summary>
/// An administrative penalty decision (行政处罚决定, clause 五(十二)): registered by the deciding unit, published to
/// the public and copied (抄送) to every member unit with read receipts.
/// </summary>
public sealed class PenaltyDecision
{
    public long Id { get; set; }

    /// <summary>CF-YYYY-NNNNNN (the platform's register number).</summary>
    public required string Number { get; set; }

    /// <summary>The decision's document number (文号), e.g. 海资规罚〔2026〕3号.</summary>
    public required string DocumentNumber { get; set; }
    public required string EntityName { get; set; }
    public string? CreditCode { get; set; }
    public required string Facts { get; set; }
    public required string LegalBasis { get; set; }
    public required string Result { get; set; }
    public DateOnly DecidedOn { get; set; }
    public int OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    public PenaltyState State { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<PenaltyTransition> History { get; } = [];
    public List<PenaltyCopy> Copies { get; } = [];
}

public sealed class PenaltyTransition
{
    public long Id { get; set; }
    public long PenaltyId { get; set; }
    public PenaltyState From { get; set; }
    public PenaltyState To { get; set; }
    public string? Reason { get; set; }
    public required string Actor { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>One member unit's copy of a published decision: the inbox notification whose receipts say who read it when.</summary>
public sealed class PenaltyCopy
{
    public long Id { get; set; }
    public long PenaltyId { get; set; }
    public int OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    public long NotificationId { get; set; }
    public DateTimeOffset SentAt { get; set; }
}

/// <summary>Confidentiality of the information asked for (密级 within the platform; state secrets never enter it).</summary>
public enum Confidentiality
{
    /// <summary>内部: for the member units' work.</summary>
    Internal,

    /// <summary>敏感: personal data or case material, need-to-know.</summary>
    Sensitive,

    /// <summary>受控: under investigation; the owner names who may read it.</summary>
    Restricted,
}

public enum InfoRequestState
{
    Pending,
    Approved,
    Refused,
}

public enum InfoRequestAction
{
    Approve,
    Refuse,
}

/// <summary>
/// A request by one member unit for non-public information held by another (clause 五(十二)): what, for what
/// purpose, at what confidentiality; the owning unit approves or refuses with a reason; every step audited.
/// </summary>
public sealed class InfoRequest
{
    public long Id { get; set; }

    /// <summary>GX-YYYY-NNNNNN.</summary>
    public required string Number { get; set; }
    public int FromOrganisationId { get; set; }
    public Organisation? FromOrganisation { get; set; }
    public int ToOrganisationId { get; set; }
    public Organisation? ToOrganisation { get; set; }
    public required string Subject { get; set; }
    public required string Purpose { get; set; }
    public Confidentiality Confidentiality { get; set; }
    public long? PenaltyId { get; set; }
    public InfoRequestState State { get; set; }

    /// <summary>The owner's answer: the information given or the reason for refusal.</summary>
    public string? Answer { get; set; }
    public required string RequestedBy { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public List<InfoRequestTransition> History { get; } = [];
}

public sealed class InfoRequestTransition
{
    public long Id { get; set; }
    public long RequestId { get; set; }
    public InfoRequestState From { get; set; }
    public InfoRequestState To { get; set; }
    public string? Reason { get; set; }
    public required string Actor { get; set; }
    public DateTimeOffset At { get; set; }
}

internal sealed class BlacklistEntryConfiguration : IEntityTypeConfiguration<BlacklistEntry>
{
    public void Configure(EntityTypeBuilder<BlacklistEntry> b)
    {
        b.ToTable("BlacklistEntries");
        b.HasIndex(e => e.Number).IsUnique();
        b.HasIndex(e => e.CreditCode);
        b.HasIndex(e => e.NationalCode);
        b.HasIndex(e => new { e.State, e.EndOn });
        b.Property(e => e.Number).HasMaxLength(32);
        b.Property(e => e.SubjectType).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Name).HasMaxLength(200);
        b.Property(e => e.CreditCode).HasMaxLength(32);
        b.Property(e => e.IdNumber).HasMaxLength(32);
        b.Property(e => e.Reason).HasMaxLength(2000);
        b.Property(e => e.Basis).HasMaxLength(1000);
        b.Property(e => e.Severity).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.State).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Restriction).HasMaxLength(500);
        b.Property(e => e.Authority).HasMaxLength(200);
        b.Property(e => e.DocumentNumber).HasMaxLength(100);
        b.Property(e => e.NationalCode).HasMaxLength(64);
        b.Property(e => e.CreatedBy).HasMaxLength(256);
        b.Ignore(e => e.EffectiveEnd);
        b.HasOne<PenaltyDecision>().WithMany().HasForeignKey(e => e.PenaltyId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Organisation>().WithMany().HasForeignKey(e => e.OrganisationId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(e => e.History).WithOne().HasForeignKey(t => t.EntryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BlacklistTransitionConfiguration : IEntityTypeConfiguration<BlacklistTransition>
{
    public void Configure(EntityTypeBuilder<BlacklistTransition> b)
    {
        b.ToTable("BlacklistTransitions");
        b.Property(t => t.From).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.To).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Reason).HasMaxLength(1000);
        b.Property(t => t.Actor).HasMaxLength(256);
    }
}

internal sealed class PenaltyDecisionConfiguration : IEntityTypeConfiguration<PenaltyDecision>
{
    public void Configure(EntityTypeBuilder<PenaltyDecision> b)
    {
        b.ToTable("PenaltyDecisions");
        b.HasIndex(p => p.Number).IsUnique();
        b.HasIndex(p => p.DocumentNumber);
        b.HasIndex(p => new { p.State, p.DecidedOn });
        b.Property(p => p.Number).HasMaxLength(32);
        b.Property(p => p.DocumentNumber).HasMaxLength(100);
        b.Property(p => p.EntityName).HasMaxLength(200);
        b.Property(p => p.CreditCode).HasMaxLength(32);
        b.Property(p => p.Facts).HasMaxLength(4000);
        b.Property(p => p.LegalBasis).HasMaxLength(1000);
        b.Property(p => p.Result).HasMaxLength(1000);
        b.Property(p => p.State).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.CreatedBy).HasMaxLength(256);
        b.HasOne(p => p.Organisation).WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.History).WithOne().HasForeignKey(t => t.PenaltyId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Copies).WithOne().HasForeignKey(c => c.PenaltyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PenaltyTransitionConfiguration : IEntityTypeConfiguration<PenaltyTransition>
{
    public void Configure(EntityTypeBuilder<PenaltyTransition> b)
    {
        b.ToTable("PenaltyTransitions");
        b.Property(t => t.From).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.To).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Reason).HasMaxLength(1000);
        b.Property(t => t.Actor).HasMaxLength(256);
    }
}

internal sealed class PenaltyCopyConfiguration : IEntityTypeConfiguration<PenaltyCopy>
{
    public void Configure(EntityTypeBuilder<PenaltyCopy> b)
    {
        b.ToTable("PenaltyCopies");
        b.HasIndex(c => new { c.PenaltyId, c.OrganisationId }).IsUnique();
        b.HasOne(c => c.Organisation).WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Platform.Inbox.Notification>().WithMany().HasForeignKey(c => c.NotificationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InfoRequestConfiguration : IEntityTypeConfiguration<InfoRequest>
{
    public void Configure(EntityTypeBuilder<InfoRequest> b)
    {
        b.ToTable("InfoRequests");
        b.HasIndex(r => r.Number).IsUnique();
        b.Property(r => r.Number).HasMaxLength(32);
        b.Property(r => r.Subject).HasMaxLength(500);
        b.Property(r => r.Purpose).HasMaxLength(2000);
        b.Property(r => r.Confidentiality).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Answer).HasMaxLength(4000);
        b.Property(r => r.RequestedBy).HasMaxLength(256);
        b.Property(r => r.DecidedBy).HasMaxLength(256);
        b.HasOne(r => r.FromOrganisation).WithMany().HasForeignKey(r => r.FromOrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(r => r.ToOrganisation).WithMany().HasForeignKey(r => r.ToOrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PenaltyDecision>().WithMany().HasForeignKey(r => r.PenaltyId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(r => r.History).WithOne().HasForeignKey(t => t.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InfoRequestTransitionConfiguration : IEntityTypeConfiguration<InfoRequestTransition>
{
    public void Configure(EntityTypeBuilder<InfoRequestTransition> b)
    {
        b.ToTable("InfoRequestTransitions");
        b.Property(t => t.From).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.To).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Reason).HasMaxLength(1000);
        b.Property(t => t.Actor).HasMaxLength(256);
    }
}
