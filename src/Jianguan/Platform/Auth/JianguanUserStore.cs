using Jianguan.Platform.Crypto;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace Jianguan.Platform.Auth;

/// <summary>
/// Identity's EF user store with the authenticator key (the TOTP shared secret) encrypted at rest with the field
/// cipher (docs/security.md §2). Anyone who reads the key can compute every future code, so it must not sit in
/// clear in <c>AspNetUserTokens</c> next to the password hashes. Recovery codes are already stored as hashes by
/// <see cref="JianguanUserManager"/>. The cipher is the context's, as for the encrypted columns; the web app and
/// the command line (<c>jianguan user</c>) both register it with <c>AddJianguanCore</c>.
/// </summary>
public sealed class JianguanUserStore(
    JianguanDbContext context,
    ILogger<JianguanUserStore> logger,
    IdentityErrorDescriber? describer = null)
    : UserStore<AppUser, IdentityRole, JianguanDbContext>(context, describer)
{
    public override Task SetAuthenticatorKeyAsync(AppUser user, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(key);
        return base.SetAuthenticatorKeyAsync(user, Context.Cipher.Encrypt(key, AuthenticatorKeys.Purpose(user.Id)), cancellationToken);
    }

    /// <summary>
    /// The key in clear. A value without a cipher prefix was written before encryption and reads as it is (the next
    /// key reset or <c>jianguan keys rotate</c> encrypts it). A value that cannot be decrypted — tampered, moved to
    /// another account, or under a key no longer configured — throws <see cref="FieldDecryptionException"/>, never
    /// reads as "no key": an account without a usable second factor would otherwise sign in with its password alone.
    /// <see cref="TotpAuthenticatorProvider"/> turns it into "second factor required, every code refused".
    /// </summary>
    public override async Task<string?> GetAuthenticatorKeyAsync(AppUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var stored = await base.GetAuthenticatorKeyAsync(user, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        try
        {
            return Context.Cipher.Decrypt(stored, AuthenticatorKeys.Purpose(user.Id));
        }
        catch (FieldDecryptionException e)
        {
            logger.LogError(e, "Authenticator key of user {UserId} cannot be decrypted; two-factor codes are refused", user.Id);
            throw;
        }
    }
}
