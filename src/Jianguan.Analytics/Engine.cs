using System.Collections.Concurrent;
using Jianguan.Analytics.Data;
using Jianguan.Analytics.Input;
using Jianguan.Analytics.Network;
using Jianguan.Analytics.Rules;
using Jianguan.Analytics.Scoring;

namespace Jianguan.Analytics;

public sealed class EngineOptions
{
    /// <summary>
    /// Optional probability of collusion per section (index = section), 0–1, e.g. the learning component's default
    /// model through <see cref="Scoring.ModelHook"/>. Called once for the whole table (models score in batches) and
    /// combined with the rules as one more noisy-or term of weight <see cref="ModelWeight"/>.
    /// </summary>
    public Func<BidTable, double[]>? Model { get; init; }

    /// <summary>
    /// The same kind of model fed while the engine measures each section (it reuses the section's screens), then
    /// scored in one batch; takes the place of <see cref="Model"/>. See <see cref="ModelHook.Feed"/>.
    /// </summary>
    public ModelFeed? ModelFeed { get; init; }

    public double ModelWeight { get; init; } = 0.6;

    /// <summary>Credit blacklist for the red flag "blacklisted participant at bid time" (none: the rule does not run).</summary>
    public Blacklist? Blacklist { get; init; }

    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// The market's quantiles from an earlier whole-market run, used instead of the table's own: a table of a few
    /// sections (one push and its bidders' history) is judged by the whole market's norms. Null: computed here.
    /// </summary>
    public MarketQuantiles? Quantiles { get; init; }

    /// <summary>Receives the duration of each phase (for benchmarks).</summary>
    public Action<string, TimeSpan>? Timing { get; init; }
}

/// <summary>Everything the engine found: alerts with evidence, and scores per section, bidder and group.</summary>
public sealed class AnalysisResult
{
    public required BidTable Table { get; init; }
    public required MarketNorms Norms { get; init; }
    public required List<Alert> Alerts { get; init; }
    public required List<GroupInfo> Groups { get; init; }
    public required int[] BidderGroup { get; init; }
    public required Scores Scores { get; init; }
}

/// <summary>
/// The warning engine: section rules (parallel over sections), bidder rules, the co-bidding network, and the
/// scores. Pure computation over a <see cref="BidTable"/>.
/// </summary>
public static class Engine
{
    /// <summary>Bidders with at least this many bids and no win, above the Q3 + 1.5·IQR fence, are cover-bidder suspects.</summary>
    public const int MinCoverBidderBids = 5;

    public static AnalysisResult Analyze(BidTable t, EngineOptions? options = null)
    {
        options ??= new EngineOptions();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cpu = options.Timing is null ? TimeSpan.Zero : System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        void Phase(string name)
        {
            if (options.Timing is { } timing)
            {
                var now = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                timing(name + " (cpu " + (now - cpu).TotalSeconds.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) + " s)", clock.Elapsed);
                cpu = now;
            }

            clock.Restart();
        }

