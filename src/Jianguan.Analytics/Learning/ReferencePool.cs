namespace Jianguan.Analytics.Learning;

/// <summary>
/// What history-based features may know: the tenders a model was trained on (or, inside cross-validation, the
/// training part of a fold only). The scored tender itself is never in its own pool, so neither its label nor its
/// bids feed its own features. Saved inside a model so that scoring later sees the same history.
/// </summary>
public sealed class ReferencePool
{
    /// <summary>Neighbours in time whose screens describe a tender's period.</summary>
    public const int DateNeighbours = 16;

    /// <summary>Pseudo-count pulling a bidder's collusion rate towards the pool's rate when it has little history.</summary>
    private const double RatePrior = 3;

    /// <summary>Pairs are counted only in tenders with at most this many named bidders (cost is quadratic).</summary>
    private const int MaxPairBidders = 150;

    private readonly double[] dates;
    /// <summary>Values of <see cref="TenderFeatures.Summary"/> per dated tender, in <see cref="TenderFeatures.Summary.ToArray"/> order.</summary>
    private readonly double[][] datedValues;

    private const int SummaryWidth = 13;
    private readonly Dictionary<string, BidderHistory> bidders;
    private readonly Dictionary<(int, int), int> pairs;
    private readonly Dictionary<string, int> bidderIndex;

