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
    decimal? MeanDispersion, int Outliers = 0);

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

    /// <summary>
    /// Outliers listed in a result by default (<see cref="PriceSummary.Outliers"/> counts them all; the drill-down and
    /// the export ask for every one): at a million sections a tenth of them may be outliers, more than a page or a
    /// dashboard's JSON should carry.
    /// </summary>
    public const int ListedOutliers = 200;

    /// <summary>The figures of a dataset's sections, kept with the dataset (per number of outliers listed).</summary>
    public static PriceAnalysisResult Compute(AnalysisDataset data, int listedOutliers = ListedOutliers)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Result(string.Create(CultureInfo.InvariantCulture, $"{nameof(PriceAnalysis)}:{listedOutliers}"),
            () => Compute(data.Columns(), listedOutliers));
    }

    /// <summary>
    /// The figures of the selected rows. Every quantile comes from one walk of the rows sorted by discount
    /// (<see cref="AnalysisColumns.ByDiscount"/>): a group's discounts arrive in order, so its ranks are counted, not
    /// sorted.
    /// </summary>
    public static PriceAnalysisResult Compute(AnalysisSelection selection, int listedOutliers = ListedOutliers)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var c = selection.Columns;
        var rows = selection.Rows;
        var ranked = selection.ByDiscount;

        var awarded = 0;
        var dispersion = default(AmountSum);
        foreach (var row in rows)
        {
            awarded += c.Awarded[row] ? 1 : 0;
            dispersion.Add(c.Dispersion, row);
        }

        // Savings against budget: projects with a budget (their first selected section's) whose selected sections are
        // all awarded, summed in whole ten-thousandths over the projects met. The arrays over every project are pooled
        // (fresh ones per request are large objects whose collections cost more than the walk): projectFirst is
        // cleared, the others are set when their project is first met.
        var projectFirst = System.Buffers.ArrayPool<int>.Shared.Rent(c.Projects); // the first selected row + 1, 0 when none
        Array.Clear(projectFirst, 0, c.Projects);
        var projectAllAwarded = System.Buffers.ArrayPool<bool>.Shared.Rent(c.Projects);
        var projectAward = System.Buffers.ArrayPool<AmountSum>.Shared.Rent(c.Projects);
        var met = new List<int>();
        foreach (var row in rows)
        {
            var p = c.Project[row];
            if (projectFirst[p] == 0)
            {
                met.Add(p);
                projectFirst[p] = row + 1;
                projectAllAwarded[p] = true;
                projectAward[p] = default;
            }

            if (c.Award.Has(row))
            {
                projectAward[p].Add(c.Award, row);
            }
            else
            {
                projectAllAwarded[p] = false;
            }
        }

        var budgetProjects = 0;
        var budget = default(AmountSum);
        var budgetAward = default(AmountSum);
        foreach (var p in met)
        {
            var first = projectFirst[p] - 1;
            if (projectAllAwarded[p] && c.Budget.Has(first) && c.Budget.Scaled[first] > 0)
            {
                budgetProjects++;
                budget.Add(c.Budget, first);
                budgetAward.Add(projectAward[p]);
            }
        }

        System.Buffers.ArrayPool<int>.Shared.Return(projectFirst);
        System.Buffers.ArrayPool<bool>.Shared.Return(projectAllAwarded);
        System.Buffers.ArrayPool<AmountSum>.Shared.Return(projectAward);

        var whole = RankedGroups.Of(selection, null, 1, 0.5m);
        var reference = whole.Reference[0].Sum;
        var award = whole.Award[0].Sum;
        var summary = new PriceSummary(
            rows.Length, awarded, ranked.Length, whole.Mean(0), whole.Quantile(0, 0), reference, award, reference - award,
            Stats.Percent(reference - award, reference), budgetProjects, budget.Sum, budgetAward.Sum, budget.Sum - budgetAward.Sum, dispersion.Mean);

        // Tukey's fences per category, then the category's rows beyond them in ascending order of discount.
        var categories = Enum.GetValues<TradingCategory>();
        var categoryCount = (int)categories.Max() + 1;
        var quartiles = RankedGroups.Of(selection, c.Category, categoryCount, 0.25m, 0.75m);
        var fences = new List<CategoryFences>();
        var outliers = new List<PriceOutlier>();
        var bounds = new (decimal Lower, decimal Upper)?[categoryCount];
        foreach (var category in categories.Order())
        {
            var k = (int)category;
            if (quartiles.Count(k) < MinSectionsForFences)
            {
                continue;
            }

            var q1 = quartiles.Quantile(k, 0)!.Value;
            var q3 = quartiles.Quantile(k, 1)!.Value;
            var iqr = q3 - q1;
            bounds[k] = (Stats.Round(q1 - (1.5m * iqr)), Stats.Round(q3 + (1.5m * iqr)));
        }

        // The fences (two places) compared as whole ten-thousandths, as the column holds the discounts.
        var scaledBounds = Array.ConvertAll(bounds, b => b is var (l, u) ? (AmountColumn.ScaledOf(l), AmountColumn.ScaledOf(u)) : ((Int128, Int128)?)null);
        var found = Enumerable.Range(0, categoryCount).Select(_ => new List<int>()).ToArray();
        foreach (var row in ranked)
        {
            var k = c.Category[row];
            if (scaledBounds[k] is var (low, high) && c.Discount.Scaled[row] is var scaled && (scaled < low || scaled > high))
            {
                found[k].Add(row);
            }
        }

        // Listed in category order, each category's in ascending order of discount, up to the number asked for.
        PriceOutlier Outlier(int row)
        {
            var k = c.Category[row];
            var (lower, upper) = bounds[k]!.Value;
            var d = c.Discount.Value(row);
            var (projectCode, sectionCode, name) = c.Text(row);
            return new PriceOutlier(c.SectionId[row], projectCode, sectionCode, name, TradingLabels.CategoryName((TradingCategory)k),
                Stats.Round(d), d < lower ? "中标价偏高" : "中标价偏低", lower, upper);
        }

        foreach (var category in categories.Order())
        {
            var k = (int)category;
            if (bounds[k] is var (lower, upper))
            {
                fences.Add(new CategoryFences(category.ToString(), TradingLabels.CategoryName(category), quartiles.Count(k), quartiles.Quantile(k, 0)!.Value,
                    quartiles.Quantile(k, 1)!.Value, lower, upper, found[k].Count));
                outliers.AddRange(found[k].Take(Math.Max(0, listedOutliers - outliers.Count)).Select(Outlier));
            }
        }

        // The rows are in ascending order of discount: a bin's count is the difference of two ranks.
        int Below(decimal? edge)
        {
            if (edge is not { } e)
            {
                return ranked.Length;
            }

            var (lo, hi) = (0, ranked.Length);
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                (lo, hi) = c.Discount.Value(ranked[mid]) < e ? (mid + 1, hi) : (lo, mid);
            }

            return lo;
        }

        var bins = Bins();
        var binCounts = bins.Select(b => Below(b.High) - (b.Low is null ? 0 : Below(b.Low))).ToArray();

        var months = new AmountSum[c.MonthKeys.Count];
        var monthRows = new int[c.MonthKeys.Count];
        foreach (var row in rows)
        {
            if (c.Month[row] is var m and >= 0)
            {
                monthRows[m]++;
                months[m].Add(c.Dispersion, row);
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
        Func<List<PriceGroup>>[] dimensions =
        [
            () => Groups(selection, c.Category, categoryCount, k => ((TradingCategory)k).ToString(), k => TradingLabels.CategoryName((TradingCategory)k)),
            () => [.. Groups(selection, c.Month, c.MonthKeys.Count, k => c.MonthKeys[k], k => c.MonthKeys[k]).OrderBy(g => g.Key, StringComparer.Ordinal)],
            () => Groups(selection, c.Region, c.RegionKeys.Count, k => c.RegionKeys[k], k => AnalysisLabels.Region(c.RegionKeys[k])),
            () => [.. Groups(selection, c.Tenderer, c.TendererIds.Count, k => Id(c.TendererIds[k]), k => Firm(c.TendererIds[k])).Take(TopGroups)],
            () => [.. Groups(selection, c.Agency, c.AgencyIds.Count, k => Id(c.AgencyIds[k]), k => Firm(c.AgencyIds[k])).Take(TopGroups)],
        ];
        var groups = new List<PriceGroup>[dimensions.Length];
        Parallel.For(0, dimensions.Length, i => groups[i] = dimensions[i]());
        return new PriceAnalysisResult(
            summary with { Outliers = found.Sum(f => f.Count) }, groups[0], groups[1], groups[2], groups[3], groups[4],
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
    /// sections, then by label, groups of equal rank in the order first met; discounts and amounts of the rows with a
    /// discount.
    /// </summary>
    private static List<PriceGroup> Groups(AnalysisSelection selection, int[] key, int groups,
        Func<int, string> keyText, Func<int, string> label)
    {
        var c = selection.Columns;
        var sections = new int[groups];
        var awarded = new int[groups];
        var order = new List<int>();
        foreach (var row in selection.Rows)
        {
            var k = key[row];
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

        var sums = RankedGroups.Of(selection, key, groups, 0.5m);
        return
        [
            .. order
                .Select(k => (k, Reference: sums.Reference[k].Sum, Award: sums.Award[k].Sum))
                .Select(g => new PriceGroup(keyText(g.k), label(g.k), sections[g.k], awarded[g.k], sums.Mean(g.k), sums.Quantile(g.k, 0), g.Reference,
                    g.Award, g.Reference - g.Award, Stats.Percent(g.Reference - g.Award, g.Reference)))
                .OrderByDescending(g => g.Sections)
                .ThenBy(g => g.Label, StringComparer.Ordinal),
        ];
    }

    /// <summary>
    /// Per group, over rows sorted by discount: the count, the sums of discount, reference and award, and the
    /// discounts at the ranks of the quantiles asked for, found in two walks (count, then pick).
    /// </summary>
    private sealed class RankedGroups
    {
        private readonly AmountSum[] _discount;
        private readonly decimal[,] _low;
        private readonly decimal[,] _high;
        private readonly decimal[] _p;

        private RankedGroups(int groups, decimal[] p)
        {
            _discount = new AmountSum[groups];
            Reference = new AmountSum[groups];
            Award = new AmountSum[groups];
            _low = new decimal[groups, p.Length];
            _high = new decimal[groups, p.Length];
            _p = p;
        }

        public AmountSum[] Reference { get; }

        public AmountSum[] Award { get; }

        public int Count(int k) => _discount[k].Count;

        /// <summary>Sums in row order, then the quantiles' values in one walk of the discount order (keys read in that order).</summary>
        public static RankedGroups Of(AnalysisSelection selection, int[]? key, int groups, params decimal[] p)
        {
            var c = selection.Columns;
            var g = new RankedGroups(groups, p);
            foreach (var row in selection.Rows)
            {
                var k = key is null ? 0 : key[row];
                if (k >= 0 && c.Discount.Has(row))
                {
                    g._discount[k].Add(c.Discount, row);
                    g.Reference[k].Add(c.Reference, row);
                    g.Award[k].Add(c.Award, row);
                }
            }

            var ranks = new (int Lower, int Upper)[groups, p.Length];
            for (var k = 0; k < groups; k++)
            {
                for (var q = 0; q < p.Length; q++)
                {
                    ranks[k, q] = Stats.QuantileRanks(g.Count(k), p[q]);
                }
            }

            var seen = new int[groups];
            if (selection.Small)
            {
                // A small selection walks its own rows in discount order.
                foreach (var row in selection.ByDiscount)
                {
                    g.Pick(key is null ? 0 : key[row], row, seen, ranks, c);
                }

                return g;
            }

            var order = c.ByDiscount;
            var keys = key is null ? null : c.InDiscountOrder(key);
            var selected = selection.Selected;
            for (var i = 0; i < order.Length; i++)
            {
                if (selected[order[i]])
                {
                    g.Pick(keys is null ? 0 : keys[i], order[i], seen, ranks, c);
                }
            }

            return g;
        }

        /// <summary>The next row of a group in discount order: its discount kept when its rank is one a quantile needs.</summary>
        private void Pick(int k, int row, int[] seen, (int Lower, int Upper)[,] ranks, AnalysisColumns c)
        {
            if (k < 0)
            {
                return;
            }

            var rank = seen[k]++;
            for (var q = 0; q < _p.Length; q++)
            {
                if (rank == ranks[k, q].Lower)
                {
                    _low[k, q] = c.Discount.Value(row);
                }

                if (rank == ranks[k, q].Upper)
                {
                    _high[k, q] = c.Discount.Value(row);
                }
            }
        }

        public decimal? Mean(int k) => _discount[k].Mean;

        public decimal? Quantile(int k, int q) => Count(k) == 0 ? null : Stats.Interpolate(Count(k), _p[q], _low[k, q], _high[k, q]);
    }
}
