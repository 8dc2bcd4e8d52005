using Jianguan.Platform.Documents;
using Jianguan.Platform.Scopes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Analysis;

/// <summary>市场研判: concentration, shares, win rates, entrants and exits, local winners, dependence, bidder counts.</summary>
[Authorize(Policy = AnalysisPolicies.Read)]
[OversightQuery]
public sealed class MarketModel(JianguanDbContext db, CurrentDataScope scope) : AnalysisPageModel(db, scope)
{
    public MarketAnalysisResult Result { get; private set; } = null!;

    protected override string PagePath => "/Analysis/Market";

    public IReadOnlyList<ChartSpec> Charts { get; private set; } = [];

    /// <summary>The win-rate table, paged (it lists every bidder).</summary>
    public Trading.PagedResult<WinRate> WinRates { get; private set; } = new(0, 1, Shared.PagerModel.PageSize, []);

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Result = MarketAnalysis.Compute(Data);
        var pages = Shared.PagerModel.PageCount(Result.WinRates.Count);
        var page = Drill is null ? Math.Clamp(PageNumber, 1, pages) : 1;
        WinRates = new(Result.WinRates.Count, page, Shared.PagerModel.PageSize,
            [.. Result.WinRates.PageAt(page)]);
        var top = Result.Shares.Take(10).ToList();
        Charts =
        [
            new("chart-market-hhi", "bar", "各类别各年度市场集中度（HHI）", [.. Result.Concentration.Select(c => $"{c.CategoryName} {c.Year}")],
                [new("HHI", [.. Result.Concentration.Select(c => (decimal?)c.Hhi)])],
                [.. Result.Concentration.Select(c => DrillLink("category-year", $"{c.Category}-{c.Year}"))]),
            new("chart-market-cr4", "bar", "各类别各年度前四名份额（CR4）", [.. Result.Concentration.Select(c => $"{c.CategoryName} {c.Year}")],
                [new("CR4", [.. Result.Concentration.Select(c => (decimal?)c.Cr4)])],
                [.. Result.Concentration.Select(c => DrillLink("category-year", $"{c.Category}-{c.Year}"))], "%"),
            new("chart-market-shares", "pie", "中标金额市场份额（前 10 名）", [.. top.Select(s => s.Firm)],
                [new("份额", [.. top.Select(s => (decimal?)s.Share)])],
                [.. top.Select(s => DrillLink("winner", s.FirmId.ToString(CultureInfo.InvariantCulture)))], "%"),
            new("chart-market-entries", "line", "新进入与退出企业（按年度）", [.. Result.EntriesAndExits.Select(e => e.Year.ToString(CultureInfo.InvariantCulture))],
                [
                    new("活跃投标人", [.. Result.EntriesAndExits.Select(e => (decimal?)e.Active)]),
                    new("新进入", [.. Result.EntriesAndExits.Select(e => (decimal?)e.Entrants)]),
                    new("退出", [.. Result.EntriesAndExits.Select(e => (decimal?)e.Exits)]),
                ],
                [.. Result.EntriesAndExits.Select(e => DrillLink("year", e.Year.ToString(CultureInfo.InvariantCulture)))]),
            new("chart-market-local", "pie", "省内与省外中标企业（中标金额）", [.. Result.Local.Select(l => l.Label)],
                [new("中标金额（万元）", [.. Result.Local.Select(l => (decimal?)AnalysisLabels.WanValue(l.Amount))])],
                [.. Result.Local.Select(l => DrillLink("local", l.Kind))], "万元"),
            new("chart-market-bidders", "bar", "平均投标人数（按类别和年度）", [.. Result.Bidders.Select(b => $"{b.CategoryName} {b.Year}")],
                [new("平均投标人数", [.. Result.Bidders.Select(b => b.MeanBidders)])],
                [.. Result.Bidders.Select(b => DrillLink("category-year", $"{b.Category}-{b.Year}"))]),
        ];
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var r = MarketAnalysis.Compute(Data);
        return await ExportAsync("市场研判.xlsx",
        [
            XlsxSheet.Create("市场集中度", r.Concentration,
            [
                new("交易类别", c => c.CategoryName, 20), new("年度", c => c.Year), new("中标标段数", c => c.Awards), new("中标企业数", c => c.Winners),
                new("中标金额（万元）", c => AnalysisLabels.WanValue(c.Amount), 16), new("HHI", c => c.Hhi), new("CR4（%）", c => c.Cr4),
            ]),
            XlsxSheet.Create("市场份额", r.Shares,
            [
                new("企业", s => s.Firm, 30), new("中标标段数", s => s.Awards), new("中标金额（万元）", s => AnalysisLabels.WanValue(s.Amount), 16),
                new("份额（%）", s => s.Share), new("最近年度", s => s.Year), new("最近年度份额（%）", s => s.ShareThisYear, 14),
                new("上一年度份额（%）", s => s.SharePreviousYear, 14), new("变化（百分点）", s => s.Change, 14),
            ]),
            WinSheet("中标率", r.WinRates),
            WinSheet("多次投标未中标", r.NeverWin),
            XlsxSheet.Create("进入与退出", r.EntriesAndExits,
                [new("年度", e => e.Year), new("活跃投标人", e => e.Active), new("新进入", e => e.Entrants), new("退出", e => e.Exits)]),
            XlsxSheet.Create("省内外中标", r.Local,
                [new("类别", l => l.Label, 16), new("中标标段数", l => l.Awards), new("中标金额（万元）", l => AnalysisLabels.WanValue(l.Amount), 16), new("份额（%）", l => l.Share)]),
            XlsxSheet.Create("招标人依赖度", r.Dependence,
            [
                new("招标人", d => d.Tenderer, 30), new("中标标段数", d => d.Awards), new("采购金额（万元）", d => AnalysisLabels.WanValue(d.Spend), 16),
                new("最大供应商", d => d.Supplier, 30), new("其金额（万元）", d => AnalysisLabels.WanValue(d.SupplierSpend), 16), new("占比（%）", d => d.Share),
            ]),
            XlsxSheet.Create("平均投标人数", r.Bidders,
                [new("交易类别", b => b.CategoryName, 20), new("年度", b => b.Year), new("标段数", b => b.Sections), new("平均投标人数", b => b.MeanBidders)]),
            DrillSheet(),
        ], ct);
    }

    private static XlsxSheet WinSheet(string name, IEnumerable<WinRate> rows) => XlsxSheet.Create(name, rows,
        [new("企业", w => w.Firm, 30), new("投标标段数", w => w.Bids), new("中标数", w => w.Wins), new("中标率（%）", w => w.Rate)]);
}
