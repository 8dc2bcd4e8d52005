using System.Net;
using Microsoft.AspNetCore.Identity;

namespace Jianguan.Tests.Security;

[Trait("Category", "Database")]
public sealed class LoginProtectionTests(SecurityFactory factory) : IClassFixture<SecurityFactory>
{
    private const string Initial = "Chushi#2026a";

    [Fact]
    public async Task Login_FiveFailures_LockedFor15MinutesThenUnlocked()
    {
        var name = SecurityFactory.NewName("lock");
        await factory.CreateAccountAsync(name, Initial, false, Roles.Police);
        var client = factory.CreateAnonymousClient();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await SecurityFactory.PostLoginAsync(client, name, "Wrong#pass" + i);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        factory.Clock.Advance(TimeSpan.FromMinutes(14));
        var locked = await SecurityFactory.PostLoginAsync(client, name, Initial);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains(Jianguan.Features.Account.LoginModel.FailureMessage, await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        factory.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var open = await SecurityFactory.PostLoginAsync(client, name, Initial);
        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);

        var entries = await factory.AuditAsync(e => e.UserName == name);
        Assert.Equal(4, entries.Count(e => e.Action == "login.failure"));
        Assert.Equal(2, entries.Count(e => e.Action == "login.locked"));
        Assert.Equal("login.success", entries[^1].Action);
        Assert.DoesNotContain(entries, e => e.Detail.Contains("Wrong#pass", StringComparison.Ordinal) || e.Detail.Contains(Initial, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Session_Idle31Minutes_BackToLogin()
    {
        var name = SecurityFactory.NewName("idle");
        await factory.CreateAccountAsync(name, Initial, false, Roles.Police);
        var client = factory.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SecurityFactory.PostLoginAsync(client, name, Initial)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Trading/Projects")).StatusCode);

        factory.Clock.Advance(TimeSpan.FromMinutes(31));
        var expired = await client.GetAsync("/Trading/Projects");
        Assert.Equal(HttpStatusCode.Redirect, expired.StatusCode);
        Assert.StartsWith("/Account/Login", SecurityFactory.PathOf(expired.Headers.Location), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_ActiveEvery20Minutes_StaysOpenPast30Minutes()
    {
        var name = SecurityFactory.NewName("busy");
        await factory.CreateAccountAsync(name, Initial, false, Roles.Police);
        var client = factory.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SecurityFactory.PostLoginAsync(client, name, Initial)).StatusCode);
        for (var i = 0; i < 3; i++)
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Trading/Projects")).StatusCode);
        }
    }

    [Fact]
    public async Task InitialPassword_MustChange_RedirectsEverywhereUntilChanged()
    {
        var name = SecurityFactory.NewName("first");
        await factory.CreateAccountAsync(name, Initial, true, Roles.TradingCenter);
        var client = factory.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SecurityFactory.PostLoginAsync(client, name, Initial)).StatusCode);

        var page = await client.GetAsync("/Trading/Projects");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/Account/ChangePassword?ReturnUrl=%2FTrading%2FProjects", SecurityFactory.PathOf(page.Headers.Location));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/trading/projects")).StatusCode);
        var form = await client.GetStringAsync("/Account/ChangePassword");
        Assert.Contains("初始密码", form, StringComparison.Ordinal);

        var changed = await SecurityFactory.PostFormAsync(client, "/Account/ChangePassword?ReturnUrl=%2FTrading%2FProjects", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = Initial,
            ["Input.NewPassword"] = "Xinmima#2026",
            ["Input.ConfirmPassword"] = "Xinmima#2026",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal("/Trading/Projects", SecurityFactory.PathOf(changed.Headers.Location));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Trading/Projects")).StatusCode);
        Assert.Single(await factory.AuditAsync(e => e.UserName == name && e.Action == "password.change"));
        var user = await factory.WithDbAsync((db, _) => Task.FromResult(db.Users.Single(u => u.UserName == name)));
        Assert.False(user.MustChangePassword);
    }

    [Fact]
    public async Task ChangePassword_WeakOrWrongCurrent_RefusedWithChineseReasons()
    {
        var name = SecurityFactory.NewName("weak");
        await factory.CreateAccountAsync(name, Initial, false, Roles.Police);
        var client = factory.CreateAnonymousClient();
        await SecurityFactory.PostLoginAsync(client, name, Initial);

        async Task<string> Try(string current, string next) =>
            await (await SecurityFactory.PostFormAsync(client, "/Account/ChangePassword", new Dictionary<string, string>
            {
                ["Input.CurrentPassword"] = current,
                ["Input.NewPassword"] = next,
                ["Input.ConfirmPassword"] = next,
            })).Content.ReadAsStringAsync();

        Assert.Contains("密码长度至少 8 位", await Try(Initial, "Ab1!"), StringComparison.Ordinal);
        Assert.Contains("至少三类", await Try(Initial, "abcdefgh12"), StringComparison.Ordinal);
        Assert.Contains("当前密码不正确", await Try("Wrong#2026x", "Xinmima#2026"), StringComparison.Ordinal);
        Assert.Contains("最近 5 次", await Try(Initial, Initial), StringComparison.Ordinal);
        Assert.Equal(4, (await factory.AuditAsync(e => e.UserName == name && e.Action == "password.change-failed")).Count);
    }

    [Theory]
    [InlineData("Ab1!xyz", false)]        // 7 characters
    [InlineData("abcdefgh", false)]       // one class
    [InlineData("abcdefg1", false)]       // two classes
    [InlineData("Abcdefg1", true)]        // upper, lower, digit
    [InlineData("abcdef1!", true)]        // lower, digit, symbol
    [InlineData("ABCDEF#!x", true)]       // upper, symbol, lower
    [InlineData("密码密码abc12", true)]    // other characters count as symbols
    public async Task PasswordPolicy_LengthAndThreeOfFourClasses(string password, bool valid)
    {
        var result = await new CharacterClassPasswordValidator().ValidateAsync(null!, new AppUser { UserName = "someone" }, password);
        Assert.Equal(valid, result.Succeeded);
    }

    [Fact]
    public async Task PasswordPolicy_ContainsUserName_Refused()
    {
        var result = await new CharacterClassPasswordValidator().ValidateAsync(null!, new AppUser { UserName = "zhangsan" }, "Zhangsan#2026");
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task PasswordHistory_LastFiveRefused_SixthAgoAllowed()
    {
        var name = SecurityFactory.NewName("hist");
        await factory.CreateAccountAsync(name, "Mima#0001", false);
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByNameAsync(name))!;
        var current = "Mima#0001";
        foreach (var next in new[] { "Mima#0002", "Mima#0003", "Mima#0004", "Mima#0005" })
        {
            Assert.True((await users.ChangePasswordAsync(user, current, next)).Succeeded);
            current = next;
        }

        // Passwords 1–5 are the last five: each refused.
        foreach (var old in new[] { "Mima#0001", "Mima#0003", "Mima#0005" })
        {
            var refused = await users.ChangePasswordAsync(user, current, old);
            Assert.Contains(refused.Errors, e => e.Code == "PasswordReused");
        }

        Assert.True((await users.ChangePasswordAsync(user, current, "Mima#0006")).Succeeded);
        Assert.Contains((await users.ChangePasswordAsync(user, "Mima#0006", "Mima#0002")).Errors, e => e.Code == "PasswordReused");
        Assert.True((await users.ChangePasswordAsync(user, "Mima#0006", "Mima#0001")).Succeeded);

        var stored = await factory.WithDbAsync((db, _) => Task.FromResult(db.PasswordHistory.Where(h => h.UserId == user.Id).Select(h => h.Hash).ToList()));
        Assert.DoesNotContain(stored, h => h.Contains("Mima#", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hsts_HttpsOnPublicHost_SentAndNotOnPlainHttp()
    {
        var https = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://jianguan.example.gov.cn"),
            AllowAutoRedirect = false,
        });
        var secure = await https.GetAsync("/healthz");
        Assert.Contains("max-age=31536000", secure.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        var plain = await factory.CreateAnonymousClient().GetAsync("/healthz");
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }
}
