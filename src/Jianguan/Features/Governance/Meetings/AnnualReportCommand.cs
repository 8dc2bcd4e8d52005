using System.CommandLine;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Governance.Meetings;

/// <summary>
/// <c>jianguan report annual --year YYYY [--db CONN] --out FILE.docx</c>: the annual report to the city government,
/// computed by the same builder as /Meetings/AnnualReport (with the summary saved there).
/// </summary>
public static class AnnualReportCommand
{
    public static Command Create()
    {
        var year = new Option<int>("--year") { Description = "报告年度 YYYY / the year, e.g. 2026", Required = true };
        var output = new Option<string>("--out") { Description = "输出的 Word 文档（.docx）/ output .docx file", Required = true };
        var db = Cli.DbOption();
        var command = new Command("annual", "输出协同监管年度工作报告（Word 文档）/ write the annual report to the city government as .docx")
        {
            year, output, db,
        };
        command.SetAction(async (parse, ct) =>
        {
            var y = parse.GetValue(year);
            if (y is < 2000 or > 2199)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"报告年度无效 / invalid year: {y}（2000–2199）");
                return Cli.Usage;
            }

            var path = parse.GetValue(output)!;
            if (Cli.DocxOutputError(path) is { } invalid)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(invalid);
                return Cli.Usage;
            }

            await using var cli = Commands.CliHost.Open(parse.GetValue(db));
            var context = cli.Db;
            var today = ChinaTime.Today(cli.Get<TimeProvider>());
            var content = await AnnualReport.BuildAsync(new AnnualReportContext(context, y, today, await cli.Get<CalendarService>().GetAsync(ct),
                [.. cli.Services.GetServices<IClockSubjectDirectory>()]), ct);
            await using (var file = File.Create(path))
            {
                AnnualReport.Docx(content).WriteTo(file);
            }

            await cli.Get<AuditTrail>().RecordAsync(context, AuditActor.CommandLine, "annual.download", "annual-report:" + y.ToString(CultureInfo.InvariantCulture),
                new { year = y, format = "文字处理文档", via = "命令行" }, ct);
            var f = content.Figures;
            await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{path}: {y}年度 联席会议 {f.MeetingsHeld} 次，决定 {f.Decisions} 项，交办任务 {f.Tasks} 项（逾期 {f.TasksOverdue} 项），逾期履职 {f.OverdueDuties} 项 / meetings {f.MeetingsHeld}, decisions {f.Decisions}, tasks {f.Tasks}, overdue duties {f.OverdueDuties}"));
            return Cli.Ok;
        });
        return command;
    }
}
