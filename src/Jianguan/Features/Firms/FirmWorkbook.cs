using Jianguan.Platform.Documents;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Firms;

/// <summary>A firm's tenders as an XLSX sheet: the rows of its page, amounts in 万元, dates 年-月-日.</summary>
public static class FirmWorkbook
{
    public const string SheetName = "投标记录";

    public static Task WriteAsync(Stream stream, IReadOnlyList<FirmTender> tenders, CancellationToken ct) =>
        XlsxDocument.WriteAsync(stream, SheetName, tenders,
        [
            new("开标日期", t => ChinaTime.FormatDate(t.At), 12),
            new("项目编号", t => t.ProjectCode, 22),
            new("项目名称", t => t.ProjectName ?? "", 36),
            new("标段编号", t => t.SectionCode, 16),
            new("标段名称", t => t.SectionName ?? "", 24),
            new("交易类别", t => t.CategoryName, 20),
            new("项目所在地", t => t.District ?? "", 20),
            new("投标报价（万元）", t => FirmLabels.WanValue(t.Price), 16),
            new("控制价（万元）", t => FirmLabels.WanValue(t.ControlPrice), 16),
            new("投标状态", t => t.StatusName, 10),
            new("是否中标", t => t.Won ? "中标" : "未中标", 10),
            new("中标人", t => t.WinnerName ?? "", 30),
            new("中标金额（万元）", t => FirmLabels.WanValue(t.AwardAmount), 16),
            new("投标人数", t => t.Bidders, 10),
        ], ct);
}

/// <summary>Money as users read it: 万元.</summary>
public static class FirmLabels
{
    public static decimal? WanValue(decimal? yuan) => yuan is { } v ? Math.Round(v / 10000m, 6) : null;

    /// <summary>950,000 元 → "95.00"; up to four decimals (one 元) when they matter.</summary>
    public static string Wan(decimal? yuan) =>
        yuan is { } v ? (v / 10000m).ToString("#,##0.00##", CultureInfo.InvariantCulture) : "—";
}
