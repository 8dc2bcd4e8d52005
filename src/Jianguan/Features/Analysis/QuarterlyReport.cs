using System.CommandLine;
using Jianguan.Commands;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Documents;
using Jianguan.Platform.Scopes;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Analysis;

/// <summary>The figures of one quarter, computed by the same analyses (and filter) as the dashboards and the API.</summary>
public sealed record QuarterlyFigures(int Year, int Quarter, AnalysisFilter Filter, PriceAnalysisResult Prices, MarketAnalysisResult Market,
    EfficiencyAnalysisResult Efficiency)
{
    public string Title => $"{Year}年第{Quarter}季度公共资源交易监管大数据分析报告";
}

/// <summary>
/// <c>jianguan report quarterly --year YYYY --quarter Q [--db CONN] --out FILE.docx</c>: the quarter's analysis as a
/// Word document with its charts rendered server-side (ScottPlot, PNG, Noto Sans CJK) and its tables; the figures
/// are those of /api/analysis/…?from=…&amp;to=… for the quarter over the whole database.
/// </summary>
public static class QuarterlyReport
{
    /// <summary>The font the charts' Chinese labels are drawn in (Debian's fonts-noto-cjk).</summary>
    public const string ChartFont = "Noto Sans CJK SC";

    private const int ChartWidth = 900;
    private const int ChartHeight = 420;

    public static AnalysisFilter FilterOf(int year, int quarter)
    {
        var from = new DateOnly(year, ((quarter - 1) * 3) + 1, 1);
        return new AnalysisFilter(from, from.AddMonths(3).AddDays(-1));
    }

    public static async Task<QuarterlyFigures> ComputeAsync(JianguanDbContext db, IEnumerable<IClockSubjectDirectory> directories, TimeProvider clock,
        int year, int quarter, CancellationToken ct)
    {
        var filter = FilterOf(year, quarter);
        var data = await AnalysisData.LoadAsync(db, DataScope.All, filter, ct);
        var efficiency = EfficiencyAnalysis.Compute(data, await EfficiencyAnalysis.ComplaintsAsync(db, data, filter, ct),
            await EfficiencyAnalysis.DutiesAsync(db, directories, filter, ct), ChinaTime.Today(clock));
        return new QuarterlyFigures(year, quarter, filter, PriceAnalysis.Compute(data), MarketAnalysis.Compute(data), efficiency);
    }

