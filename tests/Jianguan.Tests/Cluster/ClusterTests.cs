using System.Net;
using System.Text.RegularExpressions;
using Jianguan.Commands;
using Jianguan.Platform.Jobs;
using Jianguan.Tests.Web;
using Quartz;

namespace Jianguan.Tests.Cluster;

/// <summary>A job that takes a moment, so that a second node would have time to pick up the same firing.</summary>
public sealed class ProbeJob : IScheduledJob
{
    public async Task<string?> RunAsync(CancellationToken ct)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        return "probe";
    }
}

/// <summary>
/// One web node of a two-node cluster on a shared, already migrated database: scheduler started, the store the
/// database calls for (clustered on PostgreSQL), its own node name.
/// </summary>
public sealed class ClusterNode(TestDatabase shared, string node) : JianguanFactory(shared)
{
    protected override bool JobsEnabled => true;

    protected override JobStore JobStore => JobStore.Auto;

    protected override string? NodeName => node;
}

/// <summary>
/// Two application instances on one database (issue 16): a login cookie and an anti-forgery token issued by one are
/// accepted by the other (Data Protection keys in the database), and on PostgreSQL a job scheduled to fire once
/// fires exactly once across both (Quartz's clustered store). The cookie half also runs on SQLite (two hosts on one
/// file); the job half needs PostgreSQL and returns early on SQLite, where each node keeps its own in-memory store.
/// </summary>
[Trait("Category", "Database")]
public sealed partial class ClusterTests
{
    [Fact]
    public async Task TwoNodes_OneDatabase_ShareCookiesAndAntiforgeryAndFireAOneOffJobOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var cli = CliHost.Open(database.ConnectionString))
        {
            await Database.MigrateAsync(cli.Db);
        }

        await using var a = new ClusterNode(database, "node-a");
        await using var b = new ClusterNode(database, "node-b");
        await a.InitializeAsync();
        await b.InitializeAsync();

        await CookiesAndTokensWorkAcrossNodesAsync(a, b);

        if (!database.IsPostgres)
        {
            return;
        }

        await OneOffJobsFireOnceAcrossNodesAsync(a, b);
    }

    private static async Task CookiesAndTokensWorkAcrossNodesAsync(ClusterNode a, ClusterNode b)
    {
        var user = await a.CreateUserAsync("cluster" + Guid.NewGuid().ToString("N")[..8], Roles.OfficeAdmin);
        var onA = a.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var onB = b.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);

        // Sign in on A: the login form's anti-forgery cookie and token, then the authentication cookie.
        var form = await onA.SendAsync(WithCookies(new HttpRequestMessage(HttpMethod.Get, "/Account/Login"), cookies));
        Keep(form, cookies);
        var token = Token(await form.Content.ReadAsStringAsync());
        var login = await onA.SendAsync(WithCookies(new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.UserName"] = user,
                ["Input.Password"] = JianguanFactory.Password,
                ["__RequestVerificationToken"] = token,
            }),
        }, cookies));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Keep(login, cookies);
        Assert.Contains("jianguan.auth", cookies.Keys);

        // B reads A's authentication cookie.
        var page = await onB.SendAsync(WithCookies(new HttpRequestMessage(HttpMethod.Get, "/Account"), cookies));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        // A token rendered by A (for this session) is accepted by B's anti-forgery check: sign out on B.
        var home = await onA.SendAsync(WithCookies(new HttpRequestMessage(HttpMethod.Get, "/Account"), cookies));
        Keep(home, cookies);
        var formToken = Token(await home.Content.ReadAsStringAsync());
        var logout = await onB.SendAsync(WithCookies(new HttpRequestMessage(HttpMethod.Post, "/Account/Logout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = formToken }),
        }, cookies));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        // And a forged token is refused (the check is real).
        var forged = await onB.SendAsync(WithCookies(new HttpRequestMessage(HttpMethod.Post, "/Account/Logout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = "CfDJ8forged" }),
        }, cookies));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    private static async Task OneOffJobsFireOnceAcrossNodesAsync(ClusterNode a, ClusterNode b)
    {
        var schedulerA = await a.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var schedulerB = await b.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.True((await schedulerA.GetMetadata()).JobStoreClustered && (await schedulerB.GetMetadata()).JobStoreClustered);
        Assert.NotEqual(schedulerA.SchedulerInstanceId, schedulerB.SchedulerInstanceId);

        // Several one-off jobs, all due at the same instant, scheduled through A: B sees them too (one store), and
        // both nodes compete for each firing.
        const int Jobs = 6;
        var prefix = "probe-" + Guid.NewGuid().ToString("N")[..8] + "-";
        var at = DateTimeOffset.UtcNow.AddSeconds(2);
        for (var i = 0; i < Jobs; i++)
        {
            await schedulerA.ScheduleJob(OneOff(prefix + i), Trigger(prefix + i, at));
        }

        Assert.True(await schedulerB.Exists(new JobKey(prefix + 0)));
        var runs = await WaitForRunsAsync(a, prefix, Jobs);
        // Then past a cluster check-in, for any second firing to show.
        await Task.Delay(TimeSpan.FromSeconds(10));
        runs = await RunsAsync(a, prefix);

        Assert.Equal(Jobs, runs.Count);
        Assert.All(runs, r => Assert.Equal(JobOutcome.Succeeded, r.Outcome));
        Assert.Equal(Jobs, runs.Select(r => r.Job).Distinct().Count());
        Assert.All(runs, r => Assert.Contains(r.Node, new[] { "node-a", "node-b" }));

        // With A in standby, a job scheduled through A runs on B, once.
        await schedulerA.Standby();
        var alone = "probe-" + Guid.NewGuid().ToString("N")[..8] + "-b";
        await schedulerA.ScheduleJob(OneOff(alone), Trigger(alone, DateTimeOffset.UtcNow.AddSeconds(1)));
        var single = Assert.Single(await WaitForRunsAsync(a, alone, 1));
        Assert.Equal(("node-b", JobOutcome.Succeeded), (single.Node, single.Outcome));
        await schedulerA.Start();
    }

    // Durable: the job stays in the store after it fired, so the check that B sees it cannot race the firing on a
    // slow machine (a non-durable job is deleted as soon as its only trigger is done).
    private static IJobDetail OneOff(string name) => JobBuilder.Create<QuartzJob<ProbeJob>>().WithIdentity(name).StoreDurably().Build();

    private static ITrigger Trigger(string name, DateTimeOffset at) => TriggerBuilder.Create().WithIdentity(name).StartAt(at).Build();

    private static async Task<List<JobRun>> WaitForRunsAsync(ClusterNode node, string prefix, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        List<JobRun> runs;
        do
        {
            await Task.Delay(250);
            runs = await RunsAsync(node, prefix);
        }
        while (runs.Count(r => r.Outcome != JobOutcome.Running) < count && DateTime.UtcNow < deadline);
        return runs;
    }

    private static async Task<List<JobRun>> RunsAsync(ClusterNode node, string prefix)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<JianguanDbContext>().Set<JobRun>().AsNoTracking()
            .Where(r => r.Job.StartsWith(prefix)).ToListAsync();
    }

    private static HttpRequestMessage WithCookies(HttpRequestMessage request, Dictionary<string, string> cookies)
    {
        if (cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => c.Key + "=" + c.Value)));
        }

        return request;
    }

    private static void Keep(HttpResponseMessage response, Dictionary<string, string> cookies)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            return;
        }

        foreach (var value in values)
        {
            var pair = value.Split(';', 2)[0];
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            cookies[pair[..eq]] = pair[(eq + 1)..];
        }
    }

    private static string Token(string html)
    {
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, "no anti-forgery token on the page");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
