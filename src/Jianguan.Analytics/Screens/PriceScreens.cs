using System.Buffers;
using System.Runtime.CompilerServices;

namespace Jianguan.Analytics.Screens;

/// <summary>
/// The price screens of one tender (section). Every value is scale-free, so tenders of any size and currency are
/// comparable. A screen that is undefined for the tender (too few bids, or a zero denominator such as identical
/// bids) is <see cref="double.NaN"/>; a ratio whose denominator is zero while its numerator is positive is
/// <see cref="double.PositiveInfinity"/> (e.g. RD when all losing bids are identical but the winner undercuts them,
/// the strongest cover-bidding pattern).
/// </summary>
/// <param name="N">Number of valid (finite, positive) bids.</param>
/// <param name="Cv">Coefficient of variation: sample standard deviation / mean (n ≥ 2).</param>
/// <param name="Spread">(max − min) / min (n ≥ 2).</param>
/// <param name="Diffp">(b2 − b1) / b1 of the two lowest bids (n ≥ 2).</param>
/// <param name="Rd">Relative distance: (b2 − b1) / sample sd of the losing bids (n ≥ 3).</param>
/// <param name="RdNor">(b2 − b1) / mean consecutive difference of all bids, i.e. (max − min)/(n − 1) (n ≥ 3).</param>
/// <param name="RdAlt">(b2 − b1) / mean consecutive difference of the losing bids, (max − b2)/(n − 2) (n ≥ 3).</param>
/// <param name="Skewness">Adjusted Fisher–Pearson sample skewness G1 (n ≥ 3), as pandas' <c>skew</c>.</param>
/// <param name="Kurtosis">Bias-corrected sample excess kurtosis G2 (n ≥ 4), as pandas' <c>kurt</c>.</param>
/// <param name="KsUniform">Kolmogorov–Smirnov statistic of the bids against the uniform law on [min, max] (n ≥ 3).</param>
/// <param name="BidToEstimate">Lowest bid / estimate (the winning price against the control price); NaN without an estimate.</param>
/// <param name="SubsetCvMean">Mean over the subsets of 3 and 4 bids of their CV (Wallimann, Imhof &amp; Huber 2022).</param>
/// <param name="SubsetCvMedian">Median subset CV.</param>
/// <param name="SubsetCvMin">Minimum subset CV.</param>
/// <param name="SubsetCvMax">Maximum subset CV.</param>
/// <param name="SubsetRdMean">Mean subset RD, over the subsets where RD is finite.</param>
/// <param name="SubsetRdMedian">Median subset RD (finite ones).</param>
/// <param name="SubsetRdMin">Minimum subset RD (finite ones).</param>
/// <param name="SubsetRdMax">Maximum subset RD (finite ones).</param>
/// <param name="SubsetSpreadMean">Mean subset spread.</param>
/// <param name="SubsetSpreadMedian">Median subset spread.</param>
/// <param name="SubsetSpreadMin">Minimum subset spread.</param>
/// <param name="SubsetSpreadMax">Maximum subset spread.</param>
/// <param name="SubsetDiffpMean">Mean subset DIFFP.</param>
/// <param name="SubsetDiffpMedian">Median subset DIFFP.</param>
/// <param name="SubsetDiffpMin">Minimum subset DIFFP.</param>
/// <param name="SubsetDiffpMax">Maximum subset DIFFP.</param>
/// <param name="SubsetCount">Number of subsets the subset screens were computed over (0 when n &lt; 3).</param>
public readonly record struct ScreenValues(
    int N,
    double Cv,
    double Spread,
    double Diffp,
    double Rd,
    double RdNor,
    double RdAlt,
    double Skewness,
    double Kurtosis,
    double KsUniform,
    double BidToEstimate,
    double SubsetCvMean,
    double SubsetCvMedian,
    double SubsetCvMin,
    double SubsetCvMax,
    double SubsetRdMean,
    double SubsetRdMedian,
    double SubsetRdMin,
    double SubsetRdMax,
    double SubsetSpreadMean,
    double SubsetSpreadMedian,
    double SubsetSpreadMin,
    double SubsetSpreadMax,
    double SubsetDiffpMean,
    double SubsetDiffpMedian,
    double SubsetDiffpMin,
    double SubsetDiffpMax,
    int SubsetCount);

