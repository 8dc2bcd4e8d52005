using System.Buffers;
using System.Globalization;
using Jianguan.Analytics.Screens;

namespace Jianguan.Analytics.Learning;

/// <summary>Features come in groups, each needing one input column; a model uses only the groups it was trained with.</summary>
[Flags]
public enum FeatureGroups
{
    None = 0,

    /// <summary>Price screens and the shape of the bid distribution (scale-free, format-neutral): needs only the bids.</summary>
    Bids = 1,

    /// <summary>Where the winning bid sits among the bids.</summary>
    Winner = 2,

    /// <summary>Bids against the estimate (control price).</summary>
    Estimate = 4,

    /// <summary>Share and position of disqualified bids.</summary>
    Status = 8,

    /// <summary>Screens of the tenders nearest in time, from the reference pool (no labels).</summary>
    Date = 16,

    /// <summary>Bidders histories from the reference pool: participation, wins, co-bidding, and collusion rates.</summary>
    Bidder = 32,

    /// <summary>
    /// Market structure read from the bids (number of bids, price granularity, contract size): informative inside
    /// one market, misleading across markets with other rules (e.g. average-bid auctions draw dozens of bids).
    /// </summary>
    Structure = 64,

    /// <summary>
    /// The ladder of sorted bids seen from the second-lowest bid: how far the others sit above it, the first gap
    /// against that distance, how straight price rises with rank, the share of bids below the mean. Needs only the
    /// bids; chosen explicitly (<c>--features bids,ladder</c>), not by default: it did not improve the
    /// leave-one-market-out AUC of the portable settings (docs/model.md).
    /// </summary>
    Ladder = 128,
}

/// <summary>
/// One tender's bids as spans, from a <see cref="TenderRecord"/> or straight from the engine's bid table, so that
/// scoring a province does not copy every section into records first.
/// </summary>
public readonly ref struct TenderView
{
    /// <summary>Bid prices; invalid ones (NaN, ≤ 0) are ignored by the price features.</summary>
    public ReadOnlySpan<double> Bids { get; init; }

    /// <summary>Winner flags, one per bid; empty when the input has no winner column.</summary>
    public ReadOnlySpan<bool> Winners { get; init; }

    /// <summary>Disqualification flags, one per bid; empty when the input has no status column.</summary>
    public ReadOnlySpan<bool> Disqualified { get; init; }

    public double Estimate { get; init; }

    public static TenderView Of(TenderRecord t) => new()
    {
        Bids = t.Bids,
        Winners = t.Winners,
        Disqualified = t.Disqualified,
        Estimate = t.Estimate,
    };
}

/// <summary>
/// Turns tenders into scale-free feature vectors. Everything is a ratio, a rank, a count's logarithm or a screen,
/// so a model trained on one market can score another (except the <see cref="FeatureGroups.Structure"/> group).
/// Features that need history (date neighbours, bidders) come from a <see cref="ReferencePool"/> built from
/// training tenders only, never from the tender being scored.
/// </summary>
public static class TenderFeatures
{
    /// <summary>Stands for "undefined" (NaN) in the vectors given to the trees: below every real value.</summary>
    public const float Missing = -1e6f;

    private const float Huge = 1e6f;

    /// <summary>Tenders up to this many bids are described with stack memory only.</summary>
    private const int StackBids = 128;

    private static readonly (string Name, FeatureGroups Group)[] All = Describe();

    /// <summary>Names of the features of the given groups, in vector order.</summary>
    public static IReadOnlyList<string> Names(FeatureGroups groups) =>
        [.. All.Where(f => (f.Group & groups) != 0).Select(f => f.Name)];

    /// <summary>Length of the vector of the given groups.</summary>
    public static int Width(FeatureGroups groups) => All.Count(f => (f.Group & groups) != 0);

    /// <summary>Feature groups the given input columns allow.</summary>
    public static FeatureGroups GroupsFor(TenderColumns columns)
    {
        var g = FeatureGroups.Bids | FeatureGroups.Structure;
        g |= columns.HasFlag(TenderColumns.Winner) ? FeatureGroups.Winner : 0;
        g |= columns.HasFlag(TenderColumns.Estimate) ? FeatureGroups.Estimate : 0;
        g |= columns.HasFlag(TenderColumns.Status) ? FeatureGroups.Status : 0;
        g |= columns.HasFlag(TenderColumns.Date) ? FeatureGroups.Date : 0;
        g |= columns.HasFlag(TenderColumns.Bidder) ? FeatureGroups.Bidder : 0;
        return g;
    }

