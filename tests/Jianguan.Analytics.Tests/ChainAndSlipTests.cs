using Jianguan.Analytics.Rules;
using Jianguan.Analytics.Screens;

namespace Jianguan.Analytics.Tests;

/// <summary>Equal-step chains that need not be adjacent (条例 art. 40 (4)), and decimal slips kept apart as data quality.</summary>
public class ChainAndSlipTests
{
    private static object? Evidence(Alert a, string key) => a.Evidence.Single(e => e.Key == key).Value;

    [Fact]
    public void Analyze_ChainWithOtherBidsBetweenItsLinks_FoundNamingOnlyTheChain()
    {
        var r = new TestMarket()
            .Bid("S1", "甲", 1_000_137.25).Bid("S1", "乙", 1_013_537.25).Bid("S1", "丙", 1_026_937.25)
            .Bid("S1", "丁", 1_004_211.40).Bid("S1", "戊", 1_019_876.05).Bid("S1", "己", 1_031_500).Bid("S1", "庚", 1_052_000.90)
            .Analyze();

        var alert = Assert.Single(r.Of(RuleCatalog.PriceSteps));
        Assert.Equal(["丙", "乙", "甲"], r.Names(alert));
        Assert.Equal("arithmetic", Evidence(alert, "kind"));
        Assert.Equal(13_400.0, (double)Evidence(alert, "step")!, 6);
        Assert.Equal(2, Evidence(alert, "interleaved_bids"));
        Assert.True((double)Evidence(alert, "expected_chance_chains")! <= SectionRules.MaxChanceChains);
    }

    [Fact]
    public void Analyze_GeometricChainInterleaved_Found()
    {
        // 1,000,003.17 × 1.0137ⁿ rounded to the cent, with two outsiders between the links.
        var r = new TestMarket()
            .Bid("S1", "甲", 1_000_003.17).Bid("S1", "乙", 1_013_703.21).Bid("S1", "丙", 1_027_590.95).Bid("S1", "丁", 1_041_668.94)
            .Bid("S1", "戊", 1_008_800.10).Bid("S1", "己", 1_035_010.55)
            .Analyze();

        var alert = Assert.Single(r.Of(RuleCatalog.PriceSteps));
        Assert.Equal(["丁", "丙", "乙", "甲"], r.Names(alert));
        Assert.Equal(4, Evidence(alert, "bids"));
    }

    /// <summary>A market of <paramref name="n"/> independent bids in yuan and cents around 1,000,000 (±5 %), one section.</summary>
    private static TestMarket BigSection(int n, int seed)
    {
        var rng = new Random(seed);
        var m = new TestMarket();
        for (var i = 0; i < n; i++)
        {
            m.Bid("S1", "F" + i, Math.Round(950_000 + (rng.NextDouble() * 100_000), 2));
        }

        return m;
    }

    [Fact]
    public void Analyze_RoundSmallStepsInABigSection_NotFlagged()
    {
        var r = BigSection(200, 11)
            .Bid("S1", "甲", 1_000_000).Bid("S1", "乙", 1_001_000).Bid("S1", "丙", 1_002_000)
            .Bid("S1", "丁", 990_000).Bid("S1", "戊", 990_150).Bid("S1", "己", 990_300)
            .Analyze();

        Assert.False(r.Fired(RuleCatalog.PriceSteps));
    }

    [Fact]
    public void Analyze_RoundPricesInRoundStepsAmongFewBids_NotFlagged()
    {
        // Three bidders who bid in round ten-thousands meet on a lattice of a few points: equal steps are likely.
        var r = new TestMarket()
            .Bid("S1", "甲", 1_000_000).Bid("S1", "乙", 1_010_000).Bid("S1", "丙", 1_020_000).Bid("S1", "丁", 1_047_331)
            .Analyze();

        Assert.False(r.Fired(RuleCatalog.PriceSteps));
    }

    [Fact]
    public void Analyze_LongNonRoundChainInABigSection_FlaggedWithItsBiddersOnly()
    {
        var m = BigSection(200, 12);
        string[] chain = ["甲", "乙", "丙", "丁", "戊"];
        for (var i = 0; i < chain.Length; i++)
        {
            m.Bid("S1", chain[i], 981_113.47 + (i * 7_371.13));
        }

        var r = m.Analyze();

        var alert = Assert.Single(r.Of(RuleCatalog.PriceSteps));
        Assert.Equal(chain.Order(StringComparer.Ordinal), r.Names(alert));
        Assert.True((int)Evidence(alert, "interleaved_bids")! > 10);
    }