    public static DocxDocument Document(QuarterlyFigures f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var p = f.Prices;
        var m = f.Market;
        var e = f.Efficiency;
        var doc = new DocxDocument(f.Title) { PageHeader = "公共资源交易协同监管平台" };
        doc.Heading("一、总体情况");
        doc.Paragraph($"统计期间 {ChinaTime.FormatDate(f.Filter.From)} 至 {ChinaTime.FormatDate(f.Filter.To)}（按开标日期，无开标日期的按公告或项目发布日期）。"
            + $"期间共有标段 {p.Summary.Sections} 个，已定标 {p.Summary.Awarded} 个，中标金额 {AnalysisLabels.Wan(m.Summary.Amount)} 万元；"
            + $"平均下浮率 {AnalysisLabels.Percent(p.Summary.MeanDiscount)}，节约资金 {AnalysisLabels.Wan(p.Summary.Savings)} 万元；"
            + $"市场集中度 HHI {AnalysisLabels.Number(m.Summary.Hhi)}，前四名份额 {AnalysisLabels.Percent(m.Summary.Cr4)}；"
            + $"流标 {e.Summary.Failed} 个，公告至定标平均 {AnalysisLabels.Days(e.Summary.NoticeToAward)}。");
        doc.Table(["指标", "数值"], Headline(f).Select(h => (IReadOnlyList<string?>)[h.Name, h.Value]));

        doc.Heading("二、价格分析");
        var categories = p.ByCategory.Where(g => g.MeanDiscount is not null).ToList();
        if (categories.Count > 0)
        {
            doc.Picture(Bars("各交易类别平均下浮率（%）", [.. categories.Select(g => g.Label)], [.. categories.Select(g => g.MeanDiscount)]),
                ChartWidth, ChartHeight, "price-by-category");
        }

        doc.Table(["交易类别", "标段数", "已定标", "平均下浮率", "下浮率中位数", "节约资金（万元）"], p.ByCategory.Select(g => (IReadOnlyList<string?>)
            [g.Label, Count(g.Sections), Count(g.Awarded), AnalysisLabels.Percent(g.MeanDiscount), AnalysisLabels.Percent(g.MedianDiscount), AnalysisLabels.Wan(g.Savings)]));
        doc.Paragraph(p.Summary.Outliers == 0
            ? "未发现异常中标价。"
            : $"按各类别下浮率四分位距界限，发现异常中标价 {p.Summary.Outliers} 个：" + string.Join("；", p.Outliers.Take(10).Select(o =>
                $"{o.ProjectCode} 标段 {o.SectionCode}（{o.CategoryName}，下浮率 {AnalysisLabels.Percent(o.Discount)}，{o.Side}）")) + "。");

        doc.Heading("三、市场研判");
        if (m.Concentration.Count > 0)
        {
            doc.Picture(Bars("各交易类别市场集中度（HHI）", [.. m.Concentration.Select(c => $"{c.CategoryName}")], [.. m.Concentration.Select(c => (decimal?)c.Hhi)]),
                ChartWidth, ChartHeight, "market-hhi");
        }

        doc.Table(["交易类别", "年度", "中标标段数", "中标企业数", "中标金额（万元）", "HHI", "CR4"], m.Concentration.Select(c => (IReadOnlyList<string?>)
            [c.CategoryName, Count(c.Year), Count(c.Awards), Count(c.Winners), AnalysisLabels.Wan(c.Amount), AnalysisLabels.Number(c.Hhi), AnalysisLabels.Percent(c.Cr4)]));
        doc.Table(["中标企业（前 10 名）", "中标标段数", "中标金额（万元）", "份额"], m.Shares.Take(10).Select(s => (IReadOnlyList<string?>)
            [s.Firm, Count(s.Awards), AnalysisLabels.Wan(s.Amount), AnalysisLabels.Percent(s.Share)]));

        doc.Heading("四、效能评估");
        var stages = e.Stages.Where(s => s.MeanDays is not null).ToList();
        if (stages.Count > 0)
        {
            doc.Picture(Bars("各阶段平均用时（天）", [.. stages.Select(s => s.Label)], [.. stages.Select(s => s.MeanDays)]), ChartWidth, ChartHeight, "efficiency-stages");
        }

        doc.Table(["交易类别", "已开标", "流标", "流标率", "重新招标"], e.Failures.Select(x => (IReadOnlyList<string?>)
            [x.Label, Count(x.Opened), Count(x.Failed), AnalysisLabels.Percent(x.FailedRate), Count(x.Repeated)]));
        doc.Paragraph($"期间受理投诉举报 {e.Complaints.Complaints} 件，每百标段 {AnalysisLabels.Number(e.Complaints.PerHundredSections)} 件，"
            + $"已处理 {e.Complaints.Decided} 件，平均处理 {AnalysisLabels.Days(e.Complaints.MeanHandlingDays)}。");
        if (e.ByUnit.Count > 0)
        {
            doc.Table(["责任单位", "法定时限事项", "已办结", "按时办结", "在办已逾期", "按时率"], e.ByUnit.Select(d => (IReadOnlyList<string?>)
                [d.Label, Count(d.Duties), Count(d.Done), Count(d.OnTime), Count(d.OpenOverdue), AnalysisLabels.Percent(d.OnTimeRate)]));
        }

        return doc;
    }

