using Jianguan.Features.Trading;

namespace Jianguan.Features.Analysis;

/// <summary>Discount and savings of a group of sections (a category, a month, a tenderer …).</summary>
public sealed record PriceGroup(
    string Key, string Label, int Sections, int Awarded, decimal? MeanDiscount, decimal? MedianDiscount, decimal Reference,
    decimal Award, decimal Savings, decimal? SavingsRate);

/// <summary>A bar of the discount distribution: [Low, High) in percent; open-ended where null.</summary>
public sealed record DiscountBin(int Index, string Label, decimal? Low, decimal? High, int Sections);

/// <summary>Tukey's fences of one category's discounts: Q1 − 1.5 IQR and Q3 + 1.5 IQR.</summary>
public sealed record CategoryFences(
    string Category, string CategoryName, int Sections, decimal Q1, decimal Q3, decimal LowerFence, decimal UpperFence, int Outliers);

/// <summary>A section whose winning price is an outlier for its category: "偏高" below the lower fence, "偏低" above the upper.</summary>
public sealed record PriceOutlier(
    long SectionId, string ProjectCode, string SectionCode, string? Name, string CategoryName, decimal Discount, string Side,
    decimal LowerFence, decimal UpperFence);

/// <summary>Mean bid dispersion (coefficient of variation of valid bid prices) of the sections of a month.</summary>
public sealed record DispersionPoint(string Month, int Sections, decimal? MeanDispersion);

public sealed record PriceSummary(
    int Sections, int Awarded, int WithDiscount, decimal? MeanDiscount, decimal? MedianDiscount, decimal Reference, decimal Award,
    decimal Savings, decimal? SavingsRate, int BudgetProjects, decimal Budget, decimal BudgetAward, decimal BudgetSavings,
    decimal? MeanDispersion);

/// <summary>价格分析 (issue 15, item 1).</summary>
public sealed record PriceAnalysisResult(
    PriceSummary Summary, IReadOnlyList<PriceGroup> ByCategory, IReadOnlyList<PriceGroup> ByMonth, IReadOnlyList<PriceGroup> ByRegion,
    IReadOnlyList<PriceGroup> ByTenderer, IReadOnlyList<PriceGroup> ByAgency, IReadOnlyList<DiscountBin> Distribution,
    IReadOnlyList<CategoryFences> Fences, IReadOnlyList<PriceOutlier> Outliers, IReadOnlyList<DispersionPoint> Dispersion);

public static class PriceAnalysis
{
    /// <summary>Groups beyond this many (by sections) are left out of the tenderer and agency tables.</summary>
    public const int TopGroups = 20;

    /// <summary>Bin edges of the discount distribution, in percent.</summary>
    public static IReadOnlyList<decimal> BinEdges { get; } = [0m, 5m, 10m, 15m, 20m, 25m, 30m];

    /// <summary>A category needs this many discounts before outliers are named.</summary>
    public const int MinSectionsForFences = 4;

    public static PriceAnalysisResult Compute(AnalysisDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Compute(AnalysisSelection.All(AnalysisColumns.Of(data)));
    }

