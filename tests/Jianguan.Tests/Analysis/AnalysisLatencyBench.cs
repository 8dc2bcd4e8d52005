using System.Diagnostics;
using System.Globalization;
using Jianguan.Features.Analysis;
using Jianguan.Tests.Calendar;
using Jianguan.Tests.Sampling;
using Jianguan.Tests.Web;
using Xunit.Abstractions;

namespace Jianguan.Tests.Analysis;

/// <summary>
/// The latency bench of the analysis endpoints (issue 15, item 7), run by bench/analysis-latency.sh: with
/// JIANGUAN_BENCH_MARKET naming a folder of `demo generate` CSV files, imports them into the test database, signs
/// in as the 公管办 and replays every dashboard endpoint, printing p50 and p95 per endpoint (also to
/// JIANGUAN_BENCH_OUT when set). Without the variable (the ordinary test run, on both providers) it generates a small
/// market of its own and replays each endpoint twice, so the path the bench measures is checked by every CI run.
/// </summary>
[Trait("Category", "Bench")]
[Trait("Category", "Database")]
public sealed class AnalysisLatencyBench(JianguanFactory factory, ITestOutputHelper output) : IClassFixture<JianguanFactory>
{

    [Fact]
    public async Task ReplayEndpoints_ReportsP50AndP95()
    {
        using var generated = new TempDir();
        var market = Environment.GetEnvironmentVariable("JIANGUAN_BENCH_MARKET");
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("JIANGUAN_BENCH_ROUNDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > 0
            ? r
            : 20;
        if (string.IsNullOrEmpty(market))
        {
            market = generated.Path;
            rounds = 2;
            var (generatedExit, _, generateError) = await DrawCliTests.RunAsync("demo", "generate", "--tenders", "60", "--seed", "3", "--out", market);
            Assert.True(generatedExit == 0, generateError);
        }

        string[] files = [.. new[] { "projects.csv", "sections.csv", "bids.csv", "awards.csv" }.Select(f => Path.Combine(market, f))];
        var import = Stopwatch.StartNew();
        var (exit, _, error) = await DrawCliTests.RunAsync(["import", "--db", factory.Database.ConnectionString, .. files, "--no-analyze"]);
        Assert.True(exit == 0, error);
        var lines = new List<string> { string.Create(CultureInfo.InvariantCulture, $"import: {import.Elapsed.TotalSeconds:0.0} s (load average after: {LoadAverage()})") };
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
            var sections = await db.Sections.CountAsync();
            var bids = await db.Bids.CountAsync();
            Assert.True(sections > 0 && bids > sections, $"the market imported {sections} sections and {bids} bids");
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"sections: {sections}, bids: {bids}"));
        }

        var office = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);
        string[] endpoints =
        [
            "/api/analysis/prices", "/api/analysis/market", "/api/analysis/efficiency", "/api/analysis/prices?category=Construction",
            "/api/analysis/market?category=GovernmentProcurement", "/Analysis", "/Analysis/Prices", "/Analysis/Market", "/Analysis/Efficiency",
        ];
        // The process's copy of the summary (ADR-023) loaded once, as the first request after a start would: timed apart.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var cold = Stopwatch.StartNew();
            await AnalysisStore.CurrentAsync(scope.ServiceProvider.GetRequiredService<JianguanDbContext>());
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"summary loaded into memory: {cold.Elapsed.TotalSeconds:0.0} s (load average {LoadAverage()})"));
        }

        // Each endpoint replayed as asked (after one warm-up request the snapshot answers from the results it keeps per
        // scope and filter), then with a period not asked before on every request ("to=(new)": a last day after the
        // data, so the same sections, computed afresh).
        var fresh = new DateOnly(2100, 1, 1);
        foreach (var endpoint in endpoints)
        {
            (await office.GetAsync(endpoint)).EnsureSuccessStatusCode(); // warm-up
            var sep = endpoint.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            await Replay(endpoint, _ => endpoint);
            await Replay(endpoint + sep + "to=(new)", _ =>
            {
                fresh = fresh.AddDays(1);
                return endpoint + sep + "to=" + fresh.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            });
        }

        async Task Replay(string label, Func<int, string> url)
        {
            var times = new List<double>();
            for (var i = 0; i < rounds; i++)
            {
                var target = url(i);
                var clock = Stopwatch.StartNew();
                using var response = await office.GetAsync(target);
                await response.Content.ReadAsByteArrayAsync();
                times.Add(clock.Elapsed.TotalMilliseconds);
                response.EnsureSuccessStatusCode();
            }

            times.Sort();
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{label}: p50 {times[(int)Math.Ceiling(0.5 * rounds) - 1]:0} ms, p95 {times[(int)Math.Ceiling(0.95 * rounds) - 1]:0} ms ({rounds} requests, load average {LoadAverage()})"));
        }

        foreach (var line in lines)
        {
            output.WriteLine(line);
        }

        if (Environment.GetEnvironmentVariable("JIANGUAN_BENCH_OUT") is { Length: > 0 } file)
        {
            await File.WriteAllLinesAsync(file, lines);
        }
    }

    /// <summary>The 1-minute load average of the machine (shared by other engineers' builds), or "?" off Linux.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
