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
        return Compute(data.Columns(), data.Bidders);
    }

    /// <summary>The figures of the selected rows and of the bidders of their bids.</summary>
    public static MarketAnalysisResult Compute(AnalysisSelection selection, IReadOnlyList<BidderFact> bidderFacts)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(bidderFacts);
        var c = selection.Columns;
        var awarded = Array.FindAll(selection.Rows, row => c.Winner[row] != 0 && c.Award[row] is > 0m);

        // Sums per key in the order first met, as a GroupBy would give them.
        static Dictionary<TKey, AmountSum> Sums<TKey>(AnalysisColumns c, IEnumerable<int> rows, Func<int, TKey> key)
            where TKey : notnull
        {
            var sums = new Dictionary<TKey, AmountSum>();
            foreach (var row in rows)
            {
                ref var sum = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(sums, key(row), out _);
                sum.Add(c.Award, row);
            }

            return sums;
        }

        static AmountSum Total(IEnumerable<AmountSum> parts)
        {
            var total = default(AmountSum);
            foreach (var part in parts)
            {
                total.Add(part);
            }

            return total;
        }

        var byFirm = Sums(c, awarded, row => c.Winner[row]);
        var total = byFirm.Values.Aggregate(0m, (s, f) => s + f.Sum);
        var dated = awarded.Where(row => c.Year[row] != 0).ToArray();

        // One pass per key; the coarser sums (category and year, year) are added up from the finer ones.
        var categoryYearFirms = Sums(c, dated, row => (Category: c.Category[row], Year: c.Year[row], Firm: c.Winner[row]));
        var concentration = categoryYearFirms
            .GroupBy(x => (x.Key.Category, x.Key.Year))
            .OrderBy(g => g.Key.Category).ThenBy(g => g.Key.Year)
            .Select(g =>
            {
                var amounts = g.Select(x => x.Value.Sum).ToList();
                var all = Total(g.Select(x => x.Value));
                var category = (TradingCategory)g.Key.Category;
                return new Concentration(category.ToString(), TradingLabels.CategoryName(category), g.Key.Year, all.Count, amounts.Count, all.Sum,
                    Hhi(amounts), Cr4(amounts));
            })
            .ToList();

        var yearTotals = categoryYearFirms.GroupBy(x => x.Key.Year).ToDictionary(g => g.Key, g => Total(g.Select(x => x.Value)).Sum);
        var years = yearTotals.Keys.Order().ToList();
        int? lastYear = years.Count > 0 ? years[^1] : null;
        var firmYear = Sums(c, dated, row => (Firm: c.Winner[row], Year: c.Year[row])).ToDictionary(x => x.Key, x => x.Value.Sum);
        decimal? YearShare(long firm, int? year) =>
            year is { } y && yearTotals.TryGetValue(y, out var sum) && sum > 0m
                ? Stats.Round(firmYear.GetValueOrDefault((firm, y)) / sum * 100m)
                : null;

        var names = bidderFacts.ToDictionary(b => b.BidderId, b => b.Name);
        foreach (var row in awarded)
        {
            names.TryAdd(c.Winner[row], c.FirmName(c.Winner[row]) ?? "—");
        }

        var shares = byFirm
            .OrderByDescending(x => x.Value.Sum).ThenBy(x => x.Key)
            .Select(x =>
            {
                var thisYear = YearShare(x.Key, lastYear);
                var previous = years.Count > 1 ? YearShare(x.Key, years[^2]) : null;
                return new MarketShare(x.Key, names[x.Key], x.Value.Count, x.Value.Sum, Stats.Round(x.Value.Sum / total * 100m),
                    lastYear, thisYear, previous, thisYear is { } t && previous is { } p ? t - p : null);
            })
            .ToList();

        // A win counts for a firm's win rate when the firm's bid for that section is held.
        var winRates = bidderFacts
            .Select(b => new WinRate(b.BidderId, names[b.BidderId], b.Sections, b.Wins, Stats.Percent(b.Wins, b.Sections)))
            .OrderByDescending(w => w.Bids).ThenByDescending(w => w.Wins).ThenBy(w => w.Firm, StringComparer.Ordinal).ThenBy(w => w.FirmId)
            .ToList();

        // Entrants and exits by the years in which a firm bid.
        var activeYears = bidderFacts.Where(b => b.Years.Count > 0).ToDictionary(b => b.BidderId, b => (b.Years, First: b.Years.Min(), Last: b.Years.Max()));
        var bidYears = activeYears.Values.SelectMany(y => y.Years).Distinct().Order().ToList();
        var entries = bidYears.Select(y => new EntryExit(
                y,
                activeYears.Count(a => a.Value.Years.Contains(y)),
                y == bidYears[0] ? 0 : activeYears.Count(a => a.Value.First == y),
                y == bidYears[0] ? 0 : activeYears.Count(a => a.Value.Last == y - 1)))
            .ToList();

        var local = Sums(c, awarded, row => c.Local[row])
            .Select(x => new LocalShare(x.Key, LocalLabel(x.Key), x.Value.Count, x.Value.Sum, Stats.Percent(x.Value.Sum, total)))
            .OrderBy(l => l.Kind == "local" ? 0 : l.Kind == "other" ? 1 : 2)
            .ToList();

        var tendered = awarded.Where(row => c.Tenderer[row] >= 0).ToArray();
        var bySupplier = Sums(c, tendered, row => (Tenderer: c.Tenderer[row], Firm: c.Winner[row])).GroupBy(x => x.Key.Tenderer).ToList();
        var suppliers = bySupplier.ToDictionary(
            g => g.Key, g => g.Select(x => (x.Key.Firm, Amount: x.Value.Sum)).OrderByDescending(w => w.Amount).ThenBy(w => w.Firm).First());
        var dependence = bySupplier
            .Select(g => (Tenderer: g.Key, Spend: Total(g.Select(x => x.Value))))
            .Where(x => x.Spend.Count >= 2)
            .Select(x =>
            {
                var top = suppliers[x.Tenderer];
                var id = c.TendererIds[x.Tenderer];
                return new Dependence(id, c.FirmName(id) ?? "—", x.Spend.Count, x.Spend.Sum, top.Firm, names[top.Firm], top.Amount,
                    Stats.Percent(top.Amount, x.Spend.Sum));
            })
            .OrderByDescending(d => d.Share).ThenByDescending(d => d.Spend)
            .ToList();

        var counts = new Dictionary<(int Category, int Year), (int Sections, long Sum)>();
        var allCount = 0;
        var allSum = 0L;
        foreach (var row in selection.Rows)
        {
            if (c.BidderCount[row] is var n and >= 0)
            {
                allCount++;
                allSum += n;
                if (c.Year[row] != 0)
                {
                    ref var g = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, (c.Category[row], c.Year[row]), out _);
                    g = (g.Sections + 1, g.Sum + n);
                }
            }
        }

        var bidders = counts
            .OrderBy(x => x.Key.Category).ThenBy(x => x.Key.Year)
            .Select(x => new BidderCount(((TradingCategory)x.Key.Category).ToString(), TradingLabels.CategoryName((TradingCategory)x.Key.Category), x.Key.Year,
                x.Value.Sections, Stats.Round((decimal)x.Value.Sum / x.Value.Sections)))
            .ToList();

        var firmAmounts = byFirm.Values.Select(f => f.Sum).ToList();
        var summary = new MarketSummary(
            selection.Rows.Length, awarded.Length, names.Count, bidderFacts.Count, byFirm.Count, total, byFirm.Count == 0 ? null : Hhi(firmAmounts),
            byFirm.Count == 0 ? null : Cr4(firmAmounts), allCount == 0 ? null : Stats.Round((decimal)allSum / allCount));

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
