using Jianguan.Analytics.Data;
using Jianguan.Analytics.Learning;
using Jianguan.Analytics.Scoring;

namespace Jianguan.Analytics.Tests;

public class FeatureTests
{
    private static float Feature(TenderRecord t, string name)
    {
        var groups = FeatureGroups.Bids | FeatureGroups.Structure | FeatureGroups.Ladder;
        return TenderFeatures.Compute(t, groups, null)[TenderFeatures.Names(groups).ToList().IndexOf(name)];
    }

    private static TenderRecord Tender(params double[] bids) => new() { Id = "T", Bids = bids };

    [Fact]
    public void Tightest_FindsTheClosestRunAmongManyBids()
    {
        // Twenty spread bids hide three within 0.1 %: sampled subsets would rarely draw exactly those three.
        var bids = Enumerable.Range(0, 20).Select(i => 100.0 + (10 * i)).Concat([151.0, 151.1, 151.2]).ToArray();
        var run = new[] { 151.0, 151.1, 151.2 };
        var mean = run.Average();
        var expected = Math.Sqrt(run.Sum(x => (x - mean) * (x - mean)) / 2) / mean;

        Assert.Equal(expected, Feature(Tender(bids), "tight3_cv"), 5);
        Assert.Equal(0.1 / 151.0, Feature(Tender(bids), "min_gap"), 5);
    }

    [Fact]
    public void SecondBidFeatures_MatchDirectComputation()
    {
        // Sorted: 100, 104, 105, 110, 121. Above the second-lowest (104): 105, 110, 121, median 110.
        double[] bids = [110, 100, 121, 104, 105];
        var sorted = bids.Order().ToArray();
        var mean = sorted.Average();
        var ranks = Enumerable.Range(0, sorted.Length).Select(k => (double)k).ToArray();
        var rankMean = ranks.Average();
        var correlation = sorted.Zip(ranks).Sum(p => (p.First - mean) * (p.Second - rankMean))
            / Math.Sqrt(sorted.Sum(x => (x - mean) * (x - mean)) * ranks.Sum(r => (r - rankMean) * (r - rankMean)));

        Assert.Equal((110.0 / 104) - 1, Feature(Tender(bids), "second_gap_median"), 5);
        Assert.Equal(4.0 / 6, Feature(Tender(bids), "gap12_to_second_gap"), 5);
        Assert.Equal(correlation, Feature(Tender(bids), "rank_linearity"), 5);
        Assert.Equal(3.0 / 5, Feature(Tender(bids), "below_mean_share"), 5);

        // Even count above the second-lowest (105, 110, 121, 130): the median is the mean of the middle two.
        Assert.Equal(((110.0 + 121) / 2 / 104) - 1, Feature(Tender(100, 104, 105, 110, 121, 130), "second_gap_median"), 5);

        // Below three bids the features are undefined.
        Assert.Equal(TenderFeatures.Missing, Feature(Tender(100, 104), "second_gap_median"));
        Assert.Equal(TenderFeatures.Missing, Feature(Tender(100, 104), "rank_linearity"));
    }

    [Fact]
    public void SubsetQuartiles_AllSubsetsOfFourBids_MatchDirectComputation()
    {
        double[] bids = [100, 103, 110, 125];
        var subsets = new List<double[]> { new[] { 100.0, 103, 110 }, new[] { 100.0, 103, 125 }, new[] { 100.0, 110, 125 }, new[] { 103.0, 110, 125 }, bids };
        var spreads = subsets.Select(s => (s[^1] - s[0]) / s[0]).Order().ToArray();

        Assert.Equal(TenderFeatures.Quantile(spreads, 0.25), Feature(Tender(bids), "sub_spread_q25"), 5);
        Assert.Equal(TenderFeatures.Quantile(spreads, 0.75), Feature(Tender(bids), "sub_spread_q75"), 5);
    }

