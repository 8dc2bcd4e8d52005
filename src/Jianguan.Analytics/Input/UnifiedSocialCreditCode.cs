namespace Jianguan.Analytics.Input;

/// <summary>
/// 统一社会信用代码 (GB 32100-2015): 18 characters = registration authority (1) + organisation type (1) +
/// administrative division of the registering office (6, GB/T 2260) + subject identifier (9) + check character (1).
/// </summary>
public static class UnifiedSocialCreditCode
{
    /// <summary>The code's alphabet: digits and upper-case letters without I, O, Z, S, V.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>
    /// Registration authorities and the organisation types each may assign. The standard lists 1, 5, 9 and Y;
    /// the others were assigned to further registration departments by the national coordination office
    /// (law firms start 31, trade unions 81, village collectives N2) and appear in real data.
    /// </summary>
    private static readonly Dictionary<char, string> TypesByAuthority = new()
    {
        ['1'] = "1239", // 机构编制: 机关, 事业单位, 编办直管群众团体, 其他
        ['2'] = "19",   // 外交
        ['3'] = "123459", // 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
        ['4'] = "19",   // 文化
        ['5'] = "1239", // 民政: 社会团体, 民办非企业单位, 基金会, 其他
        ['6'] = "129",  // 旅游
        ['7'] = "129",  // 宗教
        ['8'] = "19",   // 工会
        ['9'] = "123",  // 工商（市场监管）: 企业, 个体工商户, 农民专业合作社
        ['A'] = "19",   // 中央军委改革和编制办公室
        ['N'] = "1239", // 农业农村: 组级, 村级, 乡镇级集体经济组织, 其他
        ['Y'] = "1",    // 其他
    };

    /// <summary>True when <paramref name="code"/> is a well-formed code with a correct check character.</summary>
    public static bool IsValid(string? code)
    {
        if (code is null || code.Length != 18)
        {
            return false;
        }

        if (!TypesByAuthority.TryGetValue(code[0], out var types) || !types.Contains(code[1], StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = 2; i < 8; i++)
        {
            if (!char.IsAsciiDigit(code[i]))
            {
                return false;
            }
        }

        foreach (var c in code.AsSpan(0, 17))
        {
            if (Alphabet.IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return false;
            }
        }

        return code[17] == CheckCharacter(code.AsSpan(0, 17));
    }

    /// <summary>The 18th character for the first 17 (all from <see cref="Alphabet"/>).</summary>
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

    /// <summary>The code as sources write it, cleaned: trimmed, half-width, upper-case, without inner spaces.</summary>
    public static string Normalise(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return TextNormaliser.ToHalfWidth(code).Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant();
    }
}
