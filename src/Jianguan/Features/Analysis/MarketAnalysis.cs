using Jianguan.Features.Trading;

namespace Jianguan.Features.Analysis;

/// <summary>Concentration of one category's awards in one year: HHI on shares in percent (0–10000), CR4 in percent.</summary>
public sealed record Concentration(string Category, string CategoryName, int Year, int Awards, int Winners, decimal Amount, decimal Hhi, decimal Cr4);

/// <summary>A firm's share of the award amount, over the filter and in its last two years.</summary>
public sealed record MarketShare(
    long FirmId, string Firm, int Awards, decimal Amount, decimal Share, int? Year, decimal? ShareThisYear, decimal? SharePreviousYear,
    decimal? Change);

/// <summary>Bids, wins and win rate of a firm.</summary>
public sealed record WinRate(long FirmId, string Firm, int Bids, int Wins, decimal? Rate);

/// <summary>Firms bidding for the first time (entrants) and not any more (exits: active the year before, never since).</summary>
public sealed record EntryExit(int Year, int Active, int Entrants, int Exits);

/// <summary>Winners registered in Hainan (by their credit code's division) against others and unknown.</summary>
public sealed record LocalShare(string Kind, string Label, int Awards, decimal Amount, decimal? Share);

/// <summary>How much of a tenderer's spend went to its largest supplier.</summary>
public sealed record Dependence(long TendererId, string Tenderer, int Awards, decimal Spend, long SupplierId, string Supplier, decimal SupplierSpend, decimal? Share);

/// <summary>Average number of bids per section of a category in a year.</summary>
public sealed record BidderCount(string Category, string CategoryName, int Year, int Sections, decimal? MeanBidders);

public sealed record MarketSummary(int Sections, int Awards, int Firms, int Bidders, int Winners, decimal Amount, decimal? Hhi, decimal? Cr4, decimal? MeanBidders);

/// <summary>市场研判 (issue 15, item 2).</summary>
public sealed record MarketAnalysisResult(
    MarketSummary Summary, IReadOnlyList<Concentration> Concentration, IReadOnlyList<MarketShare> Shares, IReadOnlyList<WinRate> WinRates,
    IReadOnlyList<WinRate> NeverWin, IReadOnlyList<EntryExit> EntriesAndExits, IReadOnlyList<LocalShare> Local,
    IReadOnlyList<Dependence> Dependence, IReadOnlyList<BidderCount> Bidders);

public static class MarketAnalysis
{
    /// <summary>A firm with at least this many bids and no win is listed as "many bids, no wins".</summary>
    public const int ManyBids = 5;

    /// <summary>Rows of the share, win-rate and dependence tables (the export has them all).</summary>
    public const int TopFirms = 20;

    /// <summary>Credit-code divisions of Hainan start with this.</summary>
    public const string LocalPrefix = "46";

    /// <summary>
    /// Herfindahl–Hirschman index on shares in percent: Σ share², from 0 (atomised) to 10000 (one firm). Amounts of
    /// zero or less are ignored.
    /// </summary>
    public static decimal Hhi(IEnumerable<decimal> amounts)
    {
        var list = amounts.Where(a => a > 0m).ToList();
        var total = list.Sum();
        return total == 0m ? 0m : Stats.Round(list.Sum(a => (a / total * 100m) * (a / total * 100m)));
    }

    /// <summary>Share in percent of the four largest.</summary>
    public static decimal Cr4(IEnumerable<decimal> amounts)
    {
        var list = amounts.Where(a => a > 0m).OrderDescending().ToList();
        var total = list.Sum();
        return total == 0m ? 0m : Stats.Round(list.Take(4).Sum() / total * 100m);
    }

