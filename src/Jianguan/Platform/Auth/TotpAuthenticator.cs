using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Jianguan.Platform.Crypto;
using Microsoft.AspNetCore.Identity;

namespace Jianguan.Platform.Auth;

/// <summary>
/// The authenticator-app second factor: TOTP of RFC 6238 (HMAC-SHA1, 30-second steps, 6 digits), the form every
/// authenticator app reads from an otpauth:// URI. Unlike Identity's stock provider it reads the injected
/// <see cref="TimeProvider"/> and refuses a code whose time step was already used (a code seen over a shoulder or
/// in a log cannot be replayed within its window).
/// </summary>
public sealed class TotpAuthenticatorProvider(TimeProvider time) : IUserTwoFactorTokenProvider<AppUser>
{
    public const string Name = "JianguanTotp";
    public const string Issuer = "Jianguan";
    public const int StepSeconds = 30;
    public const int Digits = 6;

    private const string LastStepToken = "LastTotpStep";

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<AppUser> manager, AppUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        return (await KeyAsync(manager, user)).Exists;
    }

    /// <summary>The app generates the codes; the server never sends one.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<AppUser> manager, AppUser user) => Task.FromResult("");

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<AppUser> manager, AppUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        var digits = new string([.. (token ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-')]);
        if (digits.Length != Digits || !digits.All(char.IsAsciiDigit)
            || (await KeyAsync(manager, user)).Key is not { Length: > 0 } encoded
            || Base32.Decode(encoded) is not { Length: > 0 } key)
        {
            return false;
        }

        var step = time.GetUtcNow().ToUnixTimeSeconds() / StepSeconds;
        var last = long.TryParse(
            await manager.GetAuthenticationTokenAsync(user, Name, LastStepToken), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)
            ? l : long.MinValue;
        // One step of drift either way: a phone clock 30 s off still works, a code an hour old does not.
        for (var candidate = step - 1; candidate <= step + 1; candidate++)
        {
            if (candidate > last && CryptographicOperations.FixedTimeEquals(
                    Encoding.ASCII.GetBytes(Code(key, candidate)), Encoding.ASCII.GetBytes(digits)))
            {
                await manager.SetAuthenticationTokenAsync(user, Name, LastStepToken, candidate.ToString(CultureInfo.InvariantCulture));
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the account has a key, and the key when it can be read. A stored key that cannot be decrypted still
    /// counts as present, so the second step stays required (fail closed) while no code can match it.
    /// </summary>
    private static async Task<(bool Exists, string? Key)> KeyAsync(UserManager<AppUser> manager, AppUser user)
    {
        try
        {
            var key = await manager.GetAuthenticatorKeyAsync(user);
            return (!string.IsNullOrWhiteSpace(key), key);
        }
        catch (FieldDecryptionException)
        {
            return (true, null);
        }
    }

    /// <summary>HOTP (RFC 4226) of one time step.</summary>
    public static string Code(byte[] key, long step)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[20];
        // SHA-1 is what RFC 6238 and every authenticator app use; HMAC-SHA1 remains a sound PRF for this purpose.
#pragma warning disable CA5350
        HMACSHA1.HashData(key, counter, hash);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(hash[offset..]) & 0x7FFFFFFF) % 1_000_000;
        return binary.ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>The URI an authenticator app imports (shown as text: the pages carry no script to draw a QR code).</summary>
    public static string Uri(string userName, string key) =>
        $"otpauth://totp/{System.Uri.EscapeDataString(Issuer + ":" + userName)}?secret={key}&issuer={Issuer}&algorithm=SHA1&digits={Digits}&period={StepSeconds}";

    /// <summary>The key in groups of four, easier to type into an app by hand.</summary>
    public static string Grouped(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            text.Append(i == 0 ? "" : " ").Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }

        return text.ToString().ToLowerInvariant();
    }
}

/// <summary>RFC 4648 base32, the alphabet of authenticator keys.</summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static byte[]? Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            if (c is ' ' or '-')
            {
                continue;
            }

            var value = Alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0)
            {
                return null;
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
                buffer &= (1 << bits) - 1;
            }
        }

        return [.. output];
    }
}
