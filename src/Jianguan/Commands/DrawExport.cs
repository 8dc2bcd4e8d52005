using System.CommandLine;
using System.Text;

namespace Jianguan.Commands;

/// <summary><c>jianguan draw export ID --out FILE.json</c>: the stored record of a platform draw, for <c>draw verify</c>.</summary>
public static class DrawExport
{
    public static Command Create()
    {
        var id = new Argument<long>("id") { HelpName = "ID", Description = "抽取编号 / draw id" };
        var output = new Option<string>("--out") { Description = "输出文件 / output file", Required = true };
        var db = Cli.DbOption();
        var command = new Command("export", "导出平台抽取记录（JSON），可用 draw verify 验证 / export a draw record") { id, output, db };
        command.SetAction(async (parse, ct) =>
        {
            await using var cli = CliHost.Open(parse.GetValue(db));
            var context = cli.Db;
            var draw = await context.SamplingDraws.AsNoTracking().SingleOrDefaultAsync(d => d.Id == parse.GetValue(id), ct);
            if (draw is null)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"抽取 {parse.GetValue(id)} 不存在 / no draw {parse.GetValue(id)}");
                return Cli.Rejected;
            }

            if (draw.RecordJson is null)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"抽取 {draw.Id} 已公布承诺 {draw.Commitment}，尚未抽取 / committed but not drawn yet");
                return Cli.Rejected;
            }

            await File.WriteAllTextAsync(parse.GetValue(output)!, draw.RecordJson, new UTF8Encoding(false), ct);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"commitment {draw.Commitment}");
            return Cli.Ok;
        });
        return command;
    }
}