    [Fact]
    public void Compute_ViewOfTheTableAndRecord_SameVector()
    {
        var record = new TenderRecord
        {
            Id = "T",
            Bids = [120, 100, 104, 131, 100.5],
            Winners = [false, true, false, false, false],
            Disqualified = [false, false, true, false, false],
            Estimate = 140,
        };
        var groups = FeatureGroups.Bids | FeatureGroups.Structure | FeatureGroups.Winner | FeatureGroups.Estimate | FeatureGroups.Status
            | FeatureGroups.Ladder;
        var row = new float[TenderFeatures.Width(groups)];

        TenderFeatures.Compute(TenderView.Of(record), groups, row);

        Assert.Equal(TenderFeatures.Compute(record, groups, null), row);
        Assert.Equal(TenderFeatures.Names(groups).Count, row.Length);
    }

    [Fact]
    public void ShiftPrior_MovesOddsAndKeepsOrder()
    {
        Assert.Equal(0.3, CollusionModel.ShiftPrior(0.3, 0.7, 0.7), 12);
        Assert.Equal(0.05, CollusionModel.ShiftPrior(0.7, 0.7, 0.05), 12);
        var shifted = new[] { 0.1, 0.5, 0.9, 0.99 }.Select(p => CollusionModel.ShiftPrior(p, 0.7, 0.05)).ToArray();
        Assert.Equal(shifted.Order(), shifted);
        Assert.All(shifted, p => Assert.InRange(p, 0, 0.7));
    }

    [Fact]
    public void MarketPercentiles_SmallSizeClassesRankedMarketWide()
    {
        // 40 tenders of 3 bids and 5 of 9 bids in one market: the 3-bid class is ranked on its own, the small
        // 9-bid class among everyone.
        var counts = Enumerable.Repeat(3, 40).Concat(Enumerable.Repeat(9, 5)).ToArray();
        var rows = counts.Select((_, i) => new[] { (float)i }).ToArray();

        CollusionModel.MarketPercentiles(new string?[counts.Length], counts, rows, bySizeClass: true);

        Assert.Equal(0.5f / 40, rows[0][0], 5);
        Assert.Equal(39.5f / 40, rows[39][0], 5);
        Assert.Equal(44.5f / 45, rows[44][0], 5);
    }

    [Fact]
    public void MarketPercentiles_SkippedColumns_LeftAsTheyAreOthersAsWithoutSkip()
    {
        var counts = Enumerable.Repeat(4, 50).ToArray();
        var all = counts.Select((_, i) => new[] { (float)i, (float)(i % 7), (float)(50 - i) }).ToArray();
        var skipped = all.Select(r => (float[])r.Clone()).ToArray();

        CollusionModel.MarketPercentiles(new string?[counts.Length], counts, all, bySizeClass: true);
        CollusionModel.MarketPercentiles(new string?[counts.Length], counts, skipped, bySizeClass: true, skip: [1]);

        for (var i = 0; i < counts.Length; i++)
        {
            Assert.Equal(all[i][0], skipped[i][0]);
            Assert.Equal(i % 7, skipped[i][1]);
            Assert.Equal(all[i][2], skipped[i][2]);
        }
    }

    [Fact]
    public void ModelHook_TableFastPath_SameScoresAsRecords()
    {
        var table = Synthetic.Table(Synthetic.Csv(60, 5));
        var tenders = CrossValidation.Eligible(table.Tenders);
        var model = CollusionModel.Train(tenders, FeatureGroups.Bids | FeatureGroups.Winner, Synthetic.FastTraining);
        var builder = new BidTableBuilder(keepRaw: false);
        builder.ReserveRange(tenders.Sum(t => t.Bids.Length));
        var row = 0;
        foreach (var t in tenders)
        {
            var s = builder.Section(t.Id);
            for (var k = 0; k < t.Bids.Length; k++)
            {
                builder.SetBid(row, s, -1, t.Bids[k]);
                if (t.Winners![k])
                {
                    builder.SetWon(row);
                }

                row++;
            }
        }

        var bidTable = builder.Build();
        var fast = ModelHook.From(ModelScorer.From(model))(bidTable);
        var slow = model.Score([.. tenders.Select(t => new TenderRecord { Id = t.Id, Bids = t.Bids, Winners = t.Winners })]);

        Assert.Equal(slow.Length, fast.Length);
        for (var i = 0; i < slow.Length; i++)
        {
            Assert.Equal(slow[i], fast[bidTable.SectionIds.ToList().IndexOf(tenders[i].Id)], 9);
        }
    }
}

