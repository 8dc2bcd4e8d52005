using System.Globalization;
using Jianguan.Analytics.Learning;

namespace Jianguan.Analytics.Tests;

public class LearningTests
{
    [Fact]
    public void Stratified_FoldsKeepClassSharesAndAreSeeded()
    {
        var labels = Enumerable.Range(0, 103).Select(i => i % 4 == 0 ? 1 : 0).ToArray();

        var folds = Folds.Stratified(labels, 5, 7);

        Assert.Equal(folds, Folds.Stratified(labels, 5, 7));
        Assert.NotEqual(folds, Folds.Stratified(labels, 5, 8));
        for (var f = 0; f < 5; f++)
        {
            var members = Enumerable.Range(0, labels.Length).Where(i => folds[i] == f).ToArray();
            Assert.InRange(members.Count(i => labels[i] == 1), 5, 6);
            Assert.InRange(members.Length, 20, 21);
        }
    }

    [Fact]
    public void Read_GroupsBidsByTenderAndDetectsColumns()
    {
        var table = Synthetic.Table("tender,bid,label,bidder,extra\nA,100,1,x,?\nA,abc,1,y,?\nB,200,0,,?\nA,,1,z,?\n");

        Assert.Equal(TenderColumns.Bidder | TenderColumns.Label, table.Columns);
        Assert.Equal(2, table.Tenders.Count);
        Assert.Single(table.Problems);
        var a = table.Tenders[0];
        Assert.Equal("A", a.Id);
        Assert.Equal(1, a.Label);
        Assert.Equal(2, a.Bids.Length);
        Assert.Equal(1, a.ValidBidCount);
        Assert.Equal(new string?[] { "x", "z" }, a.Bidders);
    }

    [Fact]
    public void Read_ChineseHeaders_Accepted()
    {
        var table = Synthetic.Table("标段编号,投标单位名称,投标报价,是否中标\nS1,甲公司,100.5,是\nS1,乙公司,101,否\n");

        Assert.Equal(TenderColumns.Bidder | TenderColumns.Winner, table.Columns);
        Assert.Equal([true, false], table.Tenders[0].Winners!);
        Assert.Null(table.Tenders[0].Label);
    }

    [Fact]
    public void Read_SemicolonsDecimalCommasAndLabelWords_Accepted()
    {
        var table = Synthetic.Table("Tender;Bid;Collusive;Year\nT1;1087159,35;yes;1999\nT1;\"1'090'000.5\";yes;1999\nT2;1.087.159,35 €;competitive;2005\nT2;1 100 000;competitive;2005\n");

        Assert.Empty(table.Problems);
        Assert.Equal(TenderColumns.Label | TenderColumns.Date, table.Columns);
        Assert.Equal([1087159.35, 1090000.5], table.Tenders[0].Bids);
        Assert.Equal([1087159.35, 1100000], table.Tenders[1].Bids);
        Assert.Equal([1, 0], table.Tenders.Select(t => t.Label!.Value));
        Assert.Equal(2005, table.Tenders[1].Date);
    }

    [Theory]
    [InlineData("1,087", 1087)]
    [InlineData("1,5", 1.5)]
    [InlineData("1087159,35", 1087159.35)]
    [InlineData("1.087.159", 1087159)]
    [InlineData("1,087,159.35", 1087159.35)]
    [InlineData("1.087.159,35 €", 1087159.35)]
    [InlineData("1'090'000.5", 1090000.5)]
    [InlineData("1e5", 100000)]
    [InlineData("¥12,345.60元", 12345.6)]
    public void TryNumber_ForeignFormats_Parsed(string text, double expected)
    {
        Assert.True(TenderCsv.TryNumber(text, out var value));
        Assert.Equal(expected, value, 9);
    }

    [Theory]
    [InlineData("N/A")]
    [InlineData("EUR")]
    [InlineData("")]
    public void TryNumber_NotANumber_Refused(string text) => Assert.False(TenderCsv.TryNumber(text, out _));