/// <summary>
/// Price screens of Imhof (2019), Huber &amp; Imhof (2019) and the subset screens of Wallimann, Imhof &amp; Huber
/// (2022): collusion narrows the distribution of bids (low CV, spread, kurtosis) and cover bids widen the gap
/// between the winner and the rest while squeezing the losing bids together (high RD, negative skewness).
/// </summary>
/// <remarks>
/// Subset screens: every subset of 3 and of 4 bids is evaluated when there are at most <see cref="MaxSubsets"/>
/// of them (n ≤ 9); above that, <see cref="MaxSubsets"/>/2 subsets of each size are drawn (with replacement
/// between draws, distinct bids within a draw) from a SplitMix64 generator seeded by a constant and n only, so
/// the result depends on the bids alone and never on time, thread or call order. Subsets are taken from the
/// sorted bids, so each subset is itself sorted and its screens cost O(size).
/// </remarks>
public static class PriceScreens
{
    /// <summary>Upper bound on the number of 3- and 4-bid subsets evaluated per tender.</summary>
    public const int MaxSubsets = 256;

    /// <summary>Screens whose value per subset is kept (CV, RD, spread, DIFFP).</summary>
    private const int SubsetScreens = 4;

    /// <summary>Tenders up to this many bids are computed on the stack; larger ones borrow a pooled array.</summary>
    private const int StackBids = 128;

    /// <summary>The scratch length <see cref="Compute(ReadOnlySpan{double}, double?, Span{double})"/> needs for n bids.</summary>
    public static int ScratchLength(int bidCount) => bidCount + (SubsetScreens * MaxSubsets);

