using System.Text.RegularExpressions;
using Jianguan.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Jianguan.BrowserTests;

/// <summary>The one account a journey signs in with; it is created in the journey's fresh database.</summary>
public sealed record JourneyUser(string UserName, string DisplayName, string Role)
{
    public const string Password = "Jianguan#2026";
}

/// <summary>
/// One journey's world: the real app on Kestrel (built by WebApp.Build, like `jianguan serve`) over its own fresh
/// SQLite file, one account in one role, and the machine's Chromium with one page open. Each journey gets its own,
/// so journeys running in parallel share neither data nor cookies nor a Playwright connection.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    private readonly string _dbPath = Path.Combine(Path.GetTempPath(), $"jianguan-browser-{Guid.NewGuid():N}.db");
    private readonly List<string> _consoleErrors = [];
    private readonly JourneyUser _user;
    private WebApplication? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IPage? _page;

    private BrowserSession(JourneyUser user) => _user = user;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The running application's services (to check what a journey left in the database, e.g. the audit trail).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The session has not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The session has not started.");

    /// <summary>A zh-CN page at a 1366×900 viewport whose console errors are collected.</summary>
    public IPage Page => _page ?? throw new InvalidOperationException("The session has not started.");

    /// <summary>
    /// Console errors of <see cref="Page"/>. The CSP forbids inline script and style: any violation shows up here.
    /// </summary>
    public IReadOnlyList<string> ConsoleErrors => _consoleErrors;

    /// <summary>
    /// Creates the database, the user's role and the user, runs <paramref name="seed"/> with a scope's services,
    /// starts the app and, at the same time, Chromium.
    /// </summary>
    public static async Task<BrowserSession> StartAsync(JourneyUser user, Func<IServiceProvider, Task>? seed = null)
    {
        Assert.True(File.Exists(Chromium),
            $"Chromium is missing at {Chromium}: install it with `apt-get install -y chromium fonts-noto-cjk` (the test script does). Browser tests never download a browser.");
        var session = new BrowserSession(user);
        try
        {
            // Chromium's start overlaps the app's migrations and seeding: the two do not depend on each other.
            await Task.WhenAll(session.StartAppAsync(seed), session.LaunchBrowserAsync());
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }

        return session;
    }

    /// <summary>
    /// Opens a protected <paramref name="path"/>, is sent to the login form, signs in and waits to be sent back.
    /// </summary>
    public Task LoginAsync(string path) => LoginAsync(path, _user.UserName);

    /// <summary>
    /// <see cref="LoginAsync(string)"/> as another account of the database, which must have
    /// <see cref="JourneyUser.Password"/>.
    /// </summary>
    public async Task LoginAsync(string path, string userName)
    {
        await Page.GotoAsync(BaseUrl + path);
        Assert.Contains("/Account/Login", Page.Url, StringComparison.Ordinal);
        await Page.GetByLabel("用户名").FillAsync(userName);
        await Page.GetByLabel("密码").FillAsync(JourneyUser.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        try
        {
            // Both waits poll (the URL in the test runner, readyState in the page) instead of waiting for Playwright's
            // load-state event: Microsoft.Playwright 1.64.1's WaitForURLAsync and WaitForLoadStateAsync look whether
            // the frame has reached the state and only then subscribe to the event, with nothing holding the event
            // back in between, so a load event delivered in that gap is lost and the wait runs into its timeout at a
            // page long loaded (microsoft/playwright-dotnet#3364). That fits the intermittent "complete page at the
            // right address whose load event had not fired after 30 s" (on /Alerts and on /Sampling, which opens no
            // stream); 268 sign-ins with the old wait under a load average of 20-50 (bench/browser-signin-load.sh and
            // two whole browser runs) did not reproduce it. The page's own load is still required: a page that never
            // finishes loading, e.g. one queued behind the alert streams of other tabs (AlertTabsTests), fails here.
            await Assertions.Expect(Page).ToHaveURLAsync(new Regex(Regex.Escape(path) + "$"), new() { Timeout = 30_000 });
            await Page.WaitForFunctionAsync("() => document.readyState === 'complete'", null, new() { PollingInterval = 100 });
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            // Where the sign-in went instead, and what that page said.
            var text = await Page.Locator("body").InnerTextAsync(new() { Timeout = 5000 });
            throw new TimeoutException($"{userName} signed in but was not sent to {path} or it did not finish loading: at {Page.Url}, page text: "
                + text[..Math.Min(text.Length, 500)], e);
        }
    }

    /// <summary>Signs out with the header's 退出 button.</summary>
    public async Task LogoutAsync()
    {
        await Page.Locator(".site-header .account").GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
        await Assertions.Expect(Page.Locator(".site-header .account .user")).ToHaveCountAsync(0);
    }

    /// <summary>Screenshots for a person to look at (and for the user guide); they are not compared.</summary>
    public Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), $"jianguan-{name}.png"), FullPage = true });

    /// <summary>
    /// The visible viewport as <paramref name="name"/>.png into the directory named by JIANGUAN_SCREENSHOTS (the user
    /// manual's docs/zh-CN/screenshots when refreshing it); nothing when it is unset, so a test run leaves the tree alone.
    /// </summary>
    public async Task SaveForManualAsync(string name)
    {
        if (Environment.GetEnvironmentVariable("JIANGUAN_SCREENSHOTS") is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png") });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
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

    private async Task StartAppAsync(Func<IServiceProvider, Task>? seed)
    {
        // Port 0: Kestrel picks a free port, read back from app.Urls once started.
        _app = WebApp.Build(new WebAppOptions($"Data Source={_dbPath}", "http://127.0.0.1:0"), b =>
        {
            b.Configuration["Jobs:Enabled"] = "false";
            // Hashing cost is not under test: the demo's accounts and the logins at the product's 100,000 PBKDF2
            // iterations would take seconds per journey.
            b.Services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000);
        });
        await WebApp.PrepareAsync(_app);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            await roles.CreateAsync(new IdentityRole(_user.Role));
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var account = new AppUser { UserName = _user.UserName, DisplayName = _user.DisplayName };
            Assert.True((await users.CreateAsync(account, JourneyUser.Password)).Succeeded);
            await users.AddToRoleAsync(account, _user.Role);
            if (seed is not null)
            {
                await seed(scope.ServiceProvider);
            }
        }

        await _app.StartAsync();
        BaseUrl = _app.Urls.Single();
    }

    private async Task LaunchBrowserAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ChromiumArgs,
        });
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "zh-CN",
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        });
        _page = await context.NewPageAsync();
        _page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _consoleErrors.Add($"{message.Text} ({message.Location})");
            }
        };
    }
}

/// <summary>Gives each journey class a fresh <see cref="BrowserSession"/> for its user and seed data.</summary>
public abstract class BrowserJourneyTest : IAsyncLifetime
{
    private BrowserSession? _session;

    protected abstract JourneyUser User { get; }

    protected BrowserSession Session => _session ?? throw new InvalidOperationException("The session has not started.");

    /// <summary>Adds the journey's data to the fresh database, after its user exists and before the app starts.</summary>
    protected virtual Task SeedAsync(IServiceProvider services) => Task.CompletedTask;

    public async Task InitializeAsync() => _session = await BrowserSession.StartAsync(User, SeedAsync);

    public async Task DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }
    }
}
