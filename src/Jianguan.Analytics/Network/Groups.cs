using Jianguan.Analytics.Data;
using Jianguan.Analytics.Rules;

namespace Jianguan.Analytics.Network;

/// <summary>A community of co-bidders and what makes it suspect.</summary>
public sealed class GroupInfo
{
    public required int Id { get; init; }
    public required int[] Members { get; init; }
    public double Cohesion { get; set; }
    public double Exclusivity { get; set; }
    public double MeetingExclusivity { get; set; }
    public int JointSections { get; set; }
    public int GroupWins { get; set; }
    public int DistinctWinners { get; set; }
    public int FlaggedJointSections { get; set; }
    public double Score { get; set; }

    /// <summary>The group's evidence before rounding, −ln(1 − score/100): orders groups whose rounded scores are equal.</summary>
    public double Evidence { get; set; }
    public List<Alert> Alerts { get; } = [];
    public string Name => "G" + (Id + 1).ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Groups of firms found by Louvain on the co-bidding graph (edges: meetings beyond chance), measured in the spirit
/// of Wachs &amp; Kertész (2019): <b>cohesion</b> — the share of member pairs that meet beyond chance (edge density);
/// <b>exclusivity</b> — in the sections where two or more members bid, the mean share of the bidders who are
/// members (how much the group has those tenders to itself). The paper's meeting-based exclusivity (internal
/// meetings / all meetings of the members) is reported too; it is low for firms that also bid honestly elsewhere.
/// On top: winner rotation inside the group and cover-bidding pairs.
/// </summary>
public static class Groups
{
    /// <summary>Communities larger than this are market segments, not rings.</summary>
    public const int MaxGroupSize = 40;

    /// <summary>Thresholds of <see cref="RuleCatalog.Group"/> (the high-cohesion, high-exclusivity corner).</summary>
    public const double MinCohesion = 0.6;
    public const double MinExclusivity = 0.5;
    public const int MinJointSections = 3;

    /// <summary>Thresholds of <see cref="RuleCatalog.Rotation"/>.</summary>
    public const int MinGroupWins = 3;
    public const double MinGroupWinShare = 0.6;
    public const double MaxWinnerShare = 0.6;

    /// <summary>Thresholds of <see cref="RuleCatalog.CoverPair"/>.</summary>
    public const int MinPairMeetings = CoBidding.PairRuleMeetings;
    public const double MinPairLeaderShare = 0.5;