    /// <summary>
    /// The figures of the selected rows. Every quantile comes from one walk of the rows sorted by discount
    /// (<see cref="AnalysisColumns.ByDiscount"/>): a group's discounts arrive in order, so its ranks are counted, not
    /// sorted.
    /// </summary>
    public static PriceAnalysisResult Compute(AnalysisSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var c = selection.Columns;
        var selected = selection.Selected;
        var rows = selection.Rows;
        var ranked = new List<int>(c.ByDiscount.Length);
        foreach (var row in c.ByDiscount)
        {
            if (selected[row])
            {
                ranked.Add(row);
            }
        }

        var awarded = 0;
        var dispersion = new MeanSum();
        foreach (var row in rows)
        {
            awarded += c.Awarded[row] ? 1 : 0;
            dispersion.Add(c.Dispersion[row]);
        }

        // Savings against budget: projects with a budget (their first selected section's) whose selected sections are
        // all awarded.
        var projectFirst = new int[c.Projects];
        Array.Fill(projectFirst, -1);
        var projectAllAwarded = new bool[c.Projects];
        var projectAward = new decimal[c.Projects];
        foreach (var row in rows)
        {
            var p = c.Project[row];
            if (projectFirst[p] < 0)
            {
                projectFirst[p] = row;
                projectAllAwarded[p] = true;
            }

            if (c.Award[row] is { } amount)
            {
                projectAward[p] += amount;
            }
            else
            {
                projectAllAwarded[p] = false;
            }
        }

        var budgetProjects = 0;
        var budget = 0m;
        var budgetAward = 0m;
        for (var p = 0; p < c.Projects; p++)
        {
            if (projectFirst[p] >= 0 && c.Budget[projectFirst[p]] is > 0m and var b && projectAllAwarded[p])
            {
                budgetProjects++;
                budget += b;
                budgetAward += projectAward[p];
            }
        }

        var whole = RankedGroups.Of(c, ranked, 1, _ => 0, 0.5m);
        var reference = whole.Reference[0];
        var award = whole.Award[0];
        var summary = new PriceSummary(
            rows.Length, awarded, ranked.Count, whole.Mean(0), whole.Quantile(0, 0), reference, award, reference - award,
            Stats.Percent(reference - award, reference), budgetProjects, budget, budgetAward, budget - budgetAward, dispersion.Mean);

        // Tukey's fences per category, then the category's rows beyond them in ascending order of discount.
        var categories = Enum.GetValues<TradingCategory>();
        var categoryCount = (int)categories.Max() + 1;
        var quartiles = RankedGroups.Of(c, ranked, categoryCount, row => (int)c.Category[row], 0.25m, 0.75m);
        var fences = new List<CategoryFences>();
        var outliers = new List<PriceOutlier>();
        var bounds = new (decimal Lower, decimal Upper)?[categoryCount];
        foreach (var category in categories.Order())
        {
            var k = (int)category;
            if (quartiles.Count[k] < MinSectionsForFences)
            {
                continue;
            }

            var q1 = quartiles.Quantile(k, 0)!.Value;
            var q3 = quartiles.Quantile(k, 1)!.Value;
            var iqr = q3 - q1;
            bounds[k] = (Stats.Round(q1 - (1.5m * iqr)), Stats.Round(q3 + (1.5m * iqr)));
        }

        var found = Enumerable.Range(0, categoryCount).Select(_ => new List<PriceOutlier>()).ToArray();
        foreach (var row in ranked)
        {
            var k = (int)c.Category[row];
            if (bounds[k] is not var (lower, upper) || c.Discount[row] is not { } d || (d >= lower && d <= upper))
            {
                continue;
            }

            var (projectCode, sectionCode, name) = c.Text(row);
            found[k].Add(new PriceOutlier(c.SectionId[row], projectCode, sectionCode, name, TradingLabels.CategoryName(c.Category[row]),
                Stats.Round(d), d < lower ? "中标价偏高" : "中标价偏低", lower, upper));
        }

        foreach (var category in categories.Order())
        {
            var k = (int)category;
            if (bounds[k] is var (lower, upper))
            {
                fences.Add(new CategoryFences(category.ToString(), TradingLabels.CategoryName(category), quartiles.Count[k], quartiles.Quantile(k, 0)!.Value,
                    quartiles.Quantile(k, 1)!.Value, lower, upper, found[k].Count));
                outliers.AddRange(found[k]);
            }
        }

        var bins = Bins();
        var binCounts = new int[bins.Count];
        foreach (var row in ranked)
        {
            var d = c.Discount[row]!.Value;
            for (var b = 0; b < bins.Count; b++)
            {
                if (InBin(bins[b], d))
                {
                    binCounts[b]++;
                }
            }
        }

        var months = new MeanSum[c.MonthKeys.Count];
        var monthRows = new int[c.MonthKeys.Count];
        foreach (var row in rows)
        {
            if (c.Month[row] is var m and >= 0)
            {
                monthRows[m]++;
                months[m].Add(c.Dispersion[row]);
            }
        }

        var dispersionByMonth = new List<DispersionPoint>();
        for (var m = 0; m < months.Length; m++)
        {
            if (monthRows[m] > 0)
            {
                dispersionByMonth.Add(new DispersionPoint(c.MonthKeys[m], months[m].Count, months[m].Mean));
            }
        }

        static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
        string Firm(long id) => c.FirmName(id) ?? "—";
        return new PriceAnalysisResult(
            summary,
            Groups(selection, ranked, categoryCount, row => (int)c.Category[row], k => ((TradingCategory)k).ToString(),
                k => TradingLabels.CategoryName((TradingCategory)k)),
            [.. Groups(selection, ranked, c.MonthKeys.Count, row => c.Month[row], k => c.MonthKeys[k], k => c.MonthKeys[k]).OrderBy(g => g.Key, StringComparer.Ordinal)],
            Groups(selection, ranked, c.RegionKeys.Count, row => c.Region[row], k => c.RegionKeys[k], k => AnalysisLabels.Region(c.RegionKeys[k])),
            [.. Groups(selection, ranked, c.TendererIds.Count, row => c.Tenderer[row], k => Id(c.TendererIds[k]), k => Firm(c.TendererIds[k])).Take(TopGroups)],
            [.. Groups(selection, ranked, c.AgencyIds.Count, row => c.Agency[row], k => Id(c.AgencyIds[k]), k => Firm(c.AgencyIds[k])).Take(TopGroups)],
            [.. bins.Select((b, i) => b with { Sections = binCounts[i] })], fences, outliers, dispersionByMonth);
    }

