using Jianguan.Analytics.Data;

namespace Jianguan.Analytics.Rules;

/// <summary>
/// Per-section facts computed in a first pass (screens, winner, discount), and the market's distribution of them:
/// red flags compare a section with its category ("winning discount unusually low for road works"), since what is
/// normal differs between markets (Chinese 合理低价 evaluation packs bids far tighter than Swiss road tenders).
/// </summary>
public sealed class MarketNorms
{
    /// <summary>Below this many sections a category borrows the whole market's distribution.</summary>
    public const int MinCategorySize = 200;

    /// <summary>Below this many sections in the whole market, only the absolute thresholds apply.</summary>
    public const int MinMarketSize = 50;

    public required double[] Cv { get; init; }
    public required double[] Spread { get; init; }
    public required double[] Rd { get; init; }
    public required double[] Kurtosis { get; init; }
    public required double[] Skewness { get; init; }
    public required double[] SubsetCvMean { get; init; }
    public required double[] BidToEstimate { get; init; }
    public required int[] ScreenN { get; init; }
    public required int[] Winner { get; init; }
    public required double[] Discount { get; init; }
    public required int[] Distinct { get; init; }

    /// <summary>Quantiles per category (index category + 1; 0 is the whole market).</summary>
    public required Dictionary<string, double[]> Quantile { get; init; }

    public double Q(string name, int category)
    {
        var q = Quantile[name];
        var v = category + 1 < q.Length ? q[category + 1] : double.NaN;
        return double.IsNaN(v) ? q[0] : v;
    }

    public static Dictionary<string, double[]> ComputeQuantiles(BidTable t, MarketNormsInput input)
    {
        var cats = t.Categories.Length;
        var members = new List<int>[cats + 1];
        for (var c = 0; c <= cats; c++)
        {
            members[c] = [];
        }

        for (var s = 0; s < t.SectionCount; s++)
        {
            members[0].Add(s);
            if (t.Category[s] >= 0)
            {
                members[t.Category[s] + 1].Add(s);
            }
        }

        var distinct = new double[input.Distinct.Length];
        for (var s = 0; s < distinct.Length; s++)
        {
            distinct[s] = input.Distinct[s] > 0 ? input.Distinct[s] : double.NaN;
        }

        // Each column is filtered and sorted once per category (cv, rd and the discount give several quantiles), the
        // columns and categories side by side.
        var columns = new (double[] Values, bool Screened, (string Name, double P)[] Quantiles)[]
        {
            (input.Cv, true, [("cv.p10", 0.10), ("cv.p05", 0.05)]),
            (input.Spread, true, [("spread.p10", 0.10)]),
            (input.Rd, true, [("rd.p90", 0.90), ("rd.p95", 0.95)]),
            (input.Kurtosis, true, [("kurt.p90", 0.90)]),
            (input.Skewness, true, [("skew.p10", 0.10)]),
            (input.SubsetCvMean, true, [("subsetcv.p10", 0.10)]),
            (input.BidToEstimate, false, [("b2e.p95", 0.95)]),
            (input.Discount, false, [("discount.p10", 0.10), ("discount.q1", 0.25), ("discount.q3", 0.75)]),
            (distinct, false, [("distinct.median", 0.5)]),
        };
        var quantiles = new double[columns.Length][][];
        for (var k = 0; k < columns.Length; k++)
        {
            quantiles[k] = new double[columns[k].Quantiles.Length][];
            for (var j = 0; j < quantiles[k].Length; j++)
            {
                quantiles[k][j] = new double[cats + 1];
            }
        }

        Parallel.For(0, columns.Length * (cats + 1), item =>
        {
            var (k, c) = Math.DivRem(item, cats + 1);
            var (values, screened, wanted) = columns[k];
            var buffer = new List<double>();
            foreach (var s in members[c])
            {
                if (double.IsFinite(values[s]) && (!screened || input.ScreenN[s] >= 4))
                {
                    buffer.Add(values[s]);
                }
            }

            if (buffer.Count < (c == 0 ? MinMarketSize : MinCategorySize))
            {
                for (var j = 0; j < wanted.Length; j++)
                {
                    quantiles[k][j][c] = double.NaN;
                }

                return;
            }

            var arr = buffer.ToArray();
            Array.Sort(arr);
            for (var j = 0; j < wanted.Length; j++)
            {
                quantiles[k][j][c] = QuantileSorted(arr, wanted[j].P);
            }
        });

        var result = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (var k = 0; k < columns.Length; k++)
        {
            for (var j = 0; j < columns[k].Quantiles.Length; j++)
            {
                result[columns[k].Quantiles[j].Name] = quantiles[k][j];
            }
        }

        return result;
    }

    /// <summary>Linear interpolation between order statistics (pandas' default).</summary>
    public static double QuantileSorted(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}

public sealed record MarketNormsInput(double[] Cv, double[] Spread, double[] Rd, double[] Kurtosis, double[] Skewness,
    double[] SubsetCvMean, double[] BidToEstimate, int[] ScreenN, double[] Discount, int[] Distinct);

/// <summary>
/// The market's quantiles (<see cref="MarketNorms.Quantile"/>) by category name rather than by a table's category
/// index, kept from a whole-market run: a small table (the sections of one push and their bidders' history) is then
/// judged against the whole market's norms instead of its own few sections (<see cref="EngineOptions.Quantiles"/>).
/// </summary>
public sealed class MarketQuantiles
{
    /// <summary>Each quantile over the whole market (NaN: too few sections).</summary>
    public required IReadOnlyDictionary<string, double> Market { get; init; }

    /// <summary>Each quantile per category name; a category absent or NaN borrows the market's value.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> ByCategory { get; init; }

    /// <summary>How many sections the quantiles were computed over.</summary>
    public required int Sections { get; init; }

    /// <summary>The quantiles a run over <paramref name="t"/> computed, keyed by category name.</summary>
    public static MarketQuantiles From(BidTable t, IReadOnlyDictionary<string, double[]> quantile)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(quantile);
        var market = new Dictionary<string, double>(StringComparer.Ordinal);
        var byCategory = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        for (var c = 0; c < t.Categories.Length; c++)
        {
            byCategory[t.Categories[c]] = new Dictionary<string, double>(StringComparer.Ordinal);
        }

        foreach (var (name, q) in quantile)
        {
            market[name] = q[0];
            for (var c = 0; c < t.Categories.Length && c + 1 < q.Length; c++)
            {
                ((Dictionary<string, double>)byCategory[t.Categories[c]])[name] = q[c + 1];
            }
        }

        return new MarketQuantiles { Market = market, ByCategory = byCategory, Sections = t.SectionCount };
    }

    /// <summary>These quantiles indexed as <see cref="MarketNorms.Quantile"/> is for the table <paramref name="t"/>.</summary>
    public Dictionary<string, double[]> For(BidTable t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var result = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var (name, value) in Market)
        {
            var q = new double[t.Categories.Length + 1];
            q[0] = value;
            for (var c = 0; c < t.Categories.Length; c++)
            {
                q[c + 1] = ByCategory.TryGetValue(t.Categories[c], out var named) && named.TryGetValue(name, out var v) ? v : double.NaN;
            }

            result[name] = q;
        }

        return result;
    }
}
