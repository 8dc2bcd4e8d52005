using Jianguan.Features.Trading;
using Jianguan.Platform.Documents;
using Jianguan.Platform.Scopes;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Analysis;

/// <summary>
/// The base of the analysis pages: the filters (period, category, region, department), the caller's data scope,
/// the drill-down list of sections selected by a chart click (by, key), paged, and the XLSX export of the tables.
/// </summary>
public abstract class AnalysisPageModel(JianguanDbContext db, CurrentDataScope scope) : Shared.PagedPageModel
{
    [BindProperty(SupportsGet = true, Name = "from")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "category")]
    public string? Category { get; set; }

    [BindProperty(SupportsGet = true, Name = "region")]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true, Name = "department")]
    public string? Department { get; set; }

    [BindProperty(SupportsGet = true, Name = "by")]
    public string? By { get; set; }

    [BindProperty(SupportsGet = true, Name = "key")]
    public string? Key { get; set; }

    public AnalysisFilter Filter { get; private set; } = new();

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public AnalysisDataset Data { get; private set; } = new([], []);

    /// <summary>The drill-down list, when a chart or table row selected one.</summary>
    public PagedResult<AnalysisSectionRow>? Drill { get; private set; }

    public string? DrillLabel { get; private set; }

    /// <summary>The departments named by projects in scope, for the filter.</summary>
    public IReadOnlyList<string> Departments { get; private set; } = [];

    protected JianguanDbContext Db => db;

    protected DataScope? Scope { get; private set; }

    /// <summary>This page's path (the drill-down links come back to it).</summary>
    protected abstract string PagePath { get; }

    /// <summary>A link to this page with the filters kept and a drill-down selection.</summary>
    public string DrillLink(string by, string key) => PagePath + "?" + Filter.Query(("by", by), ("key", key)) + "#drill";

    /// <summary>A link to another analysis page with the same filters.</summary>
    public string With(string path, params (string Name, string? Value)[] extra) =>
        path + (Filter.Query(extra) is { Length: > 0 } q ? "?" + q : "");

    protected async Task LoadAsync(CancellationToken ct)
    {
        Filter = AnalysisFilter.Parse(From, To, Category, Region, Department, out var problems);
        Problems = [.. problems.SelectMany(p => p.Value)];
        Scope = await scope.GetAsync(ct);
        long? drillBidder = By == "bidder" && long.TryParse(Key, NumberStyles.None, CultureInfo.InvariantCulture, out var bidder) ? bidder : null;
        var snapshot = await AnalysisStore.CurrentAsync(db, ct);
        Data = snapshot.Select(Scope, Filter, drillBidder);
        Departments = snapshot.Departments(Scope);
        if (AnalysisDrill.Match(Data, By, Key) is { } match)
        {
            var rows = AnalysisDrill.Rows(Data, Data.Sections.Where(match)).ToList();
            var pages = Shared.PagerModel.PageCount(rows.Count);
            var page = Math.Clamp(PageNumber, 1, pages);
            Drill = new PagedResult<AnalysisSectionRow>(rows.Count, page, Shared.PagerModel.PageSize,
                [.. rows.PageAt(page)]);
            DrillLabel = AnalysisDrill.Names[By!] + "：" + DrillKeyLabel(By!, Key ?? "");
        }
    }

    /// <summary>The sheet of the drill-down list (all rows), for the exports.</summary>
    protected XlsxSheet? DrillSheet()
    {
        if (AnalysisDrill.Match(Data, By, Key) is not { } match)
        {
            return null;
        }

        return XlsxSheet.Create("标段清单", AnalysisDrill.Rows(Data, Data.Sections.Where(match)),
        [
            new("项目编号", r => r.ProjectCode, 20),
            new("标段编号", r => r.SectionCode, 12),
            new("名称", r => r.Name ?? "", 30),
            new("交易类别", r => r.CategoryName, 18),
            new("地区", r => r.RegionName, 18),
            new("交易日期", r => TradingLabels.Date(r.Day), 12),
            new("控制价（万元）", r => r.Reference is { } v ? AnalysisLabels.WanValue(v) : null, 14),
            new("中标金额（万元）", r => r.Award is { } v ? AnalysisLabels.WanValue(v) : null, 14),
            new("下浮率（%）", r => r.Discount, 10),
            new("投标人数", r => r.Bidders, 10),
            new("中标人", r => r.Winner ?? "", 30),
        ]);
    }

    protected async Task<IActionResult> ExportAsync(string fileName, IEnumerable<XlsxSheet?> sheets, CancellationToken ct)
    {
        var list = sheets.OfType<XlsxSheet>().ToList();
        var stream = new MemoryStream();
        await XlsxDocument.WriteAsync(stream, list, ct);
        stream.Position = 0;
        return File(stream, XlsxDocument.ContentType, fileName);
    }

    private string DrillKeyLabel(string by, string key) => by switch
    {
        "category" or "outlier" or "failed" or "repeated" when TradingLabels.TryParseCategory(key, out var c) => TradingLabels.CategoryName(c),
        "outlier" or "failed" or "repeated" => "全部类别",
        "region" => AnalysisLabels.Region(key),
        "tenderer" or "agency" or "winner" or "bidder" => FirmName(key),
        "bin" => PriceAnalysis.Bins().FirstOrDefault(b => b.Index.ToString(CultureInfo.InvariantCulture) == key)?.Label ?? key,
        "local" => MarketAnalysis.LocalLabel(key),
        "category-year" when key.Split('-') is [var cat, var year] && TradingLabels.TryParseCategory(cat, out var c2) =>
            TradingLabels.CategoryName(c2) + " " + year + " 年",
        "stage" => key switch { "notice-open" => "公告至开标", "open-award" => "开标至定标", _ => "公告至定标" },
        _ => key,
    };

    private string FirmName(string key)
    {
        if (!long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return key;
        }

        return Data.Bidders.FirstOrDefault(b => b.BidderId == id)?.Name
            ?? Data.Sections.FirstOrDefault(s => s.WinnerId == id)?.WinnerName
            ?? Data.Sections.FirstOrDefault(s => s.TendererId == id)?.TendererName
            ?? Data.Sections.FirstOrDefault(s => s.AgencyId == id)?.AgencyName
            ?? "—";
    }
}
