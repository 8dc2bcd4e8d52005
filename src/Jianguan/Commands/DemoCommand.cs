using System.CommandLine;
using Jianguan.Features.Demo;

namespace Jianguan.Commands;

public static class DemoCommand
{
    public static Command Create()
    {
        var tenders = new Option<int>("--tenders")
        {
            Description = "标段数量 / number of sections (tenders) to generate",
            Required = true,
        };
        var seed = new Option<ulong>("--seed")
        {
            Description = "随机种子：同一种子生成逐字节相同的文件 / seed: the same seed gives byte-identical files",
            DefaultValueFactory = _ => 2024,
        };
        var output = new Option<string>("--out")
        {
            Description = "输出目录 / output directory",
            Required = true,
        };
        var generate = new Command("generate", "生成模拟交易市场（CSV，含围标真值） / generate a synthetic trading market as CSV, with the planted collusion")
        {
            tenders, seed, output,
        };
        generate.SetAction((parse, ct) =>
        {
            var (stdout, error) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            var count = parse.GetValue(tenders);
            if (count <= 0)
            {
                error.WriteLine("--tenders 必须是正整数 / --tenders must be a positive integer");
                return Task.FromResult(Cli.Usage);
            }

            var directory = parse.GetValue(output)!;
            DemoSummary summary;
            try
            {
                summary = DemoCsv.Write(directory, count, parse.GetValue(seed), ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"无法写入 / cannot write {directory}: {e.Message}");
                return Task.FromResult(Cli.Rejected);
            }

            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"已生成 / generated: 项目 projects {summary.Projects}, 标段 sections {summary.Sections}, 投标 bids {summary.Bids}, 围标标段 collusive sections {summary.Collusive}, 企业 firms {summary.Firms}, 团伙 rings {summary.Rings} → {Path.GetFullPath(directory)}"));
            return Task.FromResult(Cli.Ok);
        });
        return new Command("demo", "演示数据 / demo data") { generate };
    }
}
