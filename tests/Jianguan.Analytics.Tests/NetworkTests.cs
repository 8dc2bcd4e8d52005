using Jianguan.Analytics.Network;
using Jianguan.Analytics.Rules;

namespace Jianguan.Analytics.Tests;

public class NetworkTests
{
    [Fact]
    public void Louvain_ThreeCliquesWeaklyJoined_FindsTheCliques()
    {
        var a = new List<int>();
        var b = new List<int>();
        var w = new List<double>();
        for (var c = 0; c < 3; c++)
        {
            for (var i = 0; i < 5; i++)
            {
                for (var j = i + 1; j < 5; j++)
                {
                    a.Add((c * 5) + i);
                    b.Add((c * 5) + j);
                    w.Add(3);
                }
            }
        }

        // Bridges: 4–5, 9–10, 14–0.
        foreach (var (x, y) in new[] { (4, 5), (9, 10), (14, 0) })
        {
            a.Add(x);
            b.Add(y);
            w.Add(1);
        }

        var graph = Graph.FromEdges(15, a.ToArray(), b.ToArray(), w.ToArray());
        var community = Louvain.Detect(graph);

        for (var c = 0; c < 3; c++)
        {
            for (var i = 1; i < 5; i++)
            {
                Assert.Equal(community[c * 5], community[(c * 5) + i]);
            }
        }

        Assert.Equal(3, community.Distinct().Count());
        Assert.True(Louvain.Modularity(graph, community) > 0.5);
    }

    [Fact]
    public void Louvain_RingOfCliques_EveryCliqueItsOwnCommunity()
    {
        // The classic resolution test: 12 cliques of 4 in a ring, each joined to the next by one edge.
        var a = new List<int>();
        var b = new List<int>();
        var w = new List<double>();
        const int cliques = 12;
        for (var c = 0; c < cliques; c++)
        {
            for (var i = 0; i < 4; i++)
            {
                for (var j = i + 1; j < 4; j++)
                {
                    a.Add((c * 4) + i);
                    b.Add((c * 4) + j);
                    w.Add(1);
                }
            }

            a.Add((c * 4) + 3);
            b.Add((((c + 1) % cliques) * 4) + 0);
            w.Add(1);
        }

        var community = Louvain.Detect(Graph.FromEdges(cliques * 4, a.ToArray(), b.ToArray(), w.ToArray()));
        Assert.Equal(cliques, community.Distinct().Count());
    }

    /// <summary>
    /// 40 honest firms bid at random, 6 per section; a ring of 4 bids together in 16 sections (with 2 honest firms)
    /// and takes turns to win; one ring member and one honest firm form a cover pair elsewhere.
    /// </summary>
    private static TestMarket RingMarket()
    {
        var m = new TestMarket();
        var rng = new Random(7);
        for (var s = 0; s < 300; s++)
        {
            var firms = Enumerable.Range(0, 40).OrderBy(_ => rng.Next()).Take(6).ToArray();
            var winner = rng.Next(6);
            for (var i = 0; i < 6; i++)
            {
                m.Bid($"H{s}", $"诚信{firms[i]:D2}", 1_000_000 * (0.9 + (rng.NextDouble() * 0.2)), won: i == winner);
            }
        }

        for (var s = 0; s < 16; s++)
        {
            for (var i = 0; i < 4; i++)
            {
                m.Bid($"R{s}", $"围标{i}", 1_000_000 * (i == s % 4 ? 0.95 : 0.97 + (0.01 * ((i + s) % 3)) + (rng.NextDouble() * 0.003)), won: i == s % 4);
            }

            m.Bid($"R{s}", $"诚信{s % 40:D2}", 1_000_000 * (0.98 + (rng.NextDouble() * 0.05)));
            m.Bid($"R{s}", $"诚信{(s + 20) % 40:D2}", 1_000_000 * (0.98 + (rng.NextDouble() * 0.05)));
        }

        return m;
    }

