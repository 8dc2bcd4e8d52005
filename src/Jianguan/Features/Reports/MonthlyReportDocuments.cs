using Jianguan.Platform.Documents;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Reports;

/// <summary>What a report shows, from the stored report or (command line, no report yet) from the figures alone.</summary>
public sealed record MonthlyReportContent(
    ReportMonth Month,
    MonthlyFigures Figures,
    string? Number,
    string StateName,
    IReadOnlyList<string> Problems,
    string? Summary,
    string? Remarks,
    string? ReviewedBy,
    DateTimeOffset? SubmittedAt)
{
    public static MonthlyReportContent Of(MonthlyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var month = ReportMonth.Parse(report.Month);
        return new MonthlyReportContent(month, MonthlyFigures.FromJson(report.FiguresJson), report.Number,
            MonthlyReportService.StateName(report.State), MonthlyText.Lines(report.Problems), report.Summary, report.Remarks,
            report.ReviewedBy, report.SubmittedAt);
    }

    /// <summary>A month without a report: the figures computed now, no staff texts.</summary>
    public static MonthlyReportContent Unreported(ReportMonth month, MonthlyFigures figures) =>
        new(month, figures, null, "尚未生成报告（按当前数据计算）", [], null, null, null, null);

    public string Title => $"公共资源交易中心{Month.ChineseName}月度报告";

    public string FileName(string extension) => $"交易中心月度报告-{Month}{(Number is null ? "" : "-" + Number)}.{extension}";
}

/// <summary>The report as a Word document and as a workbook: the same figures as its page.</summary>
public static class MonthlyReportDocuments
{
    public static DocxDocument Docx(MonthlyReportContent c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var f = c.Figures;
        var doc = new DocxDocument(c.Title) { PageHeader = "公共资源交易中心月度报告" };
        doc.Paragraph($"报告编号：{c.Number ?? "—"}　报告月份：{c.Month.ChineseName}（{ChinaTime.FormatDate(c.Month.FirstDay)} 至 {ChinaTime.FormatDate(c.Month.FirstDay.AddMonths(1).AddDays(-1))}）　状态：{c.StateName}");
        doc.Paragraph($"数据截至：{ChinaTime.FormatMinute(f.ComputedAt)}"
            + (c.ReviewedBy is null ? "" : $"　审核人：{c.ReviewedBy}")
            + (c.SubmittedAt is null ? "" : $"　报送日期：{ChinaTime.FormatDate(c.SubmittedAt)}"));

        doc.Heading("一、概况");
        doc.Paragraph(f.Overview());
        if (c.Summary is { } summary)
        {
            doc.Paragraph(summary);
        }

        doc.Heading("二、交易活动");
        doc.Paragraph("按开标日期统计本月开标的标段（包）；金额单位为万元。");
        doc.Heading("（一）按交易类别");
        doc.Table(MonthlyText.ActivityHeader("交易类别"), ActivityRows(f.ByCategory, f.Total));
        doc.Heading("（二）按地区");
        doc.Table(MonthlyText.ActivityHeader("地区"), ActivityRows(f.ByDistrict, f.Total));

        doc.Heading("三、异常情况（智慧监管预警）");
        doc.Paragraph($"本月预警共 {f.Alerts} 条。");
        doc.Heading("（一）按预警等级");
        doc.Table(["预警等级", "条数"], f.AlertsByLevel.Select(l => (IReadOnlyList<string?>)[l.Name, MonthlyText.Count(l.Count)]));
        doc.Heading("（二）按预警规则");
        doc.Table(MonthlyText.RuleHeader, f.AlertsByRule.Count == 0 ? [["暂无", null, null, null, null]] : f.AlertsByRule.Select(MonthlyText.RuleCells));

        doc.Heading("四、发现的问题");
        if (c.Problems.Count == 0)
        {
            doc.Paragraph("暂无。");
        }
        else
        {
            for (var i = 0; i < c.Problems.Count; i++)
            {
                doc.Paragraph($"{i + 1}. {c.Problems[i]}");
            }
        }

        doc.Heading("五、其他说明");
        doc.Paragraph(c.Remarks ?? "暂无。");
        return doc;
    }

    private static IEnumerable<IReadOnlyList<string?>> ActivityRows(IReadOnlyList<MonthlyActivity> rows, MonthlyActivity total) =>
        rows.Count == 0 ? [["暂无", null, null, null, null, null, null]] : [.. rows.Select(MonthlyText.ActivityCells), MonthlyText.ActivityCells(total)];

    public static Task WriteXlsxAsync(Stream stream, MonthlyReportContent c, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(c);
        var f = c.Figures;
        IReadOnlyList<XlsxColumn<MonthlyActivity>> Activity(string first) =>
        [
            new(first, a => a.Name, 24),
            new("项目数", a => a.Projects, 10),
            new("标段（包）数", a => a.Sections, 12),
            new("投标数", a => a.Bids, 10),
            new("招标控制价（万元）", a => MonthlyText.WanValue(a.ControlPrice), 18),
            new("已定标标段数", a => a.Awarded, 12),
            new("中标金额（万元）", a => MonthlyText.WanValue(a.AwardAmount), 18),
        ];
        var info = new List<(string Item, string Value)>
        {
            ("报告", c.Title),
            ("报告编号", c.Number ?? "—"),
            ("报告月份", c.Month.ToString()),
            ("状态", c.StateName),
            ("数据截至", ChinaTime.FormatMinute(f.ComputedAt)),
            ("概况", f.Overview()),
            ("小结", c.Summary ?? ""),
            ("其他说明", c.Remarks ?? ""),
        };
        return XlsxDocument.WriteAsync(stream,
        [
            XlsxSheet.Create("报告信息", info, [new("项目", r => r.Item, 12), new("内容", r => r.Value, 80)]),
            XlsxSheet.Create("按交易类别", [.. f.ByCategory, f.Total], Activity("交易类别")),
            XlsxSheet.Create("按地区", [.. f.ByDistrict, f.Total], Activity("地区")),
            XlsxSheet.Create("预警按等级", f.AlertsByLevel, [new("预警等级", l => l.Name, 12), new("条数", l => l.Count, 10)]),
            XlsxSheet.Create("预警按规则", f.AlertsByRule,
            [
                new("预警规则", r => r.Name, 36), new("合计", r => r.Count, 8), new("红色", r => r.Red, 8), new("橙色", r => r.Orange, 8),
                new("黄色", r => r.Yellow, 8),
            ]),
            XlsxSheet.Create("发现的问题", c.Problems.Select((p, i) => (No: i + 1, Text: p)),
                [new("序号", p => p.No, 8), new("问题", p => p.Text, 80)]),
        ], ct);
    }
}
