using Jianguan.Analytics.Data;

namespace Jianguan.Analytics.Network;

/// <summary>
/// The co-bidding network: firms are nodes; two firms are linked when they met in more sections than chance explains.
/// Chance is a Poisson law whose mean is what random mixing within each category would give,
/// E = Σ_c bids_i,c · bids_j,c · (d̄_c − 1) / B_c (d̄_c mean bidders per section, B_c bids in category c): two busy
/// road builders meet often anyway, two small firms meeting six times do not. Pairs that met once count only in the
/// firms' total strength; dropping them keeps the graph small enough for a province.
/// </summary>
public sealed class CoBidding
{
    /// <summary>Sections with more distinct bidders than this add no pairs (open calls with dozens of bidders are not rings).</summary>
    public const int MaxBiddersForPairs = 60;

    /// <summary>Pairs that met fewer times than this are not edges of the graph.</summary>
    public const int MinEdgeWeight = 3;

    /// <summary>Meetings (beyond chance) before a pair's win record is judged.</summary>
    public const int PairRuleMeetings = 4;

    /// <summary>Pairs with P(meetings ≥ observed | chance) above this are never edges.</summary>
    public const double MaxEdgePValue = 1e-3;

    /// <summary>Expected share of chance pairs among the edges (Benjamini–Hochberg).</summary>
    public const double FalseDiscoveryRate = 0.05;

    public required int BidderCount { get; init; }

    /// <summary>Sections each bidder bid in, and won.</summary>
    public required int[] Bids { get; init; }
    public required int[] Wins { get; init; }

    /// <summary>Sum over all partners of sections shared, including one-off meetings.</summary>
    public required double[] Strength { get; init; }

    // Pairs that met at least MinEdgeWeight times: a < b, meetings, wins of each in those meetings.
    public required int[] PairA { get; init; }
    public required int[] PairB { get; init; }
    public required int[] PairCount { get; init; }
    public required int[] PairWinsA { get; init; }
    public required int[] PairWinsB { get; init; }

    /// <summary>Meetings expected by chance for each kept pair.</summary>
    public required double[] PairExpected { get; init; }

    /// <summary>Met more often than chance explains (after the false-discovery control): an edge of the graph.</summary>
    public required bool[] PairSignificant { get; init; }

    public Graph ToGraph()
    {
        // Weight = meetings beyond chance.
        var a = new List<int>();
        var b = new List<int>();
        var w = new List<double>();
        for (var i = 0; i < PairCount.Length; i++)
        {
            if (PairSignificant[i])
            {
                a.Add(PairA[i]);
                b.Add(PairB[i]);
                w.Add(Math.Max(0.5, PairCount[i] - PairExpected[i]));
            }
        }

        return Graph.FromEdges(BidderCount, a.ToArray(), b.ToArray(), w.ToArray());
    }

    /// <summary>Distinct non-withdrawn bidders of a section, sorted, with the winner's position flagged.</summary>
    internal static int SectionBidders(BidTable t, int s, int winner, Span<int> into, out int winnerBidder)
    {
        winnerBidder = winner >= 0 ? t.Bidder[winner] : -1;
        var m = 0;
        for (var i = t.SectionStart[s]; i < t.SectionStart[s + 1]; i++)
        {
            if (t.Status[i] != BidStatus.Withdrawn && t.Bidder[i] >= 0)
            {
                into[m++] = t.Bidder[i];
            }
        }

        var span = into[..m];
        span.Sort();
        var d = 0;
        for (var i = 0; i < m; i++)
        {
            if (d == 0 || span[i] != span[d - 1])
            {
                span[d++] = span[i];
            }
        }

        return d;
    }

