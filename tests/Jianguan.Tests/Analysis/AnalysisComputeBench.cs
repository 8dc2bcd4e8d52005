using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Jianguan.Features.Analysis;
using Jianguan.Features.Trading;
using Jianguan.Platform.Scopes;
using Xunit.Abstractions;

namespace Jianguan.Tests.Analysis;

/// <summary>
/// What the three analyses cost once their sections are in memory (ADR-021, amendment of the fourth session; ADR-023),
/// run by bench/analysis-compute.sh: JIANGUAN_BENCH_SECTIONS generated sections (no database), the columns built from
/// them and each computation over the columns timed three times, printed with the load average (also to
/// JIANGUAN_BENCH_OUT when set). Without the variable (every test run) it computes 3,000 sections and checks the
/// figures against counts taken directly from the generated set.
/// </summary>
[Trait("Category", "Bench")]
public sealed class AnalysisComputeBench(ITestOutputHelper output)
{
    [Fact]
    public void ComputeInMemory_ReportsTimesAndAddsUp()
    {
        var n = int.TryParse(Environment.GetEnvironmentVariable("JIANGUAN_BENCH_SECTIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0
            ? v
            : 3_000;
        var data = Generate(n, seed: 1);
        var lines = new List<string>();
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            var columns = AnalysisColumns.Of(data);
            var selection = AnalysisSelection.All(columns);
            var columnsMs = clock.ElapsedMilliseconds;
            clock.Restart();
            var prices = PriceAnalysis.Compute(selection);
            var pricesMs = clock.ElapsedMilliseconds;
            clock.Restart();
            var market = MarketAnalysis.Compute(selection, data.Bidders);
            var marketMs = clock.ElapsedMilliseconds;
            clock.Restart();
            var efficiency = EfficiencyAnalysis.Compute(selection, new ComplaintFigures(0, 0, null, 0, null), [], new DateOnly(2026, 1, 1));
            var efficiencyMs = clock.ElapsedMilliseconds;

            Assert.Equal(n, prices.Summary.Sections);
            Assert.Equal(data.Sections.Count(s => s.Discount is not null), prices.Summary.WithDiscount);
            Assert.Equal(n, prices.ByCategory.Sum(g => g.Sections));
            Assert.Equal(prices.Summary.WithDiscount, prices.Distribution.Sum(b => b.Sections));
            Assert.Equal(data.Sections.Count(s => s.WinnerId is not null && s.AwardAmount > 0m), market.Summary.Awards);
            Assert.Equal(n, efficiency.Summary.Sections);
            Assert.Equal(data.Sections.Count(EfficiencyAnalysis.Repeated), efficiency.Summary.Repeated);
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"sections {n}: columns {columnsMs} ms (built once per data), prices {pricesMs} ms, market {marketMs} ms, efficiency {efficiencyMs} ms (load average {LoadAverage()}, managed heap {GC.GetTotalMemory(false) / 1_048_576} MB)"));
        }

        foreach (var line in lines)
        {
            output.WriteLine(line);
        }