    /// <summary>Computes all screens; allocation-free (stack for small tenders, a pooled buffer otherwise).</summary>
    public static ScreenValues Compute(ReadOnlySpan<double> bids, double? estimate)
    {
        var length = ScratchLength(bids.Length);
        if (bids.Length <= StackBids)
        {
            Span<double> scratch = stackalloc double[length];
            return Compute(bids, estimate, scratch);
        }

        var rented = ArrayPool<double>.Shared.Rent(length);
        try
        {
            return Compute(bids, estimate, rented);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>Computes all screens using the caller's scratch (at least <see cref="ScratchLength"/> doubles).</summary>
    public static ScreenValues Compute(ReadOnlySpan<double> bids, double? estimate, Span<double> scratch)
    {
        if (scratch.Length < ScratchLength(bids.Length))
        {
            throw new ArgumentException("scratch is shorter than PriceScreens.ScratchLength(bids.Length)", nameof(scratch));
        }

        var n = 0;
        foreach (var b in bids)
        {
            if (double.IsFinite(b) && b > 0)
            {
                scratch[n++] = b;
            }
        }

        var sorted = scratch[..n];
        sorted.Sort();
        return ComputeSorted(sorted, estimate is { } e ? e : double.NaN, scratch[n..], out _);
    }

    /// <summary>
    /// The screens of bids already filtered (finite, positive) and sorted ascending. Afterwards <paramref name="work"/>
    /// (at least 4·<see cref="MaxSubsets"/> long) holds the per-subset values in the layout of
    /// <see cref="SubsetValues"/>, reordered; <paramref name="rdCount"/> is the number of finite subset RDs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ScreenValues ComputeSorted(ReadOnlySpan<double> sorted, double estimate, Span<double> work, out int rdCount)
    {
        var n = sorted.Length;
        rdCount = 0;
        var nan = double.NaN;
        var est = double.IsFinite(estimate) && estimate > 0 ? estimate : nan;
        var bidToEstimate = n > 0 ? sorted[0] / est : nan;
        if (n < 2)
        {
            return new ScreenValues(n, nan, nan, nan, nan, nan, nan, nan, nan, nan, bidToEstimate,
                nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, 0);
        }

        var b1 = sorted[0];
        var b2 = sorted[1];
        var max = sorted[n - 1];
        var gap = b2 - b1;

        var mean = 0.0;
        foreach (var b in sorted)
        {
            mean += b;
        }

        mean /= n;
        double m2 = 0, m3 = 0, m4 = 0;
        foreach (var b in sorted)
        {
            var d = b - mean;
            var d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }

        var sd = Math.Sqrt(m2 / (n - 1));
        var cv = sd / mean;
        var spread = (max - b1) / b1;
        var diffp = gap / b1;

        double rd = nan, rdNor = nan, rdAlt = nan, skew = nan, kurt = nan, ks = nan;
        if (n >= 3)
        {
            rd = gap / SampleSd(sorted[1..]);
            rdNor = gap / ((max - b1) / (n - 1));
            rdAlt = gap / ((max - b2) / (n - 2));

            // Central moments as population averages, then the small-sample corrections pandas and SAS use.
            var p2 = m2 / n;
            var p3 = m3 / n;
            var p4 = m4 / n;
            if (p2 > 0)
            {
                skew = Math.Sqrt((double)n * (n - 1)) / (n - 2) * (p3 / Math.Pow(p2, 1.5));
                if (n >= 4)
                {
                    var g2 = (p4 / (p2 * p2)) - 3;
                    kurt = (((n + 1) * g2) + 6) * (n - 1) / ((double)(n - 2) * (n - 3));
                }
            }

            ks = KsUniform(sorted);
        }

        var summaries = SubsetSummaries(sorted, work, out rdCount);
        return new ScreenValues(n, cv, spread, diffp, rd, rdNor, rdAlt, skew, kurt, ks, bidToEstimate,
            summaries.CvMean, summaries.CvMedian, summaries.CvMin, summaries.CvMax,
            summaries.RdMean, summaries.RdMedian, summaries.RdMin, summaries.RdMax,
            summaries.SpreadMean, summaries.SpreadMedian, summaries.SpreadMin, summaries.SpreadMax,
            summaries.DiffpMean, summaries.DiffpMedian, summaries.DiffpMin, summaries.DiffpMax,
            summaries.Count);
    }

    private static double SampleSd(ReadOnlySpan<double> values)
    {
        var mean = 0.0;
        foreach (var v in values)
        {
            mean += v;
        }

        mean /= values.Length;
        var ss = 0.0;
        foreach (var v in values)
        {
            ss += (v - mean) * (v - mean);
        }

        return Math.Sqrt(ss / (values.Length - 1));
    }

    /// <summary>D = max over i of max(i/n − F(b_i), F(b_i) − (i−1)/n) with F uniform on [min, max].</summary>
    private static double KsUniform(ReadOnlySpan<double> sorted)
    {
        var n = sorted.Length;
        var lo = sorted[0];
        var range = sorted[n - 1] - lo;
        if (!(range > 0))
        {
            return double.NaN;
        }

        var d = 0.0;
        for (var i = 0; i < n; i++)
        {
            var f = (sorted[i] - lo) / range;
            d = Math.Max(d, Math.Max(((i + 1.0) / n) - f, f - ((double)i / n)));
        }

        return d;
    }

    private readonly record struct Summaries(
        double CvMean, double CvMedian, double CvMin, double CvMax,
        double RdMean, double RdMedian, double RdMin, double RdMax,
        double SpreadMean, double SpreadMedian, double SpreadMin, double SpreadMax,
        double DiffpMean, double DiffpMedian, double DiffpMin, double DiffpMax,
        int Count);

    private static Summaries SubsetSummaries(ReadOnlySpan<double> sorted, Span<double> work, out int rdCount)
    {
        var nan = double.NaN;
        rdCount = 0;
        if (sorted.Length < 3)
        {
            return new Summaries(nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, 0);
        }

        (var count, rdCount) = SubsetValues(sorted, work);
        var cvs = work[..MaxSubsets];
        var rds = work.Slice(MaxSubsets, MaxSubsets);
        var spreads = work.Slice(2 * MaxSubsets, MaxSubsets);
        var diffps = work.Slice(3 * MaxSubsets, MaxSubsets);
        var (cvMean, cvMedian, cvMin, cvMax) = Summarise(cvs[..count]);
        var (rdMean, rdMedian, rdMin, rdMax) = Summarise(rds[..rdCount]);
        var (spMean, spMedian, spMin, spMax) = Summarise(spreads[..count]);
        var (dpMean, dpMedian, dpMin, dpMax) = Summarise(diffps[..count]);
        return new Summaries(cvMean, cvMedian, cvMin, cvMax, rdMean, rdMedian, rdMin, rdMax,
            spMean, spMedian, spMin, spMax, dpMean, dpMedian, dpMin, dpMax, count);
    }

    /// <summary>
    /// The per-subset values of the subset screens of sorted bids (n ≥ 3), in <paramref name="work"/> (at least
    /// 4·<see cref="MaxSubsets"/> long): CV at [0, count), RD at [MaxSubsets, MaxSubsets + rdCount) (finite ones
    /// only), spread at [2·MaxSubsets, …) and DIFFP at [3·MaxSubsets, …), both count long.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static (int Count, int RdCount) SubsetValues(ReadOnlySpan<double> sorted, Span<double> work)
    {
        var n = sorted.Length;
        var cvs = work[..MaxSubsets];
        var rds = work.Slice(MaxSubsets, MaxSubsets);
        var spreads = work.Slice(2 * MaxSubsets, MaxSubsets);
        var diffps = work.Slice(3 * MaxSubsets, MaxSubsets);
        var count = 0;
        var rdCount = 0;

        if (Choose(n, 3) + Choose(n, 4) <= MaxSubsets)
        {
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    for (var k = j + 1; k < n; k++)
                    {
                        Subset3(sorted[i], sorted[j], sorted[k], cvs, rds, spreads, diffps, ref count, ref rdCount);
                        for (var l = k + 1; l < n; l++)
                        {
                            Subset4(sorted[i], sorted[j], sorted[k], sorted[l], cvs, rds, spreads, diffps, ref count, ref rdCount);
                        }
                    }
                }
            }
        }
        else
        {
            var state = 0x9E3779B97F4A7C15UL ^ (ulong)n;
            for (var draw = 0; draw < MaxSubsets; draw++)
            {
                // Distinct indices by rejection, then a sorting network: the subset of a sorted array is sorted.
                int a = Draw(ref state, n), b, c, d = -1;
                do
                {
                    b = Draw(ref state, n);
                }
                while (b == a);

                do
                {
                    c = Draw(ref state, n);
                }
                while (c == a || c == b);

                Order(ref a, ref b);
                Order(ref b, ref c);
                Order(ref a, ref b);
                if (draw < MaxSubsets / 2)
                {
                    Subset3(sorted[a], sorted[b], sorted[c], cvs, rds, spreads, diffps, ref count, ref rdCount);
                    continue;
                }

                do
                {
                    d = Draw(ref state, n);
                }
                while (d == a || d == b || d == c);

                Order(ref c, ref d);
                Order(ref b, ref c);
                Order(ref a, ref b);
                Subset4(sorted[a], sorted[b], sorted[c], sorted[d], cvs, rds, spreads, diffps, ref count, ref rdCount);
            }
        }

        return (count, rdCount);
    }

