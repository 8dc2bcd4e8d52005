using Jianguan.Features.Trading.Import;
using Jianguan.Platform.Audit;

namespace Jianguan.Tests.Import;

/// <summary>Issue 17, item 8: each committed file carries its audit entry in its own transaction.</summary>
[Trait("Category", "Database")]
public class ImportAuditTests
{
    private const string Header = "TENDER_PROJECT_CODE,BID_SECTION_CODE,BIDDER_NAME,BID_PRICE";

    [Fact]
    public async Task ImportAsync_StoppedAfterFirstFile_CommittedFileIsAudited()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var first = t.File("a.csv", $"{Header}\nP1,S1,甲公司,100\nP1,S1,乙公司,200\n");
        // The second file names a column the importer does not know: its warning stands in for the crash.
        var second = t.File("b.csv", $"{Header},未知列\nP2,S1,丙公司,300,x\n");
        using var crash = new CancellationTokenSource();
        var options = new ImportOptions(Audit: t.Services.GetRequiredService<AuditTrail>(), Actor: AuditActor.CommandLine);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TradingImporter.ImportAsync(
            t.Db, [new ImportSource("a.csv", first), new ImportSource("b.csv", second)], options, t.Clock,
            _ => crash.Cancel(), crash.Token));

        Assert.Equal(["P1"], await t.Db.Projects.Select(p => p.Code).ToListAsync());
        var entry = Assert.Single(await t.Db.AuditEntries.AsNoTracking().Where(e => e.Action == "trading.import").ToListAsync());
        Assert.Equal("a.csv", entry.Target);
        Assert.Contains("\"landed\":true", entry.Detail, StringComparison.Ordinal);
        Assert.Contains("\"bids\":2", entry.Detail, StringComparison.Ordinal);
        var verified = await t.Services.GetRequiredService<AuditTrail>().VerifyAsync(t.Db);
        Assert.True(verified.Ok, verified.ToString());
    }

    [Fact]
    public async Task ImportAsync_EachFile_OwnEntryRefusedOnesToo()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var good = t.File("good.csv", $"{Header}\nP1,S1,甲公司,100\n");
        var bad = t.File("bad.csv", $"{Header}\nP2,S1,乙公司,abc\n");
        var options = new ImportOptions(Audit: t.Services.GetRequiredService<AuditTrail>(), Actor: AuditActor.CommandLine);

        await t.ImportAsync(options, good, bad);

        var entries = await t.Db.AuditEntries.AsNoTracking().Where(e => e.Action == "trading.import").OrderBy(e => e.Seq).ToListAsync();
        Assert.Equal(["good.csv", "bad.csv"], entries.Select(e => e.Target));
        Assert.Contains("\"landed\":true", entries[0].Detail, StringComparison.Ordinal);
        Assert.Contains("\"landed\":false", entries[1].Detail, StringComparison.Ordinal);
    }
}
