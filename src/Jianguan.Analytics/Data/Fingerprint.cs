using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Jianguan.Analytics.Data;

/// <summary>The bid-document and bidder fingerprints that 条例 arts. 34 and 40 make evidence of collusion.</summary>
public enum FingerprintKind
{
    FileCode,
    MachineCode,
    Dongle,
    Mac,
    Cpu,
    Disk,
    Ip,
    ContactPhone,
    ProjectManager,
    PmCertificate,
    DocHash,
    DepositAccount,
    LegalRep,
}

/// <summary>
/// Fingerprint values are kept as 64-bit hashes of their normalised text, not as strings: ten million bids carry
/// more than a hundred million mostly unique values (document hashes, file codes), which as .NET strings would not
/// fit the memory budget. Equality is all the rules need; the raw text of the few values that end up in evidence is
/// read back from the input.
/// </summary>
public static class Fingerprint
{
    public const int KindCount = 13;

    /// <summary>0 is reserved for "missing".</summary>
    public const ulong Missing = 0;

    private const ulong P1 = 0x9E3779B185EBCA87UL;
    private const ulong P2 = 0xC2B2AE3D27D4EB4FUL;

    /// <summary>Hash of a UTF-8 value after trimming, ASCII upper-casing and (for MAC addresses) dropping separators.</summary>
    public static ulong Hash(ReadOnlySpan<byte> utf8, FingerprintKind kind)
    {
        utf8 = Trim(utf8);
        if (utf8.Length == 0 || (utf8.Length <= 7 && IsNullToken(utf8)))
        {
            return Missing;
        }

        var dropSeparators = kind is FingerprintKind.Mac or FingerprintKind.ContactPhone;
        // Fast path (most values): nothing to normalise, hash the bytes as they are.
        if (utf8.Length <= 256 && !utf8.ContainsAnyInRange((byte)'a', (byte)'z')
            && (!dropSeparators || utf8.IndexOfAny(":-. "u8) < 0)
            && !(kind == FingerprintKind.Mac && IsAllZero(utf8)))
        {
            var direct = HashBytes(utf8);
            return direct == Missing ? 1 : direct;
        }

        Span<byte> buffer = stackalloc byte[256];
        if (!dropSeparators && utf8.Length <= buffer.Length && Ascii.ToUpper(utf8, buffer, out var upper) == OperationStatus.Done)
        {
            // ASCII with lower-case letters (hex document hashes): upper-cased by vector instructions, as the loop below would.
            var u = HashBytes(buffer[..upper]);
            return u == Missing ? 1 : u;
        }

        var n = 0;
        foreach (var b in utf8)
        {
            if (dropSeparators && (b == (byte)':' || b == (byte)'-' || b == (byte)'.' || b == (byte)' '))
            {
                continue;
            }

            if (n == buffer.Length)
            {
                break;
            }

            buffer[n++] = b is >= (byte)'a' and <= (byte)'z' ? (byte)(b - 32) : b;
        }

        if (n == 0 || (kind == FingerprintKind.Mac && IsAllZero(buffer[..n])))
        {
            return Missing;
        }

        var h = HashBytes(buffer[..n]);
        return h == Missing ? 1 : h;
    }

    public static ulong Hash(string? value, FingerprintKind kind)
    {
        if (string.IsNullOrEmpty(value))
        {
            return Missing;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        return Hash(bytes, kind);
    }

    /// <summary>Combines two present hashes into one key (MAC+CPU+disk pairs); missing if either is missing.</summary>
    public static ulong Combine(ulong a, ulong b)
    {
        if (a == Missing || b == Missing)
        {
            return Missing;
        }

        var h = Mix((a * P1) ^ BitOperations.RotateLeft(b, 31) ^ P2);
        return h == Missing ? 1 : h;
    }

    /// <summary>A fast non-cryptographic 64-bit hash, 8 bytes per step.</summary>
    public static ulong HashBytes(ReadOnlySpan<byte> data)
    {
        var h = P2 ^ ((ulong)data.Length * P1);
        var i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            var k = BinaryPrimitives.ReadUInt64LittleEndian(data[i..]);
            h ^= BitOperations.RotateLeft(k * P1, 31) * P2;
            h = BitOperations.RotateLeft(h, 27) * P1 + 0x52DCE729UL;
        }

        if (i < data.Length)
        {
            ulong k = 0;
            for (var j = data.Length - 1; j >= i; j--)
            {
                k = (k << 8) | data[j];
            }

            h ^= BitOperations.RotateLeft(k * P2, 33) * P1;
        }

        return Mix(h);
    }

    private static ulong Mix(ulong h)
    {
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        return h;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s)
    {
        var a = 0;
        var b = s.Length;
        while (a < b && s[a] is (byte)' ' or (byte)'\t')
        {
            a++;
        }

        while (b > a && s[b - 1] is (byte)' ' or (byte)'\t' or (byte)'\r')
        {
            b--;
        }

        return s[a..b];
    }

    private static bool IsAllZero(ReadOnlySpan<byte> s)
    {
        foreach (var b in s)
        {
            if (b != (byte)'0')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Placeholders exported by portals for "no value"; two bids both saying "无" share nothing.</summary>
    private static bool IsNullToken(ReadOnlySpan<byte> s) =>
        s.SequenceEqual("-"u8) || s.SequenceEqual("/"u8) || s.SequenceEqual("无"u8) || s.SequenceEqual("空"u8)
        || Ascii.EqualsIgnoreCase(s, "null"u8) || Ascii.EqualsIgnoreCase(s, "na"u8) || Ascii.EqualsIgnoreCase(s, "n/a"u8)
        || Ascii.EqualsIgnoreCase(s, "none"u8) || Ascii.EqualsIgnoreCase(s, "unknown"u8);
}
