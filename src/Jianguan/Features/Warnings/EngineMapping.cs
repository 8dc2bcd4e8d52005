using Jianguan.Analytics.Data;
using Jianguan.Features.Trading;

namespace Jianguan.Features.Warnings;

/// <summary>
/// How the platform's trading model becomes the engine's table, shared by the database loader
/// (<see cref="MarketTableLoader"/>) and the file input of <c>jianguan analyze</c>, so that a section analysed from
/// the database and from the file it was imported from look the same to the engine.
/// </summary>
public static class EngineMapping
{
    /// <summary>The fingerprint kinds, in the order of <see cref="FingerprintKind"/>.</summary>
    public static IReadOnlyList<FingerprintKind> Kinds { get; } = Enum.GetValues<FingerprintKind>();

    /// <summary>Minutes since 0001-01-01 in Beijing time, the engine's clock.</summary>
    public static long Minutes(DateTimeOffset at) => Timestamp.FromDateTime(at.ToOffset(Platform.Time.ChinaTime.Offset).DateTime);

    /// <summary>Sets a section's prices, dates, award, category and mode; absent or non-positive amounts stay missing.</summary>
    public static void SetSection(BidTableBuilder builder, int section, decimal? controlPrice, decimal? estimatedPrice,
        DateTimeOffset? noticeAt, DateTimeOffset? bidOpenAt, decimal? awardAmount, TradingCategory category,
        string? categoryDetail, string? tenderMode)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (controlPrice is > 0m)
        {
            builder.SetControlPrice(section, (double)controlPrice.Value);
        }

        if (estimatedPrice is > 0m)
        {
            builder.SetEstimate(section, (double)estimatedPrice.Value);
        }

        if (noticeAt is { } notice)
        {
            builder.SetNoticeTime(section, Minutes(notice));
        }

        if (bidOpenAt is { } open)
        {
            builder.SetOpenTime(section, Minutes(open));
        }

        if (awardAmount is > 0m)
        {
            builder.SetAwardAmount(section, (double)awardAmount.Value);
        }

        // The source's own category (施工, 监理 …) when given: the market norms are per category.
        builder.SetCategory(section, string.IsNullOrWhiteSpace(categoryDetail) ? TradingLabels.CategoryName(category) : categoryDetail.Trim());
        if (!string.IsNullOrWhiteSpace(tenderMode))
        {
            builder.SetMode(section, tenderMode.Trim());
        }
    }

    /// <summary>The engine's status of a bid the engine treats differently from a valid one, else null.</summary>
    public static BidStatus? Status(BidStatus? status) =>
        status is BidStatus.Disqualified or BidStatus.Withdrawn ? status : null;
}
