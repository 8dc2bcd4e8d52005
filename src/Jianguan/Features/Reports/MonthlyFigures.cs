using System.Text.Json;
using Jianguan.Features.Trading;
using Jianguan.Features.Warnings;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Reports;

/// <summary>A calendar month in Beijing time, written <c>yyyy-MM</c>.</summary>
public readonly record struct ReportMonth(int Year, int Month)
{
    public const string Format = "yyyy-MM";

    /// <summary>The earliest month a report can be about.</summary>
    public static readonly ReportMonth Earliest = new(2000, 1);

    /// <summary>Strictly <c>yyyy-MM</c> (2026-03), 2000-01 or later.</summary>
    public static bool TryParse(string? value, out ReportMonth month)
    {
        month = default;
        var text = value?.Trim();
        if (text is not { Length: 7 } || text[4] != '-'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || m is < 1 or > 12 || year < Earliest.Year)
        {
            return false;
        }

        month = new ReportMonth(year, m);
        return true;
    }

    /// <summary>A stored month (<c>yyyy-MM</c>); throws on anything else.</summary>
    public static ReportMonth Parse(string value) =>
        TryParse(value, out var month) ? month : throw new FormatException($"not a month (yyyy-MM): {value}");

    /// <summary>The month of a day.</summary>
    public static ReportMonth Of(DateOnly day) => new(day.Year, day.Month);

    public DateOnly FirstDay => new(Year, Month, 1);

    /// <summary>The first instant of the month in Beijing time (UTC).</summary>
    public DateTimeOffset Start => ChinaTime.StartOfDay(FirstDay);

    /// <summary>The first instant of the next month (UTC).</summary>
    public DateTimeOffset End => ChinaTime.StartOfDay(FirstDay.AddMonths(1));

    public int CompareTo(ReportMonth other) => (Year * 12) + Month - ((other.Year * 12) + other.Month);

    /// <summary>2026-03.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");

    /// <summary>2026年3月.</summary>
    public string ChineseName => string.Create(CultureInfo.InvariantCulture, $"{Year}年{Month}月");
}

/// <summary>Trading activity of a group of sections opened in the month; amounts in 元 (shown in 万元).</summary>
public sealed record MonthlyActivity(string Name, int Projects, int Sections, int Bids, decimal ControlPrice, int Awarded, decimal AwardAmount);

/// <summary>Alerts of the month with one level.</summary>
public sealed record MonthlyAlertLevel(string Name, int Count);

/// <summary>Alerts of the month of one rule, by level.</summary>
public sealed record MonthlyAlertRule(string Name, int Count, int Red, int Orange, int Yellow);

/// <summary>
/// The figures of a monthly report: activity of the sections whose bids were opened in the month (by trading
/// category and by the project's district) and the warning engine's alerts of the month (by level and rule), with
/// Chinese names resolved when computed so that the snapshot reads the same later.
/// </summary>
public sealed record MonthlyFigures(
    string Month,
    DateTimeOffset ComputedAt,
    MonthlyActivity Total,
    IReadOnlyList<MonthlyActivity> ByCategory,
    IReadOnlyList<MonthlyActivity> ByDistrict,
    int Alerts,
    IReadOnlyList<MonthlyAlertLevel> AlertsByLevel,
    IReadOnlyList<MonthlyAlertRule> AlertsByRule)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Sections of the month with a control price or award amount in another currency than yuan: counted as sections,
    /// left out of the 万元 sums (amounts are never converted or mixed).
    /// </summary>
    public int ForeignCurrencySections { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static MonthlyFigures FromJson(string json) =>
        JsonSerializer.Deserialize<MonthlyFigures>(json, Json) ?? throw new InvalidOperationException("empty monthly figures");

    /// <summary>The generated overview (一、概况), from the figures alone.</summary>
    public string Overview()
    {
        var levels = string.Join("、", AlertsByLevel.Select(l => $"{l.Name} {l.Count} 条"));
        return $"本月开标项目 {Total.Projects} 个、标段（包）{Total.Sections} 个，收到投标 {Total.Bids} 份，招标控制价合计 {MonthlyText.Wan(Total.ControlPrice)} 万元；"
            + $"已确定中标人的标段 {Total.Awarded} 个，中标金额合计 {MonthlyText.Wan(Total.AwardAmount)} 万元。"
            + (ForeignCurrencySections > 0 ? $"另有 {ForeignCurrencySections} 个标段的金额以外币计，未计入上述万元合计。" : "")
            + $"智慧监管系统本月产生预警 {Alerts} 条" + (levels.Length > 0 ? $"（{levels}）" : "") + "。";
    }
}

/// <summary>Display forms shared by the page, the .docx and the command line.</summary>
public static class MonthlyText
{
    /// <summary>元 → 万元 text: 1,234,500 → "123.45"; up to four decimals (one 元) when they matter.</summary>
    public static string Wan(decimal yuan) => (yuan / 10000m).ToString("#,##0.00##", CultureInfo.InvariantCulture);

    /// <summary>元 → 万元 as a number for spreadsheets.</summary>
    public static decimal WanValue(decimal yuan) => Math.Round(yuan / 10000m, 6);

    public static IReadOnlyList<string> ActivityHeader(string first) =>
        [first, "项目数", "标段（包）数", "投标数", "招标控制价（万元）", "已定标标段数", "中标金额（万元）"];

