using Jianguan.Analytics.Input;
using Jianguan.Analytics.Rules;

namespace Jianguan.Analytics.Tests;

/// <summary>Norms kept from a whole-market run and applied to a small table (the incremental per-push analysis).</summary>
public sealed class MarketQuantilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("jianguan-quantiles-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<string> Describe(AnalysisResult r) =>
        [.. r.Alerts.Select(a => $"{a.Rule.Code}|{a.Section}|{string.Join(',', a.Bidders)}|{a.Score}|{string.Join(';', a.Evidence.Select(e => e.Key + "=" + Text(e.Value)))}")];

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        System.Collections.IEnumerable e => "[" + string.Join(",", e.Cast<object?>().Select(Text)) + "]",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    [Fact]
    public void Analyze_WithTheTablesOwnKeptQuantiles_FindsExactlyWhatItFindsAlone()
    {
        var path = Path.Combine(_dir, "market.csv");
        File.WriteAllText(path, Synthetic.Csv(400, 3, withBidders: true));
        var t = CsvLoader.Load([path], new LoadReport());

        var alone = Engine.Analyze(t, new EngineOptions { MaxDegreeOfParallelism = 1 });
        var kept = Engine.Analyze(t, new EngineOptions { MaxDegreeOfParallelism = 1, Quantiles = Engine.Quantiles(t, 1) });

        // The market is large enough for norms, and they decide alerts here.
        Assert.True(double.IsFinite(alone.Norms.Quantile["cv.p10"][0]));
        Assert.NotEmpty(alone.Alerts);
        Assert.Equal(Describe(alone), Describe(kept));
    }

    [Fact]
    public void For_AnotherTable_MapsCategoriesByNameAndMissingOnesBorrowTheMarket()
    {
        var market = new TestMarket()
            .Section("A", category: "施工").Bid("A", "x", 100).Bid("A", "y", 101)
            .Section("B", category: "监理").Bid("B", "x", 100).Bid("B", "y", 101)
            .Build();
        var kept = MarketQuantiles.From(market, new Dictionary<string, double[]> { ["cv.p10"] = [0.5, 0.1, 0.2] });
        var small = new TestMarket()
            .Section("C", category: "勘察").Bid("C", "x", 100).Bid("C", "y", 101)
            .Section("D", category: "监理").Bid("D", "x", 100).Bid("D", "y", 101)
            .Build();

        var q = kept.For(small)["cv.p10"];

        Assert.Equal(0.5, q[0]);
        Assert.True(double.IsNaN(q[1 + Array.IndexOf(small.Categories, "勘察")]));
        Assert.Equal(0.2, q[1 + Array.IndexOf(small.Categories, "监理")]);
        Assert.Equal(2, kept.Sections);
    }
}
