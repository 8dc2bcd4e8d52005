using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Jianguan.Tests.Security;

[Trait("Category", "Database")]
public sealed partial class TwoFactorTests(SecurityFactory factory) : IClassFixture<SecurityFactory>
{
    private const string Password = "Liangbu#2026";

    [Theory]
    [InlineData(59, "287082")]
    [InlineData(1111111109, "081804")]
    [InlineData(1234567890, "005924")]
    [InlineData(2000000000, "279037")]
    public void Code_Rfc6238Vectors_Match(long unixSeconds, string expected)
    {
        var key = Encoding.ASCII.GetBytes("12345678901234567890");
        Assert.Equal(expected, TotpAuthenticatorProvider.Code(key, unixSeconds / 30));
        Assert.Equal(expected, Rfc6238.Code(key, unixSeconds / 30, 6));
    }

    [Fact]
    public async Task Totp_EnableThenLogin_NeedsFreshCodeAndRecoveryCodesWorkOnce()
    {
        var name = SecurityFactory.NewName("totp");
        await factory.CreateAccountAsync(name, Password, false, Roles.Police);
        var client = factory.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SecurityFactory.PostLoginAsync(client, name, Password)).StatusCode);

        var setup = await client.GetStringAsync("/Account/TwoFactor");
        var key = SecurityFactory.Element(setup, "authenticator-key").Replace(" ", "", StringComparison.Ordinal);
        var uri = SecurityFactory.Element(setup, "authenticator-uri");
        Assert.StartsWith("otpauth://totp/Jianguan%3A" + name + "?secret=" + key.ToUpperInvariant(), uri, StringComparison.Ordinal);

        var wrong = await SecurityFactory.PostFormAsync(client, "/Account/TwoFactor?handler=Enable",
            new Dictionary<string, string> { ["Code"] = "000000" }, "/Account/TwoFactor");
        Assert.Contains("验证码错误", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var enabled = await SecurityFactory.PostFormAsync(client, "/Account/TwoFactor?handler=Enable",
            new Dictionary<string, string> { ["Code"] = Rfc6238.Code(key, factory.Clock.GetUtcNow()) }, "/Account/TwoFactor");
        var enabledHtml = await enabled.Content.ReadAsStringAsync();
        Assert.Contains("两步验证已启用", enabledHtml, StringComparison.Ordinal);
        var recovery = RecoveryCode().Matches(enabledHtml).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, recovery.Count);
        Assert.Single(await factory.AuditAsync(e => e.UserName == name && e.Action == "two-factor.enable"));
        var stored = await factory.WithDbAsync((db, _) => Task.FromResult(string.Join("|", db.UserTokens.Select(t => t.Value))));
        Assert.DoesNotContain(recovery[0], stored, StringComparison.Ordinal);
        Assert.DoesNotContain(key, stored, StringComparison.OrdinalIgnoreCase);

        // Password alone now leads to the second step, not into the application.
        var fresh = factory.CreateAnonymousClient();
        var step1 = await SecurityFactory.PostLoginAsync(fresh, name, Password);
        Assert.Equal(HttpStatusCode.Redirect, step1.StatusCode);
        Assert.StartsWith("/Account/LoginWith2fa", SecurityFactory.PathOf(step1.Headers.Location), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await fresh.GetAsync("/Trading/Projects")).StatusCode);

        // The code used to enable is spent for its time step: replaying it is refused.
        var replay = await SecurityFactory.PostFormAsync(fresh, "/Account/LoginWith2fa",
            new Dictionary<string, string> { ["Code"] = Rfc6238.Code(key, factory.Clock.GetUtcNow()) });
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Contains("验证码错误或已使用", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        var step2 = await SecurityFactory.PostFormAsync(fresh, "/Account/LoginWith2fa",
            new Dictionary<string, string> { ["Code"] = Rfc6238.Code(key, factory.Clock.GetUtcNow()) });
        Assert.Equal(HttpStatusCode.Redirect, step2.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/Trading/Projects")).StatusCode);

        var entries = await factory.AuditAsync(e => e.UserName == name && e.Action.StartsWith("login.", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Action == "login.failure" && e.Detail.Contains("second-factor", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Action == "login.success" && e.Detail.Contains("totp", StringComparison.Ordinal));

        // A recovery code replaces the app once.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var other = factory.CreateAnonymousClient();
            await SecurityFactory.PostLoginAsync(other, name, Password);
            var byRecovery = await SecurityFactory.PostFormAsync(other, "/Account/LoginWith2fa?handler=Recovery",
                new Dictionary<string, string> { ["RecoveryCode"] = recovery[3] }, "/Account/LoginWith2fa");
            Assert.Equal(attempt == 0 ? HttpStatusCode.Redirect : HttpStatusCode.OK, byRecovery.StatusCode);
        }
    }

    [Fact]
    public async Task LoginWith2fa_WithoutPasswordStep_AsksToLogInAgain()
    {
        var html = await factory.CreateAnonymousClient().GetStringAsync("/Account/LoginWith2fa");
        Assert.Contains("重新登录", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Code\"", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<code>([A-Z2-9]{5}-[A-Z2-9]{5})</code>")]
    private static partial Regex RecoveryCode();
}
