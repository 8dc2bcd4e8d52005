using System.Globalization;
using System.Text;
using Jianguan.Analytics.Input;
using Jianguan.Data;
using Jianguan.Features.Trading.Import;
using Jianguan.Features.Warnings;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Jianguan.BrowserTests;

/// <summary>
/// An officer keeps several /Alerts tabs open in one browser. Each tab used to hold its own event stream, i.e. one of
/// the six connections a browser keeps to a site over HTTP/1.1: from the seventh tab on, pages of the site queued for a
/// connection and never finished loading. Now the account's tabs share one stream: an eighth page still loads, a new
/// red alert reaches every tab once, and when the tab holding the stream closes another one takes it over.
/// </summary>
public sealed class AlertTabsTests : BrowserJourneyTest
{
    protected override JourneyUser User { get; } = new("office-tabs", "公管办监管员", Roles.OfficeAdmin);

    [Fact]
    public async Task SevenAlertTabs_AnotherPageStillLoads_EveryTabListsEachNewAlertOnce()
    {
        await Session.LoginAsync("/Alerts");
        var context = Session.Page.Context;
        var tabs = new List<IPage> { Session.Page };
        for (var i = 1; i < 7; i++)
        {
            var tab = await context.NewPageAsync();
            // GotoAsync waits for the load event (30 s at most): the old seventh tab timed out here.
            await tab.GotoAsync(Session.BaseUrl + "/Alerts");
            tabs.Add(tab);
        }

        var other = await context.NewPageAsync();
        await other.GotoAsync(Session.BaseUrl + "/Account");
        await Assertions.Expect(other.Locator("h1")).ToBeVisibleAsync();

        var red = await ImportRedAlertAsync("T1", "滨海大道改造工程");
        Assert.True(red > 0);
        foreach (var tab in tabs)
        {
            await Assertions.Expect(tab.Locator("#live-alerts li")).ToHaveCountAsync(red);
            await Assertions.Expect(tab.Locator("#live-alerts li").First).ToContainTextAsync("滨海大道改造工程");
            await Assertions.Expect(tab.Locator("#live-alerts [data-live-count]")).ToHaveTextAsync(red.ToString(CultureInfo.InvariantCulture));
        }

        // The first tab took the stream; when it and four more close, the last one left still gets new alerts.
        foreach (var tab in tabs.Take(6))
        {
            await tab.CloseAsync();
        }

        red = await ImportRedAlertAsync("T2", "椰林路拓宽工程");
        var last = tabs[^1];
        await Assertions.Expect(last.Locator("#live-alerts li")).ToHaveCountAsync(red);
        await Assertions.Expect(last.Locator("#live-alerts li").First).ToContainTextAsync("椰林路拓宽工程");
        Assert.Empty(Session.ConsoleErrors);
    }

    /// <summary>
    /// Imports a section where two bidders share a file creation code (a red alert) and runs the analysis; the number
    /// of red alerts stored so far.
    /// </summary>
    private async Task<int> ImportRedAlertAsync(string prefix, string project)
    {
        var csv = Path.Combine(Path.GetTempPath(), $"jianguan-alert-tabs-{Guid.NewGuid():N}.csv");
        var header = string.Join(',', TradingFields.ProjectCode, TradingFields.ProjectName, TradingFields.ProjectType, TradingFields.SuperviseDeptName,
            TradingFields.SectionCode, TradingFields.SectionName, TradingFields.ControlPrice, TradingFields.BidOpenTime, TradingFields.BidderName,
            TradingFields.BidPrice, TradingFields.FileCreationCode, TradingFields.MacAddress);
        await File.WriteAllTextAsync(csv, header + "\n"
            + $"{prefix}-P1,{project},施工,海口市住房和城乡建设局,{prefix}-S1,第一标段,1000000,2026-02-02 09:30,海南甲建设工程有限公司,950000,FC-{prefix}-1,00-1A-2B-3C-4D-5E\n"
            + $"{prefix}-P1,{project},施工,海口市住房和城乡建设局,{prefix}-S1,第一标段,1000000,2026-02-02 09:30,海南乙建设工程有限公司,962000.5,FC-{prefix}-1,AA-BB-CC-DD-EE-01\n"
            + $"{prefix}-P1,{project},施工,海口市住房和城乡建设局,{prefix}-S1,第一标段,1000000,2026-02-02 09:30,海南丙建设工程有限公司,981000,FC-{prefix}-2,AA-BB-CC-DD-EE-02\n",
            new UTF8Encoding(false));
        try
        {
            await using var scope = Session.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
            var summary = await TradingImporter.ImportAsync(db, [new ImportSource("market.csv", csv)], new ImportOptions());
            Assert.Empty(summary.Errors);
            await scope.ServiceProvider.GetRequiredService<AlertAnalysis>().AfterImportAsync(db, summary.SectionIds, AuditActor.System);
            return await db.Set<RiskAlert>().CountAsync(a => a.Level == AlertLevel.Red);
        }
        finally
        {
            File.Delete(csv);
        }
    }
}
