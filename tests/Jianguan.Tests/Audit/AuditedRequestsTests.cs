using Jianguan.Platform.Audit;
using Jianguan.Tests.Web;

namespace Jianguan.Tests.Audit;

/// <summary>Logins, refusals and reads of non-public pages leave entries; public pages do not.</summary>
[Trait("Category", "Database")]
public sealed class AuditedRequestsTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    private async Task<List<AuditEntry>> EntriesAsync(string userName)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        return await db.AuditEntries.AsNoTracking().Where(e => e.UserName == userName).OrderBy(e => e.Seq).ToListAsync();
    }

    [Fact]
    public async Task Login_SuccessAndFailure_Recorded()
    {
        var user = await factory.CreateUserAsync("audit-login-" + Guid.NewGuid().ToString("N")[..6], Roles.Audit);
        var client = factory.CreateAnonymousClient();
        await JianguanFactory.PostFormAsync(client, "/Account/Login",
            new Dictionary<string, string> { ["Input.UserName"] = user, ["Input.Password"] = "wrong-password-1A" });
        await factory.LoginAsync(user);
        var actions = (await EntriesAsync(user)).Select(e => e.Action).ToList();
        Assert.Equal(["login.failure", "login.success"], actions.Where(a => a.StartsWith("login.", StringComparison.Ordinal)));
        Assert.DoesNotContain(await EntriesAsync(user), e => e.Detail.Contains("wrong-password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NonPublicRead_SignedIn_RecordedWithUserRoleAndPath()
    {
        var user = await factory.CreateUserAsync("audit-read-" + Guid.NewGuid().ToString("N")[..6], Roles.Police);
        var client = await factory.LoginAsync(user);
        (await client.GetAsync("/Trading/Sections?q=abc")).EnsureSuccessStatusCode();
        (await client.GetAsync("/api/trading/sections")).EnsureSuccessStatusCode();
        await client.GetAsync("/Trading/Import");
        var entries = await EntriesAsync(user);
        var read = Assert.Single(entries, e => e.Target == "/Trading/Sections?q=abc");
        // A police officer's read of trading data is an oversight query (clause 五(十一)): one entry, named as such.
        Assert.Equal(("oversight.query", Roles.Police), (read.Action, read.Roles));
        Assert.DoesNotContain(entries, e => e.Action == "http.get" && e.Target.StartsWith("/Trading/Sections", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Target.StartsWith("/api/trading/sections", StringComparison.Ordinal));
        // Refused requests are recorded too (the page answers a refusal by redirecting to the denied page).
        Assert.Contains(entries, e => e.Target == "/Trading/Import" && e.Detail != "{\"status\":200}");
    }

    [Fact]
    public async Task PublicPage_NotRecorded()
    {
        var user = await factory.CreateUserAsync("audit-public-" + Guid.NewGuid().ToString("N")[..6], Roles.Police);
        var client = await factory.LoginAsync(user);
        (await client.GetAsync("/")).EnsureSuccessStatusCode();
        Assert.DoesNotContain(await EntriesAsync(user), e => e.Target == "/");
    }

    [Fact]
    public async Task Chain_AfterWebTraffic_Verifies()
    {
        var client = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);
        await client.GetAsync("/Trading/Projects");
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        var result = await scope.ServiceProvider.GetRequiredService<AuditTrail>().VerifyAsync(db);
        Assert.True(result.Ok, result.ToString());
        Assert.True(result.Entries >= 2);
    }
}
