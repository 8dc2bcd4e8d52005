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

    /// <summary>Bidder histories from the reference pool: participation, wins, co-bidding, and collusion rates.</summary>
    Bidder = 32,

    /// <summary>
    /// Market structure read from the bids (number of bids, price granularity): informative inside one market,
    /// misleading across markets with other rules (e.g. average-bid auctions draw dozens of bids).
    /// </summary>
    Structure = 64,
}

/// <summary>
/// Turns tenders into scale-free feature vectors. Everything is a ratio, a rank, a count's logarithm or a screen,
/// so a model trained on one market can score another. Features that need history (date neighbours, bidders)
/// come from a <see cref="ReferencePool"/> built from training tenders only, never from the tender being scored.
/// </summary>
public static class TenderFeatures
{
    /// <summary>Stands for "undefined" (NaN) in the vectors given to the trees: below every real value.</summary>
    public const float Missing = -1e6f;

    private const float Huge = 1e6f;

    private static readonly (string Name, FeatureGroups Group)[] All = Describe();

    /// <summary>Names of the features of the given groups, in vector order.</summary>
    public static IReadOnlyList<string> Names(FeatureGroups groups) =>
        [.. All.Where(f => (f.Group & groups) != 0).Select(f => f.Name)];

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
        var full = new double[All.Length];
        full.AsSpan().Fill(double.NaN);
        var own = OwnFeatures(tender, full);
        if ((groups & FeatureGroups.Date) != 0 && pool is not null)
        {
            pool.DateFeatures(tender, own, full.AsSpan(DateStart, DateCount));
        }

        if ((groups & FeatureGroups.Bidder) != 0 && pool is not null)
        {
            pool.BidderFeatures(tender, full.AsSpan(BidderStart, BidderCount));
        }

        var result = new List<float>(All.Length);
        for (var i = 0; i < All.Length; i++)
        {
            if ((All[i].Group & groups) != 0)
            {
                result.Add(Clean(full[i]));
            }
        }

