namespace Jianguan.Features.Analysis;

/// <summary>The few statistics the analyses use, on decimals, defined once so that pages, API and report agree.</summary>
public static class Stats
{
    public static decimal? Mean(IReadOnlyCollection<decimal> values) =>
        values.Count == 0 ? null : Round(values.Sum() / values.Count);

    /// <summary>Median: the middle value, or the mean of the two middle values.</summary>
    public static decimal? Median(IEnumerable<decimal> values) => Quantile(values, 0.5m);

    /// <summary>
    /// Quantile by linear interpolation between closest ranks (Excel QUARTILE.INC, R type 7): position
    /// p × (n − 1) in the sorted values, counted from 0.
    /// </summary>
    public static decimal? Quantile(IEnumerable<decimal> values, decimal p)
    {
        return QuantileOfSorted(values.Order().ToList(), p);
    }

    /// <summary>
    /// <see cref="Quantile"/> of values already in ascending order (no copy, no sort): the analyses sort a column once
    /// (stably, as <see cref="Quantile"/> does: equal values of another scale keep their order) and take every group's
    /// quantiles from its part.
    /// </summary>
    public static decimal? QuantileOfSorted(IReadOnlyList<decimal> sorted, decimal p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return null;
        }

        var (lower, upper) = QuantileRanks(sorted.Count, p);
        return Interpolate(sorted.Count, p, sorted[lower], sorted[upper]);
    }

    /// <summary>The two ranks (from 0) of n sorted values that <see cref="Quantile"/> interpolates between.</summary>
    public static (int Lower, int Upper) QuantileRanks(int n, decimal p)
    {
        var lower = (int)Math.Floor(p * (n - 1));
        return (lower, Math.Min(lower + 1, n - 1));
    }

    /// <summary><see cref="Quantile"/> from the values at its two ranks (<see cref="QuantileRanks"/>).</summary>
    public static decimal Interpolate(int n, decimal p, decimal atLower, decimal atUpper)
    {
        var position = p * (n - 1);
        return Round(atLower + ((position - Math.Floor(position)) * (atUpper - atLower)));
    }

    /// <summary>Coefficient of variation in percent: population standard deviation over the mean.</summary>
    public static decimal? Dispersion(IReadOnlyCollection<decimal> values)
    {
        if (values.Count < 2)
        {
            return null;
        }

        var mean = values.Sum() / values.Count;
        if (mean <= 0m)
        {
            return null;
        }

        var variance = values.Sum(v => (v - mean) * (v - mean)) / values.Count;
        return Round((decimal)Math.Sqrt((double)variance) / mean * 100m);
    }

    /// <summary>Part over whole in percent, or null when the whole is zero.</summary>
    public static decimal? Percent(decimal part, decimal whole) => whole == 0m ? null : Round(part / whole * 100m);

    public static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