public class FastPredictorTests
{
    [Theory]
    [InlineData(Learners.Linear)]
    [InlineData(Learners.Forest)]
    [InlineData(Learners.Boosted)]
    public void Score_EveryLearner_EqualsMlNetScore(Learners kind)
    {
        var table = Synthetic.Table(Synthetic.Csv(80, 11, withBidders: false));
        var tenders = CrossValidation.Eligible(table.Tenders);
        var model = CollusionModel.Train(tenders, FeatureGroups.Bids | FeatureGroups.Winner, Synthetic.FastTraining with { Learners = kind });

        var (fast, batch, slow) = model.CompareWithMlNet(tenders);

        Assert.Equal(slow.Length, fast.Length);
        for (var i = 0; i < slow.Length; i++)
        {
            Assert.Equal(slow[i], fast[i], 4);

            // The batch layout finds the same leaves and sums them in the same order: the same double, bit for bit.
            Assert.Equal(fast[i], batch[i]);
        }
    }
}

public class ModelFeedTests
{
    [Fact]
    public void Analyze_FeedDuringMeasure_SameProbabilitiesAsHookAfterwards()
    {
        var table = Synthetic.Table(Synthetic.Csv(60, 9));
        var tenders = CrossValidation.Eligible(table.Tenders);
        var scorer = ModelScorer.From(CollusionModel.Train(tenders, FeatureGroups.Bids | FeatureGroups.Winner, Synthetic.FastTraining));
        var market = new TestMarket(withBidders: false);
        foreach (var t in tenders)
        {
            for (var k = 0; k < t.Bids.Length; k++)
            {
                market.Bid(t.Id, "", t.Bids[k], won: t.Winners![k]);
            }
        }

        var bids = market.Build();
        var feed = ModelHook.Feed(scorer, bids, baseRate: 0.05);

        var fed = Engine.Analyze(bids, new EngineOptions { ModelFeed = feed }).Scores.Model;
        var hooked = Engine.Analyze(bids, new EngineOptions { Model = ModelHook.From(scorer, 0.05) }).Scores.Model;

        Assert.NotNull(feed);
        Assert.Equal(hooked.Length, fed.Length);
        for (var i = 0; i < fed.Length; i++)
        {
            Assert.Equal(hooked[i], fed[i], 9);
        }
    }
}

public class CsvPrefixTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(1 << 20)]
    public void Read_MaxFields_SkipsTheRestButHonoursQuotedLineBreaks(int bufferSize)
    {
        var text = "a,b,c,d\n1,2,x,y\n3,4,\"multi\nline\",z\n5,6,p,\"q\"\n7,8\n"u8.ToArray();
        using var reader = new Input.Utf8CsvReader(new MemoryStream(text), bufferSize: bufferSize) { MaxFields = 2 };
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(System.Text.Encoding.UTF8.GetString(reader[0]) + "|" + System.Text.Encoding.UTF8.GetString(reader[1]));
        }

        Assert.Equal(["a|b", "1|2", "3|4", "5|6", "7|8"], rows);
    }

    [Fact]
    public void Load_PricesOnly_IgnoresBiddersAndFingerprints()
    {
        var dir = Directory.CreateTempSubdirectory("jianguan-prices-").FullName;
        try
        {
            var path = Path.Combine(dir, "bids.csv");
            File.WriteAllText(path, "tender,bidder,bid,ip\nT1,甲,100,1.1.1.1\nT1,乙,104,1.1.1.1\nT2,丙,90,2.2.2.2\n");

            var table = Input.CsvLoader.Load([path], new Input.LoadReport(), pricesOnly: true);

            Assert.False(table.HasBidders);
            Assert.Equal(2, table.SectionCount);
            Assert.Equal(3, table.BidCount);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
