using Jianguan.Commands;
using Jianguan.Platform.Audit;
using Jianguan.Tests.Web;

namespace Jianguan.Tests.Cluster;

/// <summary>
/// <c>db backup</c> then a change then <c>db restore</c>: the change is gone, the audit chain verifies, and the restore
/// itself is on the chain (SQLite online backup; pg_dump/pg_restore in the PostgreSQL leg).
/// </summary>
[Trait("Category", "Database")]
public sealed class BackupTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private string _file = "";

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _file = Path.Combine(Path.GetTempPath(), $"jianguan-backup-{Guid.NewGuid():N}.bak");
        await using var cli = CliHost.Open(_database.ConnectionString);
        await Database.MigrateAsync(cli.Db);
    }

    public async Task DisposeAsync()
    {
        File.Delete(_file);
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task BackupChangeRestore_ChangeIsGoneAndTheChainVerifies()
    {
        await RecordAsync("test.before");
        var conn = _database.ConnectionString;

        Assert.Equal(Cli.Ok, await Cli.RunAsync(["db", "backup", "--out", _file, "--db", conn]));
        Assert.True(new FileInfo(_file).Length > 0);
        await RecordAsync("test.after");
        Assert.Equal(Cli.Ok, await Cli.RunAsync(["db", "restore", _file, "--db", conn]));

        Assert.Equal(Cli.Ok, await Cli.RunAsync(["audit", "verify", "--db", conn]));
        await using var cli = CliHost.Open(conn);
        var actions = await cli.Db.AuditEntries.AsNoTracking().OrderBy(e => e.Seq).Select(e => e.Action).ToListAsync();
        Assert.Contains("test.before", actions);
        Assert.DoesNotContain("test.after", actions);
        Assert.Equal("db.restore", actions[^1]);
    }

    [Fact]
    public async Task Restore_MissingFile_IsAUsageErrorAndChangesNothing()
    {
        await RecordAsync("test.kept");

        Assert.Equal(Cli.Usage, await Cli.RunAsync(["db", "restore", _file + ".missing", "--db", _database.ConnectionString]));

        await using var cli = CliHost.Open(_database.ConnectionString);
        Assert.True(await cli.Db.AuditEntries.AnyAsync(e => e.Action == "test.kept"));
    }

    private async Task RecordAsync(string action)
    {
        await using var cli = CliHost.Open(_database.ConnectionString);
        await cli.Get<AuditTrail>().RecordAsync(cli.Db, AuditActor.System, action, "test:backup");
    }
}