    private ReferencePool(double[] dates, double[][] datedValues, Dictionary<string, BidderHistory> bidders,
        Dictionary<(int, int), int> pairs, int tenderCount, double positiveRate)
    {
        this.dates = dates;
        this.datedValues = datedValues;
        this.bidders = bidders;
        this.pairs = pairs;
        TenderCount = tenderCount;
        PositiveRate = positiveRate;
        bidderIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, h) in bidders)
        {
            bidderIndex[name] = h.Index;
        }
    }

    public int TenderCount { get; }

    /// <summary>Share of collusive tenders among the labelled pool tenders (NaN without labels).</summary>
    public double PositiveRate { get; }

    public static ReferencePool Build(IReadOnlyList<TenderRecord> tenders)
    {
        var withDate = tenders.Where(t => double.IsFinite(t.Date)).OrderBy(t => t.Date).ToArray();
        var dates = withDate.Select(t => t.Date).ToArray();
        var dated = new double[withDate.Length][];
        Parallel.For(0, withDate.Length, i => dated[i] = TenderFeatures.SummaryOf(withDate[i]).ToArray());

        var bidders = new Dictionary<string, BidderHistory>(StringComparer.Ordinal);
        var pairs = new Dictionary<(int, int), int>();
        var labelled = 0;
        var positives = 0;
        foreach (var t in tenders)
        {
            if (t.Label is { } l)
            {
                labelled++;
                positives += l;
            }

            if (t.Bidders is null)
            {
                continue;
            }

            var members = new List<int>();
            foreach (var (name, won) in DistinctBidders(t))
            {
                if (!bidders.TryGetValue(name, out var h))
                {
                    h = new BidderHistory { Index = bidders.Count };
                    bidders[name] = h;
                }

                h.Participations++;
                h.Wins += won ? 1 : 0;
                if (t.Label is { } label)
                {
                    h.Labelled++;
                    h.Positives += label;
                }

                members.Add(h.Index);
            }

            if (members.Count <= MaxPairBidders)
            {
                members.Sort();
                for (var a = 0; a < members.Count; a++)
                {
                    for (var b = a + 1; b < members.Count; b++)
                    {
                        var key = (members[a], members[b]);
                        pairs[key] = pairs.GetValueOrDefault(key) + 1;
                    }
                }
            }
        }

        return new ReferencePool(dates, dated, bidders, pairs, tenders.Count,
            labelled > 0 ? positives / (double)labelled : double.NaN);
    }

    /// <summary>Distinct named bidders of a tender, each with whether one of its bids won.</summary>
    private static IEnumerable<(string Name, bool Won)> DistinctBidders(TenderRecord t)
    {
        var seen = new Dictionary<string, bool>(StringComparer.Ordinal);
        for (var k = 0; k < t.Bidders!.Length; k++)
        {
            if (t.Bidders[k] is { } name)
            {
                seen[name] = seen.GetValueOrDefault(name) || (t.Winners?[k] ?? false);
            }
        }

        return seen.Select(kv => (kv.Key, kv.Value));
    }

    internal void DateFeatures(TenderRecord t, TenderFeatures.Summary own, Span<double> f)
    {
        if (!double.IsFinite(t.Date) || dates.Length == 0)
        {
            return;
        }

        // Two pointers outwards from the insertion point pick the k nearest dates, plus every tender tied with
        // the k-th: with coarse dates (a year, a month) the neighbourhood is then the whole period, not an
        // arbitrary slice of it.
        var hi = Array.BinarySearch(dates, t.Date);
        hi = hi < 0 ? ~hi : hi;
        while (hi > 0 && dates[hi - 1] == t.Date)
        {
            hi--;
        }

        var lo = hi - 1;
        var k = Math.Min(DateNeighbours, dates.Length);
        Span<double> sums = stackalloc double[SummaryWidth];
        Span<int> counts = stackalloc int[SummaryWidth];

        // Where the tender stands in its period: the share of neighbours below it (ties count half).
        ReadOnlySpan<int> ranked = [0, 1, 9, 10, 11, 12];
        var mine = own.ToArray();
        Span<double> below = stackalloc double[ranked.Length];
        Span<int> rankedCounts = stackalloc int[ranked.Length];
        var taken = 0;
        var radius = double.NaN;
        while (lo >= 0 || hi < dates.Length)
        {
            int pick;
            if (lo < 0)
            {
                pick = hi++;
            }
            else if (hi >= dates.Length)
            {
                pick = lo--;
            }
            else
            {
                pick = t.Date - dates[lo] <= dates[hi] - t.Date ? lo-- : hi++;
            }

            var distance = Math.Abs(dates[pick] - t.Date);
            if (taken >= k && distance > radius)
            {
                break;
            }

            radius = distance;
            taken++;
            var values = datedValues[pick];
            for (var j = 0; j < SummaryWidth; j++)
            {
                if (double.IsFinite(values[j]))
                {
                    sums[j] += values[j];
                    counts[j]++;
                }
            }

            for (var r = 0; r < ranked.Length; r++)
            {
                var x = values[ranked[r]];
                var y = mine[ranked[r]];
                if (double.IsFinite(x) && double.IsFinite(y))
                {
                    below[r] += x < y ? 1 : x == y ? 0.5 : 0;
                    rankedCounts[r]++;
                }
            }
        }

        // Means of: log n, CV, RD, DIFFP, kurtosis, skewness, subset CV median, subset RD median, KS.
        for (var j = 0; j < 9; j++)
        {
            f[j] = counts[j] > 0 ? sums[j] / counts[j] : double.NaN;
        }

        f[9] = own.Cv - f[1];
        f[10] = own.Diffp - f[3];
        f[11] = own.LogN - f[0];
        f[12] = counts[12] > 0 ? own.LogSize - (sums[12] / counts[12]) : double.NaN;
        for (var r = 0; r < ranked.Length; r++)
        {
            f[13 + r] = rankedCounts[r] > 0 ? below[r] / rankedCounts[r] : double.NaN;
        }
    }

    internal void BidderFeatures(TenderRecord t, Span<double> f)
    {
        if (t.Bidders is null)
        {
            return;
        }

        var members = DistinctBidders(t).ToArray();
        if (members.Length == 0)
        {
            return;
        }

        var prior = double.IsFinite(PositiveRate) ? PositiveRate : 0.5;
        var pool = Math.Max(TenderCount, 1);
        int known = 0, labelled = 0, high = 0;
        double partSum = 0, partMax = 0, winSum = 0, rateSum = 0, rateMax = double.NaN, rateMin = double.NaN;
        double winnerPart = double.NaN, winnerWin = double.NaN, winnerRate = double.NaN;
        var indices = new List<int>();
        foreach (var (name, won) in members)
        {
            if (!bidders.TryGetValue(name, out var h))
            {
                if (won)
                {
                    winnerPart = 0;
                }

                continue;
            }

            known++;
            indices.Add(h.Index);
            var part = h.Participations / (double)pool;
            var winRate = h.Wins / (h.Participations + 1.0);
            partSum += part;
            partMax = Math.Max(partMax, part);
            winSum += winRate;
            if (won)
            {
                winnerPart = part;
                winnerWin = winRate;
            }

            if (h.Labelled > 0)
            {
                labelled++;
                var rate = (h.Positives + (RatePrior * prior)) / (h.Labelled + RatePrior);
                rateSum += rate;
                rateMax = double.IsNaN(rateMax) ? rate : Math.Max(rateMax, rate);
                rateMin = double.IsNaN(rateMin) ? rate : Math.Min(rateMin, rate);
                high += rate > 0.5 ? 1 : 0;
                if (won)
                {
                    winnerRate = rate;
                }
            }
        }

        double meetSum = 0, meetMax = 0;
        var meetCount = 0;
        if (indices.Count <= MaxPairBidders)
        {
            indices.Sort();
            var participations = indices.ToDictionary(ix => ix, _ => 0);
            foreach (var (name, _) in members)
            {
                if (bidders.TryGetValue(name, out var h))
                {
                    participations[h.Index] = h.Participations;
                }
            }

            for (var a = 0; a < indices.Count; a++)
            {
                for (var b = a + 1; b < indices.Count; b++)
                {
                    var met = pairs.GetValueOrDefault((indices[a], indices[b]));
                    var share = met / (double)Math.Max(1, Math.Min(participations[indices[a]], participations[indices[b]]));
                    meetSum += share;
                    meetMax = Math.Max(meetMax, share);
                    meetCount++;
                }
            }
        }

        f[0] = known / (double)members.Length;
        f[1] = known > 0 ? Math.Log(partSum / known * pool + 1) : 0;
        f[2] = Math.Log((partMax * pool) + 1);
        f[3] = known > 0 ? winSum / known : double.NaN;
        f[4] = double.IsNaN(winnerPart) ? double.NaN : Math.Log((winnerPart * pool) + 1);
        f[5] = winnerWin;
        f[6] = meetCount > 0 ? meetSum / meetCount : double.NaN;
        f[7] = meetCount > 0 ? meetMax : double.NaN;
        f[8] = labelled > 0 ? rateSum / labelled : double.NaN;
        f[9] = rateMax;
        f[10] = rateMin;
        f[11] = winnerRate;
        f[12] = labelled > 0 ? high / (double)labelled : double.NaN;
        f[13] = labelled / (double)members.Length;
    }

    private sealed class BidderHistory
    {
        public int Index { get; init; }

        public int Participations { get; set; }

        public int Wins { get; set; }

        public int Labelled { get; set; }

        public int Positives { get; set; }
    }

    /// <summary>A serialisable copy, stored inside a model file.</summary>
    public PoolData ToData() => new()
    {
        Dates = dates,
        Dated = datedValues,
        Bidders = [.. bidders.OrderBy(kv => kv.Value.Index).Select(kv => new BidderData
        {
            Name = kv.Key,
            Participations = kv.Value.Participations,
            Wins = kv.Value.Wins,
            Labelled = kv.Value.Labelled,
            Positives = kv.Value.Positives,
        })],
        Pairs = [.. pairs.OrderBy(kv => kv.Key).Select(kv => new[] { kv.Key.Item1, kv.Key.Item2, kv.Value })],
        TenderCount = TenderCount,
        PositiveRate = double.IsNaN(PositiveRate) ? null : PositiveRate,
    };

    public static ReferencePool FromData(PoolData data)
    {
        var bidders = new Dictionary<string, BidderHistory>(StringComparer.Ordinal);
        for (var i = 0; i < data.Bidders.Length; i++)
        {
            var b = data.Bidders[i];
            bidders[b.Name] = new BidderHistory
            {
                Index = i,
                Participations = b.Participations,
                Wins = b.Wins,
                Labelled = b.Labelled,
                Positives = b.Positives,
            };
        }

        var pairs = data.Pairs.ToDictionary(p => (p[0], p[1]), p => p[2]);
        var dated = data.Dated.Select(d => TenderFeatures.Summary.FromArray(d).ToArray()).ToArray();
        return new ReferencePool(data.Dates, dated, bidders, pairs, data.TenderCount, data.PositiveRate ?? double.NaN);
    }
}

public sealed class PoolData
{
    public double[] Dates { get; set; } = [];

    public double[][] Dated { get; set; } = [];

    public BidderData[] Bidders { get; set; } = [];

    public int[][] Pairs { get; set; } = [];

    public int TenderCount { get; set; }

    public double? PositiveRate { get; set; }
}

public sealed class BidderData
{
    public string Name { get; set; } = "";

    public int Participations { get; set; }

    public int Wins { get; set; }

    public int Labelled { get; set; }

    public int Positives { get; set; }
}