    /// <summary>
    /// Standard deviation, first and third quartile (linear interpolation, as pandas) of each subset screen, after
    /// <see cref="ComputeSorted"/> left the values in <paramref name="work"/>: CV, RD, spread, DIFFP, three values
    /// each, into <paramref name="output"/> (12 long; NaN where there are no values). Linear time: the median
    /// selection already split each screen's values at the middle, so each quartile is selected within one half.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SubsetSpreads(in ScreenValues s, Span<double> work, int rdCount, Span<double> output)
    {
        var count = s.SubsetCount;
        Spread(work[..count], s.SubsetCvMean, output[..3]);
        Spread(work.Slice(MaxSubsets, rdCount), s.SubsetRdMean, output.Slice(3, 3));
        Spread(work.Slice(2 * MaxSubsets, count), s.SubsetSpreadMean, output.Slice(6, 3));
        Spread(work.Slice(3 * MaxSubsets, count), s.SubsetDiffpMean, output.Slice(9, 3));
    }

    private static void Spread(Span<double> values, double mean, Span<double> output)
    {
        var n = values.Length;
        if (n == 0)
        {
            output.Fill(double.NaN);
            return;
        }

        var ss = 0.0;
        foreach (var x in values)
        {
            ss += (x - mean) * (x - mean);
        }

        output[0] = n > 1 ? Math.Sqrt(ss / (n - 1)) : double.NaN;

        // Summarise selected the element at m = n/2: everything before it is ≤ it, everything after ≥ it.
        var m = n / 2;
        output[1] = HalfQuantile(values, m, 0.25);
        output[2] = HalfQuantile(values, m, 0.75);
    }

