using Jianguan.Analytics.Data;
using Jianguan.Analytics.Learning;
using Jianguan.Analytics.Scoring;
using Jianguan.Analytics.Screens;

namespace Jianguan.Analytics.Rules;

/// <summary>Per-thread buffers sized to the largest section, so the per-section rules allocate only their alerts.</summary>
public sealed class SectionScratch(int maxBids)
{
    public ulong[] Keys { get; } = new ulong[maxBids];
    public int[] Index { get; } = new int[maxBids];
    public int[] Ints { get; } = new int[maxBids];
    public int[] Ints2 { get; } = new int[maxBids];
    public double[] Prices { get; } = new double[maxBids];
    public double[] ScreenScratch { get; } = new double[PriceScreens.ScratchLength(maxBids)];
    public bool[] Excluded { get; } = new bool[maxBids];
    public bool[] Flags { get; } = new bool[maxBids];
    public List<Alert> Alerts { get; } = [];
    public List<FingerprintHit> Hits { get; } = [];
}

/// <summary>The rules that look at one section at a time: art. 40 fingerprints, red flags, screens, data quality.</summary>
public static class SectionRules
{
    /// <summary>Tendering law art. 24: at least 20 days from the tender documents to the bid deadline.</summary>
    public const double MinBiddingDays = 20;

    /// <summary>
    /// The legal minimum period for a procurement mode: 20 days for 招标 (招标投标法 art. 24, 政府采购 公开招标);
    /// 10 days for 竞争性磋商 (财库〔2014〕214号 art. 10); 3 days for 竞争性谈判 and 询价 (财政部令第74号);
    /// none for 单一来源. An unknown mode is held to the tendering law.
    /// </summary>
    public static double MinimumDays(string? mode) =>
        mode is null ? MinBiddingDays
        : mode.Contains("磋商", StringComparison.Ordinal) ? 10
        : mode.Contains("谈判", StringComparison.Ordinal) || mode.Contains("询价", StringComparison.Ordinal) ? 3
        : mode.Contains("单一来源", StringComparison.Ordinal) ? 0
        : MinBiddingDays;

    /// <summary>A winning discount (下浮率) below this is "close to the control price" whatever the market.</summary>
    public const double LowDiscountCeiling = 0.02;

    /// <summary>A winning discount above this is always examined as possibly below cost.</summary>
    public const double DeepDiscountFloor = 0.25;

    /// <summary>
    /// Chance coincidences (equal prices, three prices in equal steps) grow with the square of the number of bids:
    /// above this many bids they count as weak evidence (strength ¼), e.g. Italian average-bid auctions with 70 bids.
    /// </summary>
    public const int CoincidenceBids = 20;

    /// <summary>Screens on fewer bids are noise.</summary>
    public const int MinScreenBids = 4;

    /// <summary>
    /// First pass over one section: drops withdrawn bids and unit errors, computes the screens, the winner, the
    /// winning discount and the number of distinct bidders.
    /// </summary>
    public static void Measure(BidTable t, int s, SectionScratch x, MarketNormsInput m, int[] winner, ModelFeed? feed = null)
    {
        var a = t.SectionStart[s];
        var e = t.SectionStart[s + 1];
        var n = 0;
        MarkUnitErrors(t, s, x);
        var scratch = x.ScreenScratch.AsSpan();
        for (var i = a; i < e; i++)
        {
            var p = t.Price[i];
            if (t.Status[i] != BidStatus.Withdrawn && !x.Excluded[i - a] && double.IsFinite(p) && p > 0)
            {
                scratch[n++] = p;
            }
        }

        var sorted = scratch[..n];
        sorted.Sort();
        var estimate = double.IsFinite(t.Estimate[s]) ? t.Estimate[s] : t.ControlPrice[s];
        var v = PriceScreens.ComputeSorted(sorted, estimate, scratch[n..], out var rdCount);
        if (feed is not null)
        {
            // The model describes the section from the same bids and screens (its subset values are still in
            // the scratch), instead of computing them a second time.
            var count = e - a;
            if (t.HasStatus)
            {
                for (var i = 0; i < count; i++)
                {
                    x.Flags[i] = t.Status[a + i] == BidStatus.Disqualified;
                }
            }

            feed.Add(s, new TenderView
            {
                Bids = t.Price.AsSpan(a, count),
                Winners = t.HasWinners ? t.Won.AsSpan(a, count) : default,
                Disqualified = t.HasStatus ? x.Flags.AsSpan(0, count) : default,
                Estimate = estimate,
            }, sorted, v, scratch[n..], rdCount);
        }

        m.ScreenN[s] = v.N;
        m.Cv[s] = v.Cv;
        m.Spread[s] = v.Spread;
        m.Rd[s] = v.Rd;
        m.Kurtosis[s] = v.Kurtosis;
        m.Skewness[s] = v.Skewness;
        m.SubsetCvMean[s] = v.SubsetCvMean;
        m.BidToEstimate[s] = v.BidToEstimate;

        var w = -1;
        for (var i = a; i < e; i++)
        {
            if (t.Won[i])
            {
                w = i;
                break;
            }
        }

        winner[s] = w;
        var control = t.ControlPrice[s];
        // A slipped winning bid says nothing about the discount (the award amount, when known, is used instead).
        var winPrice = w >= 0 && !x.Excluded[w - a] ? t.Price[w] : t.AwardAmount[s];
        m.Discount[s] = double.IsFinite(control) && control > 0 && double.IsFinite(winPrice) ? (control - winPrice) / control : double.NaN;
        m.Distinct[s] = DistinctBidders(t, a, e, x);
    }