    /// <summary>The feature vector of one tender for the given groups.</summary>
    public static float[] Compute(TenderRecord tender, FeatureGroups groups, ReferencePool? pool)
    {
        var row = new float[Width(groups)];
        Span<double> full = stackalloc double[All.Length];
        full.Fill(double.NaN);
        var own = OwnFeatures(TenderView.Of(tender), full);
        if ((groups & FeatureGroups.Date) != 0 && pool is not null)
        {
            pool.DateFeatures(tender, own, full.Slice(DateStart, DateCount));
        }

        if ((groups & FeatureGroups.Bidder) != 0 && pool is not null)
        {
            pool.BidderFeatures(tender, full.Slice(BidderStart, BidderCount));
        }

        Select(full, groups, row);
        return row;
    }

    /// <summary>
    /// The vector of the groups that need no history (everything but <see cref="FeatureGroups.Date"/> and
    /// <see cref="FeatureGroups.Bidder"/>) into <paramref name="row"/> (<see cref="Width"/> long). Allocation-free.
    /// </summary>
    public static void Compute(TenderView tender, FeatureGroups groups, Span<float> row)
    {
        if ((groups & CollusionModel.HistoryGroups) != 0)
        {
            throw new ArgumentException("history groups need a TenderRecord and a pool", nameof(groups));
        }

        Span<double> full = stackalloc double[All.Length];
        full.Fill(double.NaN);
        OwnFeatures(tender, full);
        Select(full, groups, row);
    }

    /// <summary>
    /// As <see cref="Compute(TenderView, FeatureGroups, Span{float})"/> for a caller that has already computed the
    /// screens of the tender's valid bids (sorted) with <see cref="PriceScreens.ComputeSorted"/>, whose subset
    /// values are still in <paramref name="work"/> (the warning engine does, for its own rules).
    /// </summary>
    internal static void FromScreens(TenderView tender, ReadOnlySpan<double> sorted, in ScreenValues screens, Span<double> work,
        int rdCount, FeatureGroups groups, Span<float> row)
    {
        Span<double> full = stackalloc double[All.Length];
        full.Fill(double.NaN);
        Fill(tender, sorted, screens, work, rdCount, full);
        Select(full, groups, row);
    }

    private static void Select(ReadOnlySpan<double> full, FeatureGroups groups, Span<float> row)
    {
        var k = 0;
        for (var i = 0; i < All.Length; i++)
        {
            if ((All[i].Group & groups) != 0)
            {
                row[k++] = Clean(full[i]);
            }
        }
    }

    internal static float Clean(double v) =>
        double.IsNaN(v) ? Missing : (float)Math.Clamp(v, -Huge + 1, Huge);

    /// <summary>The screens every pool keeps per tender for the date neighbourhood.</summary>
    internal readonly record struct Summary(double LogN, double Cv, double Rd, double Diffp, double Kurtosis,
        double Skewness, double SubsetCvMedian, double SubsetRdMedian, double Ks, double Spread, double SubsetCvMin,
        double Tight3, double LogSize)
    {
        /// <summary>The values in storage order (the pool serialises them as arrays).</summary>
        public double[] ToArray() => [LogN, Cv, Rd, Diffp, Kurtosis, Skewness, SubsetCvMedian, SubsetRdMedian, Ks, Spread, SubsetCvMin, Tight3, LogSize];

        /// <summary>From <see cref="ToArray"/>; values missing from older models are undefined.</summary>
        public static Summary FromArray(double[] d)
        {
            double At(int i) => i < d.Length ? d[i] : double.NaN;
            return new Summary(At(0), At(1), At(2), At(3), At(4), At(5), At(6), At(7), At(8), At(9), At(10), At(11), At(12));
        }
    }

    internal const int DateStart = 80;
    internal const int DateCount = 19;
    internal const int BidderStart = DateStart + DateCount;
    internal const int BidderCount = 14;

