using Jianguan.Commands;
using Jianguan.Features.Trading.Import;
using Jianguan.Platform.Crypto;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Jianguan.Tests.Import;

/// <summary>
/// A migrated database and a scratch folder for input files, deleted afterwards: a temp-file SQLite database, or a
/// fresh PostgreSQL database when JIANGUAN_TEST_POSTGRES holds a server connection string (with CREATEDB).
/// </summary>
public sealed class ImportTestDb : IAsyncDisposable
{
    private readonly string folder;
    private readonly string? postgresServer;
    private readonly string? postgresDatabase;

    private readonly IHost host;
    private readonly AsyncServiceScope scope;

    private ImportTestDb(string folder, string connectionString, IHost host, string? postgresServer, string? postgresDatabase)
    {
        this.folder = folder;
        ConnectionString = connectionString;
        this.host = host;
        scope = host.Services.CreateAsyncScope();
        this.postgresServer = postgresServer;
        this.postgresDatabase = postgresDatabase;
    }

    /// <summary>The test's host: the command line's composition (<c>AddJianguanCore</c>) with the fake clock.</summary>
    public IServiceProvider Services => scope.ServiceProvider;

    public JianguanDbContext Db => Services.GetRequiredService<JianguanDbContext>();

    public FieldCipher Cipher => Services.GetRequiredService<FieldCipher>();

    public string ConnectionString { get; }

    public FakeTimeProvider Clock { get; private init; } = NewClock();

    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)));

    public List<string> Warnings { get; } = [];

    /// <param name="services">Changes to the host's services (options, a failing step) on top of the fake clock.</param>
    public static async Task<ImportTestDb> CreateAsync(Action<IServiceCollection>? services = null)
    {
        DatabaseGuard.Check(nameof(ImportTestDb));
        var id = Guid.NewGuid().ToString("N");
        var folder = Path.Combine(Path.GetTempPath(), "jianguan-import-" + id);
        Directory.CreateDirectory(folder);
        var server = Environment.GetEnvironmentVariable("JIANGUAN_TEST_POSTGRES");
        string connectionString;
        string? database = null;
        if (string.IsNullOrEmpty(server))
        {
            connectionString = $"Data Source={Path.Combine(folder, "test.db")}";
        }
        else
        {
            database = "jg_import_" + id;
            await using (var admin = new NpgsqlConnection(server))
            {
                await admin.OpenAsync();
                await using var create = admin.CreateCommand();
                create.CommandText = $"CREATE DATABASE \"{database}\"";
                await create.ExecuteNonQueryAsync();
            }

            connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        }

        var clock = NewClock();
        var host = CliHost.Build(connectionString, s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.Configure<Microsoft.AspNetCore.Identity.PasswordHasherOptions>(o => o.IterationCount = Web.JianguanFactory.TestHashIterations);
            services?.Invoke(s);
        });
        var t = new ImportTestDb(folder, connectionString, host, string.IsNullOrEmpty(server) ? null : server, database) { Clock = clock };
        await Database.MigrateAsync(t.Db);
        return t;
    }

    public string PathOf(string name) => Path.Combine(folder, name);

    /// <summary>Writes a UTF-8 input file (no BOM) and returns its path.</summary>
    public string File(string name, string content) => Bytes(name, System.Text.Encoding.UTF8.GetBytes(content));

    public string Bytes(string name, byte[] content)
    {
        var path = Path.Combine(folder, name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    public Task<ImportSummary> ImportAsync(params string[] paths) => ImportAsync(new ImportOptions(), paths);

    public Task<ImportSummary> ImportAsync(ImportOptions options, params string[] paths) =>
        TradingImporter.ImportAsync(
            Db, paths.Select(p => new ImportSource(Path.GetFileName(p), p)).ToList(), options, Clock,
            w =>
            {
                lock (Warnings)
                {
                    Warnings.Add(w);
                }
            });

    /// <summary>Row counts of the trading tables, to compare before and after.</summary>
    public async Task<(int Projects, int Sections, int Bids, int Entities, int Candidates, int Issues)> CountsAsync() =>
        (await Db.Projects.CountAsync(), await Db.Sections.CountAsync(), await Db.Bids.CountAsync(),
         await Db.MarketEntities.CountAsync(), await Db.Candidates.CountAsync(), await Db.DataQualityIssues.CountAsync());

    public async ValueTask DisposeAsync()
    {
        await scope.DisposeAsync();
        host.Dispose();
        SqliteConnection.ClearAllPools();
        if (postgresServer is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(postgresServer);
            await admin.OpenAsync();
            await using var drop = admin.CreateCommand();
            // Plain DROP: the server itself ends an autovacuum worker on the database, which FORCE may not.
            drop.CommandText = $"DROP DATABASE IF EXISTS \"{postgresDatabase}\"";
            try
            {
                await drop.ExecuteNonQueryAsync();
            }
            catch (PostgresException)
            {
                // A leftover test database is harmless; the next CI run starts a new server.
            }
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A scratch folder left in /tmp is harmless.
        }
    }
}
