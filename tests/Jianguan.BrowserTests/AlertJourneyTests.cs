using System.Text;
using Jianguan.Data;
using Jianguan.Features.Alerts;
using Jianguan.Features.Trading.Import;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Jianguan.BrowserTests;

/// <summary>
/// An officer of the supervision office in the machine's Chromium: log in, open the alert list, open the red
/// file-code alert, read its evidence (bids, highlighted fingerprint, price chart), review and dismiss it with a
/// reason, and see the new state and its history.
/// </summary>
public sealed class AlertJourneyTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private const string UserName = "office-officer";
    private const string Password = "Jianguan#2026";

    private readonly string _dbPath = Path.Combine(Path.GetTempPath(), $"jianguan-browser-alerts-{Guid.NewGuid():N}.db");
    private WebApplication? _app;
    private string _baseUrl = "";

    public async Task InitializeAsync()
    {
        _app = WebApp.Build(new WebAppOptions($"Data Source={_dbPath}", "http://127.0.0.1:0"));
        await WebApp.PrepareAsync(_app);
        var csv = Path.Combine(Path.GetTempPath(), $"jianguan-alert-journey-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, MarketCsv(), new UTF8Encoding(false));
        try
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            await roles.CreateAsync(new IdentityRole(Roles.OfficeAdmin));
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = UserName, DisplayName = "公管办监管员" };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            await users.AddToRoleAsync(user, Roles.OfficeAdmin);
            var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
            var summary = await TradingImporter.ImportAsync(db, [new ImportSource("market.csv", csv)], new ImportOptions());
            Assert.Empty(summary.Errors);
            await scope.ServiceProvider.GetRequiredService<AlertAnalysis>().AfterImportAsync(db, summary.SectionIds, AuditActor.System);
        }
        finally
        {
            File.Delete(csv);
        }

        await _app.StartAsync();
        _baseUrl = _app.Urls.Single();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_dbPath + suffix);
        }
    }

    [Fact]
    public async Task Officer_OpensAlertEvidence_DismissesWithReason()
    {
        Assert.True(File.Exists(Chromium),
            $"Chromium is missing at {Chromium}: install it with `apt-get install -y chromium fonts-noto-cjk` (the test script does). Browser tests never download a browser.");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add($"{message.Text} ({message.Location})");
            }
        };

        await page.GotoAsync(_baseUrl + "/Alerts");
        Assert.Contains("/Account/Login", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("用户名").FillAsync(UserName);
        await page.GetByLabel("密码").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync("**/Alerts");

        await page.Locator("select[name=level]").SelectOptionAsync("red");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Assertions.Expect(page.Locator("#level-counts")).ToContainTextAsync("红色");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("alerts"), FullPage = true });
        await page.GetByRole(AriaRole.Link, new() { Name = "不同投标人投标文件创建标识码相同" }).ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("不同投标人投标文件创建标识码相同");
        await Assertions.Expect(page.Locator("#why")).ToContainTextAsync("FC-7C743C5A3596");
        await Assertions.Expect(page.Locator("#why")).ToContainTextAsync("第四十条");
        await Assertions.Expect(page.Locator("#bids tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#bids tr.alert-bidder")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#fingerprints td.fp-evidence")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#price-chart svg rect.hl")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#alert-state")).ToHaveTextAsync("新预警");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("alert"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "开始核查" }).ClickAsync();
        await Assertions.Expect(page.Locator("#alert-state")).ToHaveTextAsync("核查中");
        await page.GetByLabel("排除理由（必填）").FillAsync("两家为同一集团子公司，已按规定报备");
        await page.GetByRole(AriaRole.Button, new() { Name = "排除预警" }).ClickAsync();

        await Assertions.Expect(page.Locator("#alert-state")).ToHaveTextAsync("已排除");
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync("两家为同一集团子公司，已按规定报备");
        await Assertions.Expect(page.Locator("#history tbody tr")).ToHaveCountAsync(2);
        Assert.Empty(consoleErrors);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("alert-dismissed"), FullPage = true });
    }

    private static string Shot(string name) => Path.Combine(Path.GetTempPath(), $"jianguan-{name}.png");

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
