using Jianguan.Data;
using Jianguan.Features.Trading;
using Jianguan.Platform.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Jianguan.BrowserTests;

/// <summary>
/// A 纪检监察 officer looks up a firm from the header's search box and opens its page: tenders of the last three
/// years, the bid/win timeline and the co-bidding network. With JIANGUAN_SCREENSHOTS set, screenshots go there (docs/zh-CN/screenshots/).
/// </summary>
public sealed class FirmJourneyTests : BrowserJourneyTest
{
    protected override JourneyUser User { get; } = new("discipline-officer", "纪检监察员", Roles.Discipline);

    protected override async Task SeedAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<JianguanDbContext>();
        var now = DateTimeOffset.UtcNow;
        var firm = new MarketEntity { Key = "91460108MA5TJOURN1", Name = "海南椰林建设工程有限公司", CreditCode = "91460108MA5TJOURN1", CreditCodeValid = true, LegalRepresentative = "王某" };
        var others = new[] { "海南蓝湾建筑工程有限公司", "海口滨海市政工程有限公司", "海南琼州路桥工程有限公司", "广东南粤建设集团有限公司" }
            .Select((name, i) => new MarketEntity { Key = "journey-firm-" + i, Name = name })
            .ToArray();
        for (var i = 0; i < 14; i++)
        {
            var opened = now.AddDays(-30 - (i * 50));
            var project = new TradingProject
            {
                Code = $"HKJY-2026-{i + 1:D3}",
                Name = $"海口市道路改造工程（第{i + 1}期）",
                Category = TradingCategory.Construction,
                Region = i % 2 == 0 ? "460106" : "460108",
                PublishedAt = opened.AddDays(-20),
            };
            var section = new Section { Code = $"HKJY-{i + 1:D3}-01", Name = "施工", ControlPrice = 3_000_000m + (i * 100_000m), BidOpenAt = opened };
            var price = 2_800_000m + (i * 90_000m);
            section.Bids.Add(new Bid { Bidder = firm, Price = price });
            for (var k = 0; k < 3; k++)
            {
                section.Bids.Add(new Bid { Bidder = others[(i + k) % others.Length], Price = price + ((k + 1) * 25_000m) });
            }

            section.Winner = i % 4 == 0 ? firm : others[i % others.Length];
            section.AwardAmount = i % 4 == 0 ? price : price + 25_000m;
            project.Sections.Add(section);
            db.Projects.Add(project);
        }

        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task DisciplineOfficer_SearchesFirmFromHeader_OpensItsPage()
    {
        var page = Session.Page;
        await page.SetViewportSizeAsync(1280, 900);
        await Session.LoginAsync("/Firms");

        await page.GotoAsync(Session.BaseUrl + "/");
        await page.Locator("#header-search input[name=q]").FillAsync("椰林");
        await page.Locator("#header-search").GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Assertions.Expect(page.Locator("#firm-count")).ToContainTextAsync("共 1 家单位");
        await Assertions.Expect(page.Locator("#firms")).ToContainTextAsync("海南省海口市美兰区");
        await Session.SaveForManualAsync("firm-search");

        await page.GetByRole(AriaRole.Link, new() { Name = "海南椰林建设工程有限公司" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("海南椰林建设工程有限公司");
        await Assertions.Expect(page.Locator("#firm-tenders tbody tr")).ToHaveCountAsync(14);
        await Assertions.Expect(page.Locator("#timeline svg")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#network svg")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#co-bidders")).ToContainTextAsync("海南蓝湾建筑工程有限公司");
        await Session.SaveForManualAsync("firm");
        await Session.ScreenshotAsync("firm-full");

        // The section page's price chart names the bidders under their bars.
        await page.Locator("#firm-tenders a").First.ClickAsync();
        await Assertions.Expect(page.Locator("#price-chart .bar-label")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#price-chart")).ToContainTextAsync("海南椰林建设工程");
        await Session.ScreenshotAsync("firm-section");

        // The CSP forbids inline script and style: any violation would show up as a console error.
        Assert.Empty(Session.ConsoleErrors);
    }
}