    private static (string, FeatureGroups)[] Describe()
    {
        var list = new List<(string, FeatureGroups)>();
        void Add(FeatureGroups g, params string[] names) => list.AddRange(names.Select(n => (n, g)));
        Add(FeatureGroups.Bids, "log_n", "cv", "spread", "diffp", "rd", "rdnor", "rdalt", "skewness", "kurtosis", "ks",
            "sub_cv_mean", "sub_cv_median", "sub_cv_min", "sub_cv_max", "sub_rd_mean", "sub_rd_median", "sub_rd_min",
            "sub_rd_max", "sub_spread_mean", "sub_spread_median", "sub_spread_min", "sub_spread_max",
            "sub_diffp_mean", "sub_diffp_median", "sub_diffp_min", "sub_diffp_max",
            "min_to_median", "max_to_median", "q1_to_median", "q3_to_median", "gap23", "gap12_to_gap23",
            "tie_share", "near_median_1pct", "near_median_3pct", "max_step", "max_step_position", "step_cv",
            "significant_digits", "log_rd", "priced_share", "losers_cv", "losers_gap", "third_to_lowest", "fourth_to_lowest",
            "sub_cv_sd", "sub_cv_q25", "sub_cv_q75", "sub_rd_sd", "sub_rd_q25", "sub_rd_q75",
            "sub_spread_sd", "sub_spread_q25", "sub_spread_q75", "sub_diffp_sd", "sub_diffp_q25", "sub_diffp_q75",
            "tight3_cv", "tight4_cv", "min_gap", "tight3_to_cv");
        Add(FeatureGroups.Ladder, "second_gap_median", "gap12_to_second_gap", "rank_linearity", "below_mean_share");
        Add(FeatureGroups.Structure, "log_median_bid");
        Add(FeatureGroups.Winner, "winner_rank", "winner_to_min", "winner_to_median", "winner_gap_up", "winner_z",
            "winner_is_lowest", "winner_count");
        Add(FeatureGroups.Estimate, "min_to_estimate", "median_to_estimate", "max_to_estimate", "sd_to_estimate",
            "above_estimate_share");
        Add(FeatureGroups.Status, "disqualified_share", "lowest_disqualified");
        string[] structure = ["log_n", "significant_digits", "priced_share", "max_step_position"];
        for (var k = 0; k < list.Count; k++)
        {
            if (structure.Contains(list[k].Item1))
            {
                list[k] = (list[k].Item1, FeatureGroups.Structure);
            }
        }

        if (list.Count > DateStart)
        {
            throw new InvalidOperationException("own features overflow into the date block");
        }

        while (list.Count < DateStart)
        {
            // Reserved slots keep the date and bidder blocks at fixed offsets.
            list.Add(("reserved_" + list.Count.ToString(CultureInfo.InvariantCulture), FeatureGroups.None));
        }

        Add(FeatureGroups.Date, "near_log_n", "near_cv", "near_rd", "near_diffp", "near_kurtosis", "near_skewness",
            "near_sub_cv_median", "near_sub_rd_median", "near_ks", "cv_minus_near", "diffp_minus_near",
            "log_n_minus_near", "log_size_minus_near", "period_rank_log_n", "period_rank_cv", "period_rank_spread",
            "period_rank_sub_cv_min", "period_rank_tight3", "period_rank_log_size");
        Add(FeatureGroups.Bidder, "bidders_known_share", "bidder_log_part_mean", "bidder_log_part_max",
            "bidder_win_rate_mean", "winner_log_part", "winner_win_rate", "pair_meet_mean", "pair_meet_max",
            "bidder_rate_mean", "bidder_rate_max", "bidder_rate_min", "winner_rate", "bidder_rate_high_share",
            "bidder_labelled_share");
        return [.. list];
    }

