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
        var dispersion = sections.ToDictionary(s => s.SectionId, s => SectionDispersion(data, s.SectionId));
        var withDiscount = sections.Where(s => s.Discount is not null).ToList();
        var discounts = withDiscount.Select(s => s.Discount!.Value).ToList();
        var reference = withDiscount.Sum(s => s.Reference!.Value);
        var award = withDiscount.Sum(s => s.AwardAmount!.Value);

        // Savings against budget: projects with a budget whose sections (in the filter) are all awarded.
        var budgetProjects = sections.GroupBy(s => s.ProjectId)
            .Where(g => g.First().Budget is > 0m && g.All(s => s.AwardAmount is not null))
            .ToList();
        var budget = budgetProjects.Sum(g => g.First().Budget!.Value);
        var budgetAward = budgetProjects.Sum(g => g.Sum(s => s.AwardAmount!.Value));
        var allDispersion = dispersion.Values.OfType<decimal>().ToList();

        var summary = new PriceSummary(
            sections.Count, sections.Count(s => s.Awarded), withDiscount.Count, Stats.Mean(discounts), Stats.Median(discounts),
            reference, award, reference - award, Stats.Percent(reference - award, reference), budgetProjects.Count, budget, budgetAward,
            budget - budgetAward, Stats.Mean(allDispersion));

        var fences = new List<CategoryFences>();
        var outliers = new List<PriceOutlier>();
        foreach (var category in withDiscount.GroupBy(s => s.Category).OrderBy(g => g.Key))
        {
            if (category.Count() < MinSectionsForFences)
            {
                continue;
            }

            var values = category.Select(s => s.Discount!.Value).ToList();
            var q1 = Stats.Quantile(values, 0.25m)!.Value;
            var q3 = Stats.Quantile(values, 0.75m)!.Value;
            var iqr = q3 - q1;
            var lower = Stats.Round(q1 - (1.5m * iqr));
            var upper = Stats.Round(q3 + (1.5m * iqr));
            var found = category
                .Where(s => s.Discount < lower || s.Discount > upper)
                .OrderBy(s => s.Discount)
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
                var values = g.Select(s => dispersion[s.SectionId]).OfType<decimal>().ToList();
                return new DispersionPoint(g.Key, values.Count, Stats.Mean(values));
            })
            .ToList();

        return new PriceAnalysisResult(
            summary,
            Groups(sections, s => s.Category.ToString(), s => TradingLabels.CategoryName(s.Category)),
            [.. Groups(sections.Where(s => s.Month is not null), s => s.Month!, s => s.Month!).OrderBy(g => g.Key, StringComparer.Ordinal)],
            Groups(sections, s => s.Region ?? "", s => AnalysisLabels.Region(s.Region)),
            [.. Groups(sections.Where(s => s.TendererId is not null), s => s.TendererId!.Value.ToString(CultureInfo.InvariantCulture), s => s.TendererName ?? "—").Take(TopGroups)],
            [.. Groups(sections.Where(s => s.AgencyId is not null), s => s.AgencyId!.Value.ToString(CultureInfo.InvariantCulture), s => s.AgencyName ?? "—").Take(TopGroups)],
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

    /// <summary>Groups sorted by the number of sections, then by label.</summary>
    private static List<PriceGroup> Groups(IEnumerable<SectionFact> sections, Func<SectionFact, string> key, Func<SectionFact, string> label) =>
    [
        .. sections.GroupBy(key)
            .Select(g =>
            {
                var priced = g.Where(s => s.Discount is not null).ToList();
                var reference = priced.Sum(s => s.Reference!.Value);
                var award = priced.Sum(s => s.AwardAmount!.Value);
                var values = priced.Select(s => s.Discount!.Value).ToList();
                return new PriceGroup(g.Key, label(g.First()), g.Count(), g.Count(s => s.Awarded), Stats.Mean(values), Stats.Median(values),
                    reference, award, reference - award, Stats.Percent(reference - award, reference));
            })
            .OrderByDescending(g => g.Sections)
            .ThenBy(g => g.Label, StringComparer.Ordinal),
    ];
}
