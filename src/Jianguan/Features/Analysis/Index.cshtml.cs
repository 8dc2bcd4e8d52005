using Jianguan.Features.Trading;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Documents;
using Jianguan.Platform.Scopes;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Analysis;

/// <summary>
/// 分析总览: the headline figures of the three analyses and a chart of each, every one linking on. The city
/// government reaches this page alone (<see cref="AnalysisPolicies.Overview"/>, ADR-022): it sees the figures and
/// charts without links and without the drill-down list of sections.
/// </summary>
[Authorize(Policy = AnalysisPolicies.Overview)]
[OversightQuery]
public sealed class IndexModel(JianguanDbContext db, CurrentDataScope scope, IEnumerable<IClockSubjectDirectory> directories, TimeProvider clock,
    IAuthorizationService authorization)
    : AnalysisPageModel(db, scope)
{
    /// <summary>Whether the reader may go on to the analysis pages and the sections behind a figure (<see cref="AnalysisPolicies.Read"/>).</summary>
    public bool CanDrill { get; private set; }

    public PriceAnalysisResult Prices { get; private set; } = null!;

    public MarketAnalysisResult Market { get; private set; } = null!;

    public EfficiencyAnalysisResult Efficiency { get; private set; } = null!;

    public IReadOnlyList<ChartSpec> Charts { get; private set; } = [];

    /// <summary>Sections per category in the filter, with their award amount.</summary>
    public IReadOnlyList<(TradingCategory Category, int Sections, decimal Award)> Categories { get; private set; } = [];

    protected override string PagePath => "/Analysis";

    public async Task OnGetAsync(CancellationToken ct)
    {
        await ComputeAsync(ct);
        if (!CanDrill)
        {
            Charts = [.. OverviewCharts().Select(c => c with { Links = [] })];
            return;
        }

        Charts = OverviewCharts();
    }

    private IReadOnlyList<ChartSpec> OverviewCharts()
    {
        var prices = "/Analysis/Prices";
        var market = "/Analysis/Market";
        var efficiency = "/Analysis/Efficiency";
        return
        [
            new("chart-overview-categories", "pie", "各交易类别标段数", [.. Categories.Select(c => TradingLabels.CategoryName(c.Category))],
                [new("标段数", [.. Categories.Select(c => (decimal?)c.Sections)])],
                [.. Categories.Select(c => DrillLink("category", c.Category.ToString()))]),
            new("chart-overview-discount", "line", "平均下浮率月度走势", [.. Prices.ByMonth.Select(g => g.Label)],
                [new("平均下浮率", [.. Prices.ByMonth.Select(g => g.MeanDiscount)])],
                [.. Prices.ByMonth.Select(g => With(prices, ("by", "month"), ("key", g.Key)) + "#drill")], "%"),
            new("chart-overview-hhi", "bar", "各类别各年度市场集中度（HHI）", [.. Market.Concentration.Select(c => $"{c.CategoryName} {c.Year}")],
                [new("HHI", [.. Market.Concentration.Select(c => (decimal?)c.Hhi)])],
                [.. Market.Concentration.Select(c => With(market, ("by", "category-year"), ("key", $"{c.Category}-{c.Year}")) + "#drill")]),
            new("chart-overview-cycle", "line", "公告至定标平均用时月度走势（天）", [.. Efficiency.ByMonth.Select(g => g.Label)],
                [new("公告至定标", [.. Efficiency.ByMonth.Select(g => g.NoticeToAward)])],
                [.. Efficiency.ByMonth.Select(g => With(efficiency, ("by", "month"), ("key", g.Key)) + "#drill")], "天"),
        ];
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        await ComputeAsync(ct);
        return await ExportAsync("分析总览.xlsx",
        [
            XlsxSheet.Create("总览", Headline(),
                [new("指标", h => h.Name, 24), new("数值", h => h.Value, 16), new("说明", h => h.Note, 40)]),
            XlsxSheet.Create("按交易类别", Categories,
            [
                new("交易类别", c => TradingLabels.CategoryName(c.Category), 20), new("标段数", c => c.Sections),
                new("中标金额（万元）", c => AnalysisLabels.WanValue(c.Award), 16),
            ]),
            DrillSheet(),
        ], ct);
    }

    /// <summary>The headline figures, as shown on the cards and in the export.</summary>
    public IReadOnlyList<(string Name, string Value, string Note, string Link)> Headline() =>
    [
        ("标段数", Data.Sections.Count.ToString(CultureInfo.InvariantCulture), $"已定标 {Prices.Summary.Awarded} 个", With("/Analysis/Prices")),
        ("中标金额", AnalysisLabels.Wan(Market.Summary.Amount) + " 万元", $"{Market.Summary.Winners} 家中标企业", With("/Analysis/Market")),
        ("平均下浮率", AnalysisLabels.Percent(Prices.Summary.MeanDiscount), $"节约资金 {AnalysisLabels.Wan(Prices.Summary.Savings)} 万元", With("/Analysis/Prices")),
        ("异常中标价", Prices.Summary.Outliers.ToString(CultureInfo.InvariantCulture) + " 个", "按各类别下浮率四分位距界限", With("/Analysis/Prices", ("by", "outlier")) + "#drill"),
        ("市场集中度 HHI", AnalysisLabels.Number(Market.Summary.Hhi), $"CR4 {AnalysisLabels.Percent(Market.Summary.Cr4)}", With("/Analysis/Market")),
        ("平均投标人数", AnalysisLabels.Number(Market.Summary.MeanBidders), $"{Market.Summary.Bidders} 家投标企业", With("/Analysis/Market")),
        ("公告至定标", AnalysisLabels.Days(Efficiency.Summary.NoticeToAward), "全流程平均用时", With("/Analysis/Efficiency")),
        ("流标", Efficiency.Summary.Failed.ToString(CultureInfo.InvariantCulture) + " 个", $"流标率 {AnalysisLabels.Percent(Efficiency.Summary.FailedRate)}", With("/Analysis/Efficiency", ("by", "failed")) + "#drill"),
        ("法定时限按时率", AnalysisLabels.Percent(Efficiency.Summary.OnTimeRate), "已办结事项", With("/Analysis/Efficiency")),
    ];

    private async Task ComputeAsync(CancellationToken ct)
    {
        CanDrill = (await authorization.AuthorizeAsync(User, AnalysisPolicies.Read)).Succeeded;
        if (!CanDrill)
        {
            (By, Key) = (null, null);
        }

        await LoadAsync(ct);

        // The three computations read the snapshot only (never the context): prices and market run beside the reads of
        // complaints and duties.
        var prices = Task.Run(() => PriceAnalysis.Compute(Data), ct);
        var market = Task.Run(() => MarketAnalysis.Compute(Data), ct);
        var complaints = await EfficiencyAnalysis.ComplaintsAsync(Db, Data, Filter, ct);
        var duties = await EfficiencyAnalysis.DutiesAsync(Db, directories, Filter, ct);
        Efficiency = EfficiencyAnalysis.Compute(Data, complaints, duties, ChinaTime.Today(clock));
        Prices = await prices;
        Market = await market;
        Categories = CategoryTotals();
    }

    /// <summary>Sections and award amount (missing amounts as 0) per category, in category order.</summary>
    private List<(TradingCategory, int, decimal)> CategoryTotals()
    {
        var selection = Data.Columns();
        var c = selection.Columns;
        var sections = new int[Enum.GetValues<TradingCategory>().Max(v => (int)v) + 1];
        var awards = new AmountSum[sections.Length];
        foreach (var row in selection.Rows)
        {
            sections[c.Category[row]]++;
            awards[c.Category[row]].Add(c.Award, row);
        }

        return [.. Enumerable.Range(0, sections.Length).Where(k => sections[k] > 0).Select(k => ((TradingCategory)k, sections[k], awards[k].Sum))];
    }
}
