using Jianguan.Data;
using Jianguan.Features.Trading;
using Jianguan.Platform.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Jianguan.BrowserTests;

/// <summary>
/// A 公管办 officer opens the analysis overview (charts drawn by ECharts with Chinese labels), filters it to one
/// trading category, clicks a bar of a chart and follows the list to a section (issue 15, item 10). With JIANGUAN_SCREENSHOTS set,
/// screenshots go there (docs/zh-CN/screenshots/analysis-*.png).
/// </summary>
public sealed class AnalysisJourneyTests : BrowserJourneyTest
{
    protected override JourneyUser User { get; } = new("office-analyst", "公管办分析员", Roles.OfficeAdmin);

    protected override async Task SeedAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<JianguanDbContext>();
        var firms = new[] { "海南椰林建设工程有限公司", "海南蓝湾建筑工程有限公司", "海口滨海市政工程有限公司", "广东南粤建设集团有限公司", "海南琼州路桥工程有限公司" }
            .Select((name, i) => new MarketEntity { Key = "analysis-firm-" + i, Name = name })
            .ToArray();
        var start = new DateTimeOffset(2025, 1, 6, 9, 30, 0, TimeSpan.FromHours(8));
        for (var i = 0; i < 24; i++)
        {
            var category = i % 3 == 2 ? TradingCategory.GovernmentProcurement : TradingCategory.Construction;
            var notice = start.AddDays(i * 14);
            var project = new TradingProject
            {
                Code = $"HKFX-2025-{i + 1:D3}",
                Name = category == TradingCategory.Construction ? $"海口市道路改造工程（第{i + 1}期）" : $"办公设备采购（第{i + 1}批）",
                Category = category,
                Region = i % 2 == 0 ? "460106" : "460108",
                PublishedAt = notice,
            };
            var control = 2_000_000m + (i * 150_000m);
            var award = control * (0.80m + (i % 5 * 0.03m));
            var winner = firms[i % 4];
            var section = new Section
            {
                Code = $"HKFX-{i + 1:D3}-01",
                Name = project.Name,
                ControlPrice = control,
                NoticeAt = notice,
                BidOpenAt = notice.AddDays(20),
                AwardAt = notice.AddDays(27 + (i % 4)),
                AwardAmount = award,
                Winner = winner,
            };
            foreach (var (firm, k) in firms.Select((f, k) => (f, k)).Where(x => (x.k + i) % 5 != 0))
            {
                section.Bids.Add(new Bid { Bidder = firm, Price = firm == winner ? award : award * (1.02m + (k * 0.01m)) });
            }

            project.Sections.Add(section);
            db.Projects.Add(project);
        }

        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Officer_FiltersToOneCategory_AndDrillsDownFromAChartToASection()
    {
        var page = Session.Page;
        await Session.LoginAsync("/Analysis");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("监管大数据分析");
        await Assertions.Expect(page.Locator("#chart-overview-categories[data-rendered=true] canvas")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".chart[data-rendered=true]")).ToHaveCountAsync(4);
        await Session.SaveForManualAsync("analysis-overview");

        // Filter to one category: the counts follow.
        await page.Locator("#filter-category").SelectOptionAsync("Construction");
        await page.Locator("#analysis-filter").GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Assertions.Expect(page.Locator("#analysis-count")).ToContainTextAsync("共 16 个标段");
        await Assertions.Expect(page.Locator("#overview-categories tbody tr")).ToHaveCountAsync(1);

        // The price page's distribution chart: a click on a bar opens the list of its sections.
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "价格分析", Exact = true }).First.ClickAsync();
        await page.WaitForURLAsync("**/Analysis/Prices?**category=Construction**");
        var chart = page.Locator("#chart-price-category[data-rendered=true]");
        await Assertions.Expect(chart).ToHaveCountAsync(1);
        await Session.SaveForManualAsync("analysis-prices");
        var box = (await chart.BoundingBoxAsync())!;
        // One bar (one category) in the middle of the plot area (grid margins 56 left, 24 right, 56 below): click its foot.
        await page.Mouse.ClickAsync(box.X + 56 + ((box.Width - 80) / 2), box.Y + box.Height - 56 - 12);
        await page.WaitForURLAsync("**by=category**");
        await Assertions.Expect(page.Locator("#drill-count")).ToContainTextAsync("共 16 个标段");
        await page.Locator("#drill").ScrollIntoViewIfNeededAsync();
        await Session.SaveForManualAsync("analysis-drill");

        await page.Locator("#drill-table tbody tr").First.Locator("a").ClickAsync();
        await page.WaitForURLAsync("**/Trading/Sections/**");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("海口市道路改造工程");
        Assert.Empty(Session.ConsoleErrors);
    }
}
