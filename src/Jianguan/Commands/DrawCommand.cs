using System.CommandLine;
using System.Text;
using Jianguan.Features.Sampling.Draw;

namespace Jianguan.Commands;

/// <summary>
/// <c>jianguan draw simulate|verify|export</c>: the random draw of 双随机、一公开 without a database (for training and
/// audit), the verification anyone can run on a draw record, and the export of a platform draw.
/// </summary>
public static class DrawCommand
{
    public static Command Create()
    {
        var command = new Command("draw", "双随机抽取：模拟、验证、导出抽取记录 / random inspection draws: simulate, verify, export");
        command.Subcommands.Add(Simulate());
        command.Subcommands.Add(VerifyCommand());
        command.Subcommands.Add(DrawExport.Create());
        return command;
    }

    private static Command Simulate()
    {
        var objects = new Option<string>("--objects") { Description = "检查对象 CSV：id,kind,grade,department,category / objects CSV", Required = true };
        var inspectors = new Option<string>("--inspectors") { Description = "执法人员 CSV：id,department,specialties,conflicts（列表以 | 分隔）/ inspectors CSV", Required = true };
        var ratios = new Option<string>("--ratios") { Description = "抽查比例 CSV：grade,ratio / ratios CSV", Required = true };
        var publicInput = new Option<string>("--public-input") { Description = "公开随机输入（如现场宣读的号码）/ the public random input", Required = true };
        var output = new Option<string>("--out") { Description = "抽取记录 JSON 输出文件 / output draw record", Required = true };
        var serverSeed = new Option<string?>("--server-seed") { Description = "服务器种子（十六进制，默认随机生成）/ server seed in hex (default: random)" };
        var date = new Option<string?>("--date") { Description = "抽取日期 YYYY-MM-DD（判断执法证有效期与 12 个月回避）/ draw date" };
        var joint = new Option<string[]>("--joint") { Description = "联合检查组的部门（可多次）/ joint-team departments", AllowMultipleArgumentsPerToken = true };
        var title = new Option<string?>("--title") { Description = "标题 / title" };
        var command = new Command("simulate", "不连数据库运行同一抽取算法，输出可验证的抽取记录 / run the draw algorithm on CSV files")
        {
            objects, inspectors, ratios, publicInput, output, serverSeed, date, joint, title,
        };
        command.SetAction(async (parse, ct) =>
        {
            foreach (var path in new[] { parse.GetValue(objects)!, parse.GetValue(inspectors)!, parse.GetValue(ratios)! })
            {
                if (!File.Exists(path))
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"找不到文件 / file not found: {path}");
                    return Cli.Usage;
                }
            }

            byte[] seed;
            try
            {
                seed = parse.GetValue(serverSeed) is { } hex ? Convert.FromHexString(hex.Trim()) : DrawRecord.NewServerSeed();
            }
            catch (FormatException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("--server-seed 应为十六进制 / --server-seed must be hex");
                return Cli.Usage;
            }

            try
            {
                var pool = new DrawPool(
                    DrawCsv.ReadObjects(new StringReader(await File.ReadAllTextAsync(parse.GetValue(objects)!, ct))),
                    DrawCsv.ReadInspectors(new StringReader(await File.ReadAllTextAsync(parse.GetValue(inspectors)!, ct))),
                    []);
                var parameters = new DrawParameters(parse.GetValue(title) ?? "模拟抽取 / simulation", "", parse.GetValue(date) ?? "",
                    DrawCsv.ReadRatios(new StringReader(await File.ReadAllTextAsync(parse.GetValue(ratios)!, ct))), DrawFilters.None,
                    DrawParameters.LegalMinimumInspectors, parse.GetValue(joint) ?? [], DrawParameters.DefaultLookbackMonths);
                var record = DrawRecord.Build(pool, parameters, seed, parse.GetValue(publicInput)!);
                await File.WriteAllTextAsync(parse.GetValue(output)!, DrawRecord.ToFileText(record), new UTF8Encoding(false), ct);
                var result = DrawRecord.ReadResult(record["result"]);
                var assigned = result.Selections.Count(s => s.Status == Selection.Assigned);
                parse.InvocationConfiguration.Output.WriteLine($"commitment {record["commitment"]!["value"]}");
                parse.InvocationConfiguration.Output.WriteLine($"seed       {record["seed"]}");
                parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"抽中 {result.Selections.Count} 个对象（共 {result.Eligible} 个），已配 {assigned} 个，无法配足执法人员 {result.Selections.Count - assigned} 个 / drew {result.Selections.Count} of {result.Eligible}, {assigned} assigned"));
                return Cli.Ok;
            }
            catch (DrawInputException e)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(e.Message);
                return Cli.Rejected;
            }
        });
        return command;
    }

    private static Command VerifyCommand()
    {
        var file = new Argument<string>("file") { HelpName = "FILE.json", Description = "抽取记录 / draw record" };
        var commitment = new Option<string?>("--commitment") { Description = "事先公布的承诺值（可选）/ the commitment published before the draw" };
        var command = new Command("verify", "重新计算抽取记录并核对：输出 verified 或 mismatch: <项目> / recompute and check a draw record")
        {
            file, commitment,
        };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"找不到文件 / file not found: {path}");
                return Cli.Usage;
            }

            var verification = DrawVerifier.Verify(await File.ReadAllTextAsync(path, ct), parse.GetValue(commitment));
            parse.InvocationConfiguration.Output.WriteLine(verification.ToString());
            return verification.Verified ? Cli.Ok : Cli.Rejected;
        });
        return command;
    }
}
