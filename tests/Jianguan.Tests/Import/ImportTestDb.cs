using Jianguan.Data;
using Jianguan.Features.Trading.Import;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Jianguan.Tests.Import;

/// <summary>A migrated temp-file SQLite database and a scratch folder for input files, deleted afterwards.</summary>
public sealed class ImportTestDb : IAsyncDisposable
{
    private readonly string folder;

    private ImportTestDb(string folder, JianguanDbContext db)
    {
        this.folder = folder;
        Db = db;
    }

    public JianguanDbContext Db { get; }

    public string ConnectionString => $"Data Source={Path.Combine(folder, "test.db")}";

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)));

    public List<string> Warnings { get; } = [];

    public static async Task<ImportTestDb> CreateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "jianguan-import-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var db = Database.Open($"Data Source={Path.Combine(folder, "test.db")}");
        await Database.MigrateAsync(db);
        return new ImportTestDb(folder, db);
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
        await Db.DisposeAsync();
        SqliteConnection.ClearAllPools();
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
