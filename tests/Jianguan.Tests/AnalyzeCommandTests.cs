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
}