    /// <summary>Dispersion of the valid, priced bids of one section (null with fewer than two).</summary>
    public static decimal? SectionDispersion(AnalysisDataset data, long sectionId)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.FiguresOf(sectionId).Dispersion;
    }

    public static IReadOnlyList<DiscountBin> Bins()
    {
        var bins = new List<DiscountBin> { new(0, "上浮（<0%）", null, BinEdges[0], 0) };
        for (var i = 0; i < BinEdges.Count - 1; i++)
        {
            bins.Add(new DiscountBin(i + 1, $"{BinEdges[i]}%–{BinEdges[i + 1]}%", BinEdges[i], BinEdges[i + 1], 0));
        }

        bins.Add(new DiscountBin(BinEdges.Count, $"≥{BinEdges[^1]}%", BinEdges[^1], null, 0));
        return bins;
    }

    public static bool InBin(DiscountBin bin, decimal discount) =>
        (bin.Low is not { } low || discount >= low) && (bin.High is not { } high || discount < high);

    /// <summary>
    /// Groups of the selected rows (<paramref name="key"/> gives a row's group, −1 for none), sorted by the number of
    /// sections, then by label, groups of equal rank in the order first met. Discounts and amounts come from
    /// <paramref name="ranked"/> (the selected rows with a discount, in ascending order of it).
    /// </summary>
    private static List<PriceGroup> Groups(AnalysisSelection selection, IReadOnlyList<int> ranked, int groups, Func<int, int> key,
        Func<int, string> keyText, Func<int, string> label)
    {
        var c = selection.Columns;
        var sections = new int[groups];
        var awarded = new int[groups];
        var order = new List<int>();
        foreach (var row in selection.Rows)
        {
            var k = key(row);
            if (k < 0)
            {
                continue;
            }

            if (sections[k]++ == 0)
            {
                order.Add(k);
            }

            awarded[k] += c.Awarded[row] ? 1 : 0;
        }

        var sums = RankedGroups.Of(c, ranked, groups, key, 0.5m);
        return
        [
            .. order
                .Select(k => new PriceGroup(keyText(k), label(k), sections[k], awarded[k], sums.Mean(k), sums.Quantile(k, 0), sums.Reference[k],
                    sums.Award[k], sums.Reference[k] - sums.Award[k], Stats.Percent(sums.Reference[k] - sums.Award[k], sums.Reference[k])))
                .OrderByDescending(g => g.Sections)
                .ThenBy(g => g.Label, StringComparer.Ordinal),
        ];
    }

    /// <summary>A mean of the values present (<see cref="Stats.Mean"/>), summed as they come.</summary>
    private struct MeanSum
    {
        private decimal _sum;

        public int Count { get; private set; }

        public readonly decimal? Mean => Count == 0 ? null : Stats.Round(_sum / Count);

        public void Add(decimal? value)
        {
            if (value is { } v)
            {
                _sum += v;
                Count++;
            }
        }
    }

    /// <summary>
    /// Per group, over rows sorted by discount: the count, the sums of discount, reference and award, and the
    /// discounts at the ranks of the quantiles asked for, found in two walks (count, then pick).
    /// </summary>
    private sealed class RankedGroups
    {
        private readonly decimal[] _discount;
        private readonly decimal[,] _low;
        private readonly decimal[,] _high;
        private readonly decimal[] _p;

        private RankedGroups(int groups, decimal[] p)
        {
            Count = new int[groups];
            _discount = new decimal[groups];
            Reference = new decimal[groups];
            Award = new decimal[groups];
            _low = new decimal[groups, p.Length];
            _high = new decimal[groups, p.Length];
            _p = p;
        }

        public int[] Count { get; }

        public decimal[] Reference { get; }

        public decimal[] Award { get; }

        public static RankedGroups Of(AnalysisColumns c, IReadOnlyList<int> ranked, int groups, Func<int, int> key, params decimal[] p)
        {
            var g = new RankedGroups(groups, p);
            foreach (var row in ranked)
            {
                var k = key(row);
                if (k >= 0)
                {
                    g.Count[k]++;
                    g._discount[k] += c.Discount[row]!.Value;
                    g.Reference[k] += c.Reference[row]!.Value;
                    g.Award[k] += c.Award[row]!.Value;
                }
            }

            var ranks = new (int Lower, int Upper)[groups, p.Length];
            for (var k = 0; k < groups; k++)
            {
                for (var q = 0; q < p.Length; q++)
                {
                    ranks[k, q] = Stats.QuantileRanks(g.Count[k], p[q]);
                }
            }

            var seen = new int[groups];
            foreach (var row in ranked)
            {
                var k = key(row);
                if (k < 0)
                {
                    continue;
                }

                var rank = seen[k]++;
                for (var q = 0; q < p.Length; q++)
                {
                    if (rank == ranks[k, q].Lower)
                    {
                        g._low[k, q] = c.Discount[row]!.Value;
                    }

                    if (rank == ranks[k, q].Upper)
                    {
                        g._high[k, q] = c.Discount[row]!.Value;
                    }
                }
            }

            return g;
        }

        public decimal? Mean(int k) => Count[k] == 0 ? null : Stats.Round(_discount[k] / Count[k]);

        public decimal? Quantile(int k, int q) => Count[k] == 0 ? null : Stats.Interpolate(Count[k], _p[q], _low[k, q], _high[k, q]);
    }
}
