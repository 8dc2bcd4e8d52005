using System.Text;
using Jianguan.Analytics.Input;
using Jianguan.Data;
using Jianguan.Features.Warnings;
using Jianguan.Features.Trading.Import;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Jianguan.BrowserTests;

/// <summary>
/// An officer of the supervision office in the machine's Chromium: log in, open the alert list, open the red
/// file-code alert, read its evidence (bids, highlighted fingerprint, price chart), review and dismiss it with a
/// reason, and see the new state and its history.
/// </summary>
public sealed class AlertJourneyTests : BrowserJourneyTest
{
    protected override JourneyUser User { get; } = new("office-officer", "公管办监管员", Roles.OfficeAdmin);

    protected override async Task SeedAsync(IServiceProvider services)
    {
        var csv = Path.Combine(Path.GetTempPath(), $"jianguan-alert-journey-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, MarketCsv(), new UTF8Encoding(false));
        try
        {
            var db = services.GetRequiredService<JianguanDbContext>();
            var summary = await TradingImporter.ImportAsync(db, [new ImportSource("market.csv", csv)], new ImportOptions());
            Assert.Empty(summary.Errors);
            await services.GetRequiredService<AlertAnalysis>().AfterImportAsync(db, summary.SectionIds, AuditActor.System);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task Officer_OpensAlertEvidence_DismissesWithReason()
    {
        var page = Session.Page;
        await Session.LoginAsync("/Alerts");

        await page.Locator("select[name=level]").SelectOptionAsync("red");
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Assertions.Expect(page.Locator("#level-counts")).ToContainTextAsync("红色");
        await Session.ScreenshotAsync("alerts");
        await page.Locator("#alerts").GetByRole(AriaRole.Link, new() { Name = "不同投标人投标文件创建标识码相同" }).ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("不同投标人投标文件创建标识码相同");
        await Assertions.Expect(page.Locator("#why")).ToContainTextAsync("FC-7C743C5A3596");
        await Assertions.Expect(page.Locator("#why")).ToContainTextAsync("第四十条");
        await Assertions.Expect(page.Locator("#bids tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#bids tr.alert-bidder")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#fingerprints td.fp-evidence")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#price-chart svg rect.hl")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#alert-state")).ToHaveTextAsync("新预警");
        await Session.ScreenshotAsync("alert");

        await page.GetByRole(AriaRole.Button, new() { Name = "开始核查" }).ClickAsync();
        await Assertions.Expect(page.Locator("#alert-state")).ToHaveTextAsync("核查中");
        await page.GetByLabel("排除理由（必填）").FillAsync("两家为同一集团子公司，已按规定报备");
        await page.GetByRole(AriaRole.Button, new() { Name = "排除预警" }).ClickAsync();

        await Assertions.Expect(page.Locator("#alert-state")).ToHaveTextAsync("已排除");
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync("两家为同一集团子公司，已按规定报备");
        await Assertions.Expect(page.Locator("#history tbody tr")).ToHaveCountAsync(2);
        Assert.Empty(Session.ConsoleErrors);
        await Session.ScreenshotAsync("alert-dismissed");
    }

    private static string MarketCsv()
    {
        var header = string.Join(',', TradingFields.ProjectCode, TradingFields.ProjectName, TradingFields.ProjectType, TradingFields.SuperviseDeptName,
            TradingFields.SectionCode, TradingFields.SectionName, TradingFields.ControlPrice, TradingFields.BidOpenTime, TradingFields.BidderName,
            TradingFields.BidPrice, TradingFields.FileCreationCode, TradingFields.MacAddress);
        return header + "\n"
            + "AJ-P1,滨海大道改造工程,施工,海口市住房和城乡建设局,AJ-S1,第一标段,1000000,2026-02-02 09:30,海南甲建设工程有限公司,950000,FC-7C743C5A3596,00-1A-2B-3C-4D-5E\n"
            + "AJ-P1,滨海大道改造工程,施工,海口市住房和城乡建设局,AJ-S1,第一标段,1000000,2026-02-02 09:30,海南乙建设工程有限公司,962000.5,fc-7c743c5a3596,AA-BB-CC-DD-EE-01\n"
            + "AJ-P1,滨海大道改造工程,施工,海口市住房和城乡建设局,AJ-S1,第一标段,1000000,2026-02-02 09:30,海南丙建设工程有限公司,981000,FC-OTHER-1,AA-BB-CC-DD-EE-02\n";
    }
}
