using System.Text.Json;
using System.Text.RegularExpressions;
using Jianguan.Analytics.Data;
using Jianguan.Features.Analysis;
using Jianguan.Features.Trading;
using Jianguan.Platform.Scopes;
using Jianguan.Tests.Import;
using Jianguan.Tests.Sampling;

namespace Jianguan.Tests.Analysis;

/// <summary>
/// The analysis summary (ADR-021) on both providers: the rows the imports kept file by file equal a full rebuild,
/// and the figures computed from the summary equal those computed from the trading tables (the reference loader).
/// </summary>
[Trait("Category", "Database")]
public sealed class AnalysisSummaryTests
{
    private const string BidHeader = "TENDER_PROJECT_CODE,BID_SECTION_CODE,BIDDER_NAME,BIDDER_ORG_CODE,BID_PRICE\n";
    private const string AwardHeader = "TENDER_PROJECT_CODE,BID_SECTION_CODE,WIN_BIDDER_NAME,WIN_BIDDER_CODE,BID_AMOUNT\n";
    private const string Code = "914403001922038216";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task IncrementalImports_EqualFullRebuild_AndFiguresEqualTradingTables()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var market = t.PathOf("market");
        var (exit, _, error) = await DrawCliTests.RunAsync("demo", "generate", "--tenders", "80", "--seed", "7", "--out", market);
        Assert.True(exit == 0, error);

        // Each file lands in its own transaction: sections without bids first, then their bids, then the awards.
        foreach (var file in new[] { "projects.csv", "sections.csv", "bids.csv", "awards.csv" })
        {
            await t.ImportAsync(Path.Combine(market, file));
        }

        // A firm seen by name only wins and bids; later the same firm with its credit code: the merge moves the award.
        await t.ImportAsync(t.File("a.csv", BidHeader + "X1,S1,甲建设有限公司,,100\nX1,S1,乙建设有限公司,,120\nX1,S1,丙建设有限公司,,130\n"));
        await t.ImportAsync(t.File("b.csv", AwardHeader + "X1,S1,甲建设有限公司,,100\n"));
        await t.ImportAsync(t.File("c.csv", BidHeader + $"X2,S1,甲建设有限公司,{Code},300\nX2,S1,丁建设有限公司,,310\n"));
        // One more bid for a section already summarised: its bidder count and dispersion change.
        await t.ImportAsync(t.File("d.csv", BidHeader + "X1,S1,戊建设有限公司,,90\n"));

        var incremental = await SnapshotAsync(t.Db);
        Assert.Equal(await t.Db.Sections.CountAsync(), incremental.Count);
        var merged = await t.Db.MarketEntities.AsNoTracking().SingleAsync(e => e.CreditCode == Code);
        var x1 = incremental.Single(r => r.ProjectCode == "X1");
        Assert.Equal((merged.Id, 4, 4), (x1.WinnerId, x1.Bidders, x1.BidRows));

        await using (var tx = await t.Db.Database.BeginTransactionAsync())
        {
            Assert.Equal(incremental.Count, await AnalysisSummary.RebuildAsync(t.Db));
            await tx.CommitAsync();
        }

        var rebuilt = await SnapshotAsync(t.Db);
        Assert.Equal(incremental.Select(Serialize), rebuilt.Select(Serialize));

