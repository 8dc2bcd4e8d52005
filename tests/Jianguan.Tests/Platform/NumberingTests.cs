using Jianguan.Platform.Numbering;
using Jianguan.Tests.Import;
using Jianguan.Features.Clues;

namespace Jianguan.Tests.Platform;

/// <summary>Counters and case numbers on a real database (SQLite file, or PostgreSQL with JIANGUAN_TEST_POSTGRES).</summary>
[Trait("Category", "Database")]
public sealed class NumberingTests : IAsyncLifetime
{
    private ImportTestDb _t = null!;

    public async Task InitializeAsync() => _t = await ImportTestDb.CreateAsync();

    public async Task DisposeAsync() => await _t.DisposeAsync();

    /// <summary>Workers on connections of their own, half of them allocating inside a transaction.</summary>
    private async Task<List<long>> AllocateConcurrentlyAsync(string counter, int workers, int each, Func<JianguanDbContext, CancellationToken, Task<long>>? seed = null)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            await using var db = Database.Open(_t.ConnectionString, _t.Cipher);
            var got = new List<long>();
            await start.Task;
            for (var i = 0; i < each; i++)
            {
                Func<CancellationToken, Task<long>>? s = seed is null ? null : ct => seed(db, ct);
                if (w % 2 == 0)
                {
                    await using var tx = await db.Database.BeginTransactionAsync();
                    got.Add(await Counters.NextAsync(db, counter, s));
                    await tx.CommitAsync();
                }
                else
                {
                    got.Add(await Counters.NextAsync(db, counter, s));
                }
            }

            return got;
        })).ToList();
        start.SetResult();
        return [.. (await Task.WhenAll(tasks)).SelectMany(g => g)];
    }

    [Fact]
    public async Task NextAsync_ManyConcurrentAllocations_DistinctAndConsecutive()
    {
        var values = await AllocateConcurrentlyAsync("test-concurrent", workers: 8, each: 25);

        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), values.Order());
        Assert.Equal(200, (await _t.Db.Set<NumberCounter>().AsNoTracking().SingleAsync(c => c.Name == "test-concurrent")).LastIssued);
    }

    [Fact]
    public async Task NextAsync_ConcurrentFirstUses_SeedOnceAndContinue()
    {
        // Every worker sees no counter and seeds from 41 issued elsewhere; the losers of the insert increment.
        var values = await AllocateConcurrentlyAsync("test-first-use", workers: 6, each: 1, seed: (_, _) => Task.FromResult(41L));

        Assert.Equal(Enumerable.Range(42, 6).Select(i => (long)i), values.Order());
    }

    [Fact]
    public async Task NextAsync_RolledBackTransaction_LeavesNoGap()
    {
        var db = _t.Db;
        Assert.Equal(1, await Counters.NextAsync(db, "test-rollback"));
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            Assert.Equal(2, await Counters.NextAsync(db, "test-rollback"));
            await tx.RollbackAsync();
        }

        Assert.Equal(2, await Counters.NextAsync(db, "test-rollback"));
        Assert.Equal(1, await Counters.NextAsync(db, "test-other"));
    }

    [Fact]
    public async Task CaseNumbers_ExistingClues_SeedFromTheHighestOfTheYear()
    {
        var db = _t.Db;
        foreach (var number in new[] { "XS-2026-000007", "XS-2026-000012", "XS-2025-000099", "XS-2026-000003" })
        {
            db.Set<Clue>().Add(new Clue { Number = number, Title = "旧线索", CreatedBy = "test" });
        }

        await db.SaveChangesAsync();
        var numbers = db.Set<Clue>().Select(c => c.Number);

        Assert.Equal(12, await CaseNumbers.MaxIssuedAsync(numbers, "XS", 2026));
        Assert.Equal(0, await CaseNumbers.MaxIssuedAsync(numbers, "XS", 2027));
        Assert.Equal("XS-2026-000013", await CaseNumbers.NextAsync(db, "XS", 2026, ct => CaseNumbers.MaxIssuedAsync(numbers, "XS", 2026, ct)));
        Assert.Equal("XS-2026-000014", await CaseNumbers.NextAsync(db, "XS", 2026, ct => CaseNumbers.MaxIssuedAsync(numbers, "XS", 2026, ct)));
        Assert.Equal("XS-2025-000100", await CaseNumbers.NextAsync(db, "XS", 2025, ct => CaseNumbers.MaxIssuedAsync(numbers, "XS", 2025, ct)));
    }

    [Fact]
    public void Format_SequencePastSixDigits_KeepsEveryDigit()
    {
        Assert.Equal("XS-2026-000123", CaseNumbers.Format("XS", 2026, 123));
        Assert.Equal("XS-2026-1234567", CaseNumbers.Format("XS", 2026, 1_234_567));
        Assert.Equal(1_234_567, CaseNumbers.SequenceOf("XS-2026-1234567", "XS", 2026));
        Assert.Null(CaseNumbers.SequenceOf("XS-2025-000001", "XS", 2026));
        Assert.Null(CaseNumbers.SequenceOf("XS-2026-12a", "XS", 2026));
    }
}
