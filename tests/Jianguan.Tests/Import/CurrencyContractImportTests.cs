using Jianguan.Features.Trading;
using Jianguan.Features.Trading.Import;
using Jianguan.Features.Warnings;

namespace Jianguan.Tests.Import;

/// <summary>
/// Issue 11, item 4 on real files: OCDS amounts keep their currency, OCDS contracts become contract records of their
/// award's section (value, signing date, supplier), foreign amounts stay out of the engine's price screens, and the
/// CN portals' 基准价 (kbjj) is stored. Both providers (the database leg runs them again on PostgreSQL).
/// </summary>
[Trait("Category", "Database")]
public sealed class CurrencyContractImportTests
{
    private const string ColombiaRelease = "ocds-k50g02-11-11-452232-59adb46f998eb5950cf4516e.json";

    private static string Colombia() => SharedData.Path("ocds", "samples", "colombia", "sample", "releases", ColombiaRelease);

    private static string Armenia(int n) =>
        SharedData.Path("ocds", "samples", "armenia", "sample", "releases_full", $"{n}.json");

    [SharedDataFact]
    public async Task ImportAsync_ColombiaRelease_KeepsPesosAndMapsTheSignedContract()
    {
        await using var t = await ImportTestDb.CreateAsync();

        var summary = await t.ImportAsync(Colombia());

        Assert.Equal((1, 0), (summary.Files, summary.Rejected));
        var section = await t.Db.Sections.Include(s => s.Project).Include(s => s.Winner)
            .Include(s => s.Contracts).ThenInclude(c => c.Supplier)
            .SingleAsync(s => s.Project!.Code == "ocds-k50g02-11-11-452232");
        Assert.Equal((115_776_000m, "COP"), (section.ControlPrice, section.ControlPriceCurrency));
        Assert.Equal((115_776_000m, "COP"), (section.AwardAmount, section.AwardCurrency));
        Assert.Equal("COP", section.Project!.BudgetCurrency);
        var contract = Assert.Single(section.Contracts);
        Assert.Equal(("008-2011", "534757", 115_776_000m, "COP"), (contract.Code, contract.AwardCode, contract.Value, contract.Currency));
        var signed = new DateTimeOffset(2011, 3, 22, 5, 0, 0, TimeSpan.Zero);
        Assert.Equal(signed, contract.SignedOn);
        Assert.Equal(signed, section.SignedOn);
        Assert.Equal("NORDELIA BARRANTES MORALES", contract.Supplier!.Name);
        Assert.Equal(section.WinnerId, contract.SupplierId);

        var note = await t.Db.DataQualityIssues.SingleAsync(i => i.Subject == "section" && i.Field == "Currency");
        Assert.Equal(("ocds-k50g02-11-11-452232/1", "COP"), (note.SubjectKey, note.Value));
        Assert.Contains("哥伦比亚比索", note.Reason, StringComparison.Ordinal);

        // Importing the same file again changes nothing, contracts and currencies included.
        var again = await t.ImportAsync(Colombia());
        Assert.Equal((0, 0), (again.RowsNew, again.RowsUpdated));
        Assert.Equal(1, await t.Db.Contracts.CountAsync());
    }

    [SharedDataFact]
    public async Task ImportAsync_ArmeniaFullReleases_ContractsInTheirAwardsLotsWithDram()
    {
        await using var t = await ImportTestDb.CreateAsync();

        var summary = await t.ImportAsync(Armenia(3));

        Assert.Equal((1, 0), (summary.Files, summary.Rejected));
        var contracts = await t.Db.Contracts.Include(c => c.Section).ThenInclude(s => s!.Project).Include(c => c.Supplier).ToListAsync();
        Assert.NotEmpty(contracts);
        Assert.All(contracts.Where(c => c.Value is not null), c => Assert.Equal("AMD", c.Currency));
        Assert.All(contracts.Where(c => c.Value is null), c => Assert.Null(c.Currency));
        Assert.All(contracts, c => Assert.NotNull(c.Supplier));
        var known = contracts.Single(c => c.Code == "0a9b21b3-095b-4adf-9cc2-f203d708bd6a");
        Assert.Equal(("AM-PPS-793b386371cad25e245ffb5bfc712368", "219957cb-643d-4d4a-8ec6-8cc3e984d540"),
            (known.Section!.Project!.Code, known.Section.Code));
        Assert.Equal((181_500m, "IDjNAKh SPY", "AM-TIN-07616576"), (known.Value, known.Supplier!.Name, known.Supplier.CreditCode));
        Assert.Equal(new DateTimeOffset(2016, 8, 17, 0, 0, 0, TimeSpan.Zero), known.SignedOn);
        Assert.Equal(known.SignedOn, known.Section.SignedOn);

        // Every amount of the file is in dram; none is taken for yuan.
        Assert.False(await t.Db.Bids.AnyAsync(b => b.Price != null && b.Currency != "AMD"));
        Assert.False(await t.Db.Sections.AnyAsync(s => s.AwardAmount != null && s.AwardCurrency != "AMD"));
        Assert.True(await t.Db.Bids.AnyAsync());
    }

