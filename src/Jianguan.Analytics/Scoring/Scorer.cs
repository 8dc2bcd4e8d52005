using Jianguan.Analytics.Data;
using Jianguan.Analytics.Network;
using Jianguan.Analytics.Rules;

namespace Jianguan.Analytics.Scoring;

/// <summary>Risk scores 0–100 with their level and the rule codes behind them.</summary>
public sealed class Scores
{
    public required double[] Section { get; init; }
    public required string[][] SectionRules { get; init; }
    public required double[] Bidder { get; init; }
    public required string[][] BidderRules { get; init; }

    /// <summary>
    /// A bidder's evidence before rounding, −ln Π(1 − wᵢ) (its score is 100·(1 − e^−evidence)): orders bidders whose
    /// rounded scores are equal (many reach 100.0).
    /// </summary>
    public double[] BidderEvidence { get; init; } = [];

    /// <summary>Probability from the model hook per section, NaN without a model.</summary>
    public required double[] Model { get; init; }
}

/// <summary>
/// Scores combine independent pieces of evidence by noisy-or: score = 100·(1 − Π(1 − wᵢ)), where wᵢ is a rule's
/// level weight (red 0.75, orange 0.45, yellow 0.2) times the strength of its evidence, counted once per rule.
/// One red rule makes a red section; two orange rules make a red one; data-quality rules weigh nothing.
/// </summary>
public static class Scorer
{
    /// <summary>A suspect group present with two or more members lends a section up to this weight.</summary>
    public const double GroupPresenceWeight = 0.5;

    /// <summary>Groups below this score do not colour the sections they bid in.</summary>
    public const double MinGroupScoreForSections = 40;

    /// <summary>
    /// A bidder's group lends it this share of the group's score: all of it, so that every member of a suspect
    /// group scores at least as high as the group (a ring's quiet members are as much part of it as its leader).
    /// </summary>
    public const double GroupMembershipWeight = 1.0;

    /// <summary>Repeated hits of one rule raise a bidder's score, up to this many.</summary>
    public const int MaxRepeats = 3;

    private const double MaxWeight = 0.97;

    /// <summary>Listed among a section's rules when the model's probability weighs at least as much as a yellow rule.</summary>
    public const string ModelCode = "model.collusion";