    private static double HalfQuantile(Span<double> values, int m, double q)
    {
        var pos = q * (values.Length - 1);
        var k = (int)Math.Floor(pos);
        if (k == m)
        {
            return pos == k || k + 1 >= values.Length ? values[m] : values[m] + ((pos - k) * (Min(values[(m + 1)..]) - values[m]));
        }

        // Select within the half that holds k; the next order statistic is the smallest value after it in that
        // half (or the middle element itself, which bounds the left half from above).
        var half = k < m ? values[..m] : values[(m + 1)..];
        var j = k < m ? k : k - m - 1;
        var low = Select(half, j);
        if (pos == k)
        {
            return low;
        }

        var next = j + 1 < half.Length ? Min(half[(j + 1)..]) : double.PositiveInfinity;
        if (k < m)
        {
            next = Math.Min(next, values[m]);
        }

        return low + ((pos - k) * (next - low));
    }

    private static double Min(ReadOnlySpan<double> values)
    {
        var min = double.PositiveInfinity;
        foreach (var v in values)
        {
            min = v < min ? v : min;
        }

        return min;
    }

    /// <summary>Mean, median, min and max in linear time (the median by quickselect, reordering the values).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double Mean, double Median, double Min, double Max) Summarise(Span<double> values)
    {
        if (values.IsEmpty)
        {
            return (double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var (sum, min, max) = SumMinMax(values);
        var m = values.Length / 2;
        var upper = Select(values, m);
        var median = values.Length % 2 == 1 ? upper : (Max(values[..m]) + upper) / 2;
        return (sum / values.Length, median, min, max);
    }

    /// <summary>Sum, minimum and maximum of values that are never NaN, several at a time (SIMD).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double Sum, double Min, double Max) SumMinMax(ReadOnlySpan<double> values)
    {
        var i = 0;
        double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        var width = System.Numerics.Vector<double>.Count;
        if (System.Numerics.Vector.IsHardwareAccelerated && values.Length >= 2 * width)
        {
            var vsum = System.Numerics.Vector<double>.Zero;
            var vmin = new System.Numerics.Vector<double>(double.PositiveInfinity);
            var vmax = new System.Numerics.Vector<double>(double.NegativeInfinity);
            for (; i + width <= values.Length; i += width)
            {
                var v = new System.Numerics.Vector<double>(values[i..]);
                vsum += v;
                vmin = System.Numerics.Vector.Min(vmin, v);
                vmax = System.Numerics.Vector.Max(vmax, v);
            }

            for (var k = 0; k < width; k++)
            {
                sum += vsum[k];
                min = vmin[k] < min ? vmin[k] : min;
                max = vmax[k] > max ? vmax[k] : max;
            }
        }

        for (; i < values.Length; i++)
        {
            var v = values[i];
            sum += v;
            min = v < min ? v : min;
            max = v > max ? v : max;
        }

        return (sum, min, max);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Max(ReadOnlySpan<double> values)
    {
        var max = double.NegativeInfinity;
        foreach (var v in values)
        {
            max = v > max ? v : max;
        }

        return max;
    }

    /// <summary>
    /// Quickselect: the k-th smallest value; afterwards everything before k is ≤ it and everything after ≥ it.
    /// Median-of-three pivot, a branch-free Lomuto partition (comparisons of such values are unpredictable, and a
    /// mispredicted branch per element would cost more than the element), insertion sort for short ranges.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double Select(Span<double> values, int k)
    {
        int lo = 0, hi = values.Length - 1;
        while (hi - lo > 16)
        {
            var mid = lo + ((hi - lo) >> 1);
            if (values[mid] < values[lo])
            {
                (values[mid], values[lo]) = (values[lo], values[mid]);
            }

            if (values[hi] < values[lo])
            {
                (values[hi], values[lo]) = (values[lo], values[hi]);
            }

            if (values[hi] < values[mid])
            {
                (values[hi], values[mid]) = (values[mid], values[hi]);
            }

            // The pivot waits at hi − 1 (values[hi] ≥ it already); [lo, store) collects the smaller values.
            var pivot = values[mid];
            (values[mid], values[hi - 1]) = (values[hi - 1], values[mid]);
            var store = lo;
            for (var i = lo; i < hi - 1; i++)
            {
                var v = values[i];
                values[i] = values[store];
                values[store] = v;
                store += v < pivot ? 1 : 0;
            }

            (values[store], values[hi - 1]) = (values[hi - 1], values[store]);
            if (k == store)
            {
                return values[k];
            }

            if (k < store)
            {
                hi = store - 1;
            }
            else
            {
                lo = store + 1;
            }
        }

        for (var x = lo + 1; x <= hi; x++)
        {
            var v = values[x];
            var y = x - 1;
            while (y >= lo && values[y] > v)
            {
                values[y + 1] = values[y];
                y--;
            }

            values[y + 1] = v;
        }

        return values[k];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Subset3(double a, double b, double c, Span<double> cvs, Span<double> rds,
        Span<double> spreads, Span<double> diffps, ref int count, ref int rdCount)
    {
        var mean = (a + b + c) / 3;
        var ss = ((a - mean) * (a - mean)) + ((b - mean) * (b - mean)) + ((c - mean) * (c - mean));
        var inv = 1 / a;
        var gap = b - a;
        cvs[count] = Math.Sqrt(ss / 2) / mean;
        spreads[count] = (c - a) * inv;
        diffps[count] = gap * inv;
        count++;

        // Sample sd of the two losing bids is |c − b| / √2.
        var rd = gap * Math.Sqrt(2) / (c - b);
        if (double.IsFinite(rd))
        {
            rds[rdCount++] = rd;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Subset4(double a, double b, double c, double d, Span<double> cvs, Span<double> rds,
        Span<double> spreads, Span<double> diffps, ref int count, ref int rdCount)
    {
        var mean = (a + b + c + d) / 4;
        var ss = ((a - mean) * (a - mean)) + ((b - mean) * (b - mean)) + ((c - mean) * (c - mean)) + ((d - mean) * (d - mean));
        var inv = 1 / a;
        var gap = b - a;
        cvs[count] = Math.Sqrt(ss / 3) / mean;
        spreads[count] = (d - a) * inv;
        diffps[count] = gap * inv;
        count++;
        var lm = (b + c + d) / 3;
        var lss = ((b - lm) * (b - lm)) + ((c - lm) * (c - lm)) + ((d - lm) * (d - lm));
        var rd = gap / Math.Sqrt(lss / 2);
        if (double.IsFinite(rd))
        {
            rds[rdCount++] = rd;
        }
    }

    /// <summary>A uniform index in [0, n) by Lemire's multiply-shift (no division).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Draw(ref ulong state, int n) => (int)(((SplitMix64(ref state) >> 32) * (ulong)n) >> 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Order(ref int x, ref int y)
    {
        if (x > y)
        {
            (x, y) = (y, x);
        }
    }

    private static long Choose(int n, int k)
    {
        long r = 1;
        for (var i = 1; i <= k; i++)
        {
            r = r * (n - k + i) / i;
        }

        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
