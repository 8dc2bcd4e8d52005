using Jianguan.Analytics.Data;
using Jianguan.Features.Trading;
using Jianguan.Platform.Crypto;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace Jianguan.Data;

/// <summary>
/// The one database of the platform. Provider-specific subclasses exist only so that each provider keeps its
/// own migrations (see docs/decisions/ADR-001). The field cipher comes from dependency injection like the options:
/// the model's converters and the blind indexes of SaveChanges use it.
/// </summary>
public class JianguanDbContext(DbContextOptions options, FieldCipher cipher) : IdentityDbContext<AppUser>(options),
    Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
{
    /// <summary>The cipher of this context's encrypted columns (also for raw-SQL writers that bypass the converters).</summary>
    public FieldCipher Cipher { get; } = cipher ?? throw new ArgumentNullException(nameof(cipher));

    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<MarketEntity> MarketEntities => Set<MarketEntity>();
    public DbSet<TradingProject> Projects => Set<TradingProject>();
    public DbSet<Section> Sections => Set<Section>();
    public DbSet<Bid> Bids => Set<Bid>();
    public DbSet<Candidate> Candidates => Set<Candidate>();
    public DbSet<Contract> Contracts => Set<Contract>();
    public DbSet<DataQualityIssue> DataQualityIssues => Set<DataQualityIssue>();
    public DbSet<ImportBatch> ImportBatches => Set<ImportBatch>();
    public DbSet<HolidayYear> HolidayYears => Set<HolidayYear>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditHead> AuditHeads => Set<AuditHead>();
    public DbSet<Features.Sampling.Inspector> Inspectors => Set<Features.Sampling.Inspector>();
    public DbSet<Features.Sampling.SamplingObject> SamplingObjects => Set<Features.Sampling.SamplingObject>();
    public DbSet<Features.Sampling.SamplingPlan> SamplingPlans => Set<Features.Sampling.SamplingPlan>();
    public DbSet<Features.Sampling.SamplingBatch> SamplingBatches => Set<Features.Sampling.SamplingBatch>();
    public DbSet<Features.Sampling.SamplingDraw> SamplingDraws => Set<Features.Sampling.SamplingDraw>();
    public DbSet<Features.Sampling.SamplingAssignment> SamplingAssignments => Set<Features.Sampling.SamplingAssignment>();
    public DbSet<Features.Sampling.SamplingResultRevision> SamplingResultRevisions => Set<Features.Sampling.SamplingResultRevision>();
    public DbSet<Platform.Auth.PasswordHistory> PasswordHistory => Set<Platform.Auth.PasswordHistory>();
    public DbSet<Platform.Tokens.MachineToken> MachineTokens => Set<Platform.Tokens.MachineToken>();

    /// <summary>ASP.NET Core Data Protection keys, their XML encrypted with the field cipher (Platform/Crypto/DataProtectionKeys).</summary>
    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys =>
        Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();

    /// <summary>The audit chain is append-only: no path through the context changes or removes an entry.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (Features.Analysis.AnalysisSummary.Pending(ChangeTracker) is not null)
        {
            throw new InvalidOperationException("交易数据须异步保存 / trading rows are saved with SaveChangesAsync (the analysis summary follows them)");
        }

        RefuseAuditChanges();
        FieldEncryption.StampBlindIndexes(ChangeTracker, Cipher);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseAuditChanges();
        FieldEncryption.StampBlindIndexes(ChangeTracker, Cipher);

        // Trading rows saved through the context keep their analysis summary rows in the same transaction (ADR-021).
        if (refreshingSummary || Features.Analysis.AnalysisSummary.Pending(ChangeTracker) is not { } pending)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var owned = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            refreshingSummary = true;
            await Features.Analysis.AnalysisSummary.RefreshAsync(this, pending, cancellationToken);
            if (owned is not null)
            {
                await owned.CommitAsync(cancellationToken);
            }

            return saved;
        }
        finally
        {
            refreshingSummary = false;
            if (owned is not null)
            {
                await owned.DisposeAsync();
            }
        }
    }

    private bool refreshingSummary;

    private void RefuseAuditChanges()
    {
        if (ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted)
            || ChangeTracker.Entries<AuditHead>().Any(e => e.State is not EntityState.Unchanged and not EntityState.Detached))
        {
            throw new InvalidOperationException("审计记录只能追加，不能修改或删除 / audit entries are append-only");
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(JianguanDbContext).Assembly);
        FieldEncryption.Apply(builder, Cipher);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<TradingCategory>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<BidStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<OrgKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<decimal>().HavePrecision(20, 4);
    }
}

public sealed class SqliteJianguanDbContext(DbContextOptions<SqliteJianguanDbContext> options, FieldCipher cipher) : JianguanDbContext(options, cipher)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite has no decimal type; stored as REAL so that sums and ordering work in SQL.
        // Amounts of up to 15 significant digits (well beyond any tender) survive unchanged.
        configurationBuilder.Properties<decimal>().HaveConversion<double>();
        // SQLite cannot order or compare DateTimeOffset; store Unix milliseconds (UTC) so it can.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        Features.Warnings.RiskAlertConfiguration.Month(builder, sqlite: true);
    }
}

public sealed class PostgresJianguanDbContext(DbContextOptions<PostgresJianguanDbContext> options, FieldCipher cipher) : JianguanDbContext(options, cipher)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // Npgsql writes timestamptz only from offset 0; an instant carried in Beijing time (+08:00) is the same
        // instant in UTC, so it is converted rather than refused.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        Features.Warnings.RiskAlertConfiguration.Month(builder, sqlite: false);
    }
}

/// <summary>The same instant at offset 0, for PostgreSQL's timestamptz.</summary>
public sealed class UtcConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, DateTimeOffset>(
    v => v.ToUniversalTime(), v => v);

/// <summary>DateTimeOffset as Unix milliseconds, for SQLite. Raw-SQL writers use <see cref="ToStore"/>.</summary>
public sealed class UnixMillisecondsConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, long>(
    v => ToStore(v), v => DateTimeOffset.FromUnixTimeMilliseconds(v))
{
    public static long ToStore(DateTimeOffset value) => value.ToUnixTimeMilliseconds();
}