    private static int DistinctBidders(BidTable t, int a, int e, SectionScratch x)
    {
        if (!t.HasBidders)
        {
            return e - a;
        }

        var m = 0;
        for (var i = a; i < e; i++)
        {
            if (t.Status[i] != BidStatus.Withdrawn)
            {
                x.Ints[m++] = t.Bidder[i];
            }
        }

        var span = x.Ints.AsSpan(0, m);
        span.Sort();
        var d = m > 0 ? 1 : 0;
        for (var i = 1; i < m; i++)
        {
            if (span[i] != span[i - 1])
            {
                d++;
            }
        }

        return d;
    }

    /// <summary>
    /// Marks in <see cref="SectionScratch.Excluded"/> the bids that look like decimal or unit slips and returns the
    /// reference they were judged against: the median of the section's positive bids when it has three or more
    /// (one slipped bid cannot move it), else the control price. A slip is a bid whose ratio r to the reference is
    /// within a factor of <see cref="SlipTolerance"/> of 10ⁿ for n = ±1, ±2, or at least 10^(3 − log₁₀ 2) away
    /// (万元 for 元 and beyond): honest bids stay within a factor of two of the median, so a bid that becomes an
    /// ordinary bid once its decimal point is moved is a slip, not a price.
    /// </summary>
    private static double MarkUnitErrors(BidTable t, int s, SectionScratch x)
    {
        var a = t.SectionStart[s];
        var e = t.SectionStart[s + 1];
        var n = e - a;
        Array.Clear(x.Excluded, 0, n);
        var m = 0;
        for (var i = 0; i < n; i++)
        {
            var p = t.Price[a + i];
            if (double.IsFinite(p) && p > 0)
            {
                x.Prices[m++] = p;
            }
        }

        double reference;
        if (m >= 3)
        {
            var span = x.Prices.AsSpan(0, m);
            span.Sort();
            reference = m % 2 == 1 ? span[m / 2] : (span[(m / 2) - 1] + span[m / 2]) / 2;
        }
        else
        {
            reference = t.ControlPrice[s];
        }

        if (!double.IsFinite(reference) || reference <= 0)
        {
            return double.NaN;
        }

        for (var i = 0; i < n; i++)
        {
            var p = t.Price[a + i];
            x.Excluded[i] = double.IsFinite(p) && p > 0 && SlipPower(p / reference) != 0;
        }

        return reference;
    }

    /// <summary>A slipped bid corrected by 10ⁿ lands within this factor of the reference.</summary>
    public const double SlipTolerance = 2;

    /// <summary>
    /// n when <paramref name="ratio"/> (bid / reference) is a decimal or unit slip of 10ⁿ (see
    /// <see cref="MarkUnitErrors"/>), else 0.
    /// </summary>
    public static int SlipPower(double ratio)
    {
        if (!(ratio > 0) || !double.IsFinite(ratio))
        {
            return 0;
        }

        var l = Math.Log10(ratio);
        var k = (int)Math.Round(l);
        var tolerance = Math.Log10(SlipTolerance);
        if (Math.Abs(l) >= 3 - tolerance)
        {
            return k == 0 ? Math.Sign(l) : k;
        }

        return k != 0 && Math.Abs(l - k) <= tolerance ? k : 0;
    }

    /// <summary>Second pass: every section rule, with the market norms known.</summary>
    public static void Evaluate(BidTable t, int s, SectionScratch x, MarketNorms norms)
    {
        var reference = MarkUnitErrors(t, s, x);
        Quality(t, s, x, reference);
        if (t.HasBidders)
        {
            Fingerprints(t, s, x);
        }

        Prices(t, s, x);
        Competition(t, s, x, norms);
        Screens(t, s, x, norms);
    }

    private static int CountPositive(BidTable t, int a, int e)
    {
        var c = 0;
        for (var i = a; i < e; i++)
        {
            c += double.IsFinite(t.Price[i]) && t.Price[i] > 0 ? 1 : 0;
        }

        return c;
    }

