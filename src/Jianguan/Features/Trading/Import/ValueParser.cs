using Jianguan.Analytics.Data;
using Jianguan.Analytics.Input;
using System.Text;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Trading.Import;

/// <summary>
/// Parses cell values as Chinese portals write them: thousands separators, 万元 amounts, percent signs,
/// full-width digits, 2023年8月30日 and 2023/8/30 14:00 dates, Excel serial dates, and the usual "nothing" marks.
/// </summary>
public static partial class ValueParser
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^[^\d,]*\d{1,3}(,\d{3})+(\.\d*)?[^\d,]*$")]
    private static partial System.Text.RegularExpressions.Regex ThousandsGrouping();

    private static readonly HashSet<string> NullTokens = new(StringComparer.OrdinalIgnoreCase)
    {
        "-", "--", "---", "—", "——", "/", "\\", "无", "暂无", "空", "null", "none", "nil", "n/a", "na", "nan",
        "#n/a", "#value!", "#ref!", "#div/0!", "#num!", "#name?", "#null!",
    };

    private static readonly System.Buffers.SearchValues<char> PlainNumber = System.Buffers.SearchValues.Create("0123456789.-");

    private static readonly int MaxNullTokenLength = NullTokens.Max(t => t.Length);

    private static readonly string[] DateFormats =
    [
        "yyyy-M-d", "yyyy-M-d H", "yyyy-M-d H:m", "yyyy-M-d H:m:s", "yyyy-M-d H:m:s.FFFFFFF",
        "yyyy-M-dTH:m", "yyyy-M-dTH:m:s", "yyyy-M-dTH:m:s.FFFFFFF",
        "yyyyMMdd", "yyyyMMddHHmmss", "yyyyMMdd HH:mm", "yyyyMMdd HH:mm:ss",
    ];

    // "zzz" never matches an absent offset, unlike "K", which would silently take the machine's zone.
    private static readonly string[] OffsetFormats =
    [
        "yyyy-M-dTH:m:szzz", "yyyy-M-dTH:m:s.FFFFFFFzzz", "yyyy-M-d H:m:szzz", "yyyy-M-d H:m:s zzz", "yyyy-M-dTH:mzzz",
    ];

    private static readonly string[] UtcFormats =
    [
        "yyyy-M-dTH:m:s'Z'", "yyyy-M-dTH:m:s.FFFFFFF'Z'", "yyyy-M-dTH:m'Z'",
    ];

    /// <summary>Null for an empty cell or a "nothing" mark (-, 无, /, #N/A …); else the trimmed text.</summary>
    public static string? Clean(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var t = text.Trim().Trim('\u3000', '\u00A0', '\uFEFF');
        return t.Length == 0 || (t.Length <= MaxNullTokenLength && NullTokens.Contains(t)) ? null : t;
    }

    /// <summary>
    /// A decimal number. Accepts 1,234.5 / １２３４ / ¥1,234 / 1234元 / 12.5% (→ 12.5) / 1.2E7, and 123.4万 or
    /// 123.4万元 (→ 1 234 000). <paramref name="scale"/> multiplies plain numbers (10 000 when the header says 万元).
    /// </summary>
    public static bool TryParseDecimal(string text, decimal scale, out decimal value)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length is > 0 and <= 28 && text.AsSpan().IndexOfAnyExcept(PlainNumber) < 0
            && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var plain))
        {
            // The common case (1234.56) without the clean-up below.
            try
            {
                value = plain * scale;
                return true;
            }
            catch (OverflowException)
            {
                value = 0;
                return false;
            }
        }

        value = 0;
        var s = TextNormaliser.ToHalfWidth(text);
        if (s.Contains(',', StringComparison.Ordinal) && !ThousandsGrouping().IsMatch(s))
        {
            // "1,5" is a decimal comma or a typo, not fifteen.
            return false;
        }

        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c is ',' or ' ' or '\u00A0' or '¥' or '￥' or '\'' or '_')
            {
                continue;
            }

            sb.Append(c);
        }

        var t = sb.ToString();
        if (t.EndsWith("人民币元", StringComparison.Ordinal))
        {
            t = t[..^4];
        }
        else if (t.StartsWith("人民币", StringComparison.Ordinal))
        {
            t = t[3..];
        }

        if (t.EndsWith("万元", StringComparison.Ordinal))
        {
            t = t[..^2];
            scale = 10_000m;
        }
        else if (t.EndsWith('万'))
        {
            t = t[..^1];
            scale = 10_000m;
        }
        else if (t.EndsWith('元'))
        {
            t = t[..^1];
            scale = 1m;
        }
        else if (t.EndsWith('%'))
        {
            t = t[..^1];
            scale = 1m;
        }

        if (t.Length == 0 || t.Length > 60)
        {
            return false;
        }

        if (!decimal.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            // Values beyond decimal's exponent range come in scientific notation only; they fail below anyway.
            if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var dbl) || !double.IsFinite(dbl)
                || Math.Abs(dbl) >= 7.9e27)
            {
                return false;
            }

            d = (decimal)dbl;
        }

        // 1e-400 underflows to 0 in decimal and double: a value that is not zero must not be stored as zero (issue 17, low).
        if (d == 0 && t.AsSpan(0, IndexOfExponent(t)).IndexOfAnyInRange('1', '9') >= 0)
        {
            return false;
        }

        try
        {
            value = d * scale;
        }
        catch (OverflowException)
        {
            return false;
        }

        return true;
    }

    private static int IndexOfExponent(string t)
    {
        var e = t.IndexOfAny(['e', 'E']);
        return e < 0 ? t.Length : e;
    }

    /// <summary>NaN or an infinity as spreadsheets and data frames write them.</summary>
    public static bool IsNonFinite(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().TrimStart('+', '-');
        return t.Equals("nan", StringComparison.OrdinalIgnoreCase) || t.Equals("inf", StringComparison.OrdinalIgnoreCase)
            || t.Equals("infinity", StringComparison.OrdinalIgnoreCase) || t == "∞";
    }

    /// <summary>A whole number; "18.0" (as spreadsheets export counts) is 18.</summary>
    public static bool TryParseInt(string text, out int value)
    {
        value = 0;
        if (!TryParseDecimal(text, 1m, out var d) || d != decimal.Truncate(d) || d < int.MinValue || d > int.MaxValue)
        {
            return false;
        }

        value = (int)d;
        return true;
    }

    /// <summary>
    /// A point in time. Without an offset the time is Beijing time. A bare number is an Excel serial date
    /// (1 … 2 958 465), or Unix seconds / milliseconds when larger (as analysis exports write dates).
    /// </summary>
    public static bool TryParseDate(string text, out DateTimeOffset value) => ParseDate(text, out value) == DateParse.Ok;

    /// <summary>The outcome of <see cref="ParseDate"/>: a date, no date, or a well-formed date outside 1901–2199.</summary>
    public enum DateParse
    {
        Ok,
        Invalid,
        OutOfRange,
    }

    /// <summary>The earliest and latest years an imported date may have.</summary>
    public const int MinYear = 1901;

    public const int MaxYear = 2199;

    /// <summary>The row-level reason for a well-formed date outside the accepted years (issue 17, item 11).</summary>
    public const string OutOfRangeReason = "超出有效日期范围（1901–2199 年）";

    public const string OutOfRangeReasonEnglish = "is outside the date range (years 1901 to 2199)";

    public static bool InRange(DateTime local) => local.Year is >= MinYear and <= MaxYear;

    public static bool InRange(DateTimeOffset at) => at.Year is >= MinYear and <= MaxYear;

    /// <summary>
    /// Like <see cref="TryParseDate"/>, but tells a well-formed date outside the accepted years (<c>0001-01-01</c>,
    /// <c>9999-12-31</c>) from text that is not a date. Never throws.
    /// </summary>
    public static DateParse ParseDate(string text, out DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(text);
        var common = TryParseCommonDate(text.AsSpan().Trim(), out value);
        if (common != DateParse.Invalid)
        {
            return common;
        }

        return ParseDateSlow(text, out value);
    }

    private static DateParse ParseDateSlow(string text, out DateTimeOffset value)
    {
        value = default;

        var s = TextNormaliser.ToHalfWidth(text).Trim();
        if (s.Length is 0 or > 64)
        {
            return DateParse.Invalid;
        }

        var compact = s.Length is 8 or 14 && s.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;
        if (!compact && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return TryFromNumber(number, out value) ? DateParse.Ok : DateParse.Invalid;
        }

        var first = ParseDateText(s, out value);
        return first != DateParse.Invalid ? first : ParseDateText(NormaliseDateText(s), out value);
    }

    private static DateParse ParseDateText(string s, out DateTimeOffset value)
    {
        if (DateTimeOffset.TryParseExact(s, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out value)
            || DateTimeOffset.TryParseExact(s, UtcFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out value))
        {
            return InRange(value) ? DateParse.Ok : DateParse.OutOfRange;
        }

        if (DateTime.TryParseExact(s, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local))
        {
            // Checked before the offset is attached: 0001-01-01 at +08:00 lies before the first UTC instant and throws.
            if (!InRange(local))
            {
                value = default;
                return DateParse.OutOfRange;
            }

            value = ChinaTime.FromLocal(local);
            return DateParse.Ok;
        }

        return DateParse.Invalid;
    }

    /// <summary>yyyy-M-d or yyyy/M/d, optionally followed by H:m or H:m:s: most dates in the wild, parsed without allocating.</summary>
    private static DateParse TryParseCommonDate(ReadOnlySpan<char> s, out DateTimeOffset value)
    {
        value = default;
        var i = 0;
        if (!Number(s, ref i, 4, 4, out var year) || i >= s.Length || s[i] is not ('-' or '/'))
        {
            return DateParse.Invalid;
        }

        var separator = s[i++];
        if (!Number(s, ref i, 1, 2, out var month) || i >= s.Length || s[i] != separator)
        {
            return DateParse.Invalid;
        }

        i++;
        if (!Number(s, ref i, 1, 2, out var day))
        {
            return DateParse.Invalid;
        }

        int hour = 0, minute = 0, second = 0;
        if (i < s.Length)
        {
            if (s[i] != ' ' && s[i] != 'T')
            {
                return DateParse.Invalid;
            }

            i++;
            if (!Number(s, ref i, 1, 2, out hour) || i >= s.Length || s[i++] != ':' || !Number(s, ref i, 1, 2, out minute))
            {
                return DateParse.Invalid;
            }

            if (i < s.Length && (s[i++] != ':' || !Number(s, ref i, 1, 2, out second) || i != s.Length))
            {
                return DateParse.Invalid;
            }
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return DateParse.Invalid;
        }

        if (year is < MinYear or > MaxYear)
        {
            return DateParse.OutOfRange;
        }

        value = new DateTimeOffset(year, month, day, hour, minute, second, ChinaTime.Offset);
        return DateParse.Ok;

        static bool Number(ReadOnlySpan<char> s, ref int i, int min, int max, out int n)
        {
            n = 0;
            var start = i;
            while (i < s.Length && i - start < max && char.IsAsciiDigit(s[i]))
            {
                n = (n * 10) + (s[i++] - '0');
            }

            return i - start >= min && (i >= s.Length || !char.IsAsciiDigit(s[i]));
        }
    }

    /// <summary>Excel serial date (days since 1899-12-30), or Unix seconds / milliseconds for large numbers.</summary>
    public static bool TryFromNumber(double number, out DateTimeOffset value)
    {
        value = default;
        if (!double.IsFinite(number) || number < 1)
        {
            return false;
        }

        if (number <= 2_958_465)
        {
            value = ChinaTime.FromLocal(DateTime.FromOADate(number));
            return true;
        }

        var ms = number >= 1e11 ? number : number * 1000;
        if (ms > 7.2e12)
        {
            return false;
        }

        value = DateTimeOffset.FromUnixTimeMilliseconds((long)ms).ToOffset(ChinaTime.Offset);
        return true;
    }

    /// <summary>Bid status words → <see cref="BidStatus"/>; null when the text says nothing we know.</summary>
    public static BidStatus? ParseBidStatus(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = TextNormaliser.ToHalfWidth(text).Trim();
        if (t.AsSpan().IndexOfAnyInRange('A', 'Z') >= 0)
        {
            t = t.ToLowerInvariant();
        }

        if (t is "valid" or "有效" or "合格" or "通过" or "1" or "true" or "是" or "y" or "yes" or "正常")
        {
            return BidStatus.Valid;
        }

        if (t is "withdrawn" or "撤回" or "撤标" or "弃标" or "放弃" or "放弃投标" or "未递交")
        {
            return BidStatus.Withdrawn;
        }

        if (t is "disqualified" or "invalid" or "rejected" or "无效" or "废标" or "否决" or "被否决" or "不合格" or "未通过"
            or "0" or "false" or "否" or "n" or "no" || t.Contains("否决", StringComparison.Ordinal) || t.Contains("无效", StringComparison.Ordinal))
        {
            return BidStatus.Disqualified;
        }

        return t is "unknown" or "未知" ? BidStatus.Unknown : null;
    }

    /// <summary>Yes/no flags: 1/0, 是/否, true/false, Y/N, 中标.</summary>
    public static bool? ParseFlag(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = TextNormaliser.ToHalfWidth(text).Trim().ToLowerInvariant();
        return t switch
        {
            "1" or "1.0" or "true" or "是" or "y" or "yes" or "中标" or "√" => true,
            "0" or "0.0" or "false" or "否" or "n" or "no" or "未中标" or "×" => false,
            _ => null,
        };
    }

    /// <summary>
    /// The trading category (RULES.md §6) named by a portal's type text; construction words win over
    /// procurement words because portals call design and supervision contracts 服务 too.
    /// </summary>
    public static TradingCategory Categorise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Enum.TryParse<TradingCategory>(text.Trim(), ignoreCase: true, out var named) && Enum.IsDefined(named))
        {
            return named;
        }

        var t = TextNormaliser.ToHalfWidth(text).ToLowerInvariant();
        if (ContainsAny(t, "医药", "药品", "医用耗材", "耗材", "medic", "drug"))
        {
            return TradingCategory.MedicalProcurement;
        }

        if (ContainsAny(t, "土地", "矿业权", "采矿权", "探矿权", "land", "mining"))
        {
            return TradingCategory.LandAndMining;
        }

        if (ContainsAny(t, "产权", "国有资产", "国资", "股权"))
        {
            return TradingCategory.StateAssets;
        }

        if (ContainsAny(t, "施工", "监理", "勘察", "设计", "房屋建筑", "房建", "市政", "工程", "交通", "公路", "水利",
                "水运", "铁路", "园林", "林水", "建设", "epc", "works", "construction"))
        {
            return TradingCategory.Construction;
        }

        if (ContainsAny(t, "政府采购", "采购", "货物", "服务", "goods", "services", "procurement"))
        {
            return TradingCategory.GovernmentProcurement;
        }

        return TradingCategory.Other;
    }

    private static bool ContainsAny(string text, params string[] words)
    {
        foreach (var w in words)
        {
            if (text.Contains(w, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string NormaliseDateText(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            switch (c)
            {
                case '年' or '月' or '/' or '.':
                    sb.Append('-');
                    break;
                case '日' or '号':
                    sb.Append(' ');
                    break;
                case '时' or '点' or '：':
                    sb.Append(':');
                    break;
                case '分':
                    sb.Append(':');
                    break;
                case '秒':
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        // Trailing separators are typing slips ("2023/11/22 09:00/"); anything inside stays strict.
        var t = sb.ToString().Trim().TrimEnd(':', '-').Trim();
        while (t.Contains("  ", StringComparison.Ordinal))
        {
            t = t.Replace("  ", " ", StringComparison.Ordinal);
        }

        return t.Replace(" :", ":", StringComparison.Ordinal).Replace("- ", "-", StringComparison.Ordinal);
    }
}