        // The figures from the summary equal those from the trading tables, whole market and filtered.
        AnalysisFilter[] filters =
        [
            new(),
            new(Category: TradingCategory.Construction),
            new(From: new DateOnly(2024, 1, 1), To: new DateOnly(2024, 6, 30)),
            new(Region: "4601"),
        ];
        foreach (var filter in filters)
        {
            // The summary kept in memory selects its rows of the whole market's columns, in section order.
            var summary = await AnalysisData.LoadAsync(t.Db, DataScope.All, filter);
            Assert.Equal(summary.Sections.Select(s => s.SectionId).Order(), summary.Sections.Select(s => s.SectionId));
            var tables = Sorted(await AnalysisData.LoadFromTablesAsync(t.Db, DataScope.All, filter));
            Assert.Equal(tables.Sections.Count, summary.Sections.Count);
            Assert.Equal(Serialize(PriceAnalysis.Compute(tables)), Serialize(PriceAnalysis.Compute(summary)));
            Assert.Equal(Serialize(MarketAnalysis.Compute(tables)), Serialize(MarketAnalysis.Compute(summary)));
            var complaints = new ComplaintFigures(0, 0, null, 0, null);
            var today = new DateOnly(2026, 3, 2);
            Assert.Equal(Serialize(EfficiencyAnalysis.Compute(tables, complaints, [], today)),
                Serialize(EfficiencyAnalysis.Compute(summary, complaints, [], today)));
        }
    }

    /// <summary>
    /// The rows the summary writer stores (COPY on PostgreSQL, a prepared INSERT on SQLite, values converted as the EF
    /// model maps them) read back through EF as <see cref="AnalysisSummary.Build"/> computed them from the trading tables,
    /// every column (the dispersion to the column's four decimals).
    /// </summary>
    [Fact]
    public async Task WrittenRows_ReadBackAsBuiltFromTheTradingTables()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var market = t.PathOf("market");
        var (exit, _, error) = await DrawCliTests.RunAsync("demo", "generate", "--tenders", "40", "--seed", "3", "--out", market);
        Assert.True(exit == 0, error);
        foreach (var file in new[] { "projects.csv", "sections.csv", "bids.csv", "awards.csv" })
        {
            await t.ImportAsync(Path.Combine(market, file));
        }

        var sections = await t.Db.Sections.AsNoTracking().Include(s => s.Project).OrderBy(s => s.Id).ToListAsync();
        var bids = (await t.Db.Bids.AsNoTracking().ToListAsync()).ToLookup(b => b.SectionId);
        var built = sections.Select(s => Build(s, bids[s.Id])).ToList();
        var stored = await SnapshotAsync(t.Db);
        Assert.Equal(40, stored.Count);
        Assert.Contains(stored, r => r.Dispersion is not null && r.Day is not null && r.Region is not null);
        Assert.Equal(built.Select(Rounded).Select(Serialize), stored.Select(Rounded).Select(Serialize));

        static AnalysisSection Build(Section s, IEnumerable<Bid> bids) => AnalysisSummary.Build(s, s.Project!,
            bids.Select(b => (b.BidderId, Currencies.IsYuan(b.Currency) ? b.Price : null, b.Status == BidStatus.Valid)));

        static AnalysisSection Rounded(AnalysisSection r)
        {
            r.Dispersion = r.Dispersion is { } d ? Math.Round(d, 4) : null;
            return r;
        }
    }

    [Fact]
    public async Task ForeignCurrencyAmounts_AreLeftOutOfTheSums()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var market = t.PathOf("market");
        var (exit, _, error) = await DrawCliTests.RunAsync("demo", "generate", "--tenders", "40", "--seed", "11", "--out", market);
        Assert.True(exit == 0, error);
        foreach (var file in new[] { "projects.csv", "sections.csv", "bids.csv", "awards.csv" })
        {
            await t.ImportAsync(Path.Combine(market, file));
        }

        var before = PriceAnalysis.Compute(await AnalysisData.LoadAsync(t.Db, DataScope.All, new AnalysisFilter())).Summary;

        // One awarded section in US dollars, and one bid of another section in euros (saved through the context: the
        // summary rows follow in the same save).
        var dollars = await t.Db.Sections.Where(s => s.AwardAmount > 0m && s.ControlPrice > 0m).OrderBy(s => s.Id).FirstAsync();
        dollars.AwardCurrency = "USD";
        var euros = await t.Db.Bids.Where(b => b.SectionId != dollars.Id && b.Price > 0m && b.Status == BidStatus.Valid).OrderBy(b => b.Id).FirstAsync();
        euros.Currency = "EUR";
        await t.Db.SaveChangesAsync();

        var row = await t.Db.Set<AnalysisSection>().AsNoTracking().SingleAsync(s => s.SectionId == dollars.Id);
        Assert.Null(row.AwardAmount);
        Assert.Equal(dollars.ControlPrice, row.ControlPrice);
        var after = PriceAnalysis.Compute(await AnalysisData.LoadAsync(t.Db, DataScope.All, new AnalysisFilter())).Summary;
        Assert.Equal(before.Award - dollars.AwardAmount!.Value, after.Award);
        Assert.Equal(before.Reference - dollars.ControlPrice!.Value, after.Reference);
        Assert.Equal(before.WithDiscount - 1, after.WithDiscount);
        var market2 = MarketAnalysis.Compute(await AnalysisData.LoadAsync(t.Db, DataScope.All, new AnalysisFilter()));
        var yuanAwards = (await t.Db.Sections.Where(s => s.WinnerId != null && s.AwardAmount > 0m && s.AwardCurrency == null)
            .Select(s => s.AwardAmount!.Value).ToListAsync()).Sum();
        Assert.Equal(yuanAwards, market2.Summary.Amount);

        // The euro bid is left out of its section's dispersion (the yuan bids only), but its bidder still counts.
        var bids = await t.Db.Bids.AsNoTracking().Where(b => b.SectionId == euros.SectionId).ToListAsync();
        var euroRow = await t.Db.Set<AnalysisSection>().AsNoTracking().SingleAsync(s => s.SectionId == euros.SectionId);
        Assert.Equal(Stats.Dispersion([.. bids.Where(b => b.Currency == null && b.Status == BidStatus.Valid && b.Price > 0m).Select(b => b.Price!.Value)]),
            euroRow.Dispersion is { } d ? Math.Round(d, 2) : null);
        Assert.Equal(bids.Select(b => b.BidderId).Distinct().Count(), euroRow.Bidders);

        // The reference loader reads the trading tables the same way.
        var summary = await AnalysisData.LoadAsync(t.Db, DataScope.All, new AnalysisFilter());
        var tables = Sorted(await AnalysisData.LoadFromTablesAsync(t.Db, DataScope.All, new AnalysisFilter()));
        Assert.Equal(Serialize(PriceAnalysis.Compute(tables)), Serialize(PriceAnalysis.Compute(summary)));
        Assert.Equal(Serialize(MarketAnalysis.Compute(tables)), Serialize(MarketAnalysis.Compute(summary)));
    }

    /// <summary>
    /// The copy of the summary a process keeps (ADR-023) follows every revision: unchanged it is reused; a unit linked by
    /// a later import narrows a member unit's scope as the tables do; a firm renamed through the context, a section
    /// removed and a rebuild all show at the next read.
    /// </summary>
    [Fact]
    public async Task TheCopyInMemory_FollowsEveryRevision()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var market = t.PathOf("market");
        var (exit, _, error) = await DrawCliTests.RunAsync("demo", "generate", "--tenders", "60", "--seed", "5", "--out", market);
        Assert.True(exit == 0, error);
        foreach (var file in new[] { "projects.csv", "sections.csv", "bids.csv", "awards.csv" })
        {
            await t.ImportAsync(Path.Combine(market, file));
        }

        var first = await AnalysisStore.CurrentAsync(t.Db);
        Assert.Same(first, await AnalysisStore.CurrentAsync(t.Db));

        // At one revision a scope and filter asked again is answered from the dataset and results kept; a drill-down
        // by bidder shares them; a scope of another kind does not.
        var asked = await AnalysisData.LoadAsync(t.Db, DataScope.All, new AnalysisFilter(Region: "4601"));
        Assert.Same(asked, await AnalysisData.LoadAsync(t.Db, DataScope.AllMasked, new AnalysisFilter(Region: "4601")));
        Assert.Same(PriceAnalysis.Compute(asked), PriceAnalysis.Compute(first.Select(DataScope.All, new AnalysisFilter(Region: "4601"))));
        var everyOutlier = PriceAnalysis.Compute(asked, int.MaxValue); // the drill-down's and the export's listing, kept apart
        Assert.Same(everyOutlier, PriceAnalysis.Compute(asked, int.MaxValue));
        Assert.NotSame(PriceAnalysis.Compute(asked), everyOutlier);
        Assert.Equal(everyOutlier.Summary.Outliers, everyOutlier.Outliers.Count);
        var bidderId = asked.Bidders[0].BidderId;
        var drilled = first.Select(DataScope.All, new AnalysisFilter(Region: "4601"), bidderId);
        Assert.Same(MarketAnalysis.Compute(asked), MarketAnalysis.Compute(drilled));
        Assert.InRange(asked.Sections.Count(s => drilled.BidFor(bidderId, s.SectionId)), 1, asked.Bidders[0].Sections);
        Assert.Empty((await AnalysisData.LoadAsync(t.Db, DataScope.None, new AnalysisFilter(Region: "4601"))).Sections);

        // Past four times the rows in kept datasets the oldest are dropped, never the whole database's.
        var whole = first.Select(DataScope.All, new AnalysisFilter());
        for (var day = 1; day <= 6; day++)
        {
            first.Select(DataScope.All, new AnalysisFilter(To: new DateOnly(2100, 1, day)));
        }

        Assert.Same(whole, first.Select(DataScope.All, new AnalysisFilter()));
        Assert.NotSame(asked, first.Select(DataScope.All, new AnalysisFilter(Region: "4601")));

        // A member unit named as supervising department by some projects, created after they were stored: the next
        // import (of anything) links them, and the unit's scope covers its projects and the category of its sector.
        var department = await t.Db.Projects.Where(p => p.SupervisingDepartment != null).GroupBy(p => p.SupervisingDepartment)
            .OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();
        var unit = new Organisation { Code = "unit-analysis", Name = department!, Kind = OrgKind.Industry, Sectors = "政府采购" };
        t.Db.Organisations.Add(unit);
        await t.Db.SaveChangesAsync();
        await t.ImportAsync(t.File("link.csv", BidHeader + "Y1,S1,己建设有限公司,,100\n"));
        var scope = DataScope.ForOrganisation(unit);
        var second = await AnalysisStore.CurrentAsync(t.Db);
        Assert.True(second.Revision > first.Revision);
        await AssertSameAsync(scope, new AnalysisFilter());
        await AssertSameAsync(scope, new AnalysisFilter(Category: TradingCategory.Construction));
        var inScope = await AnalysisData.LoadAsync(t.Db, scope, new AnalysisFilter());
        Assert.Contains(inScope.Sections, s => s.Department == department && s.Category != TradingCategory.GovernmentProcurement);
        Assert.Contains(inScope.Sections, s => s.Department != department && s.Category == TradingCategory.GovernmentProcurement);
        Assert.DoesNotContain(inScope.Sections, s => s.Department != department && s.Category != TradingCategory.GovernmentProcurement);

        // A winner renamed through the context (no section changes): the shares name it anew.
        var winnerId = (await AnalysisData.LoadAsync(t.Db, DataScope.All, new AnalysisFilter())).Sections.First(s => s.WinnerId is not null).WinnerId!.Value;
        var winner = await t.Db.MarketEntities.SingleAsync(e => e.Id == winnerId);
        winner.Name = "更名后建设有限公司";
        await t.Db.SaveChangesAsync();
        var shares = MarketAnalysis.Compute(await AnalysisData.LoadAsync(t.Db, DataScope.All, new AnalysisFilter())).Shares;
        Assert.Equal("更名后建设有限公司", shares.Single(s => s.FirmId == winnerId).Firm);

        // A section removed: its row is gone from the copy too.
        var removed = await t.Db.Sections.OrderBy(s => s.Id).FirstAsync();
        t.Db.Sections.Remove(removed);
        await t.Db.SaveChangesAsync();
        var all = await AnalysisData.LoadAsync(t.Db, DataScope.All, new AnalysisFilter());
        Assert.False(all.Holds(removed.Id));
        Assert.Equal(await t.Db.Sections.CountAsync(), all.Sections.Count);
        await AssertSameAsync(DataScope.All, new AnalysisFilter());

        // A rebuild resets every copy.
        await AnalysisSummary.RebuildAsync(t.Db);
        var rebuilt = await AnalysisStore.CurrentAsync(t.Db);
        Assert.Equal(rebuilt.Revision, rebuilt.Reset);
        await AssertSameAsync(DataScope.All, new AnalysisFilter(From: new DateOnly(2024, 1, 1), To: new DateOnly(2024, 12, 31)));
        await AssertSameAsync(scope, new AnalysisFilter(Region: "4601"));

        async Task AssertSameAsync(DataScope scope, AnalysisFilter filter)
        {
            var summary = await AnalysisData.LoadAsync(t.Db, scope, filter);
            var tables = Sorted(await AnalysisData.LoadFromTablesAsync(t.Db, scope, filter));
            Assert.Equal(tables.Sections.Select(s => s.SectionId), summary.Sections.Select(s => s.SectionId));
            Assert.Equal(Serialize(PriceAnalysis.Compute(tables)), Serialize(PriceAnalysis.Compute(summary)));
            Assert.Equal(Serialize(MarketAnalysis.Compute(tables)), Serialize(MarketAnalysis.Compute(summary)));
        }
    }

    /// <summary>Sections in id order: ties in the tables (equal discounts, equal names) then fall the same way.</summary>
    private static AnalysisDataset Sorted(AnalysisDataset d) =>
        new([.. d.Sections.OrderBy(s => s.SectionId)], d.Bids) { Figures = d.Figures, Bidders = d.Bidders, BidderSections = d.BidderSections };

    /// <summary>
    /// The figures as JSON with trailing decimal zeros dropped: the comparison is of values (a dispersion of exactly
    /// 0 computed from bids prints as 0, read back from the summary as 0.00).
    /// </summary>
    private static string Serialize<T>(T value) =>
        Regex.Replace(Regex.Replace(JsonSerializer.Serialize(value, Json), @"(\.\d*?)0+(?=[,\]}])", "$1"), @"\.(?=[,\]}])", "");

    /// <summary>The stored rows in section order, their revision stamps left out (which refresh wrote a row is not its content).</summary>
    private static async Task<List<AnalysisSection>> SnapshotAsync(JianguanDbContext db)
    {
        var rows = await db.Set<AnalysisSection>().AsNoTracking().OrderBy(s => s.SectionId).ToListAsync();
        rows.ForEach(r => r.Revision = 0);
        return rows;
    }
}
