using System.Text;
using Jianguan.Analytics.Input;
using Jianguan.Platform.Auth;
using Microsoft.Playwright;

namespace Jianguan.BrowserTests;

/// <summary>
/// A trading-center officer in the machine's Chromium, against the real app on Kestrel (built by WebApp.Build,
/// like `jianguan serve`): log in, upload a CSV, find its sections, open one and read its bids.
/// </summary>
public sealed class TradingJourneyTests : BrowserJourneyTest
{
    protected override JourneyUser User { get; } = new("center-officer", "交易中心数据员", Roles.TradingCenter);

    [Fact]
    public async Task TradingCenterOfficer_UploadsCsv_SeesSectionsAndBids()
    {
        var csv = Path.Combine(Path.GetTempPath(), $"jianguan-journey-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, JourneyCsv(), new UTF8Encoding(false));
        try
        {
            var page = Session.Page;

            // A protected page sends the officer to the login form and back.
            await Session.LoginAsync("/Trading/Import");
            await Assertions.Expect(page.Locator(".account .user")).ToHaveTextAsync("交易中心数据员");

            await page.Locator("input[type=file]").SetInputFilesAsync(csv);
            await Assertions.Expect(page.Locator("[data-file-list] li").First).ToContainTextAsync(".csv");
            await page.GetByRole(AriaRole.Button, new() { Name = "导入", Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator("#import-summary h2")).ToHaveTextAsync("导入完成");
            await Session.ScreenshotAsync("import");

            await page.GetByRole(AriaRole.Link, new() { Name = "查看标段列表" }).ClickAsync();
            await page.GetByPlaceholder("标段或项目的编号、名称").FillAsync("JOURNEY-P");
            await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            await Assertions.Expect(page.Locator("p.count")).ToContainTextAsync("共 2 个标段");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "JOURNEY-S1" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "JOURNEY-S2" })).ToBeVisibleAsync();
            await Session.ScreenshotAsync("sections");

            await page.GetByRole(AriaRole.Link, new() { Name = "JOURNEY-S1" }).ClickAsync();
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("第一标段（施工）");
            var bids = page.Locator("#bids tbody tr");
            await Assertions.Expect(bids).ToHaveCountAsync(3);
            await Assertions.Expect(page.Locator("#bids")).ToContainTextAsync("海南甲建设工程有限公司");
            await Assertions.Expect(page.Locator("#bids")).ToContainTextAsync("950,000.00");
            await Assertions.Expect(page.Locator("#fingerprints td.fp-shared")).ToHaveCountAsync(2);

            // The CSP forbids inline script and style: any violation would show up as a console error.
            Assert.Empty(Session.ConsoleErrors);
            await Session.ScreenshotAsync("section");
            await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
            await Assertions.Expect(page.Locator(".main-nav")).ToBeHiddenAsync();
            await Session.ScreenshotAsync("section-print");
        }
        finally
        {
            File.Delete(csv);
        }
    }

    private static string JourneyCsv()
    {
        var header = string.Join(',', TradingFields.ProjectCode, TradingFields.ProjectName, TradingFields.SectionCode,
            TradingFields.SectionName, TradingFields.ControlPrice, TradingFields.BidderName, TradingFields.BidderOrgCode,
            TradingFields.BidPrice, TradingFields.MacAddress, TradingFields.BidOpenTime);
        return header + "\n"
            + "JOURNEY-P,滨海大道改造工程,JOURNEY-S1,第一标段（施工）,1000000,海南甲建设工程有限公司,91460100MA5T4XXXXX,950000,00-1A-2B-3C-4D-5E,2026-03-02 09:30:00\n"
            + "JOURNEY-P,滨海大道改造工程,JOURNEY-S1,第一标段（施工）,1000000,海南乙建设工程有限公司,,962000.5,00-1A-2B-3C-4D-5E,2026-03-02 09:30:00\n"
            + "JOURNEY-P,滨海大道改造工程,JOURNEY-S1,第一标段（施工）,1000000,海南丙建设工程有限公司,,981000,AA-BB-CC-DD-EE-FF,2026-03-02 09:30:00\n"
            + "JOURNEY-P,滨海大道改造工程,JOURNEY-S2,第二标段（监理）,200000,海南丁咨询有限公司,,185000,11-22-33-44-55-66,2026-03-03 09:30:00\n"
            + "JOURNEY-P,滨海大道改造工程,JOURNEY-S2,第二标段（监理）,200000,海南戊咨询有限公司,,190000,11-22-33-44-55-77,2026-03-03 09:30:00\n";
    }
}
