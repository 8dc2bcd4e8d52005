using System.CommandLine;
using System.Text.Json.Nodes;
using Jianguan.Tests.Calendar;

namespace Jianguan.Tests.Sampling;

public class DrawCliTests
{
    internal static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var parse = Cli.BuildRoot().Parse(args);
        var output = new StringWriter();
        var error = new StringWriter();
        if (parse.Errors.Count > 0)
        {
            return (Cli.Usage, "", string.Join('\n', parse.Errors.Select(e => e.Message)));
        }

        var exit = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private static void WriteInputs(TempDir dir)
    {
        File.WriteAllText(dir.File("objects.csv"), """
            id,kind,grade,department,category
            E1,entity,high,住建局,工程建设项目招标投标
            E2,entity,high,住建局,工程建设项目招标投标
            E3,entity,low,财政局,政府采购
            S1,section,medium,住建局,工程建设项目招标投标
            S2,section,high,财政局,政府采购
            """);
        File.WriteAllText(dir.File("inspectors.csv"), """
            id,department,specialties,conflicts
            I1,住建局,工程建设项目招标投标,E1
            I2,住建局,工程建设项目招标投标|政府采购,
            I3,住建局,工程建设项目招标投标,
            I4,财政局,政府采购,
            I5,联合检查组,工程建设项目招标投标|政府采购,S2
            """);
        File.WriteAllText(dir.File("ratios.csv"), "grade,ratio\nhigh,100%\nmedium,0.5\nlow,0.01\n");
    }

    [Fact]
    public async Task Simulate_ThenVerify_VerifiedAndTamperingFails()
    {
        using var dir = new TempDir();
        WriteInputs(dir);

        var (exit, output, error) = await RunAsync("draw", "simulate", "--objects", dir.File("objects.csv"), "--inspectors", dir.File("inspectors.csv"),
            "--ratios", dir.File("ratios.csv"), "--public-input", "08 15 23 42", "--out", dir.File("draw.json"), "--joint", "联合检查组");

        Assert.True(exit == 0, error);
        Assert.Contains("commitment ", output, StringComparison.Ordinal);
        var (verifyExit, verifyOut, _) = await RunAsync("draw", "verify", dir.File("draw.json"));
        Assert.Equal(0, verifyExit);
        Assert.Equal("verified", verifyOut.Trim());

        var record = JsonNode.Parse(await File.ReadAllTextAsync(dir.File("draw.json")))!.AsObject();
        var selections = record["result"]!["selections"]!.AsArray();
        Assert.Equal(3, selections.Count(s => s!["grade"]!.ToString() == "high"));
        var assigned = selections.First(s => s!["status"]!.ToString() == "assigned")!;
        assigned["inspectors"]![0] = "I4";
        await File.WriteAllTextAsync(dir.File("tampered.json"), record.ToJsonString());
        var (tamperedExit, tamperedOut, _) = await RunAsync("draw", "verify", dir.File("tampered.json"));
        Assert.Equal(1, tamperedExit);
        Assert.StartsWith("mismatch: result.selections[", tamperedOut.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_BadRatio_ExitsOne()
    {
        using var dir = new TempDir();
        WriteInputs(dir);
        File.WriteAllText(dir.File("ratios.csv"), "grade,ratio\nhigh,130%\n");

        var (exit, _, error) = await RunAsync("draw", "simulate", "--objects", dir.File("objects.csv"), "--inspectors", dir.File("inspectors.csv"),
            "--ratios", dir.File("ratios.csv"), "--public-input", "1", "--out", dir.File("draw.json"));

        Assert.Equal(1, exit);
        Assert.Contains("0 到 1", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_MissingFile_ExitsTwo()
    {
        var (exit, _, error) = await RunAsync("draw", "verify", "/nonexistent/draw.json");

        Assert.Equal(2, exit);
        Assert.Contains("找不到文件", error, StringComparison.Ordinal);
    }
}