    [SharedDataFact]
    public async Task LoadAsync_DramBidsBesideYuanBids_OnlyYuanReachThePriceScreens()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var yuan = t.File("bids.csv", """
            项目编号,标段编号,招标控制价,投标人名称,投标报价
            CNY-1,01,1000000,甲建设有限公司,950000
            CNY-1,01,1000000,乙建设有限公司,960000
            CNY-1,01,1000000,丙建设有限公司,970000
            """);

        await t.ImportAsync(yuan, Armenia(3));

        var table = await MarketTableLoader.LoadAsync(t.Db, null);
        Assert.Equal(3, table.Table.BidCount);
        var section = await t.Db.Sections.SingleAsync(s => s.Code == "01");
        Assert.Equal([section.Id], table.SectionIds);
    }

    [SharedDataFact]
    public async Task ImportAsync_LishuiOpenings_StoresTheBenchmarkPrice()
    {
        await using var t = await ImportTestDb.CreateAsync();

        // The export has rows without a project id (refused one by one): its good rows are imported with --partial.
        var summary = await t.ImportAsync(new ImportOptions(Partial: true), SharedData.Path("cn", "lishui_bid_opening_tenders_2023-08-30.csv"));

        Assert.Equal(1, summary.Files);
        Assert.All(summary.Errors.Where(e => e.Line > 0), e => Assert.Contains("缺少项目编号", e.Reason, StringComparison.Ordinal));
        var priced = await t.Db.Sections.Include(s => s.Project).SingleAsync(s => s.Project!.Code == "A3311011160013399");
        Assert.Equal(10_595_435.39m, Math.Round(priced.BenchmarkPrice!.Value, 2));
        Assert.Null(priced.ControlPriceCurrency);
        // kbjj 0.0 is the portal's "not published".
        var unpublished = await t.Db.Sections.Include(s => s.Project).SingleAsync(s => s.Project!.Code == "A3311011160013483");
        Assert.Null(unpublished.BenchmarkPrice);
        Assert.True(await t.Db.Sections.CountAsync(s => s.BenchmarkPrice != null) > 100);
    }
}

/// <summary>The section page shows foreign amounts with their currency in words, the 基准价, and the contracts.</summary>
[Trait("Category", "Database")]
public sealed class SectionCurrencyPageTests(Web.JianguanFactory factory) : IClassFixture<Web.JianguanFactory>
{
    [Fact]
    public async Task SectionPage_DramAmountsBenchmarkAndContract_ShownInChineseWithDataQualityNote()
    {
        var prefix = "C" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var signed = new DateTimeOffset(2016, 8, 17, 0, 0, 0, TimeSpan.Zero);
        long sectionId = 0;
        await factory.SeedAsync(async db =>
        {
            var supplier = new MarketEntity { Key = prefix + "S", Name = "埃里温道路设计公司" };
            var project = new TradingProject { Code = prefix, Name = "道路设计项目", Budget = 3_555_000m, BudgetCurrency = "AMD" };
            var section = new Section
            {
                Code = "01",
                ControlPrice = 3_555_000m,
                ControlPriceCurrency = "AMD",
                BenchmarkPrice = 1_234_567.89m,
                Winner = supplier,
                AwardAmount = 181_500m,
                AwardCurrency = "AMD",
                SignedOn = signed,
            };
            section.Bids.Add(new Bid { Bidder = supplier, Price = 181_500m, Currency = "AMD" });
            section.Contracts.Add(new Contract { Code = "K-1", Title = "道路设计合同", Value = 181_500m, Currency = "AMD", SignedOn = signed, Supplier = supplier });
            project.Sections.Add(section);
            db.Projects.Add(project);
            await db.SaveChangesAsync();
            sectionId = section.Id;
        });
        var client = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);

        var html = await client.GetStringAsync($"/Trading/Sections/{sectionId}");

        Assert.Contains("id=\"currency-note\"", html, StringComparison.Ordinal);
        Assert.Contains("3,555,000.00 亚美尼亚德拉姆", html, StringComparison.Ordinal);
        Assert.Contains("181,500.00 亚美尼亚德拉姆", html, StringComparison.Ordinal);
        Assert.Contains("1,234,567.89", html, StringComparison.Ordinal);
        Assert.Contains("道路设计合同", html, StringComparison.Ordinal);
        Assert.Contains("合同签订时间", html, StringComparison.Ordinal);
        Assert.Contains("2016-08-17", html, StringComparison.Ordinal);
        Assert.DoesNotContain("AMD", html, StringComparison.Ordinal);
    }
}