    private static void Quality(BidTable t, int s, SectionScratch x, double reference)
    {
        var a = t.SectionStart[s];
        var e = t.SectionStart[s + 1];
        for (var i = a; i < e; i++)
        {
            if (x.Excluded[i - a])
            {
                var ratio = t.Price[i] / reference;
                var power = SlipPower(ratio);
                x.Alerts.Add(new Alert(RuleCatalog.DecimalSlip, s, t.HasBidders && t.Bidder[i] >= 0 ? [t.Bidder[i]] : [])
                    .With("bid", t.Price[i])
                    .With("reference", reference)
                    .With("reference_kind", CountPositive(t, a, e) >= 3 ? "median" : "control_price")
                    .With("ratio", ratio)
                    .With("order_of_magnitude", power)
                    .With("corrected_bid", t.Price[i] / Math.Pow(10, power))
                    .With("tolerance", SlipTolerance));
            }
        }

        var anyColumn = false;
        for (var k = 0; k < Fingerprint.KindCount; k++)
        {
            anyColumn |= t.Fingerprints[k] is not null;
        }

        if (!anyColumn || !t.HasBidders)
        {
            return;
        }

        List<int>? missing = null;
        for (var i = a; i < e; i++)
        {
            var any = false;
            for (var k = 0; k < Fingerprint.KindCount && !any; k++)
            {
                any = t.Fingerprints[k] is { } col && col[i] != Fingerprint.Missing;
            }

            if (!any)
            {
                (missing ??= []).Add(t.Bidder[i]);
            }
        }

        if (missing is not null)
        {
            x.Alerts.Add(new Alert(RuleCatalog.MissingFingerprints, s, [.. missing])
                .With("bids_without_fingerprint", missing.Count)
                .With("bids", e - a));
        }
    }

    private static readonly (FingerprintKind Kind, Rule Rule, string Field)[] Simple =
    [
        (FingerprintKind.FileCode, RuleCatalog.FileCode, "file_code"),
        (FingerprintKind.MachineCode, RuleCatalog.MachineCode, "machine_code"),
        (FingerprintKind.Dongle, RuleCatalog.Dongle, "dongle"),
        (FingerprintKind.Ip, RuleCatalog.UploadIp, "ip"),
        (FingerprintKind.ContactPhone, RuleCatalog.ContactPhone, "contact_phone"),
        (FingerprintKind.ProjectManager, RuleCatalog.ProjectManager, "pm_id"),
        (FingerprintKind.PmCertificate, RuleCatalog.PmCertificate, "pm_certificate"),
        (FingerprintKind.DocHash, RuleCatalog.IdenticalDocument, "doc_hash"),
        (FingerprintKind.DepositAccount, RuleCatalog.DepositAccount, "deposit_account"),
        (FingerprintKind.LegalRep, RuleCatalog.LegalRep, "legal_rep"),
    ];

    private static void Fingerprints(BidTable t, int s, SectionScratch x)
    {
        var a = t.SectionStart[s];
        var e = t.SectionStart[s + 1];
        if (e - a < 2)
        {
            return;
        }

        foreach (var (kind, rule, field) in Simple)
        {
            if (t.Fingerprints[(int)kind] is not { } col)
            {
                continue;
            }

            var m = 0;
            for (var i = a; i < e; i++)
            {
                if (col[i] != Fingerprint.Missing && t.Status[i] != BidStatus.Withdrawn)
                {
                    x.Keys[m] = col[i];
                    x.Index[m] = i;
                    m++;
                }
            }

            ForEachSharedRun(t, x, m, (bids, bidders) =>
            {
                var alert = new Alert(rule, s, bidders)
                    .With("field", field)
                    .With("value", new RawValue(bids[0], kind))
                    .With("bids", bids.Length)
                    .With("prices", Prices(t, bids));
                x.Alerts.Add(alert);
                AddHits(t, x, bids, kind, col[bids[0]], s);
            });
        }

        Hardware(t, s, x);
    }

    /// <summary>MAC, CPU and disk: two of the three equal is one machine (a single equal MAC can be a shared router).</summary>
    private static void Hardware(BidTable t, int s, SectionScratch x)
    {
        var mac = t.Fingerprints[(int)FingerprintKind.Mac];
        var cpu = t.Fingerprints[(int)FingerprintKind.Cpu];
        var disk = t.Fingerprints[(int)FingerprintKind.Disk];
        var present = (mac is null ? 0 : 1) + (cpu is null ? 0 : 1) + (disk is null ? 0 : 1);
        if (present == 0)
        {
            return;
        }

        var a = t.SectionStart[s];
        var e = t.SectionStart[s + 1];
        var found = new List<(int[] Bids, int[] Bidders, int Mask)>();
        // With a single hardware column present, that column alone is the evidence.
        (ulong[]? A, ulong[]? B, int Mask)[] combos = present == 1
            ? [(mac ?? cpu ?? disk, null, mac is not null ? 1 : cpu is not null ? 2 : 4)]
            : [(mac, cpu, 3), (mac, disk, 5), (cpu, disk, 6)];
        foreach (var (ca, cb, mask) in combos)
        {
            if (ca is null || (present > 1 && cb is null))
            {
                continue;
            }

            var m = 0;
            for (var i = a; i < e; i++)
            {
                var key = cb is null ? ca[i] : Fingerprint.Combine(ca[i], cb[i]);
                if (key != Fingerprint.Missing && t.Status[i] != BidStatus.Withdrawn)
                {
                    x.Keys[m] = key;
                    x.Index[m] = i;
                    m++;
                }
            }

            ForEachSharedRun(t, x, m, (bids, bidders) =>
            {
                var same = found.FindIndex(f => f.Bidders.AsSpan().SequenceEqual(bidders));
                if (same >= 0)
                {
                    found[same] = (found[same].Bids, found[same].Bidders, found[same].Mask | mask);
                }
                else
                {
                    found.Add((bids, bidders, mask));
                }
            });
        }

        foreach (var (bids, bidders, mask) in found)
        {
            var alert = new Alert(RuleCatalog.Hardware, s, bidders).With("bids", bids.Length);
            if ((mask & 1) != 0)
            {
                alert.With("mac", new RawValue(bids[0], FingerprintKind.Mac));
                AddHits(t, x, bids, FingerprintKind.Mac, mac![bids[0]], s);
            }

            if ((mask & 2) != 0)
            {
                alert.With("cpu", new RawValue(bids[0], FingerprintKind.Cpu));
                AddHits(t, x, bids, FingerprintKind.Cpu, cpu![bids[0]], s);
            }

            if ((mask & 4) != 0)
            {
                alert.With("disk", new RawValue(bids[0], FingerprintKind.Disk));
                AddHits(t, x, bids, FingerprintKind.Disk, disk![bids[0]], s);
            }

            alert.With("prices", Prices(t, bids));
            x.Alerts.Add(alert);
        }
    }

