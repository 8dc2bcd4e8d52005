using System.Diagnostics;
using System.Text;

namespace Jianguan.Tests;

public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("jianguan-analyze-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Analyze_MinimalCsv_WritesFourFilesAndExitsZero()
    {
        var input = Path.Combine(_dir, "bids.csv");
        await File.WriteAllTextAsync(input, "tender,bidder,bid,winner,ip\nT1,甲,100000,1,1.1.1.1\nT1,乙,104000,0,1.1.1.1\nT1,丙,109000,0,2.2.2.2\n", new UTF8Encoding(false));
        var output = Path.Combine(_dir, "out");

        var code = await Cli.RunAsync(["analyze", "--input", input, "--output", output]);

        Assert.Equal(Cli.Ok, code);
        Assert.Equal("tender,score,level,rules", (await File.ReadAllLinesAsync(Path.Combine(output, "sections.csv")))[0]);
        Assert.Equal("bidder,score,level,rules", (await File.ReadAllLinesAsync(Path.Combine(output, "bidders.csv")))[0]);
        Assert.Equal("group,members,score,rules", (await File.ReadAllLinesAsync(Path.Combine(output, "groups.csv")))[0]);
        Assert.Contains("a40.2.upload_ip", await File.ReadAllTextAsync(Path.Combine(output, "alerts.jsonl")), StringComparison.Ordinal);
    }

    /// <summary>
    /// As a process (where <c>analyze</c> re-executes itself without tiered PGO on Linux, BatchRuntime): the arguments,
    /// the output files and the exit codes come through the replacement unchanged.
    /// </summary>
    [Fact]
    public async Task Analyze_AsAProcess_KeepsArgumentsOutputsAndExitCodes()
    {
        var good = Path.Combine(_dir, "good.csv");
        await File.WriteAllTextAsync(good, "tender,bidder,bid,winner,ip\nT1,甲,100000,1,1.1.1.1\nT1,乙,104000,0,1.1.1.1\nT1,丙,109000,0,2.2.2.2\n", new UTF8Encoding(false));
        var bad = Path.Combine(_dir, "bad.csv");
        await File.WriteAllTextAsync(bad, "tender,bid\nT1,100\nT1,abc\nT1,120\n");

        Assert.Equal(Cli.Ok, await RunProcessAsync("analyze", "--input", good, "--output", Path.Combine(_dir, "out 1")));
        Assert.Contains("a40.2.upload_ip", await File.ReadAllTextAsync(Path.Combine(_dir, "out 1", "alerts.jsonl")), StringComparison.Ordinal);
        Assert.Equal(Cli.Rejected, await RunProcessAsync("analyze", "--input", bad, "--output", Path.Combine(_dir, "out 2")));
        Assert.True(File.Exists(Path.Combine(_dir, "out 2", "sections.csv")));
    }

    private static async Task<int> RunProcessAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "jianguan.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment.Remove("DOTNET_TieredPGO");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        await Task.WhenAll(output, error);
        return process.ExitCode;
    }

    [Fact]
    public async Task Analyze_RowWithBadPrice_WritesOutputAndExitsOne()
    {
        var input = Path.Combine(_dir, "bids.csv");
        await File.WriteAllTextAsync(input, "tender,bid\nT1,100\nT1,abc\nT1,120\n");

        Assert.Equal(Cli.Rejected, await Cli.RunAsync(["analyze", "--input", input, "--output", Path.Combine(_dir, "out")]));
        Assert.True(File.Exists(Path.Combine(_dir, "out", "sections.csv")));
    }

    [Fact]
    public async Task Analyze_MissingInputOrOption_ExitsTwo()
    {
        Assert.Equal(Cli.Usage, await Cli.RunAsync(["analyze", "--input", Path.Combine(_dir, "none.csv"), "--output", _dir]));
        Assert.Equal(Cli.Usage, await Cli.RunAsync(["analyze", "--output", _dir]));
    }

    [Fact]
    public async Task Analyze_NoBidColumn_ExitsOne()
    {
        var input = Path.Combine(_dir, "x.csv");
        await File.WriteAllTextAsync(input, "a,b\n1,2\n");
        Assert.Equal(Cli.Rejected, await Cli.RunAsync(["analyze", "--input", input, "--output", Path.Combine(_dir, "out")]));
    }

    [Fact]
    public async Task Analyze_Blacklist_FlagsListedBidderAndBadListChangesNothing()
    {
        var input = Path.Combine(_dir, "bids.csv");
        await File.WriteAllTextAsync(input, "tender,bidder,bid,date\nT1,甲,100000,2024-05-10\nT1,乙,104000,2024-05-10\nT1,丙,109000,2024-05-10\n", new UTF8Encoding(false));
        var list = Path.Combine(_dir, "blacklist.csv");
        await File.WriteAllTextAsync(list, "主体名称,列入日期,移出日期,列入原因\n乙,2024-01-01,2025-01-01,串通投标\n", new UTF8Encoding(false));
        var output = Path.Combine(_dir, "out");

        Assert.Equal(Cli.Ok, await Cli.RunAsync(["analyze", "--input", input, "--output", output, "--blacklist", list]));
        var alert = Assert.Single(await File.ReadAllLinesAsync(Path.Combine(output, "alerts.jsonl")), l => l.Contains("flag.blacklisted", StringComparison.Ordinal));
        Assert.Contains("乙", alert, StringComparison.Ordinal);
        Assert.Contains("flag.blacklisted", (await File.ReadAllLinesAsync(Path.Combine(output, "sections.csv")))[1], StringComparison.Ordinal);

        await File.WriteAllTextAsync(list, "主体名称,列入日期\n乙,not-a-date\n", new UTF8Encoding(false));
        var refused = Path.Combine(_dir, "refused");
        Assert.Equal(Cli.Rejected, await Cli.RunAsync(["analyze", "--input", input, "--output", refused, "--blacklist", list]));
        Assert.False(Directory.Exists(refused));
    }
}
