using Jianguan.Platform.Documents;
using Jianguan.Platform.Scopes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Analysis;

/// <summary>价格分析: discount rates by category, month, region, tenderer and agency; distribution; outliers; dispersion.</summary>
[Authorize(Policy = AnalysisPolicies.Read)]
[OversightQuery]
public sealed class PricesModel(JianguanDbContext db, CurrentDataScope scope) : AnalysisPageModel(db, scope)
{
    public PriceAnalysisResult Result { get; private set; } = null!;

    protected override string PagePath => "/Analysis/Prices";

    public IReadOnlyList<ChartSpec> Charts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Result = PriceAnalysis.Compute(Data);
        Charts =
        [
            new("chart-price-category", "bar", "各交易类别平均下浮率", [.. Result.ByCategory.Select(g => g.Label)],
                [new("平均下浮率", [.. Result.ByCategory.Select(g => g.MeanDiscount)])], [.. Result.ByCategory.Select(g => DrillLink("category", g.Key))], "%"),
            new("chart-price-trend", "line", "平均下浮率月度走势", [.. Result.ByMonth.Select(g => g.Label)],
                [new("平均下浮率", [.. Result.ByMonth.Select(g => g.MeanDiscount)]), new("中位数", [.. Result.ByMonth.Select(g => g.MedianDiscount)])],
                [.. Result.ByMonth.Select(g => DrillLink("month", g.Key))], "%"),
            new("chart-price-distribution", "bar", "下浮率分布（标段数）", [.. Result.Distribution.Select(b => b.Label)],
                [new("标段数", [.. Result.Distribution.Select(b => (decimal?)b.Sections)])],
                [.. Result.Distribution.Select(b => DrillLink("bin", b.Index.ToString(CultureInfo.InvariantCulture)))]),
            new("chart-price-dispersion", "line", "投标报价离散度月度走势（变异系数）", [.. Result.Dispersion.Select(p => p.Month)],
                [new("平均离散度", [.. Result.Dispersion.Select(p => p.MeanDispersion)])], [.. Result.Dispersion.Select(p => DrillLink("month", p.Month))], "%"),
            new("chart-price-region", "bar", "各地区节约资金（万元）", [.. Result.ByRegion.Select(g => g.Label)],
                [new("节约资金", [.. Result.ByRegion.Select(g => (decimal?)AnalysisLabels.WanValue(g.Savings))])],
                [.. Result.ByRegion.Select(g => DrillLink("region", g.Key))], "万元"),
        ];
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var r = PriceAnalysis.Compute(Data, int.MaxValue);
        return await ExportAsync("价格分析.xlsx",
        [
            GroupSheet("按交易类别", r.ByCategory, "交易类别"),
            GroupSheet("按月份", r.ByMonth, "月份"),
            GroupSheet("按地区", r.ByRegion, "地区"),
            GroupSheet("按招标人", r.ByTenderer, "招标人"),
            GroupSheet("按代理机构", r.ByAgency, "代理机构"),
            XlsxSheet.Create("下浮率分布", r.Distribution, [new("区间", b => b.Label, 14), new("标段数", b => b.Sections, 10)]),
            XlsxSheet.Create("异常值界限", r.Fences,
            [
                new("交易类别", f => f.CategoryName, 20), new("标段数", f => f.Sections), new("下四分位数（%）", f => f.Q1),
                new("上四分位数（%）", f => f.Q3), new("下界（%）", f => f.LowerFence), new("上界（%）", f => f.UpperFence), new("异常标段数", f => f.Outliers),
            ]),
            XlsxSheet.Create("异常中标价", r.Outliers,
            [
                new("项目编号", o => o.ProjectCode, 20), new("标段编号", o => o.SectionCode), new("名称", o => o.Name ?? "", 30),
                new("交易类别", o => o.CategoryName, 20), new("下浮率（%）", o => o.Discount), new("判断", o => o.Side, 12),
                new("下界（%）", o => o.LowerFence), new("上界（%）", o => o.UpperFence),
            ]),
            XlsxSheet.Create("报价离散度", r.Dispersion,
                [new("月份", p => p.Month, 10), new("有两份以上报价的标段数", p => p.Sections, 14), new("平均离散度（%）", p => p.MeanDispersion, 14)]),
            DrillSheet(),
        ], ct);
    }

    private static XlsxSheet GroupSheet(string name, IEnumerable<PriceGroup> rows, string label) => XlsxSheet.Create(name, rows,
    [
        new(label, g => g.Label, 24), new("标段数", g => g.Sections), new("已定标", g => g.Awarded), new("平均下浮率（%）", g => g.MeanDiscount, 14),
        new("下浮率中位数（%）", g => g.MedianDiscount, 14), new("控制价合计（万元）", g => AnalysisLabels.WanValue(g.Reference), 16),
        new("中标金额合计（万元）", g => AnalysisLabels.WanValue(g.Award), 16), new("节约资金（万元）", g => AnalysisLabels.WanValue(g.Savings), 14),
        new("节约率（%）", g => g.SavingsRate, 10),
    ]);
}
