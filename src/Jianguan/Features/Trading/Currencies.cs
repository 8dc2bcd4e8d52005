namespace Jianguan.Features.Trading;

/// <summary>
/// The currency of a stored amount. Every amount column has a currency column beside it holding the ISO 4217 code the
/// source gave (OCDS <c>value.currency</c>); null means the source named none, which for the Chinese portals and the
/// national specification means 人民币 (CNY). Amounts in another currency are kept and shown with their currency, and
/// left out of 万元 sums and of the warning engine's price screens (never mixed with yuan).
/// </summary>
public static class Currencies
{
    /// <summary>Column width of a currency code (ISO 4217 alphabetic codes are three letters).</summary>
    public const int CodeLength = 3;

    public const string Yuan = "CNY";

    /// <summary>
    /// SQL condition (both providers) that a currency column means yuan: <c>{0}</c> is the quoted column, e.g.
    /// <c>b."Currency"</c>.
    /// </summary>
    public static string YuanSql(string column) => $"({column} IS NULL OR {column} = '{Yuan}')";

    /// <summary>True when an amount in this currency is in yuan (null: not named, CNY).</summary>
    public static bool IsYuan(string? code) => code is null or Yuan;

    /// <summary>An ISO 4217 alphabetic code in capitals, or null when <paramref name="text"/> is not one.</summary>
    public static string? Normalise(string? text)
    {
        var code = text?.Trim().ToUpperInvariant();
        return code is { Length: CodeLength } && code.All(c => c is >= 'A' and <= 'Z') ? code : null;
    }

    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["CNY"] = "人民币",
        ["HKD"] = "港元",
        ["MOP"] = "澳门元",
        ["TWD"] = "新台币",
        ["USD"] = "美元",
        ["EUR"] = "欧元",
        ["GBP"] = "英镑",
        ["JPY"] = "日元",
        ["KRW"] = "韩元",
        ["CHF"] = "瑞士法郎",
        ["CAD"] = "加拿大元",
        ["AUD"] = "澳大利亚元",
        ["NZD"] = "新西兰元",
        ["SGD"] = "新加坡元",
        ["RUB"] = "俄罗斯卢布",
        ["INR"] = "印度卢比",
        ["AMD"] = "亚美尼亚德拉姆",
        ["COP"] = "哥伦比亚比索",
        ["MXN"] = "墨西哥比索",
        ["PYG"] = "巴拉圭瓜拉尼",
        ["UGX"] = "乌干达先令",
        ["BRL"] = "巴西雷亚尔",
        ["ARS"] = "阿根廷比索",
        ["CLP"] = "智利比索",
        ["PEN"] = "秘鲁索尔",
        ["ZAR"] = "南非兰特",
        ["NGN"] = "尼日利亚奈拉",
        ["KES"] = "肯尼亚先令",
        ["UAH"] = "乌克兰格里夫纳",
        ["GEL"] = "格鲁吉亚拉里",
        ["KZT"] = "哈萨克斯坦坚戈",
        ["MNT"] = "蒙古图格里克",
        ["THB"] = "泰铢",
        ["VND"] = "越南盾",
        ["IDR"] = "印度尼西亚盾",
        ["MYR"] = "马来西亚林吉特",
        ["PHP"] = "菲律宾比索",
        ["PKR"] = "巴基斯坦卢比",
        ["BDT"] = "孟加拉塔卡",
        ["SEK"] = "瑞典克朗",
        ["NOK"] = "挪威克朗",
        ["DKK"] = "丹麦克朗",
        ["PLN"] = "波兰兹罗提",
        ["CZK"] = "捷克克朗",
        ["HUF"] = "匈牙利福林",
        ["RON"] = "罗马尼亚列伊",
        ["TRY"] = "土耳其里拉",
        ["ILS"] = "以色列新谢克尔",
        ["AED"] = "阿联酋迪拉姆",
        ["SAR"] = "沙特里亚尔",
        ["EGP"] = "埃及镑",
        ["MDL"] = "摩尔多瓦列伊",
        ["HNL"] = "洪都拉斯伦皮拉",
        ["GTQ"] = "危地马拉格查尔",
        ["DOP"] = "多米尼加比索",
        ["XOF"] = "西非法郎",
        ["XAF"] = "中非法郎",
    };

    /// <summary>The currency's Chinese name for pages and reports; 外币 for a code without one (pages show no codes).</summary>
    public static string Name(string? code) => code is null ? Names[Yuan] : Names.GetValueOrDefault(code, "外币");

    /// <summary>"（元）" for yuan, else the currency in words, for a column or a figure: "（亚美尼亚德拉姆）".</summary>
    public static string Unit(string? code) => IsYuan(code) ? "元" : Name(code);
}
