using System.Net;
using System.Text.RegularExpressions;
using Jianguan.Platform.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;

namespace Jianguan.Tests.Web;

/// <summary>
/// The web application under test, built by the same <see cref="WebApp.ConfigureServices"/> and
/// <see cref="WebApp.ConfigurePipeline"/> as `jianguan serve`. <c>Program</c> runs the command line, not a host,
/// so the host is built here instead of being captured from the entry point.
/// </summary>
public partial class JianguanFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "Jianguan#2026";

    /// <summary>PBKDF2 iterations for test hosts (the product keeps Identity's default).</summary>
    public const int TestHashIterations = 1000;

    private TestDatabase? _database;
    private readonly bool _ownsDatabase = true;

    public JianguanFactory()
    {
    }

    /// <summary>A node on a database another fixture owns, created and migrated already (cluster tests).</summary>
    protected JianguanFactory(TestDatabase shared)
    {
        _database = shared;
        _ownsDatabase = false;
    }

    public TestDatabase Database => _database ?? throw new InvalidOperationException("the fixture is not initialised");

    /// <summary>Whether the scheduler starts with the host; off unless a test's factory turns it on.</summary>
    protected virtual bool JobsEnabled => false;

    /// <summary>
    /// The scheduler's store: in memory unless a test asks for the clustered one (which needs its tables, i.e. a
    /// database migrated before the host starts).
    /// </summary>
    protected virtual Jianguan.Platform.Jobs.JobStore JobStore => Jianguan.Platform.Jobs.JobStore.Memory;

    /// <summary>This host's node name in job runs (<c>Jobs:Node</c>); the default when null.</summary>
    protected virtual string? NodeName => null;

    protected override IHostBuilder CreateHostBuilder() =>
        Host.CreateDefaultBuilder()
            .ConfigureWebHostDefaults(web => web
                .UseSetting(WebHostDefaults.ApplicationKey, typeof(WebApp).Assembly.GetName().Name)
                // Scheduled jobs fire only when a test asks (JobRunner, or a factory that turns them on).
                .UseSetting("Jobs:Enabled", JobsEnabled ? "true" : "false")
                .UseSetting("Jobs:Node", NodeName)
                // Tests sign in and call the API hundreds of times from one (absent) address: limits out of the way,
                // each token rejection recorded. RateLimitTests runs its own factory with low limits.
                .UseSetting(RateLimitOptions.Section + ":LoginPermits", "1000000")
                .UseSetting(RateLimitOptions.Section + ":BearerPermits", "1000000")
                .UseSetting(RateLimitOptions.Section + ":RejectionAuditSeconds", "0")
                .ConfigureServices(services =>
                {
                    WebApp.ConfigureServices(services, new WebAppOptions(Database.ConnectionString, JobStore: JobStore));
                    // The same PBKDF2 hasher at a hundredth of the work: tests sign in hundreds of times, and at the
                    // product's 100,000 iterations the hashing alone was a large share of the suite's CPU time.
                    services.Configure<PasswordHasherOptions>(o => o.IterationCount = TestHashIterations);
                })
                .Configure(WebApp.ConfigurePipeline));

    public virtual async Task InitializeAsync()
    {
        _database ??= await TestDatabase.CreateAsync();
        await using var scope = Services.CreateAsyncScope();
        await Jianguan.Data.Database.MigrateAsync(scope.ServiceProvider.GetRequiredService<JianguanDbContext>());
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_database is not null && _ownsDatabase)
        {
            await _database.DisposeAsync();
        }
    }

    // A test's own hang limit (test.sh's JIANGUAN_TEST_HANG) bounds a slow request, not HttpClient's 100 s default:
    // the whole shared corpus through the upload page takes longer than that on PostgreSQL on a busy machine.
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.Timeout = TimeSpan.FromMinutes(10);
    }

    public HttpClient CreateAnonymousClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Creates an account with the given roles (creating the roles when missing).</summary>
    public async Task<string> CreateUserAsync(string userName, params string[] roles)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var roleManager = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in roles)
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                Check(await roleManager.CreateAsync(new IdentityRole(role)));
            }
        }

        var user = new AppUser { UserName = userName, DisplayName = "测试用户" + userName };
        Check(await users.CreateAsync(user, Password));
        if (roles.Length > 0)
        {
            Check(await users.AddToRolesAsync(user, roles));
        }

        return userName;
    }

    /// <summary>A client signed in through the real login form (anti-forgery token included).</summary>
    public async Task<HttpClient> LoginAsync(string userName, string password = Password)
    {
        var client = CreateAnonymousClient();
        var response = await PostFormAsync(client, "/Account/Login", new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"login of {userName} failed: {(int)response.StatusCode}");
        return client;
    }

    public async Task<HttpClient> CreateUserAndLoginAsync(params string[] roles)
    {
        var userName = "u" + Guid.NewGuid().ToString("N")[..12];
        await CreateUserAsync(userName, roles);
        return await LoginAsync(userName);
    }

    /// <summary>GETs the form page for its anti-forgery token, then POSTs the fields with it.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(
        HttpClient client, string path, IReadOnlyDictionary<string, string> fields, string? formPage = null)
    {
        var token = await GetAntiforgeryTokenAsync(client, formPage ?? path);
        var all = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        return await client.PostAsync(path, new FormUrlEncodedContent(all));
    }

    /// <summary>
    /// Sends the anti-forgery token as a header on every later request of a signed-in client, as the import API
    /// requires of cookie callers (issue 17, item 9).
    /// </summary>
    public static async Task<HttpClient> WithAntiforgeryHeaderAsync(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.DefaultRequestHeaders.Remove("RequestVerificationToken");
        client.DefaultRequestHeaders.Add("RequestVerificationToken", await GetAntiforgeryTokenAsync(client, "/"));
        return client;
    }

    public static async Task<string> GetAntiforgeryTokenAsync(HttpClient client, string formPage)
    {
        var html = await client.GetStringAsync(formPage);
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"no anti-forgery token on {formPage}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public async Task SeedAsync(Func<JianguanDbContext, Task> seed)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        await seed(db);
        await db.SaveChangesAsync();
    }

    private static void Check(IdentityResult result) =>
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