    /// <summary>The headline figures of the report (the same numbers as the dashboard's overview cards).</summary>
    public static IReadOnlyList<(string Name, string Value)> Headline(QuarterlyFigures f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return
        [
            ("标段数", Count(f.Prices.Summary.Sections)),
            ("已定标标段数", Count(f.Prices.Summary.Awarded)),
            ("中标金额（万元）", AnalysisLabels.Wan(f.Market.Summary.Amount)),
            ("平均下浮率", AnalysisLabels.Percent(f.Prices.Summary.MeanDiscount)),
            ("节约资金（万元）", AnalysisLabels.Wan(f.Prices.Summary.Savings)),
            ("异常中标价", Count(f.Prices.Summary.Outliers)),
            ("市场集中度 HHI", AnalysisLabels.Number(f.Market.Summary.Hhi)),
            ("前四名份额 CR4", AnalysisLabels.Percent(f.Market.Summary.Cr4)),
            ("平均投标人数", AnalysisLabels.Number(f.Market.Summary.MeanBidders)),
            ("公告至定标平均用时", AnalysisLabels.Days(f.Efficiency.Summary.NoticeToAward)),
            ("流标", Count(f.Efficiency.Summary.Failed)),
            ("法定时限按时率", AnalysisLabels.Percent(f.Efficiency.Summary.OnTimeRate)),
        ];
    }

    /// <summary>A bar chart as PNG, its labels in <see cref="ChartFont"/>.</summary>
    public static byte[] Bars(string title, IReadOnlyList<string> labels, IReadOnlyList<decimal?> values)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(values);
        using var plot = new ScottPlot.Plot();
        plot.Font.Set(ChartFont);
        plot.Add.Bars(values.Select(v => (double)(v ?? 0m)).ToArray());
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, labels.Count).Select(i => (double)i)], [.. labels]);
        plot.Axes.Margins(bottom: 0);
        plot.Title(title);
        return plot.GetImageBytes(ChartWidth, ChartHeight, ScottPlot.ImageFormat.Png);
    }

    public static Command Command()
    {
        var year = new Option<int>("--year") { Description = "年度 / year, e.g. 2026", Required = true };
        var quarter = new Option<int>("--quarter") { Description = "季度 1–4 / quarter", Required = true };
        var output = new Option<string>("--out") { Description = "输出的 Word 文档（.docx）/ output .docx file", Required = true };
        var db = Cli.DbOption();
        var command = new Command("quarterly", "输出季度大数据分析报告（Word 文档，含图表）/ write the quarter's analysis report as .docx with charts")
        {
            year, quarter, output, db,
        };
        command.SetAction(async (parse, ct) =>
        {
            var y = parse.GetValue(year);
            var q = parse.GetValue(quarter);
            if (y is < 2000 or > 2199 || q is < 1 or > 4)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"年度应在 2000 至 2199 之间，季度为 1 至 4 / invalid year or quarter: {y} Q{q}");
                return Cli.Usage;
            }

            var path = parse.GetValue(output)!;
            if (Cli.DocxOutputError(path) is { } invalid)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(invalid);
                return Cli.Usage;
            }

            await using var cli = CliHost.Open(parse.GetValue(db));
            var figures = await ComputeAsync(cli.Db, cli.Get<IEnumerable<IClockSubjectDirectory>>(), cli.Get<TimeProvider>(), y, q, ct);
            await using (var file = File.Create(path))
            {
                Document(figures).WriteTo(file);
            }

            await cli.Get<AuditTrail>().RecordAsync(cli.Db, AuditActor.CommandLine, "analysis.report", $"analysis-quarter:{y}-Q{q}",
                new { year = y, quarter = q, format = "文字处理文档", via = "命令行" }, ct);
            await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{path}: {figures.Title} 标段 {figures.Prices.Summary.Sections} 个 / sections {figures.Prices.Summary.Sections}"));
            return Cli.Ok;
        });
        return command;
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