    /// <param name="probabilities">The model's probability per section (see <see cref="EngineOptions.Model"/>), or null.</param>
    public static Scores Score(BidTable t, List<Alert> alerts, List<GroupInfo> groups, int[] bidderGroup, double[]? probabilities, EngineOptions options)
    {
        // Groups first: their score feeds sections and bidders.
        var flaggedShare = new double[groups.Count];
        foreach (var g in groups)
        {
            var topology = Math.Sqrt(g.Cohesion * g.Exclusivity) * Math.Min(1, g.JointSections / 5.0);
            var keep = (1 - (0.5 * topology)) * (1 - (0.75 * (g.JointSections > 0 ? (double)g.FlaggedJointSections / g.JointSections : 0)));
            foreach (var best in BestPerRule(g.Alerts))
            {
                keep *= 1 - best.Value;
            }

            g.Score = Math.Round(100 * (1 - keep), 1);
            g.Evidence = -Math.Log(Math.Max(keep, 1e-300));
            flaggedShare[g.Id] = g.Score;
        }

        var sections = t.SectionCount;
        var sectionScore = new double[sections];
        var sectionRules = new string[sections][];
        var bySection = new List<Alert>?[sections];
        foreach (var a in alerts)
        {
            if (a.Section >= 0 && a.Rule.Category != RuleCategory.DataQuality)
            {
                (bySection[a.Section] ??= []).Add(a);
            }
        }

        var model = new double[sections];
        if (probabilities is not null && probabilities.Length != sections)
        {
            throw new InvalidOperationException("the model returned a probability count different from the section count");
        }

        // Bidder scores need the alerts and groups only: computed beside the sections'.
        var bidders = Engine.Beside(() => Bidders(t, alerts, groups, bidderGroup));
        Parallel.For(0, sections, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxDegreeOfParallelism) }, s =>
        {
            var keep = 1.0;
            var codes = new List<(string Code, double W)>();
            if (bySection[s] is { } list)
            {
                foreach (var (rule, w) in BestPerRule(list))
                {
                    keep *= 1 - w;
                    codes.Add((rule.Code, w));
                }
            }

            var groupWeight = GroupPresence(t, s, groups, bidderGroup);
            if (groupWeight > 0)
            {
                keep *= 1 - groupWeight;
                codes.Add((RuleCatalog.Group.Code, groupWeight));
            }

            model[s] = double.NaN;
            if (probabilities is not null && double.IsFinite(probabilities[s]))
            {
                var p = Math.Clamp(probabilities[s], 0, 1);
                model[s] = p;
                keep *= 1 - (options.ModelWeight * p);
                if (options.ModelWeight * p >= Rule.LevelWeight(Level.Yellow))
                {
                    codes.Add((ModelCode, options.ModelWeight * p));
                }
            }

            sectionScore[s] = Math.Round(100 * (1 - keep), 1);
            codes.Sort((x, y) => y.W.CompareTo(x.W) != 0 ? y.W.CompareTo(x.W) : string.CompareOrdinal(x.Code, y.Code));
            sectionRules[s] = codes.Select(c => c.Code).ToArray();
        });

        var (bidderScore, bidderRules, bidderEvidence) = bidders.GetAwaiter().GetResult();
        return new Scores
        {
            Section = sectionScore,
            SectionRules = sectionRules,
            Bidder = bidderScore,
            BidderRules = bidderRules,
            BidderEvidence = bidderEvidence,
            Model = model,
        };
    }

    /// <summary>
    /// A suspect group's weight in a section: full when three or more members bid or a member won, half otherwise
    /// (two members meeting in a section someone else won is what honest competitors do too).
    /// </summary>
    private static double GroupPresence(BidTable t, int s, List<GroupInfo> groups, int[] bidderGroup)
    {
        if (groups.Count == 0)
        {
            return 0;
        }

        var best = 0.0;
        var a = t.SectionStart[s];
        var e = t.SectionStart[s + 1];
        for (var i = a; i < e; i++)
        {
            var b = t.Bidder[i];
            var g = b >= 0 ? bidderGroup[b] : -1;
            if (g < 0 || groups[g].Score < MinGroupScoreForSections)
            {
                continue;
            }

            var members = 0;
            var memberWon = false;
            var seen = new HashSet<int>();
            for (var j = a; j < e; j++)
            {
                var c = t.Bidder[j];
                if (c >= 0 && bidderGroup[c] == g)
                {
                    memberWon |= t.Won[j];
                    if (seen.Add(c))
                    {
                        members++;
                    }
                }
            }

            if (members >= 2)
            {
                var factor = (members >= 3 ? 1 : 0.5) * (memberWon ? 1 : 0.5);
                best = Math.Max(best, GroupPresenceWeight * factor * groups[g].Score / 100);
            }
        }

        return best;
    }

    private static Dictionary<Rule, double> BestPerRule(List<Alert> alerts)
    {
        var best = new Dictionary<Rule, double>();
        foreach (var a in alerts)
        {
            if (a.Rule.Category == RuleCategory.DataQuality)
            {
                continue;
            }

            var w = Math.Min(MaxWeight, a.Rule.Weight * a.Strength);
            if (!best.TryGetValue(a.Rule, out var old) || w > old)
            {
                best[a.Rule] = w;
            }
        }

        return best;
    }

    /// <summary>
    /// A bidder's score combines, by noisy-or, its own alerts (each rule once, repeats up to <see cref="MaxRepeats"/>),
    /// its cover-pair evidence (<c>net.cover_pair</c>, its own even inside a group) and the score of its group when
    /// the group is suspect (≥ <see cref="MinGroupScoreForSections"/>), with full weight. The group's own alerts
    /// (<c>net.group</c>, <c>net.rotation</c>, links among members) are already in the group's score: they are listed
    /// among the bidder's rules but not counted twice.
    /// </summary>
    private static (double[] Score, string[][] Rules, double[] Evidence) Bidders(BidTable t, List<Alert> alerts, List<GroupInfo> groups, int[] bidderGroup)
    {
        var n = t.BidderCount;
        var ruleIndex = new Dictionary<Rule, int>();
        foreach (var rule in RuleCatalog.All)
        {
            ruleIndex[rule] = ruleIndex.Count;
        }

        // One (bidder, rule) incidence per alert and bidder; sorted, runs give the count and best weight.
        var keys = new List<long>();
        var weights = new List<double>();
        foreach (var a in alerts)
        {
            if (a.Rule.Category == RuleCategory.DataQuality)
            {
                continue;
            }

            var inGroupScore = a.Group >= 0 && a.Rule != RuleCatalog.CoverPair && groups[a.Group].Score >= MinGroupScoreForSections;
            var w = inGroupScore ? 0 : Math.Min(MaxWeight, a.Rule.Weight * a.Strength);
            foreach (var b in a.Bidders)
            {
                if (b >= 0)
                {
                    keys.Add(((long)b << 8) | (long)ruleIndex[a.Rule]);
                    weights.Add(w);
                }
            }
        }

        var k = keys.ToArray();
        var wt = weights.ToArray();
        Array.Sort(k, wt);
        var keep = new double[n];
        var evidence = new double[n];
        Array.Fill(keep, 1.0);
        var codes = new List<(string, double)>[n];
        var r = 0;
        while (r < k.Length)
        {
            var q = r;
            var best = 0.0;
            while (q < k.Length && k[q] == k[r])
            {
                best = Math.Max(best, wt[q]);
                q++;
            }

            var count = Math.Min(MaxRepeats, q - r);
            var contribution = 1 - Math.Pow(1 - best, count);
            var b = (int)(k[r] >> 8);
            evidence[b] -= count * Math.Log(1 - best);
            keep[b] *= 1 - contribution;
            (codes[b] ??= []).Add((RuleCatalog.All[(int)(k[r] & 0xFF)].Code, contribution));
            r = q;
        }

        var score = new double[n];
        var rules = new string[n][];
        for (var b = 0; b < n; b++)
        {
            var g = bidderGroup.Length > b ? bidderGroup[b] : -1;
            if (g >= 0 && groups[g].Score >= MinGroupScoreForSections)
            {
                var w = GroupMembershipWeight * (1 - Math.Exp(-groups[g].Evidence));
                keep[b] *= 1 - w;
                evidence[b] -= Math.Log(Math.Max(1 - w, 1e-300));
                (codes[b] ??= []).Add(("net.group_member", w));
            }

            score[b] = Math.Round(100 * (1 - keep[b]), 1);
            if (codes[b] is { } list)
            {
                list.Sort((x, y) => y.Item2.CompareTo(x.Item2) != 0 ? y.Item2.CompareTo(x.Item2) : string.CompareOrdinal(x.Item1, y.Item1));
                rules[b] = list.Select(c => c.Item1).Distinct().ToArray();
            }
            else
            {
                rules[b] = [];
            }
        }

        return (score, rules, evidence);
    }
}