    /// <summary>Fills the bid, structure, winner, estimate and status features; returns the summary the pool keeps.</summary>
    private static Summary OwnFeatures(TenderView t, Span<double> f)
    {
        var bids = t.Bids;
        var length = bids.Length + PriceScreens.ScratchLength(bids.Length);
        double[]? rented = null;
        Span<double> buffer = bids.Length <= StackBids ? stackalloc double[length] : (rented = ArrayPool<double>.Shared.Rent(length));
        try
        {
            var n = 0;
            foreach (var b in bids)
            {
                if (double.IsFinite(b) && b > 0)
                {
                    buffer[n++] = b;
                }
            }

            var v = buffer[..n];
            v.Sort();
            var work = buffer[n..];
            var s = PriceScreens.ComputeSorted(v, t.Estimate, work, out var rdCount);
            return Fill(t, v, s, work, rdCount, f);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static Summary Fill(TenderView t, ReadOnlySpan<double> v, in ScreenValues s, Span<double> work, int rdCount, Span<double> f)
    {
        var bids = t.Bids;
        var n = v.Length;
        var i = 0;
        f[i++] = n > 0 ? Math.Log(n) : double.NaN;
        f[i++] = s.Cv;
        f[i++] = s.Spread;
        f[i++] = s.Diffp;
        f[i++] = s.Rd;
        f[i++] = s.RdNor;
        f[i++] = s.RdAlt;
        f[i++] = s.Skewness;
        f[i++] = s.Kurtosis;
        f[i++] = s.KsUniform;
        f[i++] = s.SubsetCvMean;
        f[i++] = s.SubsetCvMedian;
        f[i++] = s.SubsetCvMin;
        f[i++] = s.SubsetCvMax;
        f[i++] = s.SubsetRdMean;
        f[i++] = s.SubsetRdMedian;
        f[i++] = s.SubsetRdMin;
        f[i++] = s.SubsetRdMax;
        f[i++] = s.SubsetSpreadMean;
        f[i++] = s.SubsetSpreadMedian;
        f[i++] = s.SubsetSpreadMin;
        f[i++] = s.SubsetSpreadMax;
        f[i++] = s.SubsetDiffpMean;
        f[i++] = s.SubsetDiffpMedian;
        f[i++] = s.SubsetDiffpMin;
        f[i++] = s.SubsetDiffpMax;
        var median = n > 0 ? Quantile(v, 0.5) : double.NaN;
        f[i++] = n > 0 ? v[0] / median : double.NaN;
        f[i++] = n > 0 ? v[^1] / median : double.NaN;
        f[i++] = n > 0 ? Quantile(v, 0.25) / median : double.NaN;
        f[i++] = n > 0 ? Quantile(v, 0.75) / median : double.NaN;
        f[i++] = n >= 3 ? (v[2] - v[1]) / v[1] : double.NaN;
        f[i++] = n >= 3 ? (v[1] - v[0]) / (v[2] - v[1]) : double.NaN;
        int ties = 0, near1 = 0, near3 = 0;
        double sum = 0, digits = 0;
        for (var k = 0; k < n; k++)
        {
            var tied = (k > 0 && v[k] - v[k - 1] <= 1e-9 * v[k]) || (k + 1 < n && v[k + 1] - v[k] <= 1e-9 * v[k]);
            ties += tied ? 1 : 0;
            var d = Math.Abs((v[k] / median) - 1);
            near1 += d <= 0.01 ? 1 : 0;
            near3 += d <= 0.03 ? 1 : 0;
            sum += v[k];
            digits += SignificantDigits(v[k]);
        }

        f[i++] = n > 0 ? (double)ties / n : double.NaN;
        f[i++] = n > 0 ? near1 / (double)n : double.NaN;
        f[i++] = n > 0 ? near3 / (double)n : double.NaN;
        double maxStep = double.NaN, maxStepAt = double.NaN, stepCv = double.NaN, minGap = double.NaN;
        if (n >= 2)
        {
            maxStep = 0;
            minGap = double.PositiveInfinity;
            double stepSum = 0, stepSq = 0;
            for (var k = 0; k + 1 < n; k++)
            {
                var step = (v[k + 1] - v[k]) / median;
                stepSum += step;
                stepSq += step * step;
                minGap = Math.Min(minGap, (v[k + 1] - v[k]) / v[k]);
                if (step > maxStep)
                {
                    maxStep = step;
                    maxStepAt = n > 2 ? k / (double)(n - 2) : 0;
                }
            }

            if (n >= 3)
            {
                var m = n - 1;
                var mean = stepSum / m;
                stepCv = Math.Sqrt(Math.Max(0, (stepSq - (m * mean * mean)) / (m - 1))) / mean;
            }
        }

        f[i++] = maxStep;
        f[i++] = maxStepAt;
        f[i++] = stepCv;
        f[i++] = n > 0 ? digits / n : double.NaN;
        f[i++] = double.IsFinite(s.Rd) ? Math.Log(s.Rd + 1e-6) : s.Rd;
        f[i++] = bids.Length > 0 ? (double)n / bids.Length : double.NaN;

        // Cover bids: how tightly the losers cluster and how far above the lowest bid they sit.
        if (n >= 3)
        {
            var losers = v[1..];
            var lm = (sum - v[0]) / losers.Length;
            var ss = 0.0;
            foreach (var x in losers)
            {
                ss += (x - lm) * (x - lm);
            }

            f[i++] = Math.Sqrt(ss / (losers.Length - 1)) / lm;
            f[i++] = (lm - v[0]) / v[0];
        }
        else
        {
            i += 2;
        }

        f[i++] = n >= 3 ? (v[2] / v[0]) - 1 : double.NaN;
        f[i++] = n >= 4 ? (v[3] / v[0]) - 1 : double.NaN;

        // How the subset screens spread (Wallimann, Imhof & Huber 2022 summarise them beyond mean and median):
        // a cartel that leaves some bidders out shows as a low tail of tight subsets.
        PriceScreens.SubsetSpreads(s, work, rdCount, f.Slice(i, 12));
        i += 12;

        // The tightest run of 3 and 4 consecutive bids, exactly (sampling misses it when there are many bids), and
        // the closest two bids.
        var tight3 = Tightest(v, 3);
        f[i++] = tight3;
        f[i++] = Tightest(v, 4);
        f[i++] = minGap;
        f[i++] = tight3 / s.Cv;

        // Relative to the second-lowest bid (the runner-up a cover bid must stay above): how far the other bids sit
        // above it, the first gap against that distance, how straight the ladder of sorted bids is (price against
        // rank), and the share of bids below the mean. Ratios and ranks only, so their direction need not depend on
        // the currency or the auction format.
        SecondBidFeatures(v, sum, f.Slice(i, 4));
        i += 4;

        // Structure: the size of the contract (log of the median bid; only meaningful within one currency).
        var logSize = n > 0 ? Math.Log(median) : double.NaN;
        f[i++] = logSize;

        // Winner.
        if (!t.Winners.IsEmpty && n > 0)
        {
            var w = double.PositiveInfinity;
            var winnerCount = 0;
            for (var k = 0; k < bids.Length && k < t.Winners.Length; k++)
            {
                if (t.Winners[k] && double.IsFinite(bids[k]) && bids[k] > 0)
                {
                    winnerCount++;
                    w = Math.Min(w, bids[k]);
                }
            }

            if (winnerCount > 0)
            {
                var rank = v.BinarySearch(w);
                rank = rank < 0 ? ~rank : rank;
                while (rank > 0 && v[rank - 1] == w)
                {
                    rank--;
                }

                var mean = sum / n;
                var sd = n > 1 ? s.Cv * mean : double.NaN;
                var up = double.NaN;
                for (var k = rank; k < n; k++)
                {
                    if (v[k] > w)
                    {
                        up = v[k];
                        break;
                    }
                }

                f[i++] = n > 1 ? rank / (double)(n - 1) : double.NaN;
                f[i++] = (w / v[0]) - 1;
                f[i++] = w / median;
                f[i++] = (up - w) / w;
                f[i++] = (w - mean) / sd;
                f[i++] = rank == 0 ? 1 : 0;
                f[i++] = winnerCount;
            }
            else
            {
                i += 6;
                f[i++] = 0;
            }
        }
        else
        {
            i += 7;
        }

        // Estimate.
        if (double.IsFinite(t.Estimate) && t.Estimate > 0 && n > 0)
        {
            var e = t.Estimate;
            var mean = sum / n;
            var above = 0;
            foreach (var x in v)
            {
                above += x > e ? 1 : 0;
            }

            f[i++] = v[0] / e;
            f[i++] = median / e;
            f[i++] = v[^1] / e;
            f[i++] = n > 1 ? s.Cv * mean / e : double.NaN;
            f[i++] = above / (double)n;
        }
        else
        {
            i += 5;
        }

        // Status.
        if (!t.Disqualified.IsEmpty && bids.Length > 0)
        {
            var disqualified = 0;
            var lowest = -1;
            for (var k = 0; k < bids.Length; k++)
            {
                disqualified += k < t.Disqualified.Length && t.Disqualified[k] ? 1 : 0;
                if (double.IsFinite(bids[k]) && bids[k] > 0 && (lowest < 0 || bids[k] < bids[lowest]))
                {
                    lowest = k;
                }
            }

            f[i++] = disqualified / (double)bids.Length;
            f[i++] = lowest >= 0 && lowest < t.Disqualified.Length && t.Disqualified[lowest] ? 1 : 0;
        }

        return new Summary(f[0], s.Cv, Math.Min(s.Rd, 100), s.Diffp, s.Kurtosis, s.Skewness, s.SubsetCvMedian,
            s.SubsetRdMedian, s.KsUniform, s.Spread, s.SubsetCvMin, tight3, logSize);
    }

    /// <summary>
    /// <c>second_gap_median</c>, <c>gap12_to_second_gap</c>, <c>rank_linearity</c>, <c>below_mean_share</c> of
    /// sorted valid bids with sum <paramref name="sum"/>; NaN below three bids.
    /// </summary>
    private static void SecondBidFeatures(ReadOnlySpan<double> v, double sum, Span<double> f)
    {
        var n = v.Length;
        if (n < 3)
        {
            f.Fill(double.NaN);
            return;
        }

        // The bids above the second-lowest are sorted, so their distances to it are too: the median is direct.
        var m = n - 2;
        var mid = 2 + (m / 2);
        var medianAbove = m % 2 == 1 ? v[mid] : 0.5 * (v[mid - 1] + v[mid]);
        var second = v[1];
        f[0] = (medianAbove / second) - 1;
        f[1] = (second - v[0]) / (medianAbove - second);

        // Pearson correlation of price and rank (1 for an evenly stepped ladder).
        var mean = sum / n;
        var rankMean = (n - 1) / 2.0;
        double sxy = 0, sxx = 0, below = 0;
        for (var k = 0; k < n; k++)
        {
            var d = v[k] - mean;
            sxy += (k - rankMean) * d;
            sxx += d * d;
            below += v[k] < mean ? 1 : 0;
        }

        var syy = n * ((n * (double)n) - 1) / 12.0;
        f[2] = sxx > 0 ? sxy / Math.Sqrt(sxx * syy) : double.NaN;
        f[3] = below / n;
    }

    /// <summary>The smallest CV over runs of k consecutive sorted bids (the tightest k bids are always consecutive).</summary>
    private static double Tightest(ReadOnlySpan<double> sorted, int k)
    {
        if (sorted.Length < k)
        {
            return double.NaN;
        }

        var best = double.PositiveInfinity;
        for (var a = 0; a + k <= sorted.Length; a++)
        {
            var run = sorted.Slice(a, k);
            var mean = 0.0;
            foreach (var x in run)
            {
                mean += x;
            }

            mean /= k;
            var ss = 0.0;
            foreach (var x in run)
            {
                ss += (x - mean) * (x - mean);
            }

            best = Math.Min(best, Math.Sqrt(ss / (k - 1)) / mean);
        }

        return best;
    }

    /// <summary>Own summary without the pool features (what a pool stores for each of its tenders).</summary>
    internal static Summary SummaryOf(TenderRecord t)
    {
        Span<double> scratch = stackalloc double[All.Length];
        return OwnFeatures(TenderView.Of(t), scratch);
    }

    /// <summary>Significant digits of a price rounded to cents: cover bids are often round numbers.</summary>
    private static double SignificantDigits(double price)
    {
        var cents = Math.Round(price * 100);
        if (cents <= 0 || cents > 1e17)
        {
            return double.NaN;
        }

        var x = (long)cents;
        while (x % 10 == 0)
        {
            x /= 10;
        }

        var digits = 0;
        while (x > 0)
        {
            digits++;
            x /= 10;
        }

        return digits;
    }

    /// <summary>Linear-interpolation quantile of sorted values (pandas' default).</summary>
    internal static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((pos - lo) * (sorted[hi] - sorted[lo]));
    }
}