    [Fact]
    public void Analyze_PlantedRotatingRing_TopGroupIsTheRingWithRotation()
    {
        var r = RingMarket().Analyze();

        var top = r.Groups.OrderByDescending(g => g.Score).First();
        var members = top.Members.Select(b => r.Table.BidderNames[b]).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["围标0", "围标1", "围标2", "围标3"], members);
        Assert.Contains(top.Alerts, a => a.Rule == RuleCatalog.Rotation);
        Assert.Contains(top.Alerts, a => a.Rule == RuleCatalog.Group);
        Assert.True(top.Cohesion >= 0.99);
        Assert.True(r.SectionScore("R3") > r.SectionScore("H3"));
    }

    [Fact]
    public void Analyze_PlantedRing_EveryMemberScoresAtLeastTheGroupAndRanksAtTheTop()
    {
        var r = RingMarket().Analyze();

        var top = r.Groups.OrderByDescending(g => g.Evidence).First();
        Assert.All(top.Members, b => Assert.True(r.Scores.Bidder[b] >= top.Score, $"{r.Table.BidderNames[b]} {r.Scores.Bidder[b]} < {top.Score}"));
        Assert.All(top.Members, b => Assert.Contains("net.group_member", r.Scores.BidderRules[b]));
        var ranked = Enumerable.Range(0, r.Table.BidderCount).OrderByDescending(b => r.Scores.BidderEvidence[b]).Take(top.Members.Length);
        Assert.Equal(top.Members.Order(), ranked.Order());

        // bidders.csv lists them first, whatever their names.
        var dir = Directory.CreateTempSubdirectory("jianguan-rank-").FullName;
        try
        {
            var path = Path.Combine(dir, "bidders.csv");
            Output.ResultWriter.WriteBidders(r, path);
            var first = File.ReadLines(path).Skip(1).Take(top.Members.Length).Select(l => l.Split(',')[0]).Order(StringComparer.Ordinal);
            Assert.Equal(["围标0", "围标1", "围标2", "围标3"], first);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Background of 30 firms bidding 4 at a time, so that six meetings of one pair stand out.</summary>
    private static TestMarket Background()
    {
        var m = new TestMarket();
        var rng = new Random(3);
        for (var s = 0; s < 120; s++)
        {
            var firms = Enumerable.Range(0, 30).OrderBy(_ => rng.Next()).Take(4).ToArray();
            for (var i = 0; i < 4; i++)
            {
                m.Bid($"B{s}", $"其他{firms[i]:D2}", 100_000 * (0.9 + (rng.NextDouble() * 0.2)), won: i == 0);
            }
        }

        return m;
    }

    [Fact]
    public void Analyze_FirmAlwaysLosingToTheSamePartner_CoverPair()
    {
        var m = Background();
        for (var s = 0; s < 6; s++)
        {
            m.Bid($"P{s}", "主标", 100_000 + (s * 91), won: true);
            m.Bid($"P{s}", "陪标", 104_000 + (s * 13));
            m.Bid($"P{s}", $"路人{s}", 108_000 + (s * 7));
        }

        var r = m.Analyze();
        var alert = Assert.Single(r.Of(RuleCatalog.CoverPair));
        Assert.Equal(["主标", "陪标"], r.Names(alert));
        Assert.Equal(6, alert.Evidence.Single(e => e.Key == "meetings").Value);
    }

    [Fact]
    public void Analyze_PairThatSharesWins_NoCoverPair()
    {
        var m = Background();
        for (var s = 0; s < 6; s++)
        {
            m.Bid($"P{s}", "甲", 100_000 + (s * 91), won: s % 2 == 0);
            m.Bid($"P{s}", "乙", 104_000 + (s * 13), won: s % 2 == 1);
            m.Bid($"P{s}", $"路人{s}", 108_000 + (s * 7));
        }

        Assert.False(m.Analyze().Fired(RuleCatalog.CoverPair));
    }

    [Fact]
    public void PoissonTail_KnownValues()
    {
        Assert.Equal(1 - Math.Exp(-1), CoBidding.PoissonTail(1, 1), 9);
        Assert.Equal(1 - (Math.Exp(-2) * (1 + 2 + 2)), CoBidding.PoissonTail(3, 2), 9);
        Assert.True(CoBidding.PoissonTail(6, 0.1) < 1e-6);
    }
}

public class RadixSortTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 64)]
    [InlineData(5000, 26)]
    [InlineData(20000, 44)]
    [InlineData(20000, 64)]
    public void RadixSort_RandomKeys_SameOrderAsArraySort(int count, int bits)
    {
        var random = new Random(count + bits);
        var keys = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            var k = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
            keys[i] = bits == 64 ? k : k & ((1UL << bits) - 1);
        }

        // Repeated keys, as pairs of firms meeting in many sections give.
        for (var i = 1; i < count; i += 3)
        {
            keys[i] = keys[i - 1];
        }

        var expected = (ulong[])keys.Clone();
        Array.Sort(expected);
        Network.CoBidding.RadixSort(keys, new ulong[count]);

        Assert.Equal(expected, keys);
    }
}
