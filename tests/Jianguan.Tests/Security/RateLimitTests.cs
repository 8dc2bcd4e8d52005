using System.Net;
using System.Net.Http.Headers;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Web;
using Jianguan.Tests.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Time.Testing;

namespace Jianguan.Tests.Security;

/// <summary>
/// Low limits, a fake clock for the audit aggregation window, and the peer address chosen per request
/// (<see cref="ProxyFactory.PeerHeader"/>; no proxy is trusted, so X-Forwarded-For plays no part).
/// </summary>
public sealed class RateLimitFactory : ProxyFactory
{
    public const int LoginPermits = 5;
    public const int BearerPermits = 50;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));

    protected override Dictionary<string, string?> Settings => new()
    {
        [RateLimitOptions.Section + ":LoginPermits"] = LoginPermits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [RateLimitOptions.Section + ":LoginWindowSeconds"] = "600",
        [RateLimitOptions.Section + ":BearerPermits"] = BearerPermits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [RateLimitOptions.Section + ":BearerWindowSeconds"] = "600",
        [RateLimitOptions.Section + ":RejectionAuditSeconds"] = "60",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }
}

[Trait("Category", "Database")]
public sealed class RateLimitTests(RateLimitFactory factory) : IClassFixture<RateLimitFactory>
{
    private HttpClient From(string address) => factory.CreatePublicClient((ProxyFactory.PeerHeader, address));

    private static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string userName, string password) =>
        JianguanFactory.PostFormAsync(client, "/Account/Login", new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });

    private static async Task AssertTooManyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("请求过于频繁", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GarbageBearerFlood_FewAuditEntries_ThenTooManyRequests()
    {
        const string address = "198.51.100.21";
        var client = From(address);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 300; i++)
        {
            if (i == 40)
            {
                // The aggregation window passes: the next rejection is recorded with the count of those in between.
                factory.Clock.Advance(TimeSpan.FromSeconds(61));
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/trading/projects");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", i % 2 == 0 ? "garbage" + i : "jgt_abcdefgh_" + i);
            last = await client.SendAsync(request);
            statuses.Add(last.StatusCode);
        }

        var entries = (await factory.EntriesAsync(AuditActor.Anonymous))
            .Where(e => e.Action == "token.rejected" && e.Source == address).ToList();
        Assert.InRange(entries.Count, 1, 3);
        Assert.Contains("\"suppressed\":0", entries[0].Detail, StringComparison.Ordinal);
        Assert.Contains(entries, e => e.Detail.Contains("\"suppressed\":39", StringComparison.Ordinal));
        Assert.Equal(RateLimitFactory.BearerPermits, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(300 - RateLimitFactory.BearerPermits, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        await AssertTooManyAsync(last!);
    }

    [Fact]
    public async Task LoginPosts_OverLimit_TooManyRequests_OtherAddressUnaffected()
    {
        var user = await factory.CreateUserAsync(SecurityFactory.NewName("rl"), Roles.Police);
        var flooding = From("198.51.100.31");
        for (var i = 0; i < RateLimitFactory.LoginPermits; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostLoginAsync(flooding, SecurityFactory.NewName("nobody"), "wrong-" + i)).StatusCode);
        }

        await AssertTooManyAsync(await PostLoginAsync(flooding, SecurityFactory.NewName("nobody"), "wrong"));
        // The right password from the flooding address is refused too (the limit is per address, not per name).
        await AssertTooManyAsync(await PostLoginAsync(flooding, user, JianguanFactory.Password));
        // The second-factor step shares the login limit.
        await AssertTooManyAsync(await JianguanFactory.PostFormAsync(flooding, "/Account/LoginWith2fa",
            new Dictionary<string, string> { ["Code"] = "123456" }, "/Account/Login"));

        var other = From("198.51.100.32");
        var login = await PostLoginAsync(other, user, JianguanFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/Trading/Projects")).StatusCode);
    }

    [Fact]
    public async Task LegitimateLogin_WithinLimit_Works_AndTheNextPostOverItIsRefused()
    {
        var user = await factory.CreateUserAsync(SecurityFactory.NewName("rl"), Roles.Police);
        var client = From("198.51.100.41");
        for (var i = 0; i < RateLimitFactory.LoginPermits - 1; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostLoginAsync(client, SecurityFactory.NewName("typo"), "wrong-" + i)).StatusCode);
        }

        var login = await PostLoginAsync(client, user, JianguanFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Trading/Projects")).StatusCode);

        await AssertTooManyAsync(await PostLoginAsync(From("198.51.100.41"), user, JianguanFactory.Password));
    }
}
