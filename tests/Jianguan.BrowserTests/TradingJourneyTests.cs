using System.Text;
using Jianguan.Data;
using Jianguan.Features.Trading.Import;
using Jianguan.Platform.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Jianguan.BrowserTests;

/// <summary>
/// A trading-center officer in the machine's Chromium, against the real app on Kestrel (built by WebApp.Build,
/// like `jianguan serve`): log in, upload a CSV, find its sections, open one and read its bids.
/// </summary>
public sealed class TradingJourneyTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private const string UserName = "center-officer";
    private const string Password = "Jianguan#2026";

    private readonly string _dbPath = Path.Combine(Path.GetTempPath(), $"jianguan-browser-{Guid.NewGuid():N}.db");
    private WebApplication? _app;
    private string _baseUrl = "";

    public async Task InitializeAsync()
    {
        // Port 0: Kestrel picks a free port, read back from app.Urls once started.
        _app = WebApp.Build(new WebAppOptions($"Data Source={_dbPath}", "http://127.0.0.1:0"));
        await WebApp.PrepareAsync(_app);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            await roles.CreateAsync(new IdentityRole(Roles.TradingCenter));
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = UserName, DisplayName = "交易中心数据员" };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            await users.AddToRoleAsync(user, Roles.TradingCenter);
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
    public async Task TradingCenterOfficer_UploadsCsv_SeesSectionsAndBids()
    {
        Assert.True(File.Exists(Chromium),
            $"Chromium is missing at {Chromium}: install it with `apt-get install -y chromium fonts-noto-cjk` (the test script does). Browser tests never download a browser.");
        var csv = Path.Combine(Path.GetTempPath(), $"jianguan-journey-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, JourneyCsv(), new UTF8Encoding(false));
        try
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run",
                ],
            });
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                Locale = "zh-CN",
                ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            });
            var page = await context.NewPageAsync();
            var consoleErrors = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    consoleErrors.Add($"{message.Text} ({message.Location})");
                }
            };

            // A protected page sends the officer to the login form and back.
            await page.GotoAsync(_baseUrl + "/Trading/Import");
            Assert.Contains("/Account/Login", page.Url, StringComparison.Ordinal);
            await page.GetByLabel("用户名").FillAsync(UserName);
            await page.GetByLabel("密码").FillAsync(Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
            await page.WaitForURLAsync("**/Trading/Import");
            await Assertions.Expect(page.Locator(".account .user")).ToHaveTextAsync("交易中心数据员");

            await page.Locator("input[type=file]").SetInputFilesAsync(csv);
            await Assertions.Expect(page.Locator("[data-file-list] li").First).ToContainTextAsync(".csv");
            await page.GetByRole(AriaRole.Button, new() { Name = "导入", Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator("#import-summary h2")).ToHaveTextAsync("导入完成");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("import"), FullPage = true });

            await page.GetByRole(AriaRole.Link, new() { Name = "查看标段列表" }).ClickAsync();
            await page.GetByPlaceholder("标段或项目的编号、名称").FillAsync("JOURNEY-P");
            await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            await Assertions.Expect(page.Locator("p.count")).ToContainTextAsync("共 2 个标段");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "JOURNEY-S1" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "JOURNEY-S2" })).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("sections"), FullPage = true });

            await page.GetByRole(AriaRole.Link, new() { Name = "JOURNEY-S1" }).ClickAsync();
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("第一标段（施工）");
            var bids = page.Locator("#bids tbody tr");
            await Assertions.Expect(bids).ToHaveCountAsync(3);
            await Assertions.Expect(page.Locator("#bids")).ToContainTextAsync("海南甲建设工程有限公司");
            await Assertions.Expect(page.Locator("#bids")).ToContainTextAsync("950,000.00");
            await Assertions.Expect(page.Locator("#fingerprints td.fp-shared")).ToHaveCountAsync(2);

            // The CSP forbids inline script and style: any violation would show up as a console error.
            Assert.Empty(consoleErrors);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("section"), FullPage = true });
            await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
            await Assertions.Expect(page.Locator(".main-nav")).ToBeHiddenAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("section-print"), FullPage = true });
        }
        finally
        {
            File.Delete(csv);
        }
    }

    /// <summary>Screenshots for a person to look at (and for the user guide); they are not compared.</summary>
    private static string Shot(string name) => Path.Combine(Path.GetTempPath(), $"jianguan-{name}.png");

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
