using Jianguan.Analytics.Screens;

namespace Jianguan.Analytics.Tests;

public class PriceScreensTests
{
    private const int Precision = 9;

    [Fact]
    public void Compute_FourEvenlySpacedBids_MatchesHandComputedScreens()
    {
        // Hand computation: mean 115, sample sd sqrt(500/3); losing bids 110,120,130 have sd 10.
        var s = PriceScreens.Compute([130, 100, 120, 110], 125);

        Assert.Equal(4, s.N);
        Assert.Equal(Math.Sqrt(500.0 / 3) / 115, s.Cv, Precision);
        Assert.Equal(0.3, s.Spread, Precision);
        Assert.Equal(0.1, s.Diffp, Precision);
        Assert.Equal(1.0, s.Rd, Precision);
        Assert.Equal(1.0, s.RdNor, Precision);
        Assert.Equal(1.0, s.RdAlt, Precision);
        Assert.Equal(0.0, s.Skewness, Precision);
        Assert.Equal(-1.2, s.Kurtosis, Precision);
        Assert.Equal(0.25, s.KsUniform, Precision);
        Assert.Equal(0.8, s.BidToEstimate, Precision);
    }

    [Fact]
    public void Compute_FourBids_SubsetScreensSummariseAllFiveSubsets()
    {
        // Four 3-bid subsets and the full set; values from statistics.stdev over itertools.combinations.
        var s = PriceScreens.Compute([100, 110, 120, 130], null);

        Assert.Equal(5, s.SubsetCount);
        Assert.Equal(0.11044303666350959, s.SubsetCvMean, Precision);
        Assert.Equal(0.11226038684659179, s.SubsetCvMedian, Precision);
        Assert.Equal(1.0 / 12, s.SubsetCvMin, Precision);
        Assert.Equal(0.13478163808693647, s.SubsetCvMax, Precision);
        Assert.Equal(1.4727922061357854, s.SubsetRdMean, Precision);
        Assert.Equal(Math.Sqrt(2), s.SubsetRdMedian, Precision);
        Assert.Equal(Math.Sqrt(0.5), s.SubsetRdMin, Precision);
        Assert.Equal(Math.Sqrt(8), s.SubsetRdMax, Precision);
        Assert.Equal(2.0 / 11, s.SubsetSpreadMin, Precision);
        Assert.Equal(0.3, s.SubsetSpreadMax, Precision);
        Assert.Equal(1.0 / 11, s.SubsetDiffpMin, Precision);
        Assert.Equal(0.2, s.SubsetDiffpMax, Precision);
        Assert.True(double.IsNaN(s.BidToEstimate));
    }

    [Fact]
    public void Compute_SkewedBids_MatchesPandasSkewAndKurt()
    {
        var s = PriceScreens.Compute([100, 120, 121, 122, 122.5], null);

        Assert.Equal(-2.180892550201915, s.Skewness, Precision);
        Assert.Equal(4.799257039025536, s.Kurtosis, Precision);
    }

    [Fact]
    public void Compute_InvalidPricesIgnored()
    {
        var clean = PriceScreens.Compute([100, 110, 120, 130], null);
        var dirty = PriceScreens.Compute([double.NaN, 100, -5, 110, 0, 120, double.PositiveInfinity, 130], null);

        Assert.Equal(clean, dirty);
    }

    [Fact]
    public void Compute_FewerThanTwoBids_ScreensUndefined()
    {
        var s = PriceScreens.Compute([100], 200);

        Assert.Equal(1, s.N);
        Assert.True(double.IsNaN(s.Cv));
        Assert.True(double.IsNaN(s.Rd));
        Assert.Equal(0, s.SubsetCount);
        Assert.Equal(0.5, s.BidToEstimate, Precision);
    }

    [Fact]
    public void Compute_TwoBids_OnlyPairScreens()
    {
        var s = PriceScreens.Compute([100, 120], null);

        Assert.Equal(0.2, s.Spread, Precision);
        Assert.Equal(0.2, s.Diffp, Precision);
        Assert.True(double.IsNaN(s.Rd));
        Assert.True(double.IsNaN(s.Skewness));
        Assert.Equal(0, s.SubsetCount);
    }

    [Fact]
    public void Compute_IdenticalLosingBids_RdIsInfinite()
    {
        // The cover bidders all quote the same price above the designated winner.
        var s = PriceScreens.Compute([90, 100, 100, 100], null);

        Assert.True(double.IsPositiveInfinity(s.Rd));
        Assert.True(double.IsPositiveInfinity(s.RdAlt));
    }

    [Fact]
    public void Compute_ManyBids_SamplesCappedDeterministicSubsets()
    {
        var bids = Enumerable.Range(0, 300).Select(i => 1000 + (i * 7 % 97) + (i * 0.5)).ToArray();

        var a = PriceScreens.Compute(bids, null);
        var b = PriceScreens.Compute(bids.Reverse().ToArray(), null);

        Assert.Equal(PriceScreens.MaxSubsets, a.SubsetCount);
        Assert.Equal(a, b);
        Assert.InRange(a.SubsetCvMedian, a.SubsetCvMin, a.SubsetCvMax);
    }

    [Fact]
    public void Compute_SmallTender_DoesNotAllocate()
    {
        double[] bids = [100, 104, 107, 111, 112, 118, 119, 125, 126, 131, 140, 150];
        PriceScreens.Compute(bids, 160);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            PriceScreens.Compute(bids, 160);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