        var sections = t.SectionCount;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxDegreeOfParallelism) };
        var (input, winner, maxBids) = Measure(t, parallel, options.ModelFeed);
        Phase("measure");

        // The model's scores and the co-bidding graph need the measure pass only: they run beside the norms and the
        // section rules (parts of each run on one thread, which would otherwise leave the other cores idle).
        var modelTask = options.ModelFeed is { } feed ? Beside(feed.Finish) : null;
        var netTask = t.HasBidders ? Beside(() => CoBidding.Build(t, winner, maxBids)) : null;
        var norms = new MarketNorms
        {
            Cv = input.Cv,
            Spread = input.Spread,
            Rd = input.Rd,
            Kurtosis = input.Kurtosis,
            Skewness = input.Skewness,
            SubsetCvMean = input.SubsetCvMean,
            BidToEstimate = input.BidToEstimate,
            ScreenN = input.ScreenN,
            Winner = winner,
            Discount = input.Discount,
            Distinct = input.Distinct,
            Quantile = options.Quantiles?.For(t) ?? MarketNorms.ComputeQuantiles(t, input),
        };

        Phase("norms");
        var alertLists = new ConcurrentBag<List<Alert>>();
        var hitLists = new ConcurrentBag<List<FingerprintHit>>();
        Parallel.ForEach(Ranges.Of(sections, 256), parallel,
            () => new SectionScratch(maxBids),
            (range, _, x) =>
            {
                for (var s = range.Item1; s < range.Item2; s++)
                {
                    SectionRules.Evaluate(t, s, x, norms);
                }

                return x;
            },
            x =>
            {
                alertLists.Add(x.Alerts);
                hitLists.Add(x.Hits);
            });

        var alerts = new List<Alert>();
        foreach (var list in alertLists)
        {
            alerts.AddRange(list);
        }

        if (options.Blacklist is { } blacklist)
        {
            alerts.AddRange(blacklist.Check(t));
        }

        Phase("section rules");
        var sectionFlagged = new bool[sections];
        foreach (var a in alerts)
        {
            if (a.Section >= 0 && a.Rule.Category == RuleCategory.Fingerprint)
            {
                sectionFlagged[a.Section] = true;
            }
        }

        var groups = new List<GroupInfo>();
        var bidderGroup = new int[t.BidderCount];
        Array.Fill(bidderGroup, -1);
        if (netTask is not null)
        {
            var net = netTask.GetAwaiter().GetResult();
            Phase("co-bidding graph");
            alerts.AddRange(BidderRules(t, net));
            var (bg, gs, pairAlerts) = Groups.Detect(t, net, winner, sectionFlagged, maxBids);
            Phase("groups");
            bidderGroup = bg;
            groups = gs;
            alerts.AddRange(pairAlerts);
            var hits = new List<FingerprintHit>();
            foreach (var h in hitLists)
            {
                hits.AddRange(h);
            }

            foreach (var link in CrossSectionLinks(t, hits))
            {
                var ga = bidderGroup[link.Bidders[0]];
                if (ga >= 0 && ga == bidderGroup[link.Bidders[1]])
                {
                    link.Group = ga;
                    groups[ga].Alerts.Add(link);
                }
                else
                {
                    alerts.Add(link);
                }
            }

            foreach (var g in groups)
            {
                alerts.AddRange(g.Alerts);
            }
        }

        // Threads deliver alerts in any order: fix one, so that equal scores always print in the same order.
        // (LINQ's sort is stable: ties inside one section keep the order that section's thread produced them in.)
        alerts = alerts.Order(Comparer<Alert>.Create(CompareAlerts)).ToList();
        Phase("links");
        var probabilities = modelTask is not null ? modelTask.GetAwaiter().GetResult() : options.Model?.Invoke(t);
        Phase("model");
        var scores = Scorer.Score(t, alerts, groups, bidderGroup, probabilities, options);
        Phase("scores");
        return new AnalysisResult
        {
            Table = t,
            Norms = norms,
            Alerts = alerts,
            Groups = groups,
            BidderGroup = bidderGroup,
            Scores = scores,
        };
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a thread of its own beside the caller. Not a pool thread: on two cores the pool
    /// has two, and the parallel loops running meanwhile would wait for one to come free.
    /// </summary>
    public static Task<T> Beside<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// The market's quantiles of <paramref name="t"/> alone (the first pass of <see cref="Analyze"/>), kept to judge
    /// later small tables by (<see cref="EngineOptions.Quantiles"/>).
    /// </summary>
    public static MarketQuantiles Quantiles(BidTable t, int maxDegreeOfParallelism = 0)
    {
        ArgumentNullException.ThrowIfNull(t);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount };
        var (input, _, _) = Measure(t, parallel, null);
        return MarketQuantiles.From(t, MarketNorms.ComputeQuantiles(t, input));
    }

    /// <summary>First pass: each section's screens, winner, discount and distinct bidders (parallel over sections).</summary>
    private static (MarketNormsInput Input, int[] Winner, int MaxBids) Measure(BidTable t, ParallelOptions parallel, ModelFeed? feed)
    {
        var sections = t.SectionCount;
        var maxBids = 1;
        for (var s = 0; s < sections; s++)
        {
            maxBids = Math.Max(maxBids, t.SectionStart[s + 1] - t.SectionStart[s]);
        }

        var input = new MarketNormsInput(new double[sections], new double[sections], new double[sections], new double[sections],
            new double[sections], new double[sections], new double[sections], new int[sections], new double[sections], new int[sections]);
        var winner = new int[sections];
        feed?.Begin(sections);
        Parallel.ForEach(Ranges.Of(sections, 256), parallel,
            () => new SectionScratch(maxBids),
            (range, _, x) =>
            {
                for (var s = range.Item1; s < range.Item2; s++)
                {
                    SectionRules.Measure(t, s, x, input, winner, feed);
                }

                return x;
            },
            _ => { });
        return (input, winner, maxBids);
    }

    /// <summary>陪标专业户 (bids far above the market's Q3 + 1.5·IQR fence, never a win) and invalid credit codes.</summary>
    private static List<Alert> BidderRules(BidTable t, CoBidding net)
    {
        var alerts = new List<Alert>();
        if (t.HasWinners)
        {
            var counts = net.Bids.Where(b => b > 0).Select(b => (double)b).ToArray();
            Array.Sort(counts);
            if (counts.Length >= 4)
            {
                var q1 = MarketNorms.QuantileSorted(counts, 0.25);
                var q3 = MarketNorms.QuantileSorted(counts, 0.75);
                var fence = q3 + (1.5 * (q3 - q1));
                for (var b = 0; b < t.BidderCount; b++)
                {
                    if (net.Bids[b] > fence && net.Bids[b] >= MinCoverBidderBids && net.Wins[b] == 0)
                    {
                        alerts.Add(new Alert(RuleCatalog.CoverBidder, -1, [b])
                            .With("bids", net.Bids[b])
                            .With("wins", 0)
                            .With("fence", Math.Round(fence, 2))
                            .With("q1", q1)
                            .With("q3", q3));
                    }
                }
            }
        }

        for (var b = 0; b < t.BidderCount; b++)
        {
            // The importer's test, so that a code stored as invalid is the code this rule reports.
            if (t.BidderCodes[b] is { } code && !UnifiedSocialCreditCode.IsValid(UnifiedSocialCreditCode.Normalise(code)))
            {
                alerts.Add(new Alert(RuleCatalog.CreditCode, -1, [b]).With("code", code));
            }
        }

        return alerts;
    }

    /// <summary>The same two firms sharing the same kind of fingerprint in two or more sections.</summary>
    private static List<Alert> CrossSectionLinks(BidTable t, List<FingerprintHit> hits)
    {
        hits.Sort((x, y) =>
        {
            var c = x.BidderA.CompareTo(y.BidderA);
            if (c != 0)
            {
                return c;
            }

            c = x.BidderB.CompareTo(y.BidderB);
            if (c != 0)
            {
                return c;
            }

            c = x.Section.CompareTo(y.Section);
            if (c != 0)
            {
                return c;
            }

            c = x.Kind.CompareTo(y.Kind);
            return c != 0 ? c : x.Value.CompareTo(y.Value);
        });
        var links = new List<Alert>();
        var r = 0;
        while (r < hits.Count)
        {
            var q = r + 1;
            while (q < hits.Count && hits[q].BidderA == hits[r].BidderA && hits[q].BidderB == hits[r].BidderB)
            {
                q++;
            }

            var sectionsSeen = new List<int>();
            var kinds = new SortedSet<string>(StringComparer.Ordinal);
            var values = new List<object>();
            var seenValues = new HashSet<(FingerprintKind, ulong)>();
            for (var i = r; i < q; i++)
            {
                if (!sectionsSeen.Contains(hits[i].Section))
                {
                    sectionsSeen.Add(hits[i].Section);
                }

                kinds.Add(KindName(hits[i].Kind));
                if (seenValues.Add((hits[i].Kind, hits[i].Value)) && values.Count < 10)
                {
                    values.Add(new Dictionary<string, object> { ["field"] = KindName(hits[i].Kind), ["value"] = new RawValue(hits[i].Bid, hits[i].Kind) });
                }
            }

            if (sectionsSeen.Count >= 2)
            {
                links.Add(new Alert(RuleCatalog.CrossSectionLink, -1, [hits[r].BidderA, hits[r].BidderB])
                {
                    Strength = Math.Min(1.25, 0.9 + (0.1 * sectionsSeen.Count)),
                }
                    .With("sections", sectionsSeen.Take(50).Select(s => t.SectionIds[s]).ToArray())
                    .With("section_count", sectionsSeen.Count)
                    .With("fields", kinds.ToArray())
                    .With("shared_values", values.ToArray()));
            }

            r = q;
        }

        return links;
    }

    private static int CompareAlerts(Alert x, Alert y)
    {
        var c = x.Section.CompareTo(y.Section);
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(x.Rule.Code, y.Rule.Code);
        if (c != 0)
        {
            return c;
        }

        c = x.Group.CompareTo(y.Group);
        if (c != 0)
        {
            return c;
        }

        c = x.Bidders.AsSpan().SequenceCompareTo(y.Bidders);
        return c != 0 ? c : x.Evidence.Count.CompareTo(y.Evidence.Count);
    }

    public static string KindName(FingerprintKind kind) => kind switch
    {
        FingerprintKind.FileCode => "file_code",
        FingerprintKind.MachineCode => "machine_code",
        FingerprintKind.Dongle => "dongle",
        FingerprintKind.Mac => "mac",
        FingerprintKind.Cpu => "cpu",
        FingerprintKind.Disk => "disk",
        FingerprintKind.Ip => "ip",
        FingerprintKind.ContactPhone => "contact_phone",
        FingerprintKind.ProjectManager => "pm_id",
        FingerprintKind.PmCertificate => "pm_certificate",
        FingerprintKind.DocHash => "doc_hash",
        FingerprintKind.DepositAccount => "deposit_account",
        FingerprintKind.LegalRep => "legal_rep",
        _ => kind.ToString(),
    };
}
