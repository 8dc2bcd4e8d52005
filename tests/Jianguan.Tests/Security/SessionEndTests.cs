using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Jianguan.Tests.Security;

/// <summary>
/// Issue 17, item 6: a session ends on the server, not only in the browser. A copy of the cookie saved before logout,
/// a password change or a 2FA reset is refused at once (no clock advance: the stamp is checked on every request).
/// Also the low of the same issue: wrong current passwords on the change page count toward the lockout.
/// </summary>
[Trait("Category", "Database")]
public sealed class SessionEndTests(SecurityFactory factory) : IClassFixture<SecurityFactory>
{
    private const string Initial = "Chushi#2026a";

    [Fact]
    public async Task Logout_SavedCookieReplayed_Refused()
    {
        var (client, cookie) = await LoginAsync();
        Assert.Equal(HttpStatusCode.OK, await ReplayAsync(cookie));

        var logout = await SecurityFactory.PostFormAsync(client, "/Account/Logout", new Dictionary<string, string>(), "/");
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, await ReplayAsync(cookie));
    }

    [Fact]
    public async Task PasswordChange_OldCookieRefused_NewSessionKept()
    {
        var (client, cookie) = await LoginAsync();
        var changed = await SecurityFactory.PostFormAsync(client, "/Account/ChangePassword", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = Initial,
            ["Input.NewPassword"] = "Xinmima#2026",
            ["Input.ConfirmPassword"] = "Xinmima#2026",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, await ReplayAsync(cookie));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Trading/Projects")).StatusCode);
    }

    [Fact]
    public async Task TwoFactorReset_OpenSessionEndsAtOnce()
    {
        var (client, cookie) = await LoginAsync();
        var id = await factory.WithDbAsync((db, _) => Task.FromResult(db.Users.Single(u => u.UserName == client.DefaultRequestHeaders.From).Id));
        // Marked as enrolled after the login (the stamp stays): the reset has something to reset.
        await factory.SeedAsync(async db => (await db.Users.SingleAsync(u => u.Id == id)).TwoFactorEnabled = true);
        var admin = await factory.CreateUserAndLoginAsync(Roles.SystemAdmin);
        var reset = await SecurityFactory.PostFormAsync(admin, $"/Admin/Users/Edit/{id}?handler=ResetTwoFactor",
            new Dictionary<string, string> { ["ResetReason"] = "手机丢失，本人到场核实", ["ResetConfirmed"] = "true" }, "/Admin/Users/Edit/" + id);
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Single(await factory.AuditAsync(e => e.Action == "account.2fa.reset" && e.Target == client.DefaultRequestHeaders.From));

        Assert.Equal(HttpStatusCode.Redirect, await ReplayAsync(cookie));
        var page = await client.GetAsync("/Trading/Projects");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/Login", SecurityFactory.PathOf(page.Headers.Location), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangePassword_FiveWrongCurrentPasswords_LockAccountAndEndSession()
    {
        var (client, cookie) = await LoginAsync();
        var name = client.DefaultRequestHeaders.From!;
        HttpResponseMessage last = null!;
        for (var i = 0; i < 5; i++)
        {
            last = await SecurityFactory.PostFormAsync(client, "/Account/ChangePassword", new Dictionary<string, string>
            {
                ["Input.CurrentPassword"] = "Wrong#pass" + i,
                ["Input.NewPassword"] = "Xinmima#2026",
                ["Input.ConfirmPassword"] = "Xinmima#2026",
            });
        }

        Assert.Equal(HttpStatusCode.Redirect, last.StatusCode);
        Assert.StartsWith("/Account/Login", SecurityFactory.PathOf(last.Headers.Location), StringComparison.Ordinal);
        var user = await factory.WithDbAsync((db, _) => Task.FromResult(db.Users.AsNoTracking().Single(u => u.UserName == name)));
        Assert.True(user.LockoutEnd > factory.Clock.GetUtcNow());
        Assert.Equal(HttpStatusCode.Redirect, await ReplayAsync(cookie));
        // The right password no longer opens the account until the lockout ends.
        Assert.Equal(HttpStatusCode.OK, (await SecurityFactory.PostLoginAsync(factory.CreateAnonymousClient(), name, Initial)).StatusCode);
        Assert.Contains(await factory.AuditAsync(e => e.UserName == name), e => e.Action == "login.locked");
    }

    /// <summary>A signed-in client (its account name in the From header, unused by the server) and its cookie.</summary>
    private async Task<(HttpClient Client, string Cookie)> LoginAsync()
    {
        var name = SecurityFactory.NewName("sess");
        await factory.CreateAccountAsync(name, Initial, false, Roles.Police);
        var client = factory.CreateAnonymousClient();
        var login = await SecurityFactory.PostLoginAsync(client, name, Initial);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        client.DefaultRequestHeaders.From = name;
        var cookie = login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])
            .Single(c => c.StartsWith("jianguan.auth=", StringComparison.Ordinal));
        return (client, cookie);
    }

    /// <summary>A request from elsewhere carrying only the saved cookie.</summary>
    private async Task<HttpStatusCode> ReplayAsync(string cookie)
    {
        var other = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Trading/Projects");
        request.Headers.Add("Cookie", cookie);
        return (await other.SendAsync(request)).StatusCode;
    }
}
