using System.CommandLine;
using Jianguan.Features.Reports;

namespace Jianguan.Commands;

/// <summary>
/// <c>jianguan report monthly --month YYYY-MM [--db CONN] --out FILE.docx</c>: the trading center's monthly report as
/// a Word document. A month with a generated report prints that report (its frozen figures and the staff's texts);
/// a month without one prints the figures computed now by the same query as the page.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var command = new Command("report", "报告 / reports");
        command.Subcommands.Add(Monthly());
        command.Subcommands.Add(Features.Governance.Meetings.AnnualReportCommand.Create());
        command.Subcommands.Add(Features.Analysis.QuarterlyReport.Command());
        command.Subcommands.Add(Accountability());
        return command;
    }

    /// <summary>
    /// <c>jianguan report accountability --year YYYY [--quarter Q] [--db CONN] --out FILE.docx</c>: late and missed
    /// duties per member unit, the same query as the /Accountability page.
    /// </summary>
    private static Command Accountability()
    {
        var year = new Option<int>("--year") { Description = "统计年份 / the year, e.g. 2026", Required = true };
        var quarter = new Option<int?>("--quarter") { Description = "季度 1–4（不填为全年）/ quarter 1-4 (default: the whole year)" };
        var output = new Option<string>("--out") { Description = "输出的 Word 文档（.docx）/ output .docx file", Required = true };
        var db = Cli.DbOption();
        var command = new Command("accountability", "输出成员单位履职问责报告（Word 文档）/ write the accountability report as .docx")
        {
            year, quarter, output, db,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (!Features.Credit.Accountability.AccountabilityPeriod.TryCreate(parse.GetValue(year), parse.GetValue(quarter), out var period))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("统计期间无效 / invalid period: --year 2000–2199, --quarter 1–4");
                return Cli.Usage;
            }

            var path = parse.GetValue(output)!;
            if (Cli.DocxOutputError(path) is { } invalid)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(invalid);
                return Cli.Usage;
            }

            await using var cli = CliHost.Open(parse.GetValue(db));
            var today = Platform.Time.ChinaTime.Today(cli.Get<TimeProvider>());
            var report = await cli.Get<Features.Credit.Accountability.AccountabilityService>().ComputeAsync(cli.Db, period, today, ct: ct);
            await using (var file = File.Create(path))
            {
                Features.Credit.Accountability.AccountabilityService.Docx(report).WriteTo(file);
            }

            await cli.Get<AuditTrail>().RecordAsync(cli.Db, AuditActor.CommandLine, "accountability.download", "accountability",
                new { period = period.Name, total = report.Total, format = "文字处理文档", via = "命令行" }, ct);
            await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{path}: {period.Name} 逾期事项 {report.Total} 件，仍未办结 {report.Open} 件，涉及 {report.Units.Count} 个单位 / late duties {report.Total}, open {report.Open}, units {report.Units.Count}"));
            return Cli.Ok;
        });
        return command;
    }

    private static Command Monthly()
    {
        var month = new Option<string>("--month") { Description = "报告月份 YYYY-MM / the month, e.g. 2026-03", Required = true };
        var output = new Option<string>("--out") { Description = "输出的 Word 文档（.docx）/ output .docx file", Required = true };
        var db = Cli.DbOption();
        var command = new Command("monthly", "输出交易中心月度报告（Word 文档）/ write the trading center's monthly report as .docx")
        {
            month, output, db,
        };
        command.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(month);
            if (!ReportMonth.TryParse(text, out var m))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(
                    $"报告月份无效 / invalid month: “{text}”（格式 YYYY-MM，如 2026-03，不早于 2000-01 / format YYYY-MM, 2000-01 or later）");
                return Cli.Usage;
            }

            var path = parse.GetValue(output)!;
            if (Cli.DocxOutputError(path) is { } invalid)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(invalid);
                return Cli.Usage;
            }

            await using var cli = CliHost.Open(parse.GetValue(db));
            var context = cli.Db;
            var key = m.ToString();
            var report = await context.Set<MonthlyReport>().AsNoTracking().FirstOrDefaultAsync(r => r.Month == key, ct);
            var content = report is not null
                ? MonthlyReportContent.Of(report)
                : MonthlyReportContent.Unreported(m, await MonthlyReportQuery.ComputeAsync(context, m, cli.Get<TimeProvider>().GetUtcNow(), ct));
            await using (var file = File.Create(path))
            {
                MonthlyReportDocuments.Docx(content).WriteTo(file);
            }

            await cli.Get<AuditTrail>().RecordAsync(context, AuditActor.CommandLine, "monthly.download",
                report is null ? "monthly-report:" + key : MonthlyReportService.Machine.Target(report.Id), new { month = key, format = "文字处理文档", via = "命令行" }, ct);
            var f = content.Figures;
            await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{path}: {content.Title}（{content.StateName}）标段 {f.Total.Sections} 个，投标 {f.Total.Bids} 份，预警 {f.Alerts} 条 / sections {f.Total.Sections}, bids {f.Total.Bids}, alerts {f.Alerts}"));
            return Cli.Ok;
        });
        return command;
    }
}
