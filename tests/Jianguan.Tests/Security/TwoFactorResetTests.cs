using System.Net;
using Microsoft.AspNetCore.Identity;

namespace Jianguan.Tests.Security;

/// <summary>The system administrator's recovery path for a lost phone or an undecryptable authenticator key.</summary>
[Trait("Category", "Database")]
public sealed class TwoFactorResetTests(SecurityFactory factory) : IClassFixture<SecurityFactory>
{
    private const string Reason = "手机丢失，工单 2026-0302-17，本人到场核实";

    /// <summary>
    /// Opening the page makes a new key, which changes the security stamp; the session must carry the new stamp, or
    /// the user is signed out at the next stamp check while scanning the code.
    /// </summary>
    [Fact]
    public async Task Enrolment_TakingLongerThanTheStampCheck_StaysSignedInAndEnables()
    {
        var client = await factory.CreateUserAndLoginAsync(Roles.MemberSupervisor);
        var setup = await client.GetStringAsync("/Account/TwoFactor");
        var key = SecurityFactory.Element(setup, "authenticator-key").Replace(" ", "", StringComparison.Ordinal);

        factory.Clock.Advance(SecuritySetup.StampValidationInterval + TimeSpan.FromSeconds(1));
        var enable = await SecurityFactory.PostFormAsync(client, "/Account/TwoFactor?handler=Enable",
            new Dictionary<string, string> { ["Code"] = Rfc6238.Code(key, factory.Clock.GetUtcNow()) }, "/Account/TwoFactor");

        Assert.Equal(HttpStatusCode.OK, enable.StatusCode);
        Assert.Contains("两步验证已启用", await enable.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ResetTwoFactor_BySystemAdmin_PasswordOnlyLoginKeyAndCodesGoneAuditedSessionEnds(bool undecryptableKey)
    {
        var (name, userId, key) = await AuthenticatorKeySupport.EnableAsync(factory);
        await RecoveryCodesAsync(userId);
        var session = await LoginWithCodeAsync(name, key);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/Trading/Projects")).StatusCode);
        if (undecryptableKey)
        {
            var stored = await AuthenticatorKeySupport.RawAsync(factory, userId);
            await AuthenticatorKeySupport.SetRawAsync(factory, userId, stored[..^3] + (stored[^3] == 'A' ? 'B' : 'A') + stored[^2..]);
        }

        var raw = await AuthenticatorKeySupport.RawAsync(factory, userId);
        var admin = await factory.CreateUserAndLoginAsync(Roles.SystemAdmin);
        Assert.Equal("已开启", SecurityFactory.Element(await admin.GetStringAsync(EditPage(userId)), "two-factor-state"));

        var reset = await PostResetAsync(admin, userId, Reason, confirmed: true);

        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        var page = await admin.GetStringAsync(EditPage(userId));
        Assert.Contains("已重置两步验证", page, StringComparison.Ordinal);
        Assert.Equal("未开启", SecurityFactory.Element(page, "two-factor-state"));
        var (enabled, tokens) = await StateAsync(userId);
        Assert.False(enabled);
        Assert.DoesNotContain(AuthenticatorKeys.TokenName, tokens);
        Assert.DoesNotContain(AuthenticatorKeys.RecoveryCodesTokenName, tokens);

        var entry = Assert.Single(await factory.AuditAsync(e => e.Action == "account.2fa.reset" && e.Target == name));
        Assert.Contains(Reason, entry.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(key, entry.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(raw, entry.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("sm4g:", entry.Detail, StringComparison.Ordinal);

        // Password alone now signs in, straight into the application.
        var fresh = factory.CreateAnonymousClient();
        var login = await SecurityFactory.PostLoginAsync(fresh, name, AuthenticatorKeySupport.Password);
        Assert.Equal("/", SecurityFactory.PathOf(login.Headers.Location));
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/Trading/Projects")).StatusCode);

        // The session opened with the old factor ends at its next stamp check.
        factory.Clock.Advance(SecuritySetup.StampValidationInterval + TimeSpan.FromSeconds(1));
        var old = await session.GetAsync("/Trading/Projects");
        Assert.Equal(HttpStatusCode.Redirect, old.StatusCode);
        Assert.StartsWith("/Account/Login", SecurityFactory.PathOf(old.Headers.Location), StringComparison.Ordinal);

        // Enrolment again: a fresh key, not the old one.
        var setup = await fresh.GetStringAsync("/Account/TwoFactor");
        var newKey = SecurityFactory.Element(setup, "authenticator-key").Replace(" ", "", StringComparison.Ordinal);
        Assert.NotEqual(key, newKey, StringComparer.OrdinalIgnoreCase);
        factory.Clock.Advance(TimeSpan.FromSeconds(TotpAuthenticatorProvider.StepSeconds));
        var enable = await SecurityFactory.PostFormAsync(fresh, "/Account/TwoFactor?handler=Enable",
            new Dictionary<string, string> { ["Code"] = Rfc6238.Code(newKey, factory.Clock.GetUtcNow()) }, "/Account/TwoFactor");
        Assert.Contains("两步验证已启用", await enable.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", true, "请填写重置原因")]
    [InlineData("   ", true, "请填写重置原因")]
    [InlineData(Reason, false, "请勾选确认")]
    public async Task ResetTwoFactor_MissingReasonOrConfirmation_400NothingChanged(string reason, bool confirmed, string error)
    {
        var (name, userId, _) = await AuthenticatorKeySupport.EnableAsync(factory);
        await RecoveryCodesAsync(userId);
        var before = await StateAsync(userId);
        var raw = await AuthenticatorKeySupport.RawAsync(factory, userId);
        var admin = await factory.CreateUserAndLoginAsync(Roles.SystemAdmin);

        var response = await PostResetAsync(admin, userId, reason, confirmed);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(error, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertUnchangedAsync(name, userId, before, raw);
    }

    [Theory]
    [InlineData(Roles.SecurityAdmin)]
    [InlineData(Roles.AuditAdmin)]
    [InlineData(Roles.OfficeAdmin)]
    [InlineData(Roles.Police)]
    public async Task ResetTwoFactor_OtherRoles_DeniedNothingChanged(string role)
    {
        var (name, userId, _) = await AuthenticatorKeySupport.EnableAsync(factory);
        var before = await StateAsync(userId);
        var raw = await AuthenticatorKeySupport.RawAsync(factory, userId);
        var client = await factory.CreateUserAndLoginAsync(role);

        // The token of a page the caller may open: refusal must come from the policy, not from anti-forgery.
        var response = await PostResetAsync(client, userId, Reason, confirmed: true, tokenPage: "/Account/TwoFactor");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var denied = SecurityFactory.PathOf(response.Headers.Location);
        Assert.StartsWith("/Account/Denied", denied, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(denied)).StatusCode);
        await AssertUnchangedAsync(name, userId, before, raw);
    }

    [Fact]
    public async Task ResetTwoFactor_Anonymous_SentToLoginNothingChanged()
    {
        var (name, userId, _) = await AuthenticatorKeySupport.EnableAsync(factory);
        var before = await StateAsync(userId);
        var raw = await AuthenticatorKeySupport.RawAsync(factory, userId);
        var client = factory.CreateAnonymousClient();

        var response = await PostResetAsync(client, userId, Reason, confirmed: true, tokenPage: "/Account/Login");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", SecurityFactory.PathOf(response.Headers.Location), StringComparison.Ordinal);
        await AssertUnchangedAsync(name, userId, before, raw);
    }

    [Fact]
    public async Task ResetTwoFactor_WithoutAntiforgeryToken_400NothingChanged()
    {
        var (name, userId, _) = await AuthenticatorKeySupport.EnableAsync(factory);
        var before = await StateAsync(userId);
        var raw = await AuthenticatorKeySupport.RawAsync(factory, userId);
        var admin = await factory.CreateUserAndLoginAsync(Roles.SystemAdmin);

        var response = await admin.PostAsync(EditPage(userId) + "?handler=ResetTwoFactor", new FormUrlEncodedContent(Fields(Reason, true)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertUnchangedAsync(name, userId, before, raw);
    }

    [Fact]
    public async Task ResetTwoFactor_OwnAccount_RefusedNothingChanged()
    {
        var name = SecurityFactory.NewName("sysadm");
        await factory.CreateUserAsync(name, Roles.SystemAdmin);
        var admin = await factory.LoginAsync(name);
        var userId = await factory.WithDbAsync(async (_, services) =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var account = (await users.FindByNameAsync(name))!;
            var stamp = account.SecurityStamp;
            Assert.True((await users.ResetAuthenticatorKeyAsync(account)).Succeeded);
            Assert.True((await users.SetTwoFactorEnabledAsync(account, true)).Succeeded);
            // Enrolled behind the open session: its stamp is put back, or the session would end at its next request
            // (the stamp is checked on every request, issue 17 item 6).
            account.SecurityStamp = stamp;
            Assert.True((await users.UpdateAsync(account)).Succeeded);
            return account.Id;
        });
        var before = await StateAsync(userId);
        var raw = await AuthenticatorKeySupport.RawAsync(factory, userId);

        var response = await PostResetAsync(admin, userId, Reason, confirmed: true);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("不能重置自己的两步验证", await admin.GetStringAsync(EditPage(userId)), StringComparison.Ordinal);
        await AssertUnchangedAsync(name, userId, before, raw);
    }

    private static string EditPage(string userId) => "/Admin/Users/Edit/" + userId;

    private static Dictionary<string, string> Fields(string reason, bool confirmed)
    {
        var fields = new Dictionary<string, string> { ["ResetReason"] = reason };
        if (confirmed)
        {
            fields["ResetConfirmed"] = "true";
        }

        return fields;
    }

    private static Task<HttpResponseMessage> PostResetAsync(HttpClient client, string userId, string reason, bool confirmed, string? tokenPage = null) =>
        SecurityFactory.PostFormAsync(client, EditPage(userId) + "?handler=ResetTwoFactor", Fields(reason, confirmed), tokenPage ?? EditPage(userId));

    private async Task<HttpClient> LoginWithCodeAsync(string name, string key)
    {
        factory.Clock.Advance(TimeSpan.FromSeconds(TotpAuthenticatorProvider.StepSeconds));
        var client = factory.CreateAnonymousClient();
        var step1 = await SecurityFactory.PostLoginAsync(client, name, AuthenticatorKeySupport.Password);
        Assert.StartsWith("/Account/LoginWith2fa", SecurityFactory.PathOf(step1.Headers.Location), StringComparison.Ordinal);
        var step2 = await SecurityFactory.PostFormAsync(client, "/Account/LoginWith2fa",
            new Dictionary<string, string> { ["Code"] = Rfc6238.Code(key, factory.Clock.GetUtcNow()) });
        Assert.Equal(HttpStatusCode.Redirect, step2.StatusCode);
        return client;
    }

    private Task<int> RecoveryCodesAsync(string userId) => factory.WithDbAsync(async (_, services) =>
    {
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var account = (await users.FindByIdAsync(userId))!;
        Assert.NotNull(await users.GenerateNewTwoFactorRecoveryCodesAsync(account, 10));
        return await users.CountRecoveryCodesAsync(account);
    });

    /// <summary>Whether two-factor sign-in is on, and the names of the account's Identity store tokens.</summary>
    private Task<(bool Enabled, string[] Tokens)> StateAsync(string userId) => factory.WithDbAsync(async (db, _) =>
    {
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId);
        var tokens = await db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == AuthenticatorKeys.LoginProvider)
            .OrderBy(t => t.Name).Select(t => t.Name).ToArrayAsync();
        return (user.TwoFactorEnabled, tokens);
    });

    private async Task AssertUnchangedAsync(string name, string userId, (bool Enabled, string[] Tokens) before, string raw)
    {
        var after = await StateAsync(userId);
        Assert.True(after.Enabled);
        Assert.Equal(before.Tokens, after.Tokens);
        Assert.Equal(raw, await AuthenticatorKeySupport.RawAsync(factory, userId));
        Assert.Empty(await factory.AuditAsync(e => e.Action == "account.2fa.reset" && e.Target == name));
    }
}
