using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Jianguan.Platform.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Jianguan.Platform.Auth;

/// <summary>
/// Identity's user manager with three changes: lockout reads the injected <see cref="TimeProvider"/> (the stock one
/// reads the wall clock, so lockout could not be tested), every new password hash is kept in
/// <see cref="PasswordHistory"/>, and two-factor recovery codes are stored as SM3 hashes instead of in clear.
/// </summary>
public sealed class JianguanUserManager(
    IUserStore<AppUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<AppUser> passwordHasher,
    IEnumerable<IUserValidator<AppUser>> userValidators,
    IEnumerable<IPasswordValidator<AppUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<AppUser>> logger,
    JianguanDbContext db,
    TimeProvider time)
    : UserManager<AppUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public TimeProvider Time => time;

    public override async Task<bool> IsLockedOutAsync(AppUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!SupportsUserLockout || !await GetLockoutEnabledAsync(user))
        {
            return false;
        }

        return await GetLockoutEndDateAsync(user) is { } end && end >= time.GetUtcNow();
    }

    public override async Task<IdentityResult> AccessFailedAsync(AppUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var lockout = (IUserLockoutStore<AppUser>)Store;
        var count = await lockout.IncrementAccessFailedCountAsync(user, CancellationToken);
        if (count >= Options.Lockout.MaxFailedAccessAttempts)
        {
            await lockout.SetLockoutEndDateAsync(user, time.GetUtcNow().Add(Options.Lockout.DefaultLockoutTimeSpan), CancellationToken);
            await lockout.ResetAccessFailedCountAsync(user, CancellationToken);
        }

        return await UpdateUserAsync(user);
    }

    public override async Task<IdentityResult> CreateAsync(AppUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var entry = await TrackPasswordAsync(user);
        var result = await base.CreateAsync(user);
        if (!result.Succeeded && entry is not null)
        {
            db.Entry(entry).State = EntityState.Detached;
        }

        return result;
    }

    protected override async Task<IdentityResult> UpdateUserAsync(AppUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        await TrackPasswordAsync(user);
        return await base.UpdateUserAsync(user);
    }

    /// <summary>Adds the user's current hash to the history when it is new; saved with the user.</summary>
    private async Task<PasswordHistory?> TrackPasswordAsync(AppUser user)
    {
        if (string.IsNullOrEmpty(user.PasswordHash))
        {
            return null;
        }

        var pending = db.ChangeTracker.Entries<PasswordHistory>()
            .Any(e => e.State == EntityState.Added && e.Entity.UserId == user.Id && e.Entity.Hash == user.PasswordHash);
        var last = await db.PasswordHistory.AsNoTracking().Where(h => h.UserId == user.Id)
            .OrderByDescending(h => h.Id).Select(h => h.Hash).FirstOrDefaultAsync(CancellationToken);
        if (pending || last == user.PasswordHash)
        {
            return null;
        }

        var history = new PasswordHistory { UserId = user.Id, Hash = user.PasswordHash, SetAt = time.GetUtcNow() };
        db.PasswordHistory.Add(history);
        return history;
    }

    public override async Task<IEnumerable<string>?> GenerateNewTwoFactorRecoveryCodesAsync(AppUser user, int number)
    {
        ArgumentNullException.ThrowIfNull(user);
        var codes = Enumerable.Range(0, number).Select(_ => NewRecoveryCode()).ToList();
        var recovery = (IUserTwoFactorRecoveryCodeStore<AppUser>)Store;
        await recovery.ReplaceCodesAsync(user, codes.Select(HashRecoveryCode), CancellationToken);
        var update = await UpdateAsync(user);
        return update.Succeeded ? codes : null;
    }

    public override Task<IdentityResult> RedeemTwoFactorRecoveryCodeAsync(AppUser user, string code) =>
        base.RedeemTwoFactorRecoveryCodeAsync(user, HashRecoveryCode(code ?? ""));

    /// <summary>Ten characters from a 32-letter alphabet (50 bits), shown as XXXXX-XXXXX.</summary>
    private static string NewRecoveryCode()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var chars = new char[11];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = i == 5 ? '-' : alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }

        return new string(chars);
    }

    private static string HashRecoveryCode(string code) =>
        TokenHash.Sm3Hex(new string([.. code.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant)]));
}

/// <summary>
/// Refuses disabled accounts at sign-in and drops their existing sessions at the next stamp check. Every password
/// attempt costs one password hash, whether the name exists, is locked or disabled (issue 17, item 7): the stock
/// manager answers an unknown name or a locked account without hashing, and the time difference (≈ 100 ms against
/// ≈ 6 ms) told which names exist.
/// </summary>
public sealed class JianguanSignInManager(
    UserManager<AppUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation,
    IPasswordHasher<AppUser> hasher)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    /// <summary>One hash per hasher configuration, made with the same hasher: verifying it costs what a real check costs.</summary>
    private static readonly ConcurrentDictionary<Type, string> DummyHashes = new();

    public override async Task<bool> CanSignInAsync(AppUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return !user.Disabled && await base.CanSignInAsync(user);
    }

    public override async Task<AppUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal) =>
        await base.ValidateSecurityStampAsync(principal) is { Disabled: false } user ? user : null;

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            SpendHash(null, password);
            return SignInResult.Failed;
        }

        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(AppUser user, string password, bool lockoutOnFailure)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (await PreSignInCheck(user) is { } refused)
        {
            // Locked or disabled: refused without looking at the password, after the same work as a real check.
            SpendHash(user, password);
            return refused;
        }

        return await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
    }

    /// <summary>A password verification whose result is thrown away.</summary>
    private void SpendHash(AppUser? user, string? password)
    {
        var dummy = DummyHashes.GetOrAdd(hasher.GetType(), _ => hasher.HashPassword(new AppUser(), Guid.NewGuid().ToString("N")));
        var hash = string.IsNullOrEmpty(user?.PasswordHash) ? dummy : user.PasswordHash;
        _ = hasher.VerifyHashedPassword(user ?? new AppUser(), hash, password ?? "");
    }
}