    [Fact]
    public void Read_Gb18030File_DecodedLikeUtf8()
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var path = Path.Combine(Path.GetTempPath(), $"jianguan-gb-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, "标段编号,投标单位名称,投标报价,标签\nS1,甲公司,100,1\nS1,乙公司,101,1\n", System.Text.Encoding.GetEncoding("GB18030"));
            var table = TenderCsv.Read(path);
            Assert.Equal(new string?[] { "甲公司", "乙公司" }, table.Tenders[0].Bidders);
            Assert.Equal(1, table.Tenders[0].Label);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void InconsistentFeatures_OppositeDirectionsInTwoMarkets_HeldAgreeingKept()
    {
        // Column 0 is low for collusive tenders in both markets; column 1 low in market A and high in market B;
        // column 2 says nothing anywhere (constant).
        var tenders = new List<TenderRecord>();
        var rows = new List<float[]>();
        var labels = new List<int>();
        for (var i = 0; i < 80; i++)
        {
            var market = i < 40 ? "A" : "B";
            var label = i % 2;
            tenders.Add(new TenderRecord { Id = i.ToString(CultureInfo.InvariantCulture), Bids = [1, 2], Market = market, Label = label });
            var flip = market == "A" ? 1 : -1;
            rows.Add([label == 1 ? 0.2f + (i % 7 * 0.01f) : 0.7f, 0.5f + (flip * (label == 1 ? -0.3f : 0.3f)), 0.5f]);
            labels.Add(label);
        }

        var held = CollusionModel.InconsistentFeatures(tenders, [.. labels], [.. rows]);

        Assert.Equal([1, 2], held);
        Assert.Empty(CollusionModel.InconsistentFeatures(tenders.Take(40).ToList(), [.. labels.Take(40)], [.. rows.Take(40)]));
    }

    [Fact]
    public void Auc_KnownRanking_MatchesMannWhitney()
    {
        Assert.Equal(1.0, Metrics.Auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]));
        Assert.Equal(0.0, Metrics.Auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1]));
        Assert.Equal(0.875, Metrics.Auc([0.1, 0.5, 0.5, 0.9], [0, 0, 1, 1]), 12);
    }

    [Fact]
    public void BestThreshold_SeparatesClassesForBalancedAccuracy()
    {
        double[] scores = [0.1, 0.2, 0.3, 0.6, 0.7, 0.8, 0.9];
        int[] labels = [0, 0, 0, 1, 1, 1, 1];

        var cut = Metrics.BestThreshold(scores, labels);

        Assert.InRange(cut, 0.3, 0.6);
    }

    [Fact]
    public void Evaluate_SeparableSyntheticMarket_AucNearOne()
    {
        var table = Synthetic.Table(Synthetic.Csv(120, 1));

        var r = CrossValidation.Evaluate(table, 3, 7, training: Synthetic.FastTraining);

        Assert.Equal(120, r.Tenders);
        Assert.Equal(48, r.Positives);
        Assert.True(r.Auc > 0.95, $"AUC {r.Auc}");
        Assert.True(r.BalancedAccuracy > 0.9, $"balanced accuracy {r.BalancedAccuracy}");
    }

    [Fact]
    public void Evaluate_ShuffledLabels_AucNearHalf()
    {
        var table = Synthetic.Table(Synthetic.Csv(120, 1, shuffleLabels: true));

        var r = CrossValidation.Evaluate(table, 3, 7, training: Synthetic.FastTraining);

        Assert.InRange(r.Auc, 0.3, 0.7);
    }

    [Fact]
    public void Evaluate_SameSeed_SameFigures()
    {
        var table = Synthetic.Table(Synthetic.Csv(60, 2, withBidders: true));

        var a = CrossValidation.Evaluate(table, 3, 11, training: Synthetic.FastTraining);
        var b = CrossValidation.Evaluate(table, 3, 11, training: Synthetic.FastTraining);

        Assert.Equal(a, b);
    }

    [Fact]
    public void TrainingFeatures_OwnLabelNeverReachesOwnBidderHistory()
    {
        // Every tender has bidders of its own: a tender that saw its own label would show a labelled history.
        var csv = "tender,bid,label,bidder\n" + string.Concat(Enumerable.Range(0, 40).Select(t =>
            $"T{t},{100 + t},{t % 2},solo{t}a\nT{t},{110 + t},{t % 2},solo{t}b\nT{t},{125 + t},{t % 2},solo{t}c\n"));
        var table = Synthetic.Table(csv);
        var groups = TenderFeatures.GroupsFor(table.Columns);
        var names = TenderFeatures.Names(groups).ToList();
        var labelled = names.IndexOf("bidder_labelled_share");
        var rate = names.IndexOf("bidder_rate_mean");
        var tenders = CrossValidation.Eligible(table.Tenders);

        var training = CollusionModel.TrainingFeatures(tenders, groups, Synthetic.FastTraining);
        var inPool = TenderFeatures.Compute(tenders[0], groups, ReferencePool.Build([tenders[0]]));

        Assert.All(training, row => Assert.Equal(0f, row[labelled]));
        Assert.All(training, row => Assert.Equal(TenderFeatures.Missing, row[rate]));
        Assert.Equal(1f, inPool[labelled]);
    }

    [Fact]
    public void SaveLoad_RoundTrip_SameScores()
    {
        var table = Synthetic.Table(Synthetic.Csv(60, 3, withBidders: true));
        var tenders = CrossValidation.Eligible(table.Tenders);
        var model = CollusionModel.Train(tenders, TenderFeatures.GroupsFor(table.Columns), Synthetic.FastTraining);
        using var stream = new MemoryStream();

        model.Save(stream);
        stream.Position = 0;
        var loaded = CollusionModel.Load(stream);

        Assert.Equal(model.Score(tenders), loaded.Score(tenders));
        Assert.Equal(model.Threshold, loaded.Threshold);
    }

    [Fact]
    public void DefaultModels_LoadAndScoreProbabilities()
    {
        var table = Synthetic.Table(Synthetic.Csv(40, 4));

        var scorer = DefaultModels.Load();
        var scores = scorer.Score(table.Tenders, table.Columns);

        Assert.Equal(40, scores.Length);
        Assert.All(scores, s => Assert.InRange(s, 0, 1));
        Assert.Equal(FeatureGroups.Bids, scorer.Pick(table.Columns).Groups);
        Assert.True(scorer.Pick(table.Columns).Info.Options.MarketRelative);
        Assert.Contains("sha256=", scorer.Pick(table.Columns).Info.Provenance, StringComparison.Ordinal);
    }
}
