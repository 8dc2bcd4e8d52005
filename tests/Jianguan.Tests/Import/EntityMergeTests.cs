using Jianguan.Features.Trading.Import;
using Jianguan.Platform.Audit;

namespace Jianguan.Tests.Import;

/// <summary>
/// Issue 11, item 4: a firm first seen by name only and later with its unified social credit code is one entity. The
/// name-only row stays as an alias merged into the coded one (with the date), its bids move, the merge is audited,
/// later name-only rows resolve to the coded entity, and re-importing changes nothing. On both providers.
/// </summary>
[Trait("Category", "Database")]
public class EntityMergeTests
{
    private const string Code = "914403001922038216";
    private const string Header = "TENDER_PROJECT_CODE,BID_SECTION_CODE,BIDDER_NAME,BIDDER_ORG_CODE,BID_PRICE\n";

    [Fact]
    public async Task NameOnlyThenCoded_OneEntity_BidsMoved_AliasKept_Audited_ReimportUnchanged()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var options = new ImportOptions(Audit: t.Services.GetRequiredService<AuditTrail>(), Actor: AuditActor.CommandLine);
        var nameOnly = t.File("a.csv", Header + "P1,S1,甲建设有限公司,,100\nP1,S1,乙建设有限公司,,200\n");
        await t.ImportAsync(options, nameOnly);
        var alias = await t.Db.MarketEntities.AsNoTracking().SingleAsync(e => e.Name == "甲建设有限公司");
        Assert.Null(alias.MergedIntoId);

        await t.ImportAsync(options, t.File("b.csv", Header + $"P2,S1,甲建设有限公司,{Code},300\n"));

        var coded = await t.Db.MarketEntities.AsNoTracking().SingleAsync(e => e.CreditCode == Code);
        alias = await t.Db.MarketEntities.AsNoTracking().SingleAsync(e => e.Id == alias.Id);
        Assert.Equal(coded.Id, alias.MergedIntoId);
        Assert.Equal(t.Clock.GetUtcNow(), alias.MergedAt);
        Assert.Equal(2, await t.Db.Bids.CountAsync(b => b.BidderId == coded.Id));
        Assert.Equal(0, await t.Db.Bids.CountAsync(b => b.BidderId == alias.Id));
        var entry = Assert.Single(await t.Db.AuditEntries.AsNoTracking().Where(e => e.Action == "trading.entity_merge").ToListAsync());
        Assert.Equal(Code, entry.Target);

        // The name-only file again: its bid is the coded entity's, nothing new, nothing changed, no second merge.
        var again = await t.ImportAsync(options, nameOnly);
        Assert.Equal((0, 0, 2), (again.RowsNew, again.RowsUpdated, again.RowsUnchanged));
        Assert.Equal(3, await t.Db.Bids.CountAsync());
        Assert.Equal(2, await t.Db.Bids.CountAsync(b => b.BidderId == coded.Id));
        Assert.Single(await t.Db.AuditEntries.AsNoTracking().Where(e => e.Action == "trading.entity_merge").ToListAsync());
    }

    [Fact]
    public async Task CodedThenNameOnly_NameOnlyRowsResolveToCodedEntity()
    {
        await using var t = await ImportTestDb.CreateAsync();
        await t.ImportAsync(t.File("a.csv", Header + $"P1,S1,甲建设有限公司,{Code},100\n"));
        await t.ImportAsync(t.File("b.csv", Header + "P2,S1,甲建设有限公司,,200\n"));

        var coded = await t.Db.MarketEntities.AsNoTracking().SingleAsync(e => e.CreditCode == Code);
        Assert.Equal(2, await t.Db.Bids.CountAsync(b => b.BidderId == coded.Id));
        Assert.Equal(coded.Id, (await t.Db.MarketEntities.AsNoTracking().SingleAsync(e => e.CreditCode == null)).MergedIntoId);
    }

    [Fact]
    public async Task TwoCodedFirmsOfOneName_NameOnlyEntityNotMerged()
    {
        await using var t = await ImportTestDb.CreateAsync();
        await t.ImportAsync(t.File("a.csv", Header
            + $"P1,S1,甲建设有限公司,{Code},100\nP1,S2,甲建设有限公司,91350100M000100Y43,100\nP1,S3,甲建设有限公司,,100\n"));

        Assert.Null((await t.Db.MarketEntities.AsNoTracking().SingleAsync(e => e.CreditCode == null)).MergedIntoId);
        Assert.Equal(3, await t.Db.MarketEntities.CountAsync());
    }
}