    /// <summary>Sorts the first m (key, bid) pairs and calls back for every key shared by two or more different bidders.</summary>
    private static void ForEachSharedRun(BidTable t, SectionScratch x, int m, Action<int[], int[]> onRun)
    {
        if (m < 2)
        {
            return;
        }

        Array.Sort(x.Keys, x.Index, 0, m);
        var r = 0;
        while (r < m)
        {
            var q = r + 1;
            while (q < m && x.Keys[q] == x.Keys[r])
            {
                q++;
            }

            if (q - r >= 2)
            {
                var bids = x.Index.AsSpan(r, q - r).ToArray();
                Array.Sort(bids);
                var bidders = DistinctBiddersOf(t, bids);
                if (bidders.Length >= 2)
                {
                    onRun(bids, bidders);
                }
            }

            r = q;
        }
    }

    private static int[] DistinctBiddersOf(BidTable t, int[] bids)
    {
        var list = new List<int>(bids.Length);
        foreach (var b in bids)
        {
            if (t.Bidder[b] >= 0 && !list.Contains(t.Bidder[b]))
            {
                list.Add(t.Bidder[b]);
            }
        }

        return [.. list];
    }

    private static void AddHits(BidTable t, SectionScratch x, int[] bids, FingerprintKind kind, ulong value, int s)
    {
        for (var i = 0; i < bids.Length; i++)
        {
            for (var j = i + 1; j < bids.Length; j++)
            {
                var p = t.Bidder[bids[i]];
                var q = t.Bidder[bids[j]];
                if (p != q && p >= 0 && q >= 0)
                {
                    x.Hits.Add(new FingerprintHit(Math.Min(p, q), Math.Max(p, q), kind, value, s, bids[i]));
                }
            }
        }
    }

    private static double[] Prices(BidTable t, int[] bids)
    {
        var p = new double[bids.Length];
        for (var i = 0; i < bids.Length; i++)
        {
            p[i] = t.Price[bids[i]];
        }

        return p;
    }

    /// <summary>Identical prices and regular steps (条例 art. 40 (4)); they need no bidder column.</summary>
    private static void Prices(BidTable t, int s, SectionScratch x)
    {
        var a = t.SectionStart[s];
        var e = t.SectionStart[s + 1];
        var m = 0;
        for (var i = a; i < e; i++)
        {
            if (t.Status[i] != BidStatus.Withdrawn && !x.Excluded[i - a])
            {
                x.Keys[m] = (ulong)Math.Round(t.Price[i] * 100);
                x.Index[m] = i;
                m++;
            }
        }

        if (m < 2)
        {
            return;
        }

        Array.Sort(x.Keys, x.Index, 0, m);
        var control = t.ControlPrice[s];
        var r = 0;
        while (r < m)
        {
            var q = r + 1;
            while (q < m && x.Keys[q] == x.Keys[r])
            {
                q++;
            }

            var price = t.Price[x.Index[r]];
            // Everybody bidding exactly the fixed control price is a fixed-price procurement, not collusion.
            if (q - r >= 2 && !(double.IsFinite(control) && Math.Abs(price - control) < 0.005))
            {
                var bids = x.Index.AsSpan(r, q - r).ToArray();
                Array.Sort(bids);
                var bidders = t.HasBidders ? DistinctBiddersOf(t, bids) : [];
                if (!t.HasBidders || bidders.Length >= 2)
                {
                    // Bidding the control price less a round 下浮率 (a multiple of 0.1 %) is a common honest
                    // strategy where a minimum discount is set: still reported, but weak evidence.
                    var roundDiscount = double.IsFinite(control) && IsRoundDiscount(price, control);
                    x.Alerts.Add(new Alert(RuleCatalog.IdenticalPrice, s, bidders) { Strength = roundDiscount || m > CoincidenceBids ? 0.25 : 1 }
                        .With("price", price)
                        .With("bids", bids.Length)
                        .With("round_discount", roundDiscount ? Math.Round((control - price) / control, 4) : null)
                        .With("section_bids", m));
                }
            }

            r = q;
        }

        Steps(t, s, x, m);
    }

