using System.Net;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Crypto;
using Microsoft.AspNetCore.Identity;

namespace Jianguan.Tests.Security;

/// <summary>The TOTP shared secret is encrypted at rest in AspNetUserTokens (docs/security.md §2).</summary>
[Trait("Category", "Database")]
public sealed class AuthenticatorKeyTests(SecurityFactory factory) : IClassFixture<SecurityFactory>
{
    [Fact]
    public async Task EnableTwoFactor_StoredKey_IsCiphertextAndLoginWorks()
    {
        var (name, userId, key) = await AuthenticatorKeySupport.EnableAsync(factory);

        var raw = await AuthenticatorKeySupport.RawAsync(factory, userId);
        Assert.StartsWith(factory.Services.GetRequiredService<FieldCipher>().CurrentPrefix, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(key, raw, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(key, factory.Services.GetRequiredService<FieldCipher>().Decrypt(raw, AuthenticatorKeys.Purpose(userId)));

        var login = await AuthenticatorKeySupport.LoginWithCodeAsync(factory, name, key);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
    }

    [Fact]
    public async Task LegacyPlaintextKey_StillLogsInAndIsEncryptedOnReset()
    {
        var (name, userId, _) = await AuthenticatorKeySupport.EnableAsync(factory);
        const string legacy = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        await AuthenticatorKeySupport.SetRawAsync(factory, userId, legacy);

        var login = await AuthenticatorKeySupport.LoginWithCodeAsync(factory, name, legacy);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        // The next write of the key (a reset, as when 2FA is turned off and on again) stores ciphertext.
        await factory.WithDbAsync(async (_, services) =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            return await users.ResetAuthenticatorKeyAsync((await users.FindByIdAsync(userId))!);
        });
        Assert.True(FieldCipher.IsCiphertext(await AuthenticatorKeySupport.RawAsync(factory, userId)));
    }

    [Fact]
    public async Task TamperedOrMovedCiphertext_TwoFactorLoginRefusedWithoutServerError()
    {
        var (name, userId, key) = await AuthenticatorKeySupport.EnableAsync(factory);
        var raw = await AuthenticatorKeySupport.RawAsync(factory, userId);
        var flipped = raw[^3] == 'A' ? 'B' : 'A';
        await AuthenticatorKeySupport.SetRawAsync(factory, userId, raw[..^3] + flipped + raw[^2..]);

        var refused = await AuthenticatorKeySupport.LoginWithCodeAsync(factory, name, key);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("验证码错误或已使用", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(await factory.AuditAsync(e => e.UserName == name), e => e.Action == "login.failure");

        // A valid ciphertext copied from another account is bound to that account's id and refused too.
        var (victim, victimId, _) = await AuthenticatorKeySupport.EnableAsync(factory);
        await AuthenticatorKeySupport.SetRawAsync(factory, victimId, raw);
        var moved = await AuthenticatorKeySupport.LoginWithCodeAsync(factory, victim, key);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
    }

    [Fact]
    public async Task TwoFactorPage_UnreadableKeyWhileOff_EnrolsWithFreshKey()
    {
        var (name, userId, _) = await AuthenticatorKeySupport.EnableAsync(factory);
        await factory.WithDbAsync(async (_, services) =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            return await users.SetTwoFactorEnabledAsync((await users.FindByIdAsync(userId))!, false);
        });
        await AuthenticatorKeySupport.SetRawAsync(factory, userId, "sm4g:v1:dev:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        var client = factory.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SecurityFactory.PostLoginAsync(client, name, AuthenticatorKeySupport.Password)).StatusCode);

        var page = await client.GetAsync("/Account/TwoFactor");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var key = SecurityFactory.Element(await page.Content.ReadAsStringAsync(), "authenticator-key").Replace(" ", "", StringComparison.Ordinal);
        var raw = await AuthenticatorKeySupport.RawAsync(factory, userId);
        Assert.Equal(key, factory.Services.GetRequiredService<FieldCipher>().Decrypt(raw, AuthenticatorKeys.Purpose(userId)), StringComparer.OrdinalIgnoreCase);
    }
}

/// <summary><c>jianguan keys rotate</c> re-encrypts the authenticator keys with the other encrypted fields.</summary>
[Trait("Category", "Database")]
public sealed class AuthenticatorKeyRotationTests(SecurityFactory factory) : IClassFixture<SecurityFactory>
{
    [Fact]
    public async Task Rotate_PlaintextAndRetiredKeyRows_UnderCurrentKeyLoginWorksIdempotent()
    {
        var old = new FieldKey("old", FieldAlgorithm.Sm4Gcm, [.. Enumerable.Repeat((byte)9, 16)]);
        var oldCipher = new FieldCipher([old], [.. Enumerable.Range(1, 32).Select(i => (byte)i)]);
        var (legacyName, legacyId, _) = await AuthenticatorKeySupport.EnableAsync(factory);
        var (retiredName, retiredId, retiredKey) = await AuthenticatorKeySupport.EnableAsync(factory);
        var (_, currentId, _) = await AuthenticatorKeySupport.EnableAsync(factory);
        const string legacy = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        await AuthenticatorKeySupport.SetRawAsync(factory, legacyId, legacy);
        await AuthenticatorKeySupport.SetRawAsync(factory, retiredId, oldCipher.Encrypt(retiredKey, AuthenticatorKeys.Purpose(retiredId)));
        var untouched = await AuthenticatorKeySupport.RawAsync(factory, currentId);
        var ring = factory.Services.GetRequiredService<FieldCipher>().WithRetiredKeys(old);

        var first = await AuthenticatorKeySupport.RotateAsync(factory, ring);
        var second = await AuthenticatorKeySupport.RotateAsync(factory, ring);

        Assert.Equal(2, first.Single(c => c.Column == AuthenticatorKeys.TokenName).Rows);
        Assert.All(second, c => Assert.Equal(0, c.Rows));
        Assert.Equal(untouched, await AuthenticatorKeySupport.RawAsync(factory, currentId));
        foreach (var id in new[] { legacyId, retiredId })
        {
            Assert.StartsWith(ring.CurrentPrefix, await AuthenticatorKeySupport.RawAsync(factory, id), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await AuthenticatorKeySupport.LoginWithCodeAsync(factory, legacyName, legacy)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AuthenticatorKeySupport.LoginWithCodeAsync(factory, retiredName, retiredKey)).StatusCode);
        Assert.NotEmpty(await factory.AuditAsync(e => e.Action == "keys.rotate" && e.Target == AuthenticatorKeys.Label));
    }
}

internal static class AuthenticatorKeySupport
{
    public const string Password = "Liangbu#2026";

    /// <summary>An account with two-factor sign-in on, through the same user manager and store as the pages.</summary>
    public static async Task<(string Name, string UserId, string Key)> EnableAsync(SecurityFactory factory)
    {
        var name = SecurityFactory.NewName("akey");
        var user = await factory.CreateAccountAsync(name, Password, false, Roles.Police);
        var key = await factory.WithDbAsync(async (_, services) =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var account = (await users.FindByIdAsync(user.Id))!;
            Assert.True((await users.ResetAuthenticatorKeyAsync(account)).Succeeded);
            Assert.True((await users.SetTwoFactorEnabledAsync(account, true)).Succeeded);
            return (await users.GetAuthenticatorKeyAsync(account))!;
        });
        return (name, user.Id, key);
    }

    public static Task<string> RawAsync(SecurityFactory factory, string userId) =>
        factory.WithDbAsync((db, _) => Tokens(db, userId).Select(t => t.Value!).SingleAsync());

    public static Task<int> SetRawAsync(SecurityFactory factory, string userId, string value) =>
        factory.WithDbAsync((db, _) => Tokens(db, userId).ExecuteUpdateAsync(s => s.SetProperty(t => t.Value, value)));

    /// <summary>Password, then a fresh code (the clock moves on a step so that no code counts as replayed).</summary>
    public static async Task<HttpResponseMessage> LoginWithCodeAsync(SecurityFactory factory, string name, string key)
    {
        factory.Clock.Advance(TimeSpan.FromSeconds(TotpAuthenticatorProvider.StepSeconds));
        var client = factory.CreateAnonymousClient();
        var step1 = await SecurityFactory.PostLoginAsync(client, name, Password);
        Assert.True(SecurityFactory.PathOf(step1.Headers.Location).StartsWith("/Account/LoginWith2fa", StringComparison.Ordinal), $"{(int)step1.StatusCode} {await step1.Content.ReadAsStringAsync()}");
        return await SecurityFactory.PostFormAsync(client, "/Account/LoginWith2fa",
            new Dictionary<string, string> { ["Code"] = Rfc6238.Code(key, factory.Clock.GetUtcNow()) });
    }

    public static Task<IReadOnlyList<RotatedColumn>> RotateAsync(SecurityFactory factory, FieldCipher ring) =>
        factory.WithDbAsync((db, services) =>
            FieldKeyRotation.RunAsync(db, ring, services.GetRequiredService<AuditTrail>(), AuditActor.System, batchSize: 1));

    private static IQueryable<IdentityUserToken<string>> Tokens(JianguanDbContext db, string userId) =>
        db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == AuthenticatorKeys.LoginProvider && t.Name == AuthenticatorKeys.TokenName);
}
