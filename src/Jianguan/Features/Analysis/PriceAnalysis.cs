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
        var sections = data.Sections;

        // The discounts are sorted once (stably, as Stats.Quantile sorts); every group takes its sorted discounts from
        // this order, so no group sorts again.
        var ranked = sections.Where(s => s.Discount is not null).OrderBy(s => s.Discount!.Value).ToList();
        var discounts = ranked.ConvertAll(s => s.Discount!.Value);
        var reference = 0m;
        var award = 0m;
        foreach (var s in ranked)
        {
            reference += s.Reference!.Value;
            award += s.AwardAmount!.Value;
        }

        // Savings against budget: projects with a budget whose sections (in the filter) are all awarded.
        var budgetProjects = sections.GroupBy(s => s.ProjectId)
            .Where(g => g.First().Budget is > 0m && g.All(s => s.AwardAmount is not null))
            .ToList();
        var budget = budgetProjects.Sum(g => g.First().Budget!.Value);
        var budgetAward = budgetProjects.Sum(g => g.Sum(s => s.AwardAmount!.Value));
        var allDispersion = sections.Select(s => SectionDispersion(data, s.SectionId)).OfType<decimal>().ToList();

        var summary = new PriceSummary(
            sections.Count, sections.Count(s => s.Awarded), ranked.Count, Stats.Mean(discounts), Stats.QuantileOfSorted(discounts, 0.5m),
            reference, award, reference - award, Stats.Percent(reference - award, reference), budgetProjects.Count, budget, budgetAward,
            budget - budgetAward, Stats.Mean(allDispersion));

        var fences = new List<CategoryFences>();
        var outliers = new List<PriceOutlier>();
        foreach (var category in ranked.GroupBy(s => s.Category).OrderBy(g => g.Key))
        {
            var members = category.ToList();
            if (members.Count < MinSectionsForFences)
            {
                continue;
            }

            var values = members.ConvertAll(s => s.Discount!.Value);
            var q1 = Stats.QuantileOfSorted(values, 0.25m)!.Value;
            var q3 = Stats.QuantileOfSorted(values, 0.75m)!.Value;
            var iqr = q3 - q1;
            var lower = Stats.Round(q1 - (1.5m * iqr));
            var upper = Stats.Round(q3 + (1.5m * iqr));
            var found = members
                .Where(s => s.Discount < lower || s.Discount > upper)
                .Select(s => new PriceOutlier(
                    s.SectionId, s.ProjectCode, s.SectionCode, s.SectionName ?? s.ProjectName, TradingLabels.CategoryName(s.Category),
                    Stats.Round(s.Discount!.Value), s.Discount < lower ? "中标价偏高" : "中标价偏低", lower, upper))
                .ToList();
            fences.Add(new CategoryFences(category.Key.ToString(), TradingLabels.CategoryName(category.Key), values.Count, q1, q3, lower, upper, found.Count));
            outliers.AddRange(found);
        }

        var bins = Bins().Select(b => b with { Sections = discounts.Count(d => InBin(b, d)) }).ToList();

        var dispersionByMonth = sections.Where(s => s.Month is not null)
            .GroupBy(s => s.Month!)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var values = g.Select(s => SectionDispersion(data, s.SectionId)).OfType<decimal>().ToList();
                return new DispersionPoint(g.Key, values.Count, Stats.Mean(values));
            })
            .ToList();

        static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
        return new PriceAnalysisResult(
            summary,
            Groups(sections, ranked, _ => true, s => s.Category, k => k.ToString(), s => TradingLabels.CategoryName(s.Category)),
            [.. Groups(sections, ranked, s => s.Month is not null, s => s.Month!, k => k, s => s.Month!).OrderBy(g => g.Key, StringComparer.Ordinal)],
            Groups(sections, ranked, _ => true, s => s.Region ?? "", k => k, s => AnalysisLabels.Region(s.Region)),
            [.. Groups(sections, ranked, s => s.TendererId is not null, s => s.TendererId!.Value, Id, s => s.TendererName ?? "—").Take(TopGroups)],
            [.. Groups(sections, ranked, s => s.AgencyId is not null, s => s.AgencyId!.Value, Id, s => s.AgencyName ?? "—").Take(TopGroups)],
            bins, fences, outliers, dispersionByMonth);
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
    /// Groups of the sections <paramref name="included"/>, sorted by the number of sections, then by label. Counts come from
    /// <paramref name="sections"/> (the label from a group's first section), discounts and amounts from
    /// <paramref name="ranked"/> (the sections with a discount, in ascending order of it), so each group's discounts
    /// arrive sorted.
    /// </summary>
    private static List<PriceGroup> Groups<TKey>(IReadOnlyList<SectionFact> sections, IReadOnlyList<SectionFact> ranked, Func<SectionFact, bool> included,
        Func<SectionFact, TKey> key, Func<TKey, string> keyText, Func<SectionFact, string> label)
        where TKey : notnull
    {
        var groups = new Dictionary<TKey, GroupSums>();
        var order = new List<(TKey Key, GroupSums Sums)>();
        foreach (var s in sections)
        {
            if (!included(s))
            {
                continue;
            }

            var k = key(s);
            if (!groups.TryGetValue(k, out var sums))
            {
                sums = new GroupSums(label(s));
                groups.Add(k, sums);
                order.Add((k, sums));
            }

            sums.Sections++;
            if (s.Awarded)
            {
                sums.Awarded++;
            }
        }

        foreach (var s in ranked)
        {
            if (included(s))
            {
                var sums = groups[key(s)];
                sums.Reference += s.Reference!.Value;
                sums.Award += s.AwardAmount!.Value;
                sums.Discounts.Add(s.Discount!.Value);
            }
        }

        return
        [
            .. order
                .Select(g => new PriceGroup(keyText(g.Key), g.Sums.Label, g.Sums.Sections, g.Sums.Awarded, Stats.Mean(g.Sums.Discounts),
                    Stats.QuantileOfSorted(g.Sums.Discounts, 0.5m), g.Sums.Reference, g.Sums.Award, g.Sums.Reference - g.Sums.Award,
                    Stats.Percent(g.Sums.Reference - g.Sums.Award, g.Sums.Reference)))
                .OrderByDescending(g => g.Sections)
                .ThenBy(g => g.Label, StringComparer.Ordinal),
        ];
    }

    private sealed class GroupSums(string label)
    {
        public string Label { get; } = label;

        public int Sections { get; set; }

        public int Awarded { get; set; }

        public decimal Reference { get; set; }

        public decimal Award { get; set; }

        public List<decimal> Discounts { get; } = [];
    }
}