        return [.. result];
    }

    internal static float Clean(double v) =>
        double.IsNaN(v) ? Missing : (float)Math.Clamp(v, -Huge + 1, Huge);

    /// <summary>The screens every pool keeps per tender for the date neighbourhood.</summary>
    internal readonly record struct Summary(double LogN, double Cv, double Rd, double Diffp, double Kurtosis,
        double Skewness, double SubsetCvMedian, double SubsetRdMedian, double Ks);

    internal const int DateStart = 64;
    internal const int DateCount = 11;
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
            "significant_digits", "log_rd", "priced_share", "losers_cv", "losers_gap", "third_to_lowest", "fourth_to_lowest");
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

        while (list.Count < DateStart)
        {
            // Reserved slots keep the date and bidder blocks at fixed offsets.
            list.Add(("reserved_" + list.Count.ToString(CultureInfo.InvariantCulture), FeatureGroups.None));
        }

        Add(FeatureGroups.Date, "near_log_n", "near_cv", "near_rd", "near_diffp", "near_kurtosis", "near_skewness",
            "near_sub_cv_median", "near_sub_rd_median", "near_ks", "cv_minus_near", "diffp_minus_near");
        Add(FeatureGroups.Bidder, "bidders_known_share", "bidder_log_part_mean", "bidder_log_part_max",
            "bidder_win_rate_mean", "winner_log_part", "winner_win_rate", "pair_meet_mean", "pair_meet_max",
            "bidder_rate_mean", "bidder_rate_max", "bidder_rate_min", "winner_rate", "bidder_rate_high_share",
            "bidder_labelled_share");
        return [.. list];
    }

    /// <summary>Fills the bid, winner, estimate and status features; returns the summary the pool keeps.</summary>
    private static Summary OwnFeatures(TenderRecord t, double[] f)
    {
        var bids = t.Bids;
        var s = PriceScreens.Compute(bids, double.IsFinite(t.Estimate) && t.Estimate > 0 ? t.Estimate : null);
        var v = bids.Where(b => double.IsFinite(b) && b > 0).Order().ToArray();
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
        var ties = 0;
        for (var k = 0; k < n; k++)
        {
            var tied = (k > 0 && v[k] - v[k - 1] <= 1e-9 * v[k]) || (k + 1 < n && v[k + 1] - v[k] <= 1e-9 * v[k]);
            ties += tied ? 1 : 0;
        }

        f[i++] = n > 0 ? (double)ties / n : double.NaN;
        f[i++] = n > 0 ? v.Count(b => Math.Abs(b / median - 1) <= 0.01) / (double)n : double.NaN;
        f[i++] = n > 0 ? v.Count(b => Math.Abs(b / median - 1) <= 0.03) / (double)n : double.NaN;
        double maxStep = double.NaN, maxStepAt = double.NaN, stepCv = double.NaN;
        if (n >= 2)
        {
            maxStep = 0;
            var steps = new double[n - 1];
            for (var k = 0; k + 1 < n; k++)
            {
                steps[k] = (v[k + 1] - v[k]) / median;
                if (steps[k] > maxStep)
                {
                    maxStep = steps[k];
                    maxStepAt = n > 2 ? k / (double)(n - 2) : 0;
                }
            }

            if (n >= 3)
            {
                var mean = steps.Average();
                stepCv = Math.Sqrt(steps.Sum(x => (x - mean) * (x - mean)) / (steps.Length - 1)) / mean;
            }
        }

        f[i++] = maxStep;
        f[i++] = maxStepAt;
        f[i++] = stepCv;
        f[i++] = n > 0 ? v.Average(SignificantDigits) : double.NaN;
        f[i++] = double.IsFinite(s.Rd) ? Math.Log(s.Rd + 1e-6) : s.Rd;
        f[i++] = bids.Length > 0 ? (double)n / bids.Length : double.NaN;

        // Cover bids: how tightly the losers cluster and how far above the lowest bid they sit.
        if (n >= 3)
        {
            var losers = v.AsSpan(1);
            var lm = 0.0;
            foreach (var x in losers)
            {
                lm += x;
            }

            lm /= losers.Length;
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

        f[i++] = n >= 3 ? v[2] / v[0] - 1 : double.NaN;
        f[i++] = n >= 4 ? v[3] / v[0] - 1 : double.NaN;

        // Winner.
        if (t.Winners is { } winners && n > 0)
        {
            var winnerBids = bids.Where((b, k) => winners[k] && double.IsFinite(b) && b > 0).ToArray();
            if (winnerBids.Length > 0)
            {
                var w = winnerBids.Min();
                var rank = Array.BinarySearch(v, w);
                rank = rank < 0 ? ~rank : rank;
                while (rank > 0 && v[rank - 1] == w)
                {
                    rank--;
                }

                var mean = v.Average();
                var sd = n > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (n - 1)) : double.NaN;
                var up = v.FirstOrDefault(x => x > w, double.NaN);
                f[i++] = n > 1 ? rank / (double)(n - 1) : double.NaN;
                f[i++] = w / v[0] - 1;
                f[i++] = w / median;
                f[i++] = (up - w) / w;
                f[i++] = (w - mean) / sd;
                f[i++] = rank == 0 ? 1 : 0;
                f[i++] = winnerBids.Length;
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
            var mean = v.Average();
            f[i++] = v[0] / e;
            f[i++] = median / e;
            f[i++] = v[^1] / e;
            f[i++] = n > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (n - 1)) / e : double.NaN;
            f[i++] = v.Count(x => x > e) / (double)n;
        }
        else
        {
            i += 5;
        }

        // Status.
        if (t.Disqualified is { } dq && bids.Length > 0)
        {
            f[i++] = dq.Count(d => d) / (double)bids.Length;
            var lowest = -1;
            for (var k = 0; k < bids.Length; k++)
            {
                if (double.IsFinite(bids[k]) && bids[k] > 0 && (lowest < 0 || bids[k] < bids[lowest]))
                {
                    lowest = k;
                }
            }

            f[i++] = lowest >= 0 && dq[lowest] ? 1 : 0;
        }

        return new Summary(f[0], s.Cv, Math.Min(s.Rd, 100), s.Diffp, s.Kurtosis, s.Skewness, s.SubsetCvMedian,
            s.SubsetRdMedian, s.KsUniform);
    }

    /// <summary>Own summary without the pool features (what a pool stores for each of its tenders).</summary>
    internal static Summary SummaryOf(TenderRecord t)
    {
        var scratch = new double[All.Length];
        return OwnFeatures(t, scratch);
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
    internal static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        var pos = q * (sorted.Count - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + ((pos - lo) * (sorted[hi] - sorted[lo]));
    }
}
