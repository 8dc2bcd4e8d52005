using System.Globalization;
using Jianguan.Commands;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Crypto;
using Jianguan.Tests.Web;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Jianguan.Tests.Audit;

/// <summary>
/// The audit chain on a real database (SQLite, or PostgreSQL under JIANGUAN_TEST_POSTGRES): every kind of direct
/// tampering — edit, delete, insert, reorder, truncation at the end — is found by `audit verify`.
/// </summary>
[Trait("Category", "Database")]
public sealed class AuditChainTests : IAsyncLifetime
{
    private static readonly AuditActor Actor = new("u-1", "zhang", "office-admin", "10.0.0.7");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)));
    private TestDatabase _database = null!;
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _host = CliHost.Build(_database.ConnectionString);
        await using var db = Open();
        await Database.MigrateAsync(db);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _database.DisposeAsync();
    }

    private JianguanDbContext Open() => Database.Open(_database.ConnectionString, _host.Services.GetRequiredService<FieldCipher>());

    private AuditTrail Trail(string? key = null) =>
        new(_time, new AuditChain(key is null ? null : System.Text.Encoding.UTF8.GetBytes(key)));

    private async Task SeedAsync(int count, string? key = null)
    {
        await using var db = Open();
        for (var i = 0; i < count; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Trail(key).RecordAsync(db, Actor, "case.update", $"case/{i}", new { field = "状态", value = i });
        }
    }

    private async Task<AuditVerification> VerifyAsync(string? key = null)
    {
        await using var db = Open();
        return await Trail(key).VerifyAsync(db);
    }

    /// <summary>Someone with DDL rights on the database: first removes the append-only triggers.</summary>
    private async Task TamperAsync(string sql)
    {
        await using var db = Open();
        if (_database.IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"AuditEntries\" DISABLE TRIGGER USER;");
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER audit_entries_no_update; DROP TRIGGER audit_entries_no_delete;");
        }

        await db.Database.ExecuteSqlRawAsync(sql);
    }

    private AuditCheckpoints Checkpoints(string? key = null)
    {
        var chain = new AuditChain(key is null ? null : System.Text.Encoding.UTF8.GetBytes(key));
        return new(new AuditTrail(_time, chain), chain, _time);
    }

    private async Task<AuditVerification> VerifyAsync(string file, string? key)
    {
        await using var db = Open();
        return await Checkpoints(key).VerifyAsync(db, file);
    }

    private async Task<string> CheckpointAsync(string? key)
    {
        var file = Path.Combine(Path.GetTempPath(), $"jianguan-checkpoint-{Guid.NewGuid():N}", "audit.jsonl");
        await using var db = Open();
        await Checkpoints(key).WriteAsync(db, file);
        return file;
    }

    [Fact]
    public async Task Checkpoint_TailTruncatedAndHeadRewritten_PassesTheChainFailsTheCheckpoint()
    {
        // Issue 17: with the key, deleting the last entries and rewriting the head still verified.
        await SeedAsync(5, key: "secret-key");
        var file = await CheckpointAsync("secret-key");
        try
        {
            Assert.True((await VerifyAsync(file, "secret-key")).Ok);
            string third;
            await using (var db = Open())
            {
                third = await db.AuditEntries.Where(e => e.Seq == 3).Select(e => e.Hash).SingleAsync();
            }

            await TamperAsync($"DELETE FROM \"AuditEntries\" WHERE \"Seq\" > 3; UPDATE \"AuditHead\" SET \"Seq\" = 3, \"Hash\" = '{third}'");

            Assert.True((await VerifyAsync("secret-key")).Ok);
            var result = await VerifyAsync(file, "secret-key");
            Assert.Equal(4, result.BrokenAt);
            Assert.Contains("第 4–5 条缺失", result.Reason, StringComparison.Ordinal);

            // A forged checkpoint line (the attacker also edits the file, without the key) is refused.
            var line = (await File.ReadAllLinesAsync(file))[0];
            await File.AppendAllTextAsync(file, line.Replace("\"count\":5,\"seq\":5", "\"count\":3,\"seq\":3", StringComparison.Ordinal) + "\n");
            Assert.Contains("检查点签名不符", (await VerifyAsync(file, "secret-key")).Reason, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Fact]
    public async Task Checkpoint_UnkeyedChainRewrittenWithRecomputedHashes_DivergesFromTheCheckpoint()
    {
        await SeedAsync(3);
        var file = await CheckpointAsync(null);
        try
        {
            // Rewrite entry 2 and recompute every hash after it, as anyone can without a key.
            await TamperAsync("UPDATE \"AuditEntries\" SET \"Detail\" = 'x' WHERE \"Seq\" = 2");
            await using (var db = Open())
            {
                var entries = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Seq).ToListAsync();
                var previous = AuditChain.Genesis;
                var sql = new System.Text.StringBuilder();
                foreach (var entry in entries)
                {
                    entry.PrevHash = previous;
                    entry.Hash = new AuditChain(null).Compute(entry);
                    previous = entry.Hash;
                    sql.Append(CultureInfo.InvariantCulture, $"UPDATE \"AuditEntries\" SET \"PrevHash\" = '{entry.PrevHash}', \"Hash\" = '{entry.Hash}' WHERE \"Seq\" = {entry.Seq}; ");
                }

                sql.Append(CultureInfo.InvariantCulture, $"UPDATE \"AuditHead\" SET \"Hash\" = '{previous}'");
                await db.Database.ExecuteSqlRawAsync(sql.ToString());
            }

            Assert.True((await VerifyAsync()).Ok);
            var result = await VerifyAsync(file, null);
            Assert.Equal(3, result.BrokenAt);
            Assert.Contains("与检查点", result.Reason, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Fact]
    public async Task Verify_UntouchedChain_VerifiesEveryEntry()
    {
        await SeedAsync(5);
        var result = await VerifyAsync();
        Assert.True(result.Ok, result.ToString());
        Assert.Equal("verified 5 entries", result.ToString());
    }

    [Fact]
    public async Task Verify_EmptyChain_VerifiesZero()
    {
        Assert.Equal("verified 0 entries", (await VerifyAsync()).ToString());
    }

    [Fact]
    public async Task Record_Entries_LinkEachToThePrevious()
    {
        await SeedAsync(3);
        await using var db = Open();
        var entries = await db.AuditEntries.OrderBy(e => e.Seq).ToListAsync();
        Assert.Equal([1L, 2L, 3L], entries.Select(e => e.Seq));
        Assert.Equal(AuditChain.Genesis, entries[0].PrevHash);
        Assert.Equal(entries[0].Hash, entries[1].PrevHash);
        Assert.Equal(entries[1].Hash, entries[2].PrevHash);
        Assert.All(entries, e => Assert.Matches("^[0-9a-f]{64}$", e.Hash));
        Assert.Equal("zhang", entries[2].UserName);
        Assert.Contains("状态", entries[2].Detail, StringComparison.Ordinal);
        var head = await db.AuditHeads.SingleAsync();
        Assert.Equal((3L, entries[2].Hash), (head.Seq, head.Hash));
    }

    [Theory]
    [InlineData("UPDATE \"AuditEntries\" SET \"Detail\" = 'x' WHERE \"Seq\" = 3", 3)]
    [InlineData("UPDATE \"AuditEntries\" SET \"UserName\" = 'li' WHERE \"Seq\" = 1", 1)]
    [InlineData("UPDATE \"AuditEntries\" SET \"Action\" = 'case.read' WHERE \"Seq\" = 5", 5)]
    [InlineData("UPDATE \"AuditEntries\" SET \"Source\" = '10.0.0.8' WHERE \"Seq\" = 2", 2)]
    [InlineData("UPDATE \"AuditEntries\" SET \"At\" = \"At\" + 1 WHERE \"Seq\" = 4", 4)]
    public async Task Verify_EditedEntry_BrokenAtThatEntry(string sql, long brokenAt)
    {
        await SeedAsync(5);
        if (sql.Contains("\"At\"", StringComparison.Ordinal) && _database.IsPostgres)
        {
            sql = sql.Replace("\"At\" + 1", "\"At\" + interval '1 second'", StringComparison.Ordinal);
        }

        await TamperAsync(sql);
        var result = await VerifyAsync();
        Assert.False(result.Ok);
        Assert.Equal(brokenAt, result.BrokenAt);
        Assert.StartsWith($"broken at entry {brokenAt}: ", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_EditedEntryWithRecomputedPlainHash_DetectedWhenKeyed()
    {
        // With a key, rewriting an entry and recomputing its hash without the key still fails.
        await SeedAsync(3, key: "secret-key");
        Assert.True((await VerifyAsync("secret-key")).Ok);
        await using (var db = Open())
        {
            var entry = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Seq == 3);
            entry.Detail = "x";
            var forged = new AuditChain(null).Compute(entry);
            await TamperAsync($"UPDATE \"AuditEntries\" SET \"Detail\" = 'x', \"Hash\" = '{forged}' WHERE \"Seq\" = 3; UPDATE \"AuditHead\" SET \"Hash\" = '{forged}'");
        }

        Assert.Equal(3, (await VerifyAsync("secret-key")).BrokenAt);
        Assert.Equal(1, (await VerifyAsync()).BrokenAt);
    }

    [Fact]
    public async Task Verify_DeletedMiddleEntry_BrokenAtTheGap()
    {
        await SeedAsync(5);
        await TamperAsync("DELETE FROM \"AuditEntries\" WHERE \"Seq\" = 3");
        var result = await VerifyAsync();
        Assert.Equal(3, result.BrokenAt);
    }

    [Fact]
    public async Task Verify_DeletedLastEntries_BrokenAfterTheRemainingChain()
    {
        await SeedAsync(5);
        await TamperAsync("DELETE FROM \"AuditEntries\" WHERE \"Seq\" >= 4");
        Assert.Equal(4, (await VerifyAsync()).BrokenAt);
    }

    [Fact]
    public async Task Verify_DeletedAndRenumbered_BrokenAtTheRemovalPoint()
    {
        await SeedAsync(5);
        await TamperAsync("DELETE FROM \"AuditEntries\" WHERE \"Seq\" = 2; UPDATE \"AuditEntries\" SET \"Seq\" = \"Seq\" + 100 WHERE \"Seq\" > 2; UPDATE \"AuditEntries\" SET \"Seq\" = \"Seq\" - 101 WHERE \"Seq\" > 100; UPDATE \"AuditHead\" SET \"Seq\" = 4");
        Assert.Equal(2, (await VerifyAsync()).BrokenAt);
    }

    [Fact]
    public async Task Verify_EntryInsertedInTheMiddle_Detected()
    {
        await SeedAsync(4);
        await using (var db = Open())
        {
            var copy = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Seq == 2);
            await TamperAsync("UPDATE \"AuditEntries\" SET \"Seq\" = \"Seq\" + 100 WHERE \"Seq\" > 2; UPDATE \"AuditEntries\" SET \"Seq\" = \"Seq\" - 99 WHERE \"Seq\" > 100; UPDATE \"AuditHead\" SET \"Seq\" = 5");
            copy.Seq = 3;
            copy.Target = "case/forged";
            copy.PrevHash = (await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Seq == 2)).Hash;
            copy.Hash = new AuditChain(null).Compute(copy);
            db.AuditEntries.Add(copy);
            await db.SaveChangesAsync();
        }

        // The forged entry links properly to entry 2, but the entry after it still points at entry 2.
        Assert.Equal(4, (await VerifyAsync()).BrokenAt);
    }

    [Fact]
    public async Task Verify_EntryAppendedOutsideTheApplication_Detected()
    {
        await SeedAsync(3);
        await using (var db = Open())
        {
            var last = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Seq == 3);
            var forged = new AuditEntry
            {
                Seq = 4,
                At = last.At,
                UserName = "ghost",
                Action = "case.update",
                Target = "case/9",
                PrevHash = last.Hash,
            };
            forged.Hash = new AuditChain(null).Compute(forged);
            db.AuditEntries.Add(forged);
            await db.SaveChangesAsync();
        }

        Assert.Equal(4, (await VerifyAsync()).BrokenAt);
    }

    [Fact]
    public async Task Verify_TwoEntriesSwapped_Detected()
    {
        await SeedAsync(5);
        await TamperAsync("UPDATE \"AuditEntries\" SET \"Seq\" = 100 WHERE \"Seq\" = 2; UPDATE \"AuditEntries\" SET \"Seq\" = 2 WHERE \"Seq\" = 3; UPDATE \"AuditEntries\" SET \"Seq\" = 3 WHERE \"Seq\" = 100");
        Assert.Equal(2, (await VerifyAsync()).BrokenAt);
    }

    [Fact]
    public async Task Verify_HeadRowRemoved_Detected()
    {
        await SeedAsync(2);
        await TamperAsync("DELETE FROM \"AuditHead\"");
        Assert.Equal(1, (await VerifyAsync()).BrokenAt);
    }

    [Fact]
    public async Task SaveChanges_ModifiedOrDeletedEntry_Refused()
    {
        await SeedAsync(2);
        await using var db = Open();
        var entry = await db.AuditEntries.SingleAsync(e => e.Seq == 1);
        entry.Detail = "{}";
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        db.Entry(entry).State = EntityState.Deleted;
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Database_DirectUpdateOrDelete_RefusedByTrigger()
    {
        await SeedAsync(2);
        await using var db = Open();
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Detail\" = 'x'"));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\""));
        Assert.True((await VerifyAsync()).Ok);
    }

    [Fact]
    public async Task Record_ConcurrentAppenders_KeepOneUnbrokenChain()
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async worker =>
        {
            await using var db = Open();
            for (var i = 0; i < 10; i++)
            {
                await Trail().RecordAsync(db, Actor, "case.read", $"case/{worker}/{i}");
            }
        }));
        Assert.Equal("verified 40 entries", (await VerifyAsync()).ToString());
    }

    [Fact]
    public async Task Record_InsideCallersTransaction_RolledBackWithIt()
    {
        await SeedAsync(1);
        await using (var db = Open())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await Trail().RecordAsync(db, Actor, "case.update", "case/rolled-back");
            await tx.RollbackAsync();
        }

        Assert.Equal("verified 1 entries", (await VerifyAsync()).ToString());
    }

    [Fact]
    public async Task AuditVerifyCommand_IntactThenTampered_Exit0ThenExit1()
    {
        await SeedAsync(3);
        Assert.Equal(Cli.Ok, await Cli.RunAsync(["audit", "verify", "--db", _database.ConnectionString]));
        await TamperAsync("UPDATE \"AuditEntries\" SET \"Target\" = 'x' WHERE \"Seq\" = 2");
        Assert.Equal(Cli.Rejected, await Cli.RunAsync(["audit", "verify", "--db", _database.ConnectionString]));
    }
}