    public static IReadOnlyList<string?> ActivityCells(MonthlyActivity a) =>
    [
        a.Name, Count(a.Projects), Count(a.Sections), Count(a.Bids), Wan(a.ControlPrice), Count(a.Awarded), Wan(a.AwardAmount),
    ];

    public static IReadOnlyList<string> RuleHeader { get; } = ["预警规则", "合计", "红色", "橙色", "黄色"];

    public static IReadOnlyList<string?> RuleCells(MonthlyAlertRule r) =>
        [r.Name, Count(r.Count), Count(r.Red), Count(r.Orange), Count(r.Yellow)];

    public static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>The problems typed one per line, blank lines dropped.</summary>
    public static IReadOnlyList<string> Lines(string? text) =>
        text is null ? [] : [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];
}

/// <summary>
/// The one computation of a month's figures, used by the report's generation (page and API), the command line,
/// the .docx and the workbook: sections whose bids were opened in the month (Beijing calendar), and alerts whose
/// facts happened in the month (market-wide alerts without a date: first seen in the month).
/// </summary>
public static class MonthlyReportQuery
{
    /// <summary>Projects without a district code.</summary>
    public const string NoDistrict = "未注明地区";

    public static async Task<MonthlyFigures> ComputeAsync(JianguanDbContext db, ReportMonth month, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var (start, end) = (month.Start, month.End);
        // Sums are taken here, not in SQL: SQLite has no decimal, and a month's sections are few.
        var sections = await db.Sections.AsNoTracking()
            .Where(s => s.BidOpenAt >= start && s.BidOpenAt < end)
            .Select(s => new SectionRow(s.Id, s.ProjectId, s.Project!.Category, s.Project.Region,
                s.ControlPriceCurrency == null || s.ControlPriceCurrency == Currencies.Yuan ? s.ControlPrice : null,
                s.AwardCurrency == null || s.AwardCurrency == Currencies.Yuan ? s.AwardAmount : null,
                s.WinnerId != null || s.AwardAmount != null, s.Bids.Count,
                (s.ControlPrice != null && s.ControlPriceCurrency != null && s.ControlPriceCurrency != Currencies.Yuan)
                || (s.AwardAmount != null && s.AwardCurrency != null && s.AwardCurrency != Currencies.Yuan)))
            .ToListAsync(ct);
        var total = Activity("合计", sections);
        var byCategory = TradingLabels.Categories
            .Select(c => Activity(TradingLabels.CategoryName(c), [.. sections.Where(s => s.Category == c)]))
            .Where(a => a.Sections > 0)
            .ToList();
        var byDistrict = sections.GroupBy(s => DistrictName(s.Region))
            .Select(g => Activity(g.Key, [.. g]))
            .OrderByDescending(a => a.Sections).ThenBy(a => a.Name, StringComparer.Ordinal)
            .ToList();

        var alerts = await db.Set<RiskAlert>().AsNoTracking()
            .Where(a => (a.OccurredAt >= start && a.OccurredAt < end) || (a.OccurredAt == null && a.FirstSeenAt >= start && a.FirstSeenAt < end))
            .Select(a => new { a.Level, a.RuleCode })
            .ToListAsync(ct);
        var levels = new[] { AlertLevel.Red, AlertLevel.Orange, AlertLevel.Yellow }
            .Select(l => new MonthlyAlertLevel(AlertLabels.LevelName(l), alerts.Count(a => a.Level == l)))
            .ToList();
        var unlevelled = alerts.Count(a => a.Level == AlertLevel.None);
        if (unlevelled > 0)
        {
            levels.Add(new MonthlyAlertLevel("未分级", unlevelled));
        }

        var rules = alerts.GroupBy(a => a.RuleCode, StringComparer.Ordinal)
            .Select(g => new MonthlyAlertRule(AlertLabels.RuleName(g.Key), g.Count(),
                g.Count(a => a.Level == AlertLevel.Red), g.Count(a => a.Level == AlertLevel.Orange), g.Count(a => a.Level == AlertLevel.Yellow)))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
        return new MonthlyFigures(month.ToString(), now.ToUniversalTime(), total, byCategory, byDistrict, alerts.Count, levels, rules)
        {
            ForeignCurrencySections = sections.Count(s => s.Foreign),
        };
    }

    private static string DistrictName(string? region) =>
        string.IsNullOrWhiteSpace(region) ? NoDistrict : RegionNames.Name(region.Trim()) ?? region.Trim();

    private static MonthlyActivity Activity(string name, IReadOnlyList<SectionRow> rows) => new(
        name,
        rows.Select(r => r.ProjectId).Distinct().Count(),
        rows.Count,
        rows.Sum(r => r.Bids),
        rows.Sum(r => r.ControlPrice ?? 0m),
        rows.Count(r => r.Awarded),
        rows.Sum(r => r.AwardAmount ?? 0m));

    /// <summary>A section of the month; amounts in yuan only (null when in another currency, <see cref="Foreign"/>).</summary>
    private sealed record SectionRow(long Id, long ProjectId, TradingCategory Category, string? Region, decimal? ControlPrice,
        decimal? AwardAmount, bool Awarded, int Bids, bool Foreign);
}