    /// <summary>True when price = control × (1 − k/1000) to within one yuan.</summary>
    public static bool IsRoundDiscount(double price, double control)
    {
        var permille = (control - price) / control * 1000;
        var k = Math.Round(permille);
        return k >= 0 && Math.Abs(permille - k) * control / 1000 < 1;
    }

    /// <summary>
    /// An equal-step chain is reported only when the number of chains at least as long, on the same price lattice
    /// and with the same local density of bids, that independent bids would form by chance in this section is at
    /// most this (see <see cref="ChanceChains"/>).
    /// </summary>
    public const double MaxChanceChains = 0.01;

    /// <summary>Sections with more distinct prices than this are not searched for chains (the search is quadratic).</summary>
    public const int MaxChainSearchPrices = 1500;

    /// <summary>Price lattices a chain's prices may sit on (yuan), coarsest first.</summary>
    private static readonly double[] Lattices = [1e6, 5e5, 1e5, 5e4, 1e4, 5e3, 1e3, 500, 100, 50, 10, 5, 1, 0.1, 0.01];

    /// <summary>
    /// Equal steps (条例 art. 40 (4), 规律性差异): three or more bids whose prices form an arithmetic or geometric
    /// progression, <b>not necessarily adjacent</b> — other bidders' prices may fall between the links. Every pair
    /// of distinct prices starts a candidate chain, extended while the next link is found within the rounding
    /// tolerance of the first two links (<see cref="Tolerance"/>: two cents for prices in cents, two yuan for whole
    /// yuan, and so on).
    /// Chance is controlled by the step's improbability: <see cref="ChanceChains"/> estimates how many such chains
    /// independent bids would form in this section, and only the most improbable chain is reported, when that
    /// expectation is at most <see cref="MaxChanceChains"/>. Steps smaller than 10⁻⁴ of the price are
    /// near-identical prices, not a pattern.
    /// </summary>
    private static void Steps(BidTable t, int s, SectionScratch x, int m)
    {
        // x.Keys/x.Index hold the m valid bids sorted by price (cents): keep one bid per distinct price.
        if (m < 3)
        {
            return;
        }

        var prices = x.Prices;
        var rep = x.Ints;
        var d = 0;
        for (var i = 0; i < m; i++)
        {
            if (d == 0 || x.Keys[i] != x.Keys[i - 1])
            {
                prices[d] = t.Price[x.Index[i]];
                rep[d] = x.Index[i];
                d++;
            }
        }

        if (d < 3 || d > MaxChainSearchPrices)
        {
            return;
        }

        var p = prices.AsSpan(0, d);

        // Which lattices each price sits on (bit g for Lattices[g]), once per price rather than once per pair.
        var onLattice = x.Ints2.AsSpan(0, d);
        for (var i = 0; i < d; i++)
        {
            var mask = 0;
            for (var g = 0; g < Lattices.Length; g++)
            {
                mask |= OnLattice(p[i], Lattices[g]) ? 1 << g : 0;
            }

            onLattice[i] = mask;
        }

        var best = Array.Empty<int>();
        var bestE = double.PositiveInfinity;
        var bestKind = "";
        var bestStep = 0.0;
        var bestLattice = 0.0;
        Span<int> links = stackalloc int[64];
        for (var kindIndex = 0; kindIndex < 2; kindIndex++)
        {
            var geometric = kindIndex == 1;
            for (var i = 0; i + 2 < d; i++)
            {
                for (var j = i + 1; j + 1 < d; j++)
                {
                    var step = p[j] - p[i];
                    if (step < 1e-4 * p[j])
                    {
                        continue;
                    }

                    // The rounding unit of the first two links sets how exactly the next ones must fit.
                    var unit = Rounding(onLattice[i] & onLattice[j]);

                    // Its predecessor present: the chain is counted from its first link.
                    var before = geometric ? p[i] * p[i] / p[j] : p[i] - step;
                    if (Find(p, before, Tolerance(before, unit), 0, i) >= 0)
                    {
                        continue;
                    }

                    links[0] = i;
                    links[1] = j;
                    var length = 2;
                    while (length < links.Length)
                    {
                        var last = p[links[length - 1]];
                        var next = geometric
                            ? last * Math.Pow(last / p[i], 1.0 / (length - 1))
                            : last + ((last - p[i]) / (length - 1));
                        var k = Find(p, next, Tolerance(next, unit), links[length - 1] + 1, d);
                        if (k < 0)
                        {
                            break;
                        }

                        links[length++] = k;
                    }

                    if (length < 3 || !Fits(p, links[..length], geometric, out var tolerance))
                    {
                        continue;
                    }

                    var (expected, lattice) = ChanceChains(p, links[..length], tolerance);
                    if (expected < bestE)
                    {
                        bestE = expected;
                        best = links[..length].ToArray();
                        bestKind = geometric ? "geometric" : "arithmetic";
                        var first = p[links[0]];
                        var final = p[links[length - 1]];
                        bestStep = geometric ? Math.Pow(final / first, 1.0 / (length - 1)) : (final - first) / (length - 1);
                        bestLattice = lattice;
                    }
                }
            }
        }

        if (best.Length < 3 || bestE > MaxChanceChains)
        {
            return;
        }

        var bids = new int[best.Length];
        for (var i = 0; i < best.Length; i++)
        {
            bids[i] = rep[best[i]];
        }

        var bidders = t.HasBidders ? DistinctBiddersOf(t, bids) : [];
        if (t.HasBidders && bidders.Length < 3)
        {
            return;
        }

        x.Alerts.Add(new Alert(RuleCatalog.PriceSteps, s, bidders)
        {
            Strength = best.Length >= 4 ? 1.6 : 1,
        }
            .With("kind", bestKind)
            .With("step", bestStep)
            .With("prices", Prices(t, bids))
            .With("bids", best.Length)
            .With("min_bids", 3)
            .With("interleaved_bids", best[^1] - best[0] + 1 - best.Length)
            .With("price_lattice", bestLattice)
            .With("expected_chance_chains", bestE)
            .With("max_expected_chance_chains", MaxChanceChains)
            .With("section_bids", m));
    }

