namespace Jianguan.Features.Demo;

/// <summary>
/// 统一社会信用代码 (GB 32100-2015): registration authority (1), organisation kind (1), administrative division (6),
/// organisation code with its GB 11714 check character (9), check character (1).
/// </summary>
public static class CreditCode
{
    /// <summary>The 31 characters the standard allows (no I, O, S, V, Z).</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static readonly int[] OrgWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>True when the code has 18 allowed characters and both check characters are right.</summary>
    public static bool IsValid(string? code)
    {
        if (code is null || code.Length != 18)
        {
            return false;
        }

        foreach (var c in code)
        {
            if (Alphabet.IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return false;
            }
        }

        return CheckCharacter(code.AsSpan(0, 17)) == code[17] && OrgCheckCharacter(code.AsSpan(8, 8)) == code[16];
    }

    /// <summary>The 18th character for the first 17.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("需要 17 位 / 17 characters expected", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var v = Alphabet.IndexOf(first17[i], StringComparison.Ordinal);
            if (v < 0)
            {
                throw new ArgumentException($"非法字符 / character not allowed: {first17[i]}", nameof(first17));
            }

            sum += v * Weights[i];
        }

        var check = 31 - (sum % 31);
        return Alphabet[check == 31 ? 0 : check];
    }

    /// <summary>The GB 11714 check character of an 8-character organisation code body.</summary>
    public static char OrgCheckCharacter(ReadOnlySpan<char> body8)
    {
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var c = body8[i];
            var v = c is >= '0' and <= '9' ? c - '0' : c is >= 'A' and <= 'Z' ? c - 'A' + 10 : -1000;
            sum += v * OrgWeights[i];
        }

        var check = 11 - (((sum % 11) + 11) % 11);
        return check switch
        {
            10 => 'X',
            11 => '0',
            _ => (char)('0' + check),
        };
    }

    /// <summary>A valid code, e.g. Create("91", "460100", "MA5T1234").</summary>
    public static string Create(string authorityAndKind, string division, string orgBody8)
    {
        Span<char> buffer = stackalloc char[18];
        authorityAndKind.AsSpan().CopyTo(buffer);
        division.AsSpan().CopyTo(buffer[2..]);
        orgBody8.AsSpan().CopyTo(buffer[8..]);
        buffer[16] = OrgCheckCharacter(buffer.Slice(8, 8));
        buffer[17] = CheckCharacter(buffer[..17]);
        return new string(buffer);
    }

    /// <summary>The same code with a wrong last character, as found in real data (typing errors).</summary>
    public static string Corrupt(string code, int shift)
    {
        var right = Alphabet.IndexOf(code[17], StringComparison.Ordinal);
        var wrong = Alphabet[(right + 1 + (Math.Abs(shift) % 30)) % 31];
        return string.Concat(code.AsSpan(0, 17), new ReadOnlySpan<char>(in wrong));
    }
}