    public static (int[] Community, List<GroupInfo> Groups, List<Alert> PairAlerts) Detect(BidTable t, CoBidding net,
        int[] winner, bool[] sectionFlagged, int maxSectionBids)
    {
        var n = net.BidderCount;
        var community = Louvain.Detect(net.ToGraph());

        // Isolated firms (no repeated partner) are their own singleton communities: not groups.
        var size = new int[n == 0 ? 0 : community.Max() + 1];
        foreach (var c in community)
        {
            size[c]++;
        }

        var groupOf = new int[size.Length];
        Array.Fill(groupOf, -1);
        var groups = new List<GroupInfo>();
        var members = new List<int>[size.Length];
        for (var b = 0; b < n; b++)
        {
            var c = community[b];
            if (size[c] is < 2 or > MaxGroupSize)
            {
                continue;
            }

            if (groupOf[c] < 0)
            {
                groupOf[c] = groups.Count;
                members[c] = [];
                groups.Add(null!);
            }

            members[c].Add(b);
        }

        var bidderGroup = new int[n];
        Array.Fill(bidderGroup, -1);
        for (var c = 0; c < size.Length; c++)
        {
            if (groupOf[c] >= 0)
            {
                var g = groupOf[c];
                groups[g] = new GroupInfo { Id = g, Members = [.. members[c]] };
                foreach (var b in members[c])
                {
                    bidderGroup[b] = g;
                }
            }
        }

        // Internal meetings from the pair list.
        var internalWeight = new double[groups.Count];
        for (var p = 0; p < net.PairA.Length; p++)
        {
            var ga = bidderGroup[net.PairA[p]];
            if (net.PairSignificant[p] && ga >= 0 && ga == bidderGroup[net.PairB[p]])
            {
                internalWeight[ga] += net.PairCount[p];
            }
        }

        var internalEdges = new int[groups.Count];
        for (var p = 0; p < net.PairA.Length; p++)
        {
            var ga = bidderGroup[net.PairA[p]];
            if (net.PairSignificant[p] && ga >= 0 && ga == bidderGroup[net.PairB[p]])
            {
                internalEdges[ga]++;
            }
        }

        foreach (var g in groups)
        {
            var strength = 0.0;
            foreach (var b in g.Members)
            {
                strength += net.Strength[b];
            }

            var memberCount = g.Members.Length;
            g.MeetingExclusivity = strength > 0 ? Math.Min(1, 2 * internalWeight[g.Id] / strength) : 0;
            g.Cohesion = memberCount > 1 ? (double)internalEdges[g.Id] / (memberCount * (memberCount - 1) / 2) : 0;
        }

        // Joint sections (two or more members present), the group's wins there and who won them.
        var joint = new int[groups.Count];
        var shareSum = new double[groups.Count];
        var groupWins = new int[groups.Count];
        var flagged = new int[groups.Count];
        var jointWins = new int[n];
        var scratch = new int[Math.Max(1, maxSectionBids)];
        var presentGroups = new int[Math.Max(1, maxSectionBids)];
        for (var s = 0; s < t.SectionCount; s++)
        {
            var d = CoBidding.SectionBidders(t, s, winner[s], scratch, out var wb);
            var k = 0;
            for (var i = 0; i < d; i++)
            {
                if (bidderGroup[scratch[i]] >= 0)
                {
                    presentGroups[k++] = bidderGroup[scratch[i]];
                }
            }

            if (k < 2)
            {
                continue;
            }

            var span = presentGroups.AsSpan(0, k);
            span.Sort();
            for (var i = 0; i < k; i++)
            {
                if (i + 1 < k && span[i + 1] == span[i] && (i == 0 || span[i - 1] != span[i]))
                {
                    var g = span[i];
                    var present = 2;
                    while (i + present < k && span[i + present] == g)
                    {
                        present++;
                    }

                    joint[g]++;
                    shareSum[g] += (double)present / d;
                    flagged[g] += sectionFlagged[s] ? 1 : 0;
                    if (wb >= 0 && bidderGroup[wb] == g)
                    {
                        groupWins[g]++;
                        jointWins[wb]++;
                    }
                }
            }
        }

        foreach (var g in groups)
        {
            g.JointSections = joint[g.Id];
            g.Exclusivity = joint[g.Id] > 0 ? shareSum[g.Id] / joint[g.Id] : 0;
            g.GroupWins = groupWins[g.Id];
            g.FlaggedJointSections = flagged[g.Id];
            var maxWins = 0;
            foreach (var b in g.Members)
            {
                if (jointWins[b] > 0)
                {
                    g.DistinctWinners++;
                    maxWins = Math.Max(maxWins, jointWins[b]);
                }
            }

            if (g.JointSections >= MinJointSections && g.Cohesion >= MinCohesion && g.Exclusivity >= MinExclusivity)
            {
                g.Alerts.Add(new Alert(RuleCatalog.Group, -1, g.Members) { Group = g.Id }
                    .With("cohesion", Math.Round(g.Cohesion, 4))
                    .With("exclusivity", Math.Round(g.Exclusivity, 4))
                    .With("meeting_exclusivity", Math.Round(g.MeetingExclusivity, 4))
                    .With("joint_sections", g.JointSections)
                    .With("thresholds", new Dictionary<string, double> { ["cohesion"] = MinCohesion, ["exclusivity"] = MinExclusivity }));
            }

            if (g.GroupWins >= MinGroupWins && g.DistinctWinners >= Math.Min(3, g.Members.Length)
                && g.GroupWins >= MinGroupWinShare * g.JointSections && maxWins <= MaxWinnerShare * g.GroupWins)
            {
                var winsBy = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var b in g.Members)
                {
                    if (jointWins[b] > 0)
                    {
                        winsBy[t.BidderNames[b]] = jointWins[b];
                    }
                }

                g.Alerts.Add(new Alert(RuleCatalog.Rotation, -1, g.Members) { Group = g.Id }
                    .With("joint_sections", g.JointSections)
                    .With("group_wins", g.GroupWins)
                    .With("distinct_winners", g.DistinctWinners)
                    .With("wins_by_member", winsBy)
                    .With("max_winner_share", Math.Round((double)maxWins / g.GroupWins, 4)));
            }
        }

        // Cover-bidding pairs: the same two firms meet often and one of them never wins against the other's wins.
        var pairAlerts = new List<Alert>();
        for (var p = 0; p < net.PairA.Length; p++)
        {
            // "Often" means more often than chance: in a busy market two firms meet many times anyway.
            var count = net.PairCount[p];
            if (count < MinPairMeetings || !net.PairSignificant[p])
            {
                continue;
            }

            var (leader, loser, leaderWins, loserWins) = net.PairWinsA[p] >= net.PairWinsB[p]
                ? (net.PairA[p], net.PairB[p], net.PairWinsA[p], net.PairWinsB[p])
                : (net.PairB[p], net.PairA[p], net.PairWinsB[p], net.PairWinsA[p]);
            if (loserWins == 0 && leaderWins >= MinPairLeaderShare * count)
            {
                var alert = new Alert(RuleCatalog.CoverPair, -1, [leader, loser])
                    .With("meetings", count)
                    .With("leader_wins", leaderWins)
                    .With("cover_wins", loserWins)
                    .With("cover_total_wins", net.Wins[loser])
                    .With("cover_total_bids", net.Bids[loser]);
                var ga = bidderGroup[leader];
                if (ga >= 0 && ga == bidderGroup[loser])
                {
                    alert.Group = ga;
                    groups[ga].Alerts.Add(alert);
                }
                else
                {
                    pairAlerts.Add(alert);
                }
            }
        }

        return (bidderGroup, groups, pairAlerts);
    }
}