    [Fact]
    public void ChanceChains_ShortChainInBigSectionOrRoundLattice_ExpectationAboveLimit()
    {
        // Three links of a non-round step among 200 bids: chance would form such chains often.
        var prices = Enumerable.Range(0, 200).Select(i => 950_000.0 + (i * 503.0) + (i % 7)).ToArray();
        Assert.True(SectionRules.ChanceChains(prices, [10, 20, 30], tolerance: 2).Expected > SectionRules.MaxChanceChains);

        double[] few = [1_000_000, 1_010_000, 1_020_000, 1_047_331];
        var (expected, lattice) = SectionRules.ChanceChains(few, [0, 1, 2], tolerance: 2);
        Assert.Equal(10_000, lattice);
        Assert.True(expected > SectionRules.MaxChanceChains);
    }

    [Theory]
    [InlineData(10.0, 1)]
    [InlineData(100.0, 2)]
    [InlineData(1000.0, 3)]
    [InlineData(0.1, -1)]
    [InlineData(0.01, -2)]
    [InlineData(0.001, -3)]
    [InlineData(10_000.0, 4)]
    public void Analyze_BidSlippedByPowerOfTen_DataQualityOnlyNamingThatBidder(double factor, int power)
    {
        var r = new TestMarket()
            .Bid("S1", "甲", 1_040_000 * factor).Bid("S1", "乙", 1_000_000).Bid("S1", "丙", 1_030_000)
            .Bid("S1", "丁", 1_050_000).Bid("S1", "戊", 1_020_000, won: true)
            .Analyze();

        var alert = Assert.Single(r.Alerts, a => a.Rule.Category == RuleCategory.DataQuality);
        Assert.Equal(RuleCatalog.DecimalSlip, alert.Rule);
        Assert.StartsWith("dq.", alert.Rule.Code, StringComparison.Ordinal);
        Assert.Equal(["甲"], r.Names(alert));
        Assert.Equal(power, Evidence(alert, "order_of_magnitude"));
        Assert.Equal(1_040_000, (double)Evidence(alert, "corrected_bid")!, 3);
        Assert.DoesNotContain(RuleCatalog.DecimalSlip.Code, r.Scores.SectionRules[0]);
        Assert.Equal(0, r.Scores.Bidder[Array.IndexOf(r.Table.BidderNames, "甲")]);
    }

    [Fact]
    public void Analyze_TenTimesSlip_ExcludedFromTheScreens()
    {
        var r = new TestMarket()
            .Bid("S1", "甲", 10_400_000).Bid("S1", "乙", 1_000_000).Bid("S1", "丙", 1_030_000)
            .Bid("S1", "丁", 1_050_000).Bid("S1", "戊", 1_020_000)
            .Analyze();
        var clean = PriceScreens.Compute([1_000_000, 1_030_000, 1_050_000, 1_020_000], double.NaN);

        Assert.Equal(4, r.Norms.ScreenN[0]);
        Assert.Equal(clean.Cv, r.Norms.Cv[0], 12);
        Assert.Equal(clean.Spread, r.Norms.Spread[0], 12);
        Assert.Equal(clean.Rd, r.Norms.Rd[0], 12);
        Assert.Single(r.Of(RuleCatalog.DecimalSlip));
    }

    [Fact]
    public void Analyze_SlippedBidWouldCompleteAChain_NoChainAndNoIdenticalPrice()
    {
        // 丁 bid 10,271,370 for 1,027,137: the slipped bid takes part in no price rule.
        var r = new TestMarket()
            .Bid("S1", "甲", 1_000_137).Bid("S1", "乙", 1_013_637).Bid("S1", "丙", 10_271_370).Bid("S1", "丁", 1_100_000)
            .Analyze();

        Assert.False(r.Fired(RuleCatalog.PriceSteps));
        Assert.Single(r.Of(RuleCatalog.DecimalSlip));
    }

    [Theory]
    [InlineData(3.0)]
    [InlineData(30.0)]
    [InlineData(0.4)]
    public void Analyze_OutlierThatIsNoPowerOfTen_NoSlip(double factor)
    {
        var r = new TestMarket()
            .Bid("S1", "甲", 1_040_000 * factor).Bid("S1", "乙", 1_000_000).Bid("S1", "丙", 1_030_000).Bid("S1", "丁", 1_050_000)
            .Analyze();

        Assert.False(r.Fired(RuleCatalog.DecimalSlip));
    }

    [Fact]
    public void Analyze_TwoBidsWithControlPrice_SlipJudgedAgainstTheControlPrice()
    {
        var r = new TestMarket()
            .Section("S1", control: 1_100_000)
            .Bid("S1", "甲", 104_000).Bid("S1", "乙", 1_000_000)
            .Analyze();

        var alert = Assert.Single(r.Of(RuleCatalog.DecimalSlip));
        Assert.Equal(["甲"], r.Names(alert));
        Assert.Equal("control_price", Evidence(alert, "reference_kind"));
    }
}
