using System.Text.Json;
using System.Text.Json.Serialization;
using Jianguan.Features.Trading;

namespace Jianguan.Features.Analysis;

/// <summary>A section in a drill-down list (chart → list → /Trading/Sections/{id}).</summary>
public sealed record AnalysisSectionRow(
    long SectionId, string ProjectCode, string SectionCode, string? Name, string CategoryName, string RegionName, DateTimeOffset? Day,
    decimal? Reference, decimal? Award, decimal? Discount, int? Bidders, string? Winner);

/// <summary>
/// What a click on a chart selects: <c>by</c> names the dimension, <c>key</c> its value. The same pair in the query
/// string of an analysis page lists the sections behind the bar or point.
/// </summary>
public static class AnalysisDrill
{
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["category"] = "交易类别",
        ["month"] = "月份",
        ["year"] = "年度",
        ["region"] = "地区",
        ["tenderer"] = "招标人",
        ["agency"] = "代理机构",
        ["bin"] = "下浮率区间",
        ["outlier"] = "异常中标价",
        ["winner"] = "中标人",
        ["bidder"] = "投标人",
        ["local"] = "中标人属地",
        ["category-year"] = "类别和年度",
        ["failed"] = "流标",
        ["repeated"] = "重新招标",
        ["stage"] = "有该阶段用时的标段",
    };

    /// <summary>The selection, or null when <paramref name="by"/> names no dimension.</summary>
    public static Func<SectionFact, bool>? Match(AnalysisDataset data, string? by, string? key)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (string.IsNullOrEmpty(by) || !Names.ContainsKey(by))
        {
            return null;
        }

        key ??= "";
        switch (by)
        {
            case "category":
                return s => s.Category.ToString() == key;
            case "month":
                return s => s.Month == key;
            case "year":
                return s => s.Year?.ToString(CultureInfo.InvariantCulture) == key;
            case "region":
                return s => (s.Region ?? "") == key;
            case "tenderer":
                return s => s.TendererId?.ToString(CultureInfo.InvariantCulture) == key;
            case "agency":
                return s => s.AgencyId?.ToString(CultureInfo.InvariantCulture) == key;
            case "winner":
                return s => s.WinnerId?.ToString(CultureInfo.InvariantCulture) == key;
            case "bidder":
                return long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var bidder)
                    ? s => data.BidFor(bidder, s.SectionId)
                    : _ => false;
            case "local":
                return s => s.WinnerId is not null && s.AwardAmount is > 0m && MarketAnalysis.LocalKind(s.WinnerCreditCode) == key;
            case "category-year":
                return s => s.Year is { } y && $"{s.Category}-{y.ToString(CultureInfo.InvariantCulture)}" == key;
            case "bin":
                var bin = PriceAnalysis.Bins().FirstOrDefault(b => b.Index.ToString(CultureInfo.InvariantCulture) == key);
                return s => bin is not null && s.Discount is { } d && PriceAnalysis.InBin(bin, d);
            case "outlier":
                var ids = PriceAnalysis.Compute(data, int.MaxValue).Outliers.Select(o => o.SectionId).ToHashSet();
                return s => ids.Contains(s.SectionId) && (key.Length == 0 || s.Category.ToString() == key);
            case "failed":
                return s => EfficiencyAnalysis.Failed(data, s) && (key.Length == 0 || s.Category.ToString() == key);
            case "repeated":
                return s => EfficiencyAnalysis.Repeated(s) && (key.Length == 0 || s.Category.ToString() == key);
            case "stage":
                return key switch
                {
                    "notice-open" => s => EfficiencyAnalysis.Days(s.NoticeAt, s.BidOpenAt) is not null,
                    "open-award" => s => EfficiencyAnalysis.Days(s.BidOpenAt, s.AwardAt) is not null,
                    _ => s => EfficiencyAnalysis.Days(s.NoticeAt, s.AwardAt) is not null,
                };
            default:
                return null;
        }
    }

    public static IEnumerable<AnalysisSectionRow> Rows(AnalysisDataset data, IEnumerable<SectionFact> sections)
    {
        ArgumentNullException.ThrowIfNull(data);
        return sections
            .OrderByDescending(s => s.Day)
            .ThenByDescending(s => s.SectionId)
            .Select(s => new AnalysisSectionRow(
                s.SectionId, s.ProjectCode, s.SectionCode, s.SectionName ?? s.ProjectName, TradingLabels.CategoryName(s.Category),
                AnalysisLabels.Region(s.Region), s.Day, s.Reference, s.AwardAmount, s.Discount is { } d ? Stats.Round(d) : null,
                MarketAnalysis.BidderCountOf(data, s), s.WinnerName));
    }
}

public sealed record ChartSeries(string Name, IReadOnlyList<decimal?> Values);

/// <summary>
/// A chart as the page hands it to wwwroot/js/analysis.js in a data attribute (no inline script, CSP): one label per
/// bar or point and, per label, the link a click opens.
/// </summary>
public sealed record ChartSpec(string Id, string Type, string Title, IReadOnlyList<string> Labels, IReadOnlyList<ChartSeries> Series,
    IReadOnlyList<string?> Links, string? Unit = null)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    [JsonIgnore]
    public string Json => JsonSerializer.Serialize(this, Options);
}
