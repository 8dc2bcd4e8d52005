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

    /// <summary>The figures of a dataset's sections, kept with the dataset.</summary>
    public static MarketAnalysisResult Compute(AnalysisDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Result(nameof(MarketAnalysis), () => Compute(data.Columns(), data.Bidders));
    }

    /// <summary>
    /// The figures of the selected rows and of the bidders of their bids. Firm sums go into arrays over the winners'
    /// numbers; the concentration and the dependence walk orders sorted once per column build, so each category-year's
    /// (each tenderer's) firms come as runs and no per-request dictionary of pairs is built.
    /// </summary>
    public static MarketAnalysisResult Compute(AnalysisSelection selection, IReadOnlyList<BidderFact> bidderFacts)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(bidderFacts);
        var c = selection.Columns;
        var awarded = Array.FindAll(selection.Rows, row => c.Won[row]);

        // Per winner, in the order first met.
        var byFirm = new AmountSum[c.WinnerIds.Count];
        var firms = new List<int>();
        var total = default(AmountSum);
        foreach (var row in awarded)
        {
            var w = c.WinnerIndex[row];
            if (byFirm[w].Count == 0)
            {
                firms.Add(w);
            }

            byFirm[w].Add(c.Award, row);
            total.Add(c.Award, row);
        }

        var names = bidderFacts.ToDictionary(b => b.BidderId, b => b.Name);
        foreach (var w in firms)
        {
            names.TryAdd(c.WinnerIds[w], c.FirmName(c.WinnerIds[w]) ?? "—");
        }

        // The bidders' tables and the tenderers' dependence read only the names: computed beside the rest.
        var rates = Task.Run(() => WinRates(bidderFacts, names));
        var dependenceTask = Task.Run(() => DependenceOf(selection, names));

        // Category and year, each a run of firms (ascending id) in the sorted order.
        var concentration = new List<Concentration>();
        var yearTotals = new Dictionary<int, AmountSum>();
        var order = c.ByCategoryYearWinner(selection);
        var amounts = new List<decimal>();
        for (var i = 0; i < order.Length;)
        {
            var (category, year) = (c.Category[order[i]], c.Year[order[i]]);
            var all = default(AmountSum);
            amounts.Clear();
            while (i < order.Length && c.Category[order[i]] == category && c.Year[order[i]] == year)
            {
                var firm = c.Winner[order[i]];
                var sum = default(AmountSum);
                for (; i < order.Length && c.Category[order[i]] == category && c.Year[order[i]] == year && c.Winner[order[i]] == firm; i++)
                {
                    sum.Add(c.Award, order[i]);
                }

                if (sum.Count > 0)
                {
                    amounts.Add(sum.Sum);
                    all.Add(sum);
                }
            }

            if (all.Count > 0)
            {
                var name = (TradingCategory)category;
                concentration.Add(new Concentration(name.ToString(), TradingLabels.CategoryName(name), year, all.Count, amounts.Count, all.Sum,
                    Hhi(amounts), Cr4(amounts)));
                ref var yearTotal = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(yearTotals, year, out _);
                yearTotal.Add(all);
            }
        }

        var years = yearTotals.Keys.Order().ToList();
        int? lastYear = years.Count > 0 ? years[^1] : null;
        int? previousYear = years.Count > 1 ? years[^2] : null;
        var inLastYear = new AmountSum[byFirm.Length];
        var inPreviousYear = new AmountSum[byFirm.Length];
        foreach (var row in awarded)
        {
            if (c.Year[row] == lastYear)
            {
                inLastYear[c.WinnerIndex[row]].Add(c.Award, row);
            }
            else if (c.Year[row] == previousYear)
            {
                inPreviousYear[c.WinnerIndex[row]].Add(c.Award, row);
            }
        }

        decimal? YearShare(AmountSum[] firmSums, int firm, int? year) =>
            year is { } y && yearTotals[y].Sum is var sum && sum > 0m ? Stats.Round(firmSums[firm].Sum / sum * 100m) : null;

        var totalSum = total.Sum;
        var shares = firms
            .OrderByDescending(w => byFirm[w].Sum).ThenBy(w => c.WinnerIds[w])
            .Select(w =>
            {
                var id = c.WinnerIds[w];
                var thisYear = YearShare(inLastYear, w, lastYear);
                var previous = YearShare(inPreviousYear, w, previousYear);
                return new MarketShare(id, names[id], byFirm[w].Count, byFirm[w].Sum, Stats.Round(byFirm[w].Sum / totalSum * 100m),
                    lastYear, thisYear, previous, thisYear is { } t && previous is { } p ? t - p : null);
            })
            .ToList();

        var localSums = new Dictionary<string, AmountSum>(StringComparer.Ordinal);
        foreach (var row in awarded)
        {
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(localSums, c.Local[row], out _).Add(c.Award, row);
        }

        var local = localSums
            .Select(x => new LocalShare(x.Key, LocalLabel(x.Key), x.Value.Count, x.Value.Sum, Stats.Percent(x.Value.Sum, totalSum)))
            .OrderBy(l => l.Kind == "local" ? 0 : l.Kind == "other" ? 1 : 2)
            .ToList();

        // Bidders per section by category and year, in arrays over the columns' years.
        var yearCount = c.LastYear - c.FirstYear + 1;
        var categoryCount = Enum.GetValues<TradingCategory>().Max(v => (int)v) + 1;
        var counted = new int[categoryCount * Math.Max(yearCount, 0)];
        var countSums = new long[counted.Length];
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
                    var k = (c.Category[row] * yearCount) + c.Year[row] - c.FirstYear;
                    counted[k]++;
                    countSums[k] += n;
                }
            }
        }

        var bidders = new List<BidderCount>();
        for (var k = 0; k < counted.Length; k++)
        {
            if (counted[k] > 0)
            {
                var category = (TradingCategory)(k / yearCount);
                bidders.Add(new BidderCount(category.ToString(), TradingLabels.CategoryName(category), c.FirstYear + (k % yearCount), counted[k],
                    Stats.Round((decimal)countSums[k] / counted[k])));
            }
        }

        var firmAmounts = firms.Select(w => byFirm[w].Sum).ToList();
        var summary = new MarketSummary(
            selection.Rows.Length, awarded.Length, names.Count, bidderFacts.Count, firms.Count, totalSum, firms.Count == 0 ? null : Hhi(firmAmounts),
            firms.Count == 0 ? null : Cr4(firmAmounts), allCount == 0 ? null : Stats.Round((decimal)allSum / allCount));

        var (winRates, entries) = rates.Result;
        return new MarketAnalysisResult(summary, concentration, shares, winRates,
            [.. winRates.Where(w => w.Wins == 0 && w.Bids >= ManyBids)], entries, local, dependenceTask.Result, bidders);
    }

    /// <summary>The bidders' win rates (most bids first) and the entrants and exits by the years in which firms bid.</summary>
    private static (List<WinRate>, List<EntryExit>) WinRates(IReadOnlyList<BidderFact> bidderFacts, Dictionary<long, string> names)
    {
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

        return (winRates, entries);
    }

    /// <summary>Each tenderer's spend and its largest supplier, over the selected awards (most dependent first).</summary>
    private static List<Dependence> DependenceOf(AnalysisSelection selection, Dictionary<long, string> names)
    {
        var c = selection.Columns;

        // Each tenderer's spend and its largest supplier (the smaller id on a tie), a run of firms per tenderer.
        var dependence = new List<Dependence>();
        var order = c.ByTendererWinner(selection);
        for (var i = 0; i < order.Length;)
        {
            var tenderer = c.Tenderer[order[i]];
            var spend = default(AmountSum);
            (long Firm, decimal Amount)? top = null;
            while (i < order.Length && c.Tenderer[order[i]] == tenderer)
            {
                var firm = c.Winner[order[i]];
                var sum = default(AmountSum);
                for (; i < order.Length && c.Tenderer[order[i]] == tenderer && c.Winner[order[i]] == firm; i++)
                {
                    sum.Add(c.Award, order[i]);
                }

                if (sum.Count > 0)
                {
                    spend.Add(sum);
                    if (top is not { } t || sum.Sum > t.Amount)
                    {
                        top = (firm, sum.Sum);
                    }
                }
            }

            if (spend.Count >= 2 && top is { } supplier)
            {
                var id = c.TendererIds[tenderer];
                dependence.Add(new Dependence(id, c.FirmName(id) ?? "—", spend.Count, spend.Sum, supplier.Firm, names[supplier.Firm], supplier.Amount,
                    Stats.Percent(supplier.Amount, spend.Sum)));
            }
        }

        return [.. dependence.OrderByDescending(d => d.Share).ThenByDescending(d => d.Spend).ThenBy(d => d.TendererId)];

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