    /// <summary>
    /// How far a chain's next link may sit from where the step puts it: bids rounded to a unit u (a cent, a yuan, ten
    /// yuan …) put the next link of a true progression within 2u of where two rounded links predict it (1.5u from
    /// the prediction, 0.5u from its own rounding), arithmetic or geometric alike; plus 10⁻⁹ of the price for
    /// floating-point noise.
    /// </summary>
    private static double Tolerance(double target, double unit) => (2 * unit) + (1e-9 * target);

    /// <summary>
    /// True when every link sits within the tolerance of the whole chain's rounding unit (the coarsest lattice
    /// dividing all its prices) from the progression through its first and last links: the search allows the
    /// first two links' unit, which can be coarser by chance.
    /// </summary>
    private static bool Fits(ReadOnlySpan<double> p, ReadOnlySpan<int> links, bool geometric, out double tolerance)
    {
        var unit = 0.005;
        foreach (var g in Lattices)
        {
            var all = true;
            foreach (var l in links)
            {
                all &= OnLattice(p[l], g);
            }

            if (all)
            {
                unit = g;
                break;
            }
        }

        var first = p[links[0]];
        var last = p[links[^1]];
        var n = links.Length - 1;
        tolerance = Tolerance((first + last) / 2, unit);
        for (var k = 1; k < n; k++)
        {
            var expected = geometric ? first * Math.Pow(last / first, (double)k / n) : first + ((last - first) * k / n);
            if (Math.Abs(p[links[k]] - expected) > Tolerance(expected, unit))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The rounding unit of two prices: the coarsest lattice of <see cref="Lattices"/> dividing both, at least a
    /// cent's half; <paramref name="common"/> has bit g set when both prices sit on Lattices[g].
    /// </summary>
    private static double Rounding(int common) =>
        common == 0 ? 0.005 : Lattices[System.Numerics.BitOperations.TrailingZeroCount(common)];

    /// <summary>Index in [from, to) of the price nearest to <paramref name="target"/> within the tolerance, else −1.</summary>
    private static int Find(ReadOnlySpan<double> p, double target, double tolerance, int from, int to)
    {
        if (from >= to)
        {
            return -1;
        }

        var lo = from;
        var hi = to;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (p[mid] < target)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        var bestIndex = -1;
        var bestDistance = tolerance;
        for (var k = Math.Max(from, lo - 1); k <= Math.Min(to - 1, lo); k++)
        {
            var distance = Math.Abs(p[k] - target);
            if (distance <= bestDistance)
            {
                bestDistance = distance;
                bestIndex = k;
            }
        }

        return bestIndex;
    }

    /// <summary>
    /// The expected number of chains at least as long as this one that independent bids would form by chance in the
    /// section (arithmetic and geometric together), and the price lattice of the chain. A chain of L links is
    /// started by one of C(n, 2) pairs of the n distinct prices on the chain's lattice (the coarsest of
    /// 10ᵏ and 5·10ᵏ yuan dividing all its prices: round prices are few but meet on few points), and each further
    /// link must land in a window of width w = max(2 × <paramref name="tolerance"/>, lattice) where the step puts it, with
    /// probability q = k·w / 2D: k is the number of other bids on the lattice within ±D of the chain's centre
    /// (plus one, a pseudo-count), D the chain's span. So E = 2 · C(n, 2) · q^(L−2). Round steps (round prices
    /// on a coarse lattice) and tiny steps (a small D, dense neighbours) get a large E and are not reported; a
    /// non-round step among few bids gets a very small one.
    /// </summary>
    public static (double Expected, double Lattice) ChanceChains(ReadOnlySpan<double> sortedPrices, ReadOnlySpan<int> links, double tolerance)
    {
        var lattice = 0.0;
        foreach (var g in Lattices)
        {
            var all = true;
            foreach (var l in links)
            {
                if (!OnLattice(sortedPrices[l], g))
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                lattice = g;
                break;
            }
        }

        var first = sortedPrices[links[0]];
        var last = sortedPrices[links[^1]];
        var centre = (first + last) / 2;
        var w = Math.Max(2 * tolerance, lattice);
        var half = Math.Max(last - first, w);
        var onLattice = 0;
        var near = 0;
        var li = 0;
        for (var k = 0; k < sortedPrices.Length; k++)
        {
            if (lattice > 0 && !OnLattice(sortedPrices[k], lattice))
            {
                continue;
            }

            onLattice++;
            if (li < links.Length && links[li] == k)
            {
                li++;
                continue;
            }

            if (Math.Abs(sortedPrices[k] - centre) <= half)
            {
                near++;
            }
        }

        var q = Math.Min(1, (near + 1) * w / (2 * half));
        var pairs = onLattice * (onLattice - 1) / 2.0;
        return (2 * pairs * Math.Pow(q, links.Length - 2), lattice);
    }

    private static bool OnLattice(double price, double g)
    {
        var r = price / g;
        return Math.Abs(r - Math.Round(r)) <= 1e-6;
    }

    private static void Competition(BidTable t, int s, SectionScratch x, MarketNorms norms)
    {
        var a = t.SectionStart[s];
        var e = t.SectionStart[s + 1];
        var distinct = norms.Distinct[s];
        var category = t.Category[s];
        if (distinct == 1)
        {
            x.Alerts.Add(new Alert(RuleCatalog.SingleBid, s, t.HasBidders ? [t.Bidder[a]] : []).With("bidders", 1));
        }
        else if (distinct == 2)
        {
            x.Alerts.Add(new Alert(RuleCatalog.FewBidders, s, t.HasBidders ? DistinctBiddersOf(t, Range(a, e)) : [])
                .With("bidders", 2)
                .With("threshold", 3)
                .With("category_median", norms.Q("distinct.median", category)));
        }

        if (t.NoticeTime[s] != Timestamp.Missing && t.OpenTime[s] != Timestamp.Missing)
        {
            // Whole calendar days; the start day is not counted (民法典 art. 201), so D → D+20 is 20 days.
            const long minutesPerDay = 24 * 60;
            var days = (double)((t.OpenTime[s] / minutesPerDay) - (t.NoticeTime[s] / minutesPerDay));
            var mode = t.Mode[s] >= 0 ? t.Modes[t.Mode[s]] : null;
            var minimum = MinimumDays(mode);
            if (days >= 0 && days < minimum)
            {
                x.Alerts.Add(new Alert(RuleCatalog.ShortPeriod, s, [])
                    .With("days", Math.Round(days, 1))
                    .With("threshold", minimum)
                    .With("mode", mode)
                    .With("notice", Timestamp.ToDateTime(t.NoticeTime[s]).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture))
                    .With("open", Timestamp.ToDateTime(t.OpenTime[s]).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        var w = norms.Winner[s];
        var winners = w >= 0 && t.HasBidders ? new[] { t.Bidder[w] } : [];
        var discount = norms.Discount[s];
        if (double.IsFinite(discount))
        {
            var p10 = norms.Q("discount.p10", category);
            var low = double.IsNaN(p10) ? LowDiscountCeiling : Math.Min(LowDiscountCeiling, p10);
            if (discount < low || discount < 0)
            {
                x.Alerts.Add(new Alert(RuleCatalog.LowDiscount, s, winners)
                    .With("discount", Math.Round(discount, 5))
                    .With("threshold", Math.Round(low, 5))
                    .With("category_p10", p10)
                    .With("control_price", t.ControlPrice[s]));
            }

            var q1 = norms.Q("discount.q1", category);
            var q3 = norms.Q("discount.q3", category);
            var fence = double.IsNaN(q3) ? DeepDiscountFloor : Math.Max(DeepDiscountFloor, q3 + (1.5 * (q3 - q1)));
            if (discount > fence)
            {
                x.Alerts.Add(new Alert(RuleCatalog.DeepDiscount, s, winners)
                    .With("discount", Math.Round(discount, 5))
                    .With("threshold", Math.Round(fence, 5))
                    .With("control_price", t.ControlPrice[s]));
            }
        }

        var n = e - a;
        if (t.HasStatus && w >= 0 && n >= 3)
        {
            var lowest = -1;
            var others = 0;
            var othersOut = 0;
            for (var i = a; i < e; i++)
            {
                if (t.Status[i] == BidStatus.Withdrawn || x.Excluded[i - a])
                {
                    continue;
                }

                if (lowest < 0 || t.Price[i] < t.Price[lowest])
                {
                    lowest = i;
                }

                if (i != w && (!t.HasBidders || t.Bidder[i] != t.Bidder[w]))
                {
                    others++;
                    othersOut += t.Status[i] == BidStatus.Disqualified ? 1 : 0;
                }
            }

            if (lowest >= 0 && lowest != w && t.Status[lowest] == BidStatus.Disqualified && t.Price[lowest] < t.Price[w])
            {
                x.Alerts.Add(new Alert(RuleCatalog.LowestDisqualified, s, t.HasBidders ? [t.Bidder[lowest], t.Bidder[w]] : [])
                    .With("lowest_bid", t.Price[lowest])
                    .With("winning_bid", t.Price[w]));
            }

            if (others >= 2 && othersOut == others)
            {
                x.Alerts.Add(new Alert(RuleCatalog.OthersDisqualified, s, winners)
                    .With("disqualified", othersOut)
                    .With("bids", n));
            }
        }

        if (w >= 0 && t.Checkin[w] != Timestamp.Missing && t.OpenTime[s] != Timestamp.Missing && t.Checkin[w] > t.OpenTime[s])
        {
            x.Alerts.Add(new Alert(RuleCatalog.LateBidWon, s, winners)
                .With("checkin", Timestamp.ToDateTime(t.Checkin[w]).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture))
                .With("open", Timestamp.ToDateTime(t.OpenTime[s]).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture))
                .With("minutes_late", t.Checkin[w] - t.OpenTime[s]));
        }
    }

    private static int[] Measured(BidTable t, int s, SectionScratch x)
    {
        var a = t.SectionStart[s];
        var e = t.SectionStart[s + 1];
        var list = new List<int>(e - a);
        for (var i = a; i < e; i++)
        {
            if (!x.Excluded[i - a])
            {
                list.Add(i);
            }
        }

        return [.. list];
    }

    private static int[] Range(int a, int e)
    {
        var r = new int[e - a];
        for (var i = 0; i < r.Length; i++)
        {
            r[i] = a + i;
        }

        return r;
    }

    /// <summary>
    /// Screen thresholds: absolute values from Imhof (2019) for the Swiss cartels (CV below 3 %, RD above 2) and,
    /// once the market has at least <see cref="MarketNorms.MinMarketSize"/> screened sections, also its own 10th/90th
    /// percentiles, so a market where tight bids are normal (合理低价) does not light up everywhere.
    /// </summary>
    private static void Screens(BidTable t, int s, SectionScratch x, MarketNorms norms)
    {
        var n = norms.ScreenN[s];
        if (n < MinScreenBids)
        {
            return;
        }

        var c = t.Category[s];
        var cv = norms.Cv[s];
        var spread = norms.Spread[s];
        var rd = norms.Rd[s];
        var cvP05 = norms.Q("cv.p05", c);
        var cvP10 = norms.Q("cv.p10", c);
        var rdP95 = norms.Q("rd.p95", c);
        var lowCvThreshold = double.IsNaN(cvP05) ? 0.03 : Math.Min(0.03, cvP05);
        int[]? all = null;
        // The bidders whose bids the screens measured: a slipped bid (data quality) took no part.
        int[] Everyone() => all ??= t.HasBidders ? DistinctBiddersOf(t, Measured(t, s, x)) : [];
        if (cv > 0 && cv < lowCvThreshold)
        {
            x.Alerts.Add(new Alert(RuleCatalog.ScreenLowVariation, s, Everyone())
                .With("cv", cv)
                .With("spread", spread)
                .With("threshold", lowCvThreshold)
                .With("bids", n));
        }

        var rdThreshold = double.IsNaN(rdP95) ? 2.0 : Math.Max(2.0, rdP95);
        if (rd > rdThreshold)
        {
            x.Alerts.Add(new Alert(RuleCatalog.ScreenCoverGap, s, Everyone())
                .With("rd", double.IsPositiveInfinity(rd) ? "inf" : rd)
                .With("threshold", rdThreshold)
                .With("bids", n));
        }

        var b2e = norms.BidToEstimate[s];
        var b2eP95 = norms.Q("b2e.p95", c);
        var b2eThreshold = double.IsNaN(b2eP95) ? 0.98 : Math.Max(0.98, b2eP95);
        if (b2e >= b2eThreshold && b2e <= 1.05)
        {
            x.Alerts.Add(new Alert(RuleCatalog.ScreenNearEstimate, s, Everyone())
                .With("bid_to_estimate", b2e)
                .With("threshold", b2eThreshold));
        }

        // The combined pattern needs the market's own percentiles: with too few sections it stays silent.
        if (double.IsNaN(cvP10))
        {
            return;
        }

        var markers = new List<string>();
        if (cv < cvP10)
        {
            markers.Add("cv");
        }

        if (spread < norms.Q("spread.p10", c))
        {
            markers.Add("spread");
        }

        if (rd > norms.Q("rd.p90", c))
        {
            markers.Add("rd");
        }

        if (norms.Kurtosis[s] > norms.Q("kurt.p90", c))
        {
            markers.Add("kurtosis");
        }

        if (norms.Skewness[s] < norms.Q("skew.p10", c))
        {
            markers.Add("skewness");
        }

        if (norms.SubsetCvMean[s] < norms.Q("subsetcv.p10", c))
        {
            markers.Add("subset_cv");
        }

        if (markers.Count >= 3)
        {
            x.Alerts.Add(new Alert(RuleCatalog.ScreenPattern, s, Everyone())
            {
                Strength = markers.Count >= 5 ? 2 : markers.Count >= 4 ? 1.5 : 1,
            }
                .With("markers", markers.ToArray())
                .With("cv", cv)
                .With("spread", spread)
                .With("rd", double.IsPositiveInfinity(rd) ? "inf" : rd)
                .With("kurtosis", norms.Kurtosis[s])
                .With("skewness", norms.Skewness[s])
                .With("subset_cv_mean", norms.SubsetCvMean[s])
                .With("percentile", "market p10/p90"));
        }
    }
}
