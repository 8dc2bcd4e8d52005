using Jianguan.Platform.Crypto;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Jianguan.Data;

public enum DbProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Choosing and opening the database from a connection string (SQLite by default).</summary>
public static class Database
{
    public const string DefaultConnection = "Data Source=jianguan.db";

    /// <summary>The connection string from the option, else JIANGUAN_DB, else the SQLite default.</summary>
    public static string Resolve(string? option) =>
        !string.IsNullOrWhiteSpace(option) ? option
        : Environment.GetEnvironmentVariable("JIANGUAN_DB") is { Length: > 0 } env ? env
        : DefaultConnection;

    public static DbProvider ProviderOf(string connectionString) =>
        connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase)
        || connectionString.StartsWith("postgres", StringComparison.OrdinalIgnoreCase)
            ? DbProvider.Postgres
            : DbProvider.Sqlite;

    public static IServiceCollection AddJianguanDb(this IServiceCollection services, string connectionString)
    {
        if (ProviderOf(connectionString) == DbProvider.Postgres)
        {
            services.AddDbContext<JianguanDbContext, PostgresJianguanDbContext>(o => Configure(o, connectionString));
        }
        else
        {
            services.AddDbContext<JianguanDbContext, SqliteJianguanDbContext>(o => Configure(o, connectionString));
        }

        return services;
    }

    /// <summary>
    /// A context outside dependency injection, for the design-time tools and for code that only needs the model.
    /// Everything else resolves <see cref="JianguanDbContext"/> from a host built with <c>AddJianguanCore</c>.
    /// </summary>
    public static JianguanDbContext Open(string connectionString, FieldCipher cipher)
    {
        if (ProviderOf(connectionString) == DbProvider.Postgres)
        {
            var b = new DbContextOptionsBuilder<PostgresJianguanDbContext>();
            Configure(b, connectionString);
            return new PostgresJianguanDbContext(b.Options, cipher);
        }

        var s = new DbContextOptionsBuilder<SqliteJianguanDbContext>();
        Configure(s, connectionString);
        return new SqliteJianguanDbContext(s.Options, cipher);
    }

    /// <summary>The published development cipher: for models built without data (design time, column limits).</summary>
    internal static FieldCipher ModelOnlyCipher() => FieldKeyRing.Development();

    private static void Configure(DbContextOptionsBuilder options, string connectionString)
    {
        options.ReplaceService<IModelCacheKeyFactory, CipherModelCacheKeyFactory>();
        if (ProviderOf(connectionString) == DbProvider.Postgres)
        {
            options.UseNpgsql(connectionString, o => o.MigrationsHistoryTable("__EFMigrationsHistory"));
        }
        else
        {
            options.UseSqlite(connectionString);
        }
    }

    /// <summary>
    /// Creates or migrates the schema. On SQLite also turns on WAL so readers never block the writer; on PostgreSQL
    /// also creates the clustered job store's tables.
    /// </summary>
    public static async Task MigrateAsync(JianguanDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        // A database made by a build whose migrations were later squashed (before the first release) has history this
        // build does not know; migrating it would fail half-way on "table already exists".
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var unknown = (await db.Database.GetAppliedMigrationsAsync(ct)).Where(m => !known.Contains(m)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"数据库由不兼容的早期开发版本创建，请删除后重新创建 / the database was created by an incompatible development build "
                + $"(unknown migrations: {string.Join(", ", unknown)}); delete it and start again");
        }

        await db.Database.MigrateAsync(ct);

        // A database from before the analysis summary gets it built once (ADR-021).
        await Features.Analysis.AnalysisSummary.EnsureBuiltAsync(db, ct);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        else
        {
            // The clustered job store's tables (idempotent; SQLite keeps jobs in memory).
            await Platform.Jobs.QuartzSchema.CreateAsync(db, ct);
        }
    }
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteJianguanDbContext>
{
    public SqliteJianguanDbContext CreateDbContext(string[] args) =>
        (SqliteJianguanDbContext)Database.Open("Data Source=design.db", Database.ModelOnlyCipher());
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresJianguanDbContext>
{
    public PostgresJianguanDbContext CreateDbContext(string[] args) =>
        (PostgresJianguanDbContext)Database.Open("Host=localhost;Database=jianguan_design", Database.ModelOnlyCipher());
}