    public static MarketAnalysisResult Compute(AnalysisDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var awarded = data.Sections.Where(s => s.WinnerId is not null && s.AwardAmount is > 0m).ToList();
        var byFirm = awarded.GroupBy(s => s.WinnerId!.Value).ToDictionary(g => g.Key, g => g.Sum(s => s.AwardAmount!.Value));
        var total = byFirm.Values.Sum();

        var concentration = awarded.Where(s => s.Year is not null)
            .GroupBy(s => (s.Category, Year: s.Year!.Value))
            .OrderBy(g => g.Key.Category).ThenBy(g => g.Key.Year)
            .Select(g =>
            {
                var amounts = g.GroupBy(s => s.WinnerId).Select(w => w.Sum(s => s.AwardAmount!.Value)).ToList();
                return new Concentration(g.Key.Category.ToString(), TradingLabels.CategoryName(g.Key.Category), g.Key.Year, g.Count(),
                    amounts.Count, g.Sum(s => s.AwardAmount!.Value), Hhi(amounts), Cr4(amounts));
            })
            .ToList();

        var years = awarded.Where(s => s.Year is not null).Select(s => s.Year!.Value).Distinct().Order().ToList();
        int? lastYear = years.Count > 0 ? years[^1] : null;
        var yearTotals = awarded.Where(s => s.Year is not null).GroupBy(s => s.Year!.Value).ToDictionary(g => g.Key, g => g.Sum(s => s.AwardAmount!.Value));
        var firmYear = awarded.Where(s => s.Year is not null).GroupBy(s => (Firm: s.WinnerId!.Value, Year: s.Year!.Value))
            .ToDictionary(g => g.Key, g => g.Sum(s => s.AwardAmount!.Value));
        decimal? YearShare(long firm, int? year) =>
            year is { } y && yearTotals.TryGetValue(y, out var sum) && sum > 0m
                ? Stats.Round(firmYear.GetValueOrDefault((firm, y)) / sum * 100m)
                : null;

        var names = data.Bidders.ToDictionary(b => b.BidderId, b => b.Name);
        foreach (var s in awarded)
        {
            names.TryAdd(s.WinnerId!.Value, s.WinnerName ?? "—");
        }

        var awardCounts = awarded.GroupBy(s => s.WinnerId!.Value).ToDictionary(g => g.Key, g => g.Count());
        var shares = byFirm
            .OrderByDescending(x => x.Value).ThenBy(x => x.Key)
            .Select(x =>
            {
                var thisYear = YearShare(x.Key, lastYear);
                var previous = years.Count > 1 ? YearShare(x.Key, years[^2]) : null;
                return new MarketShare(x.Key, names[x.Key], awardCounts[x.Key], x.Value, Stats.Round(x.Value / total * 100m),
                    lastYear, thisYear, previous, thisYear is { } t && previous is { } p ? t - p : null);
            })
            .ToList();

        // A win counts for a firm's win rate when the firm's bid for that section is held.
        var winRates = data.Bidders
            .Select(b => new WinRate(b.BidderId, names[b.BidderId], b.Sections, b.Wins, Stats.Percent(b.Wins, b.Sections)))
            .OrderByDescending(w => w.Bids).ThenByDescending(w => w.Wins).ThenBy(w => w.Firm, StringComparer.Ordinal).ThenBy(w => w.FirmId)
            .ToList();

        // Entrants and exits by the years in which a firm bid.
        var activeYears = data.Bidders.Where(b => b.Years.Count > 0).ToDictionary(b => b.BidderId, b => b.Years);
        var bidYears = activeYears.Values.SelectMany(y => y).Distinct().Order().ToList();
        var entries = bidYears.Select(y => new EntryExit(
                y,
                activeYears.Count(a => a.Value.Contains(y)),
                y == bidYears[0] ? 0 : activeYears.Count(a => a.Value.Min() == y),
                y == bidYears[0] ? 0 : activeYears.Count(a => a.Value.Max() == y - 1)))
            .ToList();

        var local = awarded.GroupBy(s => LocalKind(s.WinnerCreditCode))
            .Select(g => new LocalShare(g.Key, LocalLabel(g.Key), g.Count(), g.Sum(s => s.AwardAmount!.Value), Stats.Percent(g.Sum(s => s.AwardAmount!.Value), total)))
            .OrderBy(l => l.Kind == "local" ? 0 : l.Kind == "other" ? 1 : 2)
            .ToList();

        var dependence = awarded.Where(s => s.TendererId is not null)
            .GroupBy(s => s.TendererId!.Value)
            .Where(g => g.Count() >= 2)
            .Select(g =>
            {
                var spend = g.Sum(s => s.AwardAmount!.Value);
                var top = g.GroupBy(s => s.WinnerId!.Value)
                    .Select(w => (Firm: w.Key, Amount: w.Sum(s => s.AwardAmount!.Value)))
                    .OrderByDescending(w => w.Amount).ThenBy(w => w.Firm)
                    .First();
                return new Dependence(g.Key, g.First().TendererName ?? "—", g.Count(), spend, top.Firm, names[top.Firm], top.Amount,
                    Stats.Percent(top.Amount, spend));
            })
            .OrderByDescending(d => d.Share).ThenByDescending(d => d.Spend)
            .ToList();

        var bidCounts = data.Sections.ToDictionary(s => s.SectionId, s => BidderCountOf(data, s));
        var bidders = data.Sections.Where(s => s.Year is not null && bidCounts[s.SectionId] is not null)
            .GroupBy(s => (s.Category, Year: s.Year!.Value))
            .OrderBy(g => g.Key.Category).ThenBy(g => g.Key.Year)
            .Select(g => new BidderCount(g.Key.Category.ToString(), TradingLabels.CategoryName(g.Key.Category), g.Key.Year, g.Count(),
                Stats.Mean([.. g.Select(s => (decimal)bidCounts[s.SectionId]!.Value)])))
            .ToList();
        var allCounts = bidCounts.Values.OfType<int>().Select(c => (decimal)c).ToList();

        var summary = new MarketSummary(
            data.Sections.Count, awarded.Count, names.Count, data.Bidders.Count,
            byFirm.Count, total, byFirm.Count == 0 ? null : Hhi(byFirm.Values), byFirm.Count == 0 ? null : Cr4(byFirm.Values), Stats.Mean(allCounts));

        return new MarketAnalysisResult(summary, concentration, shares, winRates,
            [.. winRates.Where(w => w.Wins == 0 && w.Bids >= ManyBids)], entries, local, dependence, bidders);
    }

    /// <summary>The bids held for a section, else the number published, else null.</summary>
    public static int? BidderCountOf(AnalysisDataset data, SectionFact section)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(section);
        var held = data.FiguresOf(section.SectionId).Bidders;
        return held > 0 ? held : section.DeclaredBidders;
    }

    public static string LocalKind(string? creditCode) =>
        creditCode is not { Length: 18 } ? "unknown" : creditCode.Substring(2, 2) == LocalPrefix ? "local" : "other";

    public static string LocalLabel(string kind) => kind switch
    {
        "local" => "省内企业",
        "other" => "省外企业",
        _ => "无有效信用代码",
    };
}
