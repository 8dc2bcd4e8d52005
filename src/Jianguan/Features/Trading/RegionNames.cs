namespace Jianguan.Features.Trading;

/// <summary>
/// Names of administrative divisions (GB/T 2260) for the codes users meet: projects' 地区 and the division part of a
/// 统一社会信用代码 (characters 3–8, the registering authority's division). Hainan in full, elsewhere provinces and
/// the cities firms of the market come from; an unknown code falls back to its province, then to nothing.
/// </summary>
public static class RegionNames
{
    private static readonly Dictionary<string, string> Provinces = new(StringComparer.Ordinal)
    {
        ["11"] = "北京市",
        ["12"] = "天津市",
        ["13"] = "河北省",
        ["14"] = "山西省",
        ["15"] = "内蒙古自治区",
        ["21"] = "辽宁省",
        ["22"] = "吉林省",
        ["23"] = "黑龙江省",
        ["31"] = "上海市",
        ["32"] = "江苏省",
        ["33"] = "浙江省",
        ["34"] = "安徽省",
        ["35"] = "福建省",
        ["36"] = "江西省",
        ["37"] = "山东省",
        ["41"] = "河南省",
        ["42"] = "湖北省",
        ["43"] = "湖南省",
        ["44"] = "广东省",
        ["45"] = "广西壮族自治区",
        ["46"] = "海南省",
        ["50"] = "重庆市",
        ["51"] = "四川省",
        ["52"] = "贵州省",
        ["53"] = "云南省",
        ["54"] = "西藏自治区",
        ["61"] = "陕西省",
        ["62"] = "甘肃省",
        ["63"] = "青海省",
        ["64"] = "宁夏回族自治区",
        ["65"] = "新疆维吾尔自治区",
        ["71"] = "台湾省",
        ["81"] = "香港特别行政区",
        ["82"] = "澳门特别行政区",
    };

    private static readonly Dictionary<string, string> Places = new(StringComparer.Ordinal)
    {
        ["460100"] = "海口市",
        ["460105"] = "秀英区",
        ["460106"] = "龙华区",
        ["460107"] = "琼山区",
        ["460108"] = "美兰区",
        ["460200"] = "三亚市",
        ["460202"] = "海棠区",
        ["460203"] = "吉阳区",
        ["460204"] = "天涯区",
        ["460205"] = "崖州区",
        ["460300"] = "三沙市",
        ["460400"] = "儋州市",
        ["469001"] = "五指山市",
        ["469002"] = "琼海市",
        ["469005"] = "文昌市",
        ["469006"] = "万宁市",
        ["469007"] = "东方市",
        ["469021"] = "定安县",
        ["469022"] = "屯昌县",
        ["469023"] = "澄迈县",
        ["469024"] = "临高县",
        ["469025"] = "白沙黎族自治县",
        ["469026"] = "昌江黎族自治县",
        ["469027"] = "乐东黎族自治县",
        ["469028"] = "陵水黎族自治县",
        ["469029"] = "保亭黎族苗族自治县",
        ["469030"] = "琼中黎族苗族自治县",
        ["440100"] = "广州市",
        ["440300"] = "深圳市",
        ["440600"] = "佛山市",
        ["430100"] = "长沙市",
        ["430600"] = "岳阳市",
        ["350100"] = "福州市",
        ["350200"] = "厦门市",
        ["330100"] = "杭州市",
        ["330200"] = "宁波市",
        ["320100"] = "南京市",
        ["320500"] = "苏州市",
        ["510100"] = "成都市",
        ["420100"] = "武汉市",
    };

    /// <summary>"海南省海口市美兰区" for 460108; null for a code that is not six digits or names no known province.</summary>
    public static string? Name(string? code)
    {
        if (code is not { Length: 6 } || !code.All(char.IsAsciiDigit) || !Provinces.TryGetValue(code[..2], out var province))
        {
            return null;
        }

        // Municipalities and the province-governed counties (469xxx) have no city level in between.
        var city = code[4..] == "00" ? null : Places.GetValueOrDefault(code[..4] + "00");
        var place = code[2..] == "0000" ? null : Places.GetValueOrDefault(code);
        return province + city + (place == city ? null : place);
    }

    /// <summary>The registering authority's division of a 统一社会信用代码, by name.</summary>
    public static string? OfCreditCode(string? creditCode) =>
        creditCode is { Length: 18 } ? Name(creditCode.Substring(2, 6)) : null;
}
