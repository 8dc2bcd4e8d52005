using Jianguan.Analytics.Input;

namespace Jianguan.Features.Demo;

/// <summary>
/// Makes the demo market's 统一社会信用代码 (GB 32100-2015): registration authority (1), organisation kind (1),
/// administrative division (6), organisation code with its GB 11714 check character (9), check character (1).
/// Validation is <see cref="UnifiedSocialCreditCode"/>'s, the same the importer and the engine apply.
/// </summary>
public static class DemoCreditCode
{
    private static readonly int[] OrgWeights = [3, 7, 9, 10, 5, 8, 4, 2];

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
        buffer[17] = UnifiedSocialCreditCode.CheckCharacter(buffer[..17]);
        return new string(buffer);
    }

    /// <summary>The same code with a wrong last character, as found in real data (typing errors).</summary>
    public static string Corrupt(string code, int shift)
    {
        ArgumentNullException.ThrowIfNull(code);
        var alphabet = UnifiedSocialCreditCode.Alphabet;
        var right = alphabet.IndexOf(code[17], StringComparison.Ordinal);
        var wrong = alphabet[(right + 1 + (Math.Abs(shift) % 30)) % 31];
        return string.Concat(code.AsSpan(0, 17), new ReadOnlySpan<char>(in wrong));
    }
}