    public static CoBidding Build(BidTable t, int[] winner, int maxSectionBids)
    {
        var n = t.BidderCount;
        var bids = new int[n];
        var wins = new int[n];
        var sections = t.SectionCount;
        var pairOffset = new long[sections + 1];
        var scratch = new int[Math.Max(1, maxSectionBids)];

        // Bids per firm and category (one pool when there are no categories or too many for a dense table).
        var pools = t.Categories.Length is > 0 and <= 64 && (long)n * (t.Categories.Length + 1) <= 50_000_000 ? t.Categories.Length + 1 : 1;
        var poolBids = new int[n * pools];
        var poolTotal = new double[pools];
        var poolPairs = new double[pools];
        for (var s = 0; s < sections; s++)
        {
            var d = SectionBidders(t, s, winner[s], scratch, out var wb);
            var pool = pools == 1 ? 0 : t.Category[s] + 1;
            poolTotal[pool] += d;
            poolPairs[pool] += (double)d * (d - 1);
            for (var i = 0; i < d; i++)
            {
                bids[scratch[i]]++;
                poolBids[(scratch[i] * pools) + pool]++;
            }

            if (wb >= 0)
            {
                wins[wb]++;
            }

            var pairs = d is >= 2 and <= MaxBiddersForPairs ? (long)d * (d - 1) / 2 : 0;
            pairOffset[s + 1] = pairOffset[s] + pairs;
        }

        // One key per meeting: a (32 bits) | b (30 bits) | did a win | did b win. Sorting brings a pair's meetings together.
        var keys = new ulong[pairOffset[sections]];
        Parallel.For(0, Environment.ProcessorCount, () => new int[Math.Max(1, maxSectionBids)], (worker, _, buffer) =>
        {
            var workers = Environment.ProcessorCount;
            for (var s = worker; s < sections; s += workers)
            {
                var count = pairOffset[s + 1] - pairOffset[s];
                if (count == 0)
                {
                    continue;
                }

                var d = SectionBidders(t, s, winner[s], buffer, out var wb);
                var p = pairOffset[s];
                for (var i = 0; i < d; i++)
                {
                    var a = buffer[i];
                    var aw = a == wb ? 2UL : 0UL;
                    for (var j = i + 1; j < d; j++)
                    {
                        var b = buffer[j];
                        keys[p++] = ((ulong)a << 32) | ((ulong)b << 2) | aw | (b == wb ? 1UL : 0UL);
                    }
                }
            }

            return buffer;
        }, _ => { });

        ParallelSort(keys);

        var strength = new double[n];
        var pa = new List<int>();
        var pb = new List<int>();
        var pc = new List<int>();
        var pwa = new List<int>();
        var pwb = new List<int>();
        var pe = new List<double>();
        var pp = new List<double>();
        long tested = 0;

        // (d̄ − 1) / B = Σd(d−1) / Σd / Σd: the chance that a given other bid of the pool sits in a given section.
        var poolFactor = new double[pools];
        for (var p = 0; p < pools; p++)
        {
            poolFactor[p] = poolTotal[p] > 0 ? poolPairs[p] / poolTotal[p] / poolTotal[p] : 0;
        }

        long r = 0;
        while (r < keys.LongLength)
        {
            var pair = keys[r] >> 2;
            var q = r;
            var wa = 0;
            var wbCount = 0;
            while (q < keys.LongLength && keys[q] >> 2 == pair)
            {
                wa += (int)((keys[q] >> 1) & 1);
                wbCount += (int)(keys[q] & 1);
                q++;
            }

            var count = (int)(q - r);
            var a = (int)(pair >> 30);
            var b = (int)(pair & ((1UL << 30) - 1));
            strength[a] += count;
            strength[b] += count;
            if (count < MinEdgeWeight)
            {
                r = q;
                continue;
            }

            var expected = 0.0;
            for (var p = 0; p < pools; p++)
            {
                expected += (double)poolBids[(a * pools) + p] * poolBids[(b * pools) + p] * poolFactor[p];
            }

            var pValue = PoissonTail(count, expected);
            tested++;
            if (pValue <= MaxEdgePValue)
            {
                pp.Add(pValue);
                pe.Add(expected);
                pa.Add(a);
                pb.Add(b);
                pc.Add(count);
                pwa.Add(wa);
                pwb.Add(wbCount);
            }

            r = q;
        }

        // Benjamini–Hochberg over every pair tested: a big market tests millions of pairs, and a fixed p-value
        // would let thousands of chance meetings into the graph and glue the rings to their neighbours.
        var pvalues = pp.ToArray();
        var order = new int[pvalues.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var sortedP = (double[])pvalues.Clone();
        Array.Sort(sortedP, order);
        var cutoff = -1.0;
        for (var k = sortedP.Length - 1; k >= 0; k--)
        {
            if (sortedP[k] <= FalseDiscoveryRate * (k + 1) / Math.Max(1, tested))
            {
                cutoff = sortedP[k];
                break;
            }
        }

        var significantPairs = new bool[pvalues.Length];
        for (var i = 0; i < pvalues.Length; i++)
        {
            significantPairs[i] = pvalues[i] <= cutoff;
        }

        return new CoBidding
        {
            BidderCount = n,
            Bids = bids,
            Wins = wins,
            Strength = strength,
            PairA = [.. pa],
            PairB = [.. pb],
            PairCount = [.. pc],
            PairWinsA = [.. pwa],
            PairWinsB = [.. pwb],
            PairExpected = [.. pe],
            PairSignificant = significantPairs,
        };
    }

    /// <summary>P(X ≥ k) for X ~ Poisson(λ), summed in log space.</summary>
    public static double PoissonTail(int k, double lambda)
    {
        if (k <= 0)
        {
            return 1;
        }

        if (lambda <= 0)
        {
            return 0;
        }

        // 1 − P(X < k) loses precision when the tail is tiny: sum the tail terms directly instead.
        var logTerm = (k * Math.Log(lambda)) - lambda - LogFactorial(k);
        var term = Math.Exp(logTerm);
        var sum = 0.0;
        for (var i = k; i < k + 200; i++)
        {
            sum += term;
            term *= lambda / (i + 1);
            if (term < sum * 1e-12)
            {
                break;
            }
        }

        return Math.Min(1, sum);
    }

    private static double LogFactorial(int k)
    {
        var s = 0.0;
        for (var i = 2; i <= k; i++)
        {
            s += Math.Log(i);
        }

        return s;
    }

    /// <summary>Sorts halves in parallel and merges: the machine has few cores, so two-way is enough.</summary>
    private static void ParallelSort(ulong[] keys)
    {
        var n = keys.Length;
        if (n < 1 << 20 || Environment.ProcessorCount < 2)
        {
            Array.Sort(keys);
            return;
        }

        // Partition by the high bits of a (the first bidder) into buckets, sort buckets in parallel: no merge buffer.
        var buckets = Math.Min(64, Environment.ProcessorCount * 8);
        ulong maxKey = 0;
        foreach (var k in keys)
        {
            if (k > maxKey)
            {
                maxKey = k;
            }
        }

        var shift = 0;
        while ((maxKey >> shift) >= (ulong)buckets)
        {
            shift++;
        }

        var counts = new int[buckets + 1];
        foreach (var k in keys)
        {
            counts[(int)(k >> shift) + 1]++;
        }

        for (var i = 0; i < buckets; i++)
        {
            counts[i + 1] += counts[i];
        }

        // In-place American-flag permutation into buckets.
        var next = (int[])counts.Clone();
        for (var bucket = 0; bucket < buckets; bucket++)
        {
            while (next[bucket] < counts[bucket + 1])
            {
                var k = keys[next[bucket]];
                var target = (int)(k >> shift);
                if (target == bucket)
                {
                    next[bucket]++;
                    continue;
                }

                keys[next[bucket]] = keys[next[target]];
                keys[next[target]++] = k;
            }
        }

        // Each bucket by LSD radix on the digits that vary (the keys use few of their 64 bits), with one buffer per
        // thread the size of the largest bucket: plain values, so the order is Array.Sort's.
        var largest = 0;
        for (var bucket = 0; bucket < buckets; bucket++)
        {
            largest = Math.Max(largest, counts[bucket + 1] - counts[bucket]);
        }

        Parallel.For(0, buckets, () => (ulong[]?)null, (bucket, _, buffer) =>
        {
            var part = keys.AsSpan(counts[bucket], counts[bucket + 1] - counts[bucket]);
            if (part.Length < RadixMinimum)
            {
                part.Sort();
                return buffer;
            }

            buffer ??= new ulong[largest];
            RadixSort(part, buffer.AsSpan(0, part.Length));
            return buffer;
        }, _ => { });
    }

    /// <summary>Below this many keys a comparison sort is as fast as the radix passes.</summary>
    private const int RadixMinimum = 4096;

    private const int RadixBits = 11;

    /// <summary>LSD radix sort of <paramref name="keys"/> (11-bit digits, digits equal in every key skipped), using <paramref name="buffer"/> (same length).</summary>
    internal static void RadixSort(Span<ulong> keys, Span<ulong> buffer)
    {
        ulong any = 0;
        var all = ulong.MaxValue;
        foreach (var k in keys)
        {
            any |= k;
            all &= k;
        }

        var varying = any ^ all;
        Span<int> offsets = stackalloc int[1 << RadixBits];
        var source = keys;
        var target = buffer;
        for (var shift = 0; shift < 64; shift += RadixBits)
        {
            const ulong mask = (1UL << RadixBits) - 1;
            if (((varying >> shift) & mask) == 0)
            {
                continue;
            }

            offsets.Clear();
            foreach (var k in source)
            {
                offsets[(int)((k >> shift) & mask)]++;
            }

            var sum = 0;
            for (var d = 0; d < offsets.Length; d++)
            {
                var c = offsets[d];
                offsets[d] = sum;
                sum += c;
            }

            foreach (var k in source)
            {
                target[offsets[(int)((k >> shift) & mask)]++] = k;
            }

            var swap = source;
            source = target;
            target = swap;
        }

        if (source != keys)
        {
            source.CopyTo(keys);
        }
    }
}
