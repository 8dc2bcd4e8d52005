using System.Diagnostics;
using System.Globalization;
using Jianguan.Tests.Sampling;
using Jianguan.Tests.Web;
using Xunit.Abstractions;

namespace Jianguan.Tests.Analysis;

/// <summary>
/// The latency bench of the analysis endpoints (issue 15, item 7), run by bench/analysis-latency.sh: with
/// JIANGUAN_BENCH_MARKET naming a folder of `demo generate` CSV files, imports them into the test database, signs
/// in as the 公管办 and replays every dashboard endpoint, printing p50 and p95 per endpoint (also to
/// JIANGUAN_BENCH_OUT when set). Without the variable it does nothing, so the ordinary test run stays fast.
/// </summary>
[Trait("Category", "Bench")]
[Trait("Category", "Database")]
public sealed class AnalysisLatencyBench(JianguanFactory factory, ITestOutputHelper output) : IClassFixture<JianguanFactory>
{
    private const int Rounds = 20;

    [Fact]
    public async Task ReplayEndpoints_ReportsP50AndP95()
    {
        if (Environment.GetEnvironmentVariable("JIANGUAN_BENCH_MARKET") is not { Length: > 0 } market)
        {
            return;
        }

        string[] files = [.. new[] { "projects.csv", "sections.csv", "bids.csv", "awards.csv" }.Select(f => Path.Combine(market, f))];
        var import = Stopwatch.StartNew();
        var (exit, _, error) = await DrawCliTests.RunAsync(["import", "--db", factory.Database.ConnectionString, .. files, "--no-analyze"]);
        Assert.True(exit == 0, error);
        var lines = new List<string> { string.Create(CultureInfo.InvariantCulture, $"import: {import.Elapsed.TotalSeconds:0.0} s") };
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
            var sections = await db.Sections.CountAsync();
            var bids = await db.Bids.CountAsync();
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"sections: {sections}, bids: {bids}"));
        }

        var office = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);
        string[] endpoints =
        [
            "/api/analysis/prices", "/api/analysis/market", "/api/analysis/efficiency", "/api/analysis/prices?category=Construction",
            "/api/analysis/market?category=GovernmentProcurement", "/Analysis", "/Analysis/Prices", "/Analysis/Market", "/Analysis/Efficiency",
        ];
        foreach (var endpoint in endpoints)
        {
            (await office.GetAsync(endpoint)).EnsureSuccessStatusCode(); // warm-up
            var times = new List<double>();
            for (var i = 0; i < Rounds; i++)
            {
                var clock = Stopwatch.StartNew();
                using var response = await office.GetAsync(endpoint);
                await response.Content.ReadAsByteArrayAsync();
                times.Add(clock.Elapsed.TotalMilliseconds);
                response.EnsureSuccessStatusCode();
            }

            times.Sort();
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{endpoint}: p50 {times[(int)Math.Ceiling(0.5 * Rounds) - 1]:0} ms, p95 {times[(int)Math.Ceiling(0.95 * Rounds) - 1]:0} ms ({Rounds} requests)"));
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
}
