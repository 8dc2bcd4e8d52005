using Jianguan.Analytics.Data;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Trading;

/// <summary>Chinese names and display formats shared by the pages, the API and the exports.</summary>
public static class TradingLabels
{
    public static string CategoryName(TradingCategory category) => category switch
    {
        TradingCategory.Construction => "工程建设项目招标投标",
        TradingCategory.GovernmentProcurement => "政府采购",
        TradingCategory.LandAndMining => "土地使用权和矿业权出让",
        TradingCategory.StateAssets => "国有产权交易",
        TradingCategory.MedicalProcurement => "医药采购",
        TradingCategory.Other => "其他",
        _ => category.ToString(),
    };

    public static string StatusName(BidStatus status) => status switch
    {
        BidStatus.Valid => "有效",
        BidStatus.Disqualified => "无效/否决",
        BidStatus.Withdrawn => "撤回",
        BidStatus.Unknown => "未知",
        _ => status.ToString(),
    };

    public static IReadOnlyList<TradingCategory> Categories { get; } = Enum.GetValues<TradingCategory>();

    /// <summary>Parses a category code ("Construction", case-insensitive); numbers are refused.</summary>
    public static bool TryParseCategory(string? value, out TradingCategory category)
    {
        category = default;
        return !string.IsNullOrWhiteSpace(value)
            && !char.IsAsciiDigit(value.Trim()[0])
            && value.Trim()[0] != '-'
            && Enum.TryParse(value.Trim(), ignoreCase: true, out category)
            && Enum.IsDefined(category);
    }

    public static string Money(decimal? value) =>
        value is { } v ? v.ToString("N2", CultureInfo.InvariantCulture) : "—";

    /// <summary>An amount with its currency: yuan as a bare number (the column says 元), any other currency named after it.</summary>
    public static string Money(decimal? value, string? currency) =>
        value is null || Currencies.IsYuan(currency) ? Money(value) : Money(value) + " " + Currencies.Name(currency);

    public static string Percent(decimal? value) =>
        value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) + "%" : "—";

    public static string Number(decimal? value) =>
        value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "—";

    public static string Time(DateTimeOffset? value) => ChinaTime.FormatMinute(value, "—");

    public static string Date(DateTimeOffset? value) => ChinaTime.FormatDate(value, "—");
}
