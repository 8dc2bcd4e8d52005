using Jianguan.Features.Trading;

namespace Jianguan.Features.Analysis;

/// <summary>Display formats of the analysis pages, exports and report: money in 万元, percentages, days, regions.</summary>
public static class AnalysisLabels
{
    public const string NoRegion = "未注明地区";

    public static string Region(string? code) =>
        string.IsNullOrWhiteSpace(code) ? NoRegion : RegionNames.Name(code) ?? "其他地区";

    /// <summary>An amount in yuan shown in 万元 with two decimals.</summary>
    public static string Wan(decimal? yuan) =>
        yuan is { } v ? (v / 10_000m).ToString("N2", CultureInfo.InvariantCulture) : "—";

    public static decimal WanValue(decimal yuan) => Math.Round(yuan / 10_000m, 2, MidpointRounding.AwayFromZero);

    public static string Percent(decimal? value) => TradingLabels.Percent(value);

    public static string Days(decimal? value) =>
        value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + " 天" : "—";

    public static string Number(decimal? value) =>
        value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "—";
}
