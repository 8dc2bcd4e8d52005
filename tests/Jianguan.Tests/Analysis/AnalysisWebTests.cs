using System.Net;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Jianguan.Features.Trading;
using Jianguan.Tests.Calendar;
using Jianguan.Tests.Sampling;
using Jianguan.Tests.Web;
using Wp = DocumentFormat.OpenXml.Wordprocessing;

namespace Jianguan.Tests.Analysis;

/// <summary>
/// The analysis API and pages on a seeded year: the API's figures equal the hand ones, the pages show them and drill
/// down to the sections, the export is a workbook, the filters are checked and the policy keeps others out.
/// </summary>
[Trait("Category", "Database")]
public sealed class AnalysisWebTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    private static string Year(int year) => $"from={year}-01-01&to={year}-12-31";

    private static DateTimeOffset At(int y, int m, int d) => new(y, m, d, 10, 0, 0, TimeSpan.FromHours(8));

    /// <summary>Five construction sections of a year (each test its own) won by five firms with 40, 30, 20, 5 and 5 万元 (HHI 2950, CR4 95 %).</summary>
    private async Task<List<long>> SeedAsync(string prefix, int year)
    {
        var ids = new List<long>();
        await factory.SeedAsync(async db =>
        {
            var firms = Enumerable.Range(1, 5).Select(i => new MarketEntity { Key = $"{prefix}-{i}", Name = $"{prefix}建设{i}有限公司" }).ToList();
            db.MarketEntities.AddRange(firms);
            var project = new TradingProject { Code = $"{prefix}-P", Name = "市政道路工程", Category = TradingCategory.Construction, Region = "460108" };
            decimal[] amounts = [400_000m, 300_000m, 200_000m, 50_000m, 50_000m];
            for (var i = 0; i < 5; i++)
            {
                var s = new Section
                {
                    Code = $"0{i + 1}",
                    ControlPrice = amounts[i] * 1.25m,
                    AwardAmount = amounts[i],
                    Winner = firms[i],
                    NoticeAt = At(year, 3, 1),
                    BidOpenAt = At(year, 3, 21),
                    AwardAt = At(year, 3, 31),
                };
                s.Bids.AddRange(firms.Take(3).Select((f, n) => new Bid { Bidder = f, Price = amounts[i] * (1m + (n / 10m)) }));
                project.Sections.Add(s);
            }

            db.Projects.Add(project);
            await db.SaveChangesAsync();
            ids.AddRange(project.Sections.Select(s => s.Id));
        });
        return ids;
    }

    [Fact]
    public async Task Api_ReturnsHandFigures_AndRefusesBadFilters()
    {
        await SeedAsync("API", 2011);
        var office = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);

        using var market = JsonDocument.Parse(await office.GetStringAsync($"/api/analysis/market?{Year(2011)}&category=Construction&region=4601"));
        var summary = market.RootElement.GetProperty("summary");
        Assert.Equal(2950m, summary.GetProperty("hhi").GetDecimal());
        Assert.Equal(95m, summary.GetProperty("cr4").GetDecimal());
        Assert.Equal(5, summary.GetProperty("awards").GetInt32());

        using var prices = JsonDocument.Parse(await office.GetStringAsync($"/api/analysis/prices?{Year(2011)}"));
        Assert.Equal(20m, prices.RootElement.GetProperty("summary").GetProperty("meanDiscount").GetDecimal());

        using var efficiency = JsonDocument.Parse(await office.GetStringAsync($"/api/analysis/efficiency?{Year(2011)}"));
        var stages = efficiency.RootElement.GetProperty("stages");
        Assert.Equal(20m, stages[0].GetProperty("meanDays").GetDecimal());
        Assert.Equal(10m, stages[1].GetProperty("meanDays").GetDecimal());

        // Another region or year: nothing.
        using var empty = JsonDocument.Parse(await office.GetStringAsync("/api/analysis/market?from=2011-01-01&to=2011-12-31&region=4602"));
        Assert.Equal(0, empty.RootElement.GetProperty("summary").GetProperty("sections").GetInt32());

        var bad = await office.GetAsync("/api/analysis/prices?category=7&from=2011-02-30");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadAsStringAsync();
        Assert.Contains("category", problem, StringComparison.Ordinal);
        Assert.Contains("from", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_AdmitsOfficeMembersAndOversight_Only()
    {
        foreach (var role in new[] { Roles.TradingCenter, Roles.Justice, Roles.SystemAdmin })
        {
            var client = await factory.CreateUserAndLoginAsync(role);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/analysis/market")).StatusCode);
        }

        var police = await factory.CreateUserAndLoginAsync(Roles.Police);
        Assert.Equal(HttpStatusCode.OK, (await police.GetAsync("/api/analysis/market")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await police.GetAsync("/Analysis")).StatusCode);
    }

    [Fact]
    public async Task Pages_ShowFigures_DrillDownToSections_AndExport()
    {
        var ids = await SeedAsync("PAGE", 2012);
        var office = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);

        var overview = await office.GetStringAsync($"/Analysis?{Year(2012)}");
        Assert.Contains("监管大数据分析", overview, StringComparison.Ordinal);
        Assert.Contains("data-chart=", overview, StringComparison.Ordinal);
        Assert.Contains("/lib/echarts.min.js", overview, StringComparison.Ordinal);
        // Five sections of three bids each, counted from the summary on a page that loads no bid.
        Assert.Contains("<strong>5</strong> 个标段，<strong>15</strong> 份投标", overview, StringComparison.Ordinal);
        Assert.Contains("<strong>15</strong> 份投标", await office.GetStringAsync($"/Analysis/Prices?{Year(2012)}"), StringComparison.Ordinal);

        var market = await office.GetStringAsync($"/Analysis/Market?{Year(2012)}");
        Assert.Contains("HHI 2950", market, StringComparison.Ordinal);
        Assert.Contains("by=category-year&amp;key=Construction-2012", market, StringComparison.Ordinal);

        var drill = await office.GetStringAsync($"/Analysis/Market?{Year(2012)}&by=category-year&key=Construction-2012");
        Assert.Contains("drill-table", drill, StringComparison.Ordinal);
        foreach (var id in ids)
        {
            Assert.Contains($"/Trading/Sections/{id}\"", drill, StringComparison.Ordinal);
        }

        var prices = await office.GetStringAsync($"/Analysis/Prices?{Year(2012)}&by=bin&key=5");
        Assert.Contains("下浮率区间：20%–25%", prices, StringComparison.Ordinal);
        Assert.Contains("共 <strong>5</strong> 个标段", prices, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync($"/Analysis/Efficiency?{Year(2012)}")).StatusCode);

        var export = await office.GetAsync($"/Analysis/Market?{Year(2012)}&handler=Export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType?.MediaType);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        Assert.Equal((byte)'P', bytes[0]);

        var script = await office.GetAsync("/lib/echarts.min.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task QuarterlyReport_HasChartsAndTheApiFigures()
    {
        await SeedAsync("QTR", 2013);
        var office = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);
        using var market = JsonDocument.Parse(await office.GetStringAsync("/api/analysis/market?from=2013-01-01&to=2013-03-31"));
        using var prices = JsonDocument.Parse(await office.GetStringAsync("/api/analysis/prices?from=2013-01-01&to=2013-03-31"));

        using var dir = new TempDir();
        var (exit, output, error) = await DrawCliTests.RunAsync("report", "quarterly", "--year", "2013", "--quarter", "1", "--db",
            factory.Database.ConnectionString, "--out", dir.File("季报.docx"));
        Assert.True(exit == 0, error);
        Assert.Contains("2013年第1季度", output, StringComparison.Ordinal);

        using var document = WordprocessingDocument.Open(dir.File("季报.docx"), false);
        var main = document.MainDocumentPart!;
        Assert.Empty(new OpenXmlValidator().Validate(document));
        var images = main.ImageParts.ToList();
        Assert.Equal(3, images.Count);
        foreach (var image in images)
        {
            using var stream = image.GetStream();
            var head = new byte[4];
            Assert.Equal(4, stream.Read(head, 0, 4));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, head);
        }

        // The headline table shows the API's figures.
        var rows = main.Document!.Body!.Elements<Wp.Table>().First().Elements<Wp.TableRow>()
            .Select(r => r.Elements<Wp.TableCell>().Select(c => c.InnerText).ToList())
            .ToDictionary(c => c[0], c => c[1]);
        var summary = market.RootElement.GetProperty("summary");
        Assert.Equal(summary.GetProperty("hhi").GetDecimal().ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), rows["市场集中度 HHI"]);
        Assert.Equal("2950", rows["市场集中度 HHI"]);
        Assert.Equal(prices.RootElement.GetProperty("summary").GetProperty("meanDiscount").GetDecimal().ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + "%",
            rows["平均下浮率"]);
        Assert.Equal("5", rows["标段数"]);

        var bad = await DrawCliTests.RunAsync("report", "quarterly", "--year", "2011", "--quarter", "5", "--out", dir.File("x.docx"));
        Assert.Equal(Jianguan.Cli.Usage, bad.Item1);
    }

    [Fact]
    public async Task Home_ShowsTheLeadershipOverview_ToOfficeAndLeadersOnly()
    {
        var office = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);
        var html = await office.GetStringAsync("/");
        Assert.Contains("leader-overview", html, StringComparison.Ordinal);
        Assert.Contains("待公示的抽查结果", html, StringComparison.Ordinal);

        var center = await factory.CreateUserAndLoginAsync(Roles.TradingCenter);
        Assert.DoesNotContain("leader-overview", await center.GetStringAsync("/"), StringComparison.Ordinal);
    }
}