        if (Environment.GetEnvironmentVariable("JIANGUAN_BENCH_OUT") is { Length: > 0 } file)
        {
            File.AppendAllLines(file, lines);
        }
    }

    /// <summary>
    /// What one request costs over a snapshot kept in memory (ADR-023, step 2): the snapshot built once from the
    /// generated sections and nine bids each, then per round the rows selected (whole market, and one category and
    /// year), the bidders counted from the bids, each computation and its JSON, timed apart.
    /// </summary>
    [Fact]
    public void SnapshotRequest_ReportsTimesAndAddsUp()
    {
        var n = int.TryParse(Environment.GetEnvironmentVariable("JIANGUAN_BENCH_SECTIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0
            ? v
            : 3_000;
        var data = Generate(n, seed: 1);
        var random = new Random(2);
        var bids = data.Sections.ToDictionary(s => s.SectionId, s => Enumerable.Range(0, 9).Select(_ => (long)random.Next(1, 4000)).Distinct().ToArray());
        var clock = Stopwatch.StartNew();
        var snapshot = new AnalysisSnapshot(1, 0, data.Sections.ToDictionary(s => s.SectionId), (Dictionary<long, SectionBidFigures>)data.Figures, bids,
            Enumerable.Range(1, 9000).ToDictionary(i => (long)i, i => ("企业" + i, (string?)null)), new AnalysisDataset(data.Sections, []) { Figures = data.Figures });
        var lines = new List<string> { string.Create(CultureInfo.InvariantCulture, $"sections {n}: snapshot built in {clock.ElapsedMilliseconds} ms (once per revision)") };
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        AnalysisFilter[] filters = [new(), new(From: new DateOnly(2023, 1, 1), To: new DateOnly(2023, 12, 31), Category: TradingCategory.Construction)];
        for (var round = 0; round < 3; round++)
        {
            foreach (var asked in filters)
            {
                // A region prefix every generated region has: the same rows under a filter not asked before, so the
                // snapshot computes them instead of answering from the datasets it keeps.
                var filter = asked with { Region = round == 0 ? null : "46"[..round] };
                clock.Restart();
                var selected = snapshot.Select(DataScope.All, filter);
                _ = selected.Bidders;
                var selectMs = clock.ElapsedMilliseconds;
                clock.Restart();
                var prices = PriceAnalysis.Compute(selected);
                var pricesMs = clock.ElapsedMilliseconds;
                clock.Restart();
                var market = MarketAnalysis.Compute(selected);
                var marketMs = clock.ElapsedMilliseconds;
                clock.Restart();
                var efficiency = EfficiencyAnalysis.Compute(selected, new ComplaintFigures(0, 0, null, 0, null), [], new DateOnly(2026, 1, 1));
                var efficiencyMs = clock.ElapsedMilliseconds;
                clock.Restart();
                var bytes = JsonSerializer.SerializeToUtf8Bytes(prices, json).Length + JsonSerializer.SerializeToUtf8Bytes(market, json).Length
                    + JsonSerializer.SerializeToUtf8Bytes(efficiency, json).Length;
                var jsonMs = clock.ElapsedMilliseconds;

                Assert.Equal(selected.Sections.Count, prices.Summary.Sections);
                Assert.Equal(selected.Sections.Sum(s => bids[s.SectionId].Length), selected.Bidders.Sum(b => b.Sections));
                Assert.Equal(selected.Sections.Count(s => s.WinnerId is not null && s.AwardAmount > 0m), market.Summary.Awards);
                // Asked again at the same revision: the kept dataset and its results.
                clock.Restart();
                var again = snapshot.Select(DataScope.All, filter);
                var keptPrices = PriceAnalysis.Compute(again);
                var keptMarket = MarketAnalysis.Compute(again);
                var keptMs = clock.Elapsed.TotalMilliseconds;

                Assert.Same(selected, again);
                Assert.Same(prices, keptPrices);
                Assert.Same(market, keptMarket);
                Assert.Equal(Serialize(MarketAnalysis.Compute(Rebuilt(selected))), Serialize(market));
                Assert.Equal(Serialize(PriceAnalysis.Compute(Rebuilt(selected))), Serialize(prices));
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{(filter.Category is null ? "whole market" : "one category, one year")} ({selected.Sections.Count} sections): select and bidders {selectMs} ms, prices {pricesMs} ms, market {marketMs} ms, efficiency {efficiencyMs} ms, JSON {jsonMs} ms ({bytes / 1024} KB); asked again: prices and market {keptMs:0.00} ms (load average {LoadAverage()})"));
            }
        }

        foreach (var line in lines)
        {
            output.WriteLine(line);
        }

        if (Environment.GetEnvironmentVariable("JIANGUAN_BENCH_OUT") is { Length: > 0 } file)
        {
            File.AppendAllLines(file, lines);
        }

        string Serialize<T>(T value) => JsonSerializer.Serialize(value, json);

        // The same sections as a dataset of their own (columns built over them alone, every row selected): a selection, small or large, must not change a figure.
        static AnalysisDataset Rebuilt(AnalysisDataset d) => new(d.Sections, []) { Figures = d.Figures, Bidders = d.Bidders };
    }

    /// <summary>
    /// Sections over five years in six districts, 4,000 winners, discounts of several scales and ties, one in ten
    /// without an award and one in twenty named a second call; every section with nine bidders.
    /// </summary>
    private static AnalysisDataset Generate(int n, int seed)
    {
        var random = new Random(seed);
        var categories = Enum.GetValues<TradingCategory>();
        string[] regions = ["460105", "460106", "460107", "460108", "469001", "469002"];
        var start = new DateTimeOffset(2021, 1, 1, 9, 0, 0, TimeSpan.FromHours(8));
        var facts = new List<SectionFact>(n);
        var figures = new Dictionary<long, SectionBidFigures>(n);
        for (var i = 0; i < n; i++)
        {
            var day = start.AddDays(random.Next(0, 365 * 5));
            decimal control = random.Next(100_000, 50_000_000);
            decimal? award = random.Next(10) == 0 ? null
                : random.Next(5) == 0 ? control * 0.9m
                : Math.Round(control * (decimal)(0.7 + (random.NextDouble() * 0.35)), random.Next(3));
            var winner = random.Next(1, 4000);
            var id = i + 1L;
            var agency = 5000 + random.Next(50);
            facts.Add(new SectionFact(id, (i / 2) + 1, "P" + (i / 2), "项目" + i, "S" + i, random.Next(20) == 0 ? "重新招标" : null,
                categories[random.Next(categories.Length)], regions[random.Next(regions.Length)], "住建局",
                random.Next(8) == 0 ? null : 4000 + random.Next(500), "招标人", agency, "代理" + (agency % 3),
                award is null ? null : winner, "企业" + winner, "91460100MA5T" + winner.ToString("D6", CultureInfo.InvariantCulture),
                control, null, control * 1.1m, award, day.AddDays(-30), day.AddDays(-20), day, award is null ? null : day.AddDays(7), 9));
            figures[id] = new SectionBidFigures(9, 8, 9, 3.5m);
        }

        var bidders = Enumerable.Range(1, 4000)
            .Select(b => new BidderFact(b, "企业" + b, Math.Max(1, n * 9 / 4000), n / 4000, new HashSet<int> { 2021, 2022, 2023, 2024, 2025 }))
            .ToList();
        return new AnalysisDataset(facts, []) { Figures = figures, Bidders = bidders };
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
