using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jianguan.Platform.Audit;

/// <summary>
/// One link of the audit chain (监督留痕). Append-only: the context refuses to update or delete it, and database
/// triggers refuse it too. <see cref="Hash"/> covers every other field and <see cref="PrevHash"/>, so an edit, a
/// removal, an insertion or a reordering breaks the chain (see <see cref="AuditChain"/>).
/// </summary>
public sealed class AuditEntry
{
    /// <summary>Position in the chain, 1, 2, 3 … without gaps; assigned under the head lock, never generated.</summary>
    public long Seq { get; set; }

    public DateTimeOffset At { get; set; }

    public string? UserId { get; set; }

    public string UserName { get; set; } = "";

    /// <summary>The actor's roles at the time, comma-separated.</summary>
    public string Roles { get; set; } = "";

    /// <summary>Stable action code, e.g. <c>login.success</c>, <c>trading.import</c>, <c>http.get</c>.</summary>
    public string Action { get; set; } = "";

    /// <summary>Which records: a path, an id or a list of ids.</summary>
    public string Target { get; set; } = "";

    /// <summary>Further facts as a JSON object (never a secret, a password or a decrypted identity).</summary>
    public string Detail { get; set; } = "{}";

    /// <summary>From where: client address, or the OS account and host for the command line.</summary>
    public string Source { get; set; } = "";

    public string PrevHash { get; set; } = AuditChain.Genesis;

    public string Hash { get; set; } = "";
}

/// <summary>
/// The chain's head (one row): the last sequence number and hash. Removing entries from the end of the chain leaves
/// a head that points past it, which <see cref="AuditTrail.VerifyAsync"/> reports.
/// </summary>
public sealed class AuditHead
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public long Seq { get; set; }

    public string Hash { get; set; } = AuditChain.Genesis;
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasKey(e => e.Seq);
        builder.Property(e => e.Seq).ValueGeneratedNever();
        builder.Property(e => e.UserId).HasMaxLength(64);
        builder.Property(e => e.UserName).HasMaxLength(256);
        builder.Property(e => e.Roles).HasMaxLength(512);
        builder.Property(e => e.Action).HasMaxLength(64);
        builder.Property(e => e.Target).HasMaxLength(1024);
        builder.Property(e => e.Source).HasMaxLength(256);
        builder.Property(e => e.PrevHash).HasMaxLength(64);
        builder.Property(e => e.Hash).HasMaxLength(64);
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.UserName, e.At });
        builder.HasIndex(e => new { e.Action, e.At });
    }
}

internal sealed class AuditHeadConfiguration : IEntityTypeConfiguration<AuditHead>
{
    public void Configure(EntityTypeBuilder<AuditHead> builder)
    {
        builder.ToTable("AuditHead");
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Hash).HasMaxLength(64);
        builder.HasData(new AuditHead());
    }
}
