using Jianguan.Features.Profiles;
using Jianguan.Features.Shared;
using Jianguan.Platform.Scopes;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Warnings;

/// <summary>The alert list's charts: alerts per period by level, and per rule and period.</summary>
public sealed record AlertTrend(StackedChart ByLevel, HeatChart? ByRule, int Total);

/// <summary>
/// Charts of the alert pages (issue 12, item 7): the list's trend (same filters and data scope as the list), the
/// winners of a group over time (rotation), and the sections a pair of firms shares features in (cross-section).
/// </summary>
public static class AlertCharts
{
    /// <summary>Without a date filter the trend covers this many months up to the latest alert.</summary>
    public const int DefaultMonths = 24;

    /// <summary>The rules shown in the by-rule chart; the others are counted in the caption.</summary>
    public const int MaxRules = 10;

    private static readonly AlertLevel[] Levels = [AlertLevel.Red, AlertLevel.Orange, AlertLevel.Yellow];

    /// <summary>
    /// Alerts of the list's filter and scope per period (month, quarter or year by the span), stacked by level, and
    /// the most frequent rules per period. <paramref name="link"/> makes the address of the list with some filters
    /// changed (null removes one), so that every bar and cell opens the alerts it counts. Null when there are none.
    /// </summary>
    public static async Task<AlertTrend?> TrendAsync(JianguanDbContext db, DataScope scope, AlertFilter filter,
        Func<IReadOnlyDictionary<string, string?>, string> link, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(link);
        var query = AlertQueries.Apply(await AlertQueries.ScopedAsync(db, db.Set<RiskAlert>().AsNoTracking(), scope, ct), filter);
        // Counted in the database by level, rule and Beijing month (a few hundred rows, whatever the number of alerts).
        // Months are enough: every period is whole months, and the filter's own days are applied by the query.
        var rows = (await query.GroupBy(a => new { a.Level, a.RuleCode, a.OccurredMonth })
                .Select(g => new { g.Key.Level, g.Key.RuleCode, g.Key.OccurredMonth, Count = g.Count() }).ToListAsync(ct))
            .Select(r => (r.Level, r.RuleCode, Month: new DateOnly(r.OccurredMonth / 100, r.OccurredMonth % 100, 1), r.Count)).ToList();
        if (rows.Count == 0)
        {
            return null;
        }

        var latest = rows.Max(r => r.Month);
        // Without a date filter whole months: the last bar opens the month, not the days up to the latest alert.
        var to = filter.To is { } t && t < ChinaTime.FilterMax ? t : latest.AddMonths(1).AddDays(-1);
        DateOnly from;
        var cut = false;
        if (filter.From is { } f && f > ChinaTime.FilterMin)
        {
            from = f;
        }
        else
        {
            from = rows.Min(r => r.Month);
            var floor = new DateOnly(to.Year, to.Month, 1).AddMonths(1 - DefaultMonths);
            if (from < floor)
            {
                (from, cut) = (floor, true);
            }
        }

        if (to < from)
        {
            to = from;
        }

        var periods = SvgCharts.Periods(from, to);
        var kind = periods[0].Kind;
        var index = periods.Select((p, i) => (p.First, i)).ToDictionary(x => x.First, x => x.i);
        // The months that reach into [from, to]; the query left out the days of the filter's own months outside it.
        var shown = rows.Where(r => r.Month <= to && r.Month.AddMonths(1) > from).ToList();
        var total = shown.Sum(r => r.Count);
        var levelCounts = new int[periods.Count, Levels.Length];
        foreach (var r in shown)
        {
            var i = index[SvgCharts.PeriodOf(r.Month, kind).First];
            var l = Array.IndexOf(Levels, r.Level);
            if (l >= 0)
            {
                levelCounts[i, l] += r.Count;
            }
        }

        string Range(Period p, Dictionary<string, string?> more)
        {
            var start = p.First < from ? from : p.First;
            var end = p.Last > to ? to : p.Last;
            more["from"] = start.ToString(ChinaTime.DateFormat, CultureInfo.InvariantCulture);
            more["to"] = end.ToString(ChinaTime.DateFormat, CultureInfo.InvariantCulture);
            return link(more);
        }

        var columns = periods.Select((p, i) => new StackInput(p.Label, i == 0 || p.StartsYear ? p.Year.ToString(CultureInfo.InvariantCulture) + "年" : null,
            p.Name, Range(p, []), [.. Enumerable.Range(0, Levels.Length).Select(l => levelCounts[i, l])])).ToList();
        var unitName = kind switch { PeriodKind.Month => "月", PeriodKind.Quarter => "季度", _ => "年" };
        var span = $"{ChinaTime.FormatChineseDate(from)}至{ChinaTime.FormatChineseDate(to)}";
        var byLevel = SvgCharts.Stacked("alert-trend", columns,
            [.. Levels.Select(l => new ChartSeries("lv-" + AlertLabels.LevelCode(l), AlertLabels.LevelName(l)))], "条",
            $"{span}按{unitName}统计的预警数（与下方列表的筛选条件相同），按级别分色；共 {total} 条"
            + (cut ? $"，未限定日期时只显示最近 {DefaultMonths} 个月" : "") + "。点击柱形查看该期间的预警。");

        var rules = shown.GroupBy(r => r.RuleCode).Select(g => (Code: g.Key, Count: g.Sum(r => r.Count)))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Code, StringComparer.Ordinal).ToList();
        HeatChart? byRule = null;
        if (rules.Count > 0)
        {
            var top = rules.Take(MaxRules).ToList();
            var counts = new int[top.Count, periods.Count];
            var rowOf = top.Select((r, i) => (r.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
            foreach (var r in shown)
            {
                if (rowOf.TryGetValue(r.RuleCode, out var row))
                {
                    counts[row, index[SvgCharts.PeriodOf(r.Month, kind).First]] += r.Count;
                }
            }

            var rest = rules.Count - top.Count;
            byRule = SvgCharts.Heat("alert-rules",
                [.. top.Select(r => (AlertLabels.RuleName(r.Code), $"{AlertLabels.RuleName(r.Code)}：共 {r.Count} 条", (string?)link(new Dictionary<string, string?> { ["rule"] = r.Code })))],
                [.. periods.Select((p, i) => (p.Label, i == 0 || p.StartsYear ? p.Year.ToString(CultureInfo.InvariantCulture) + "年" : null, p.Name))],
                counts, (r, c) => Range(periods[c], new Dictionary<string, string?> { ["rule"] = top[r].Code }), "条",
                $"各预警规则按{unitName}的预警数，颜色越深数量越多" + (rest > 0 ? $"；只列数量最多的 {top.Count} 类规则，其余 {rest} 类见上方「按规则统计」" : "")
                + "。点击规则名称或方格查看相应预警。");
        }

        return new AlertTrend(byLevel, byRule, total);
    }

    /// <summary>
    /// Who won when in a group: its members one per row, the sections where two or more of them bid (the latest,
    /// within the reader's scope, as the group page lists them) along the time axis. Null without dated sections.
    /// </summary>
    public static DotTimeline? Rotation(GroupDetail group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var events = group.Sections.Where(s => s.BidOpenAt is not null && s.Bidders is not null)
            .Select(s => (Day: ChinaTime.DateOf(s.BidOpenAt!.Value), Title: s.Name ?? s.Code, Href: (string?)("/Trading/Sections/" + s.Id.ToString(CultureInfo.InvariantCulture)),
                Present: (IReadOnlyCollection<long>)s.Bidders!, Winner: s.WinnerId))
            .ToList();
        if (events.Count == 0)
        {
            return null;
        }

        var wins = events.Where(e => e.Winner is not null).GroupBy(e => e.Winner!.Value).ToDictionary(g => g.Key, g => g.Count());
        var members = group.Members.OrderByDescending(m => wins.GetValueOrDefault(m.Id)).ThenBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => (m.Id, m.Name, (string?)("/Bidders/" + m.Id.ToString(CultureInfo.InvariantCulture)))).ToList();
        var memberWins = events.Count(e => e.Winner is { } w && members.Any(m => m.Id == w));
        var winners = events.Where(e => e.Winner is { } w && members.Any(m => m.Id == w)).Select(e => e.Winner).Distinct().Count();
        return SvgCharts.Rotation("rotation-chart", members, events,
            $"成员共同投标的 {events.Count} 个标段按开标日期排列：每行一家成员，空心圆为参与投标，实心圆为中标；折线依时间连接各次中标的成员。"
            + $"其中成员中标 {memberWins} 次，由 {winners} 家轮流取得。");
    }

    /// <summary>
    /// The sections a pair of firms (a cross-section alert) shares bid-file features in, on a ring around the two
    /// firms. Sections and firms outside the reader's scope keep their place in the ring but not their names.
    /// </summary>
    public static RingChart? CrossSectionRing(AlertDetail detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        if (detail.LinkedSections.Count < 2)
        {
            return null;
        }

        var hubs = detail.Alert.Bidders.Select(b => (b.Name, b.Id == 0 ? null : (string?)("/Bidders/" + b.Id.ToString(CultureInfo.InvariantCulture)), b.Id == 0 ? "masked" : "firm")).ToList();
        var items = detail.LinkedSections.Select(s => (s.Name, s.Id == 0 ? null : (string?)("/Trading/Sections/" + s.Id.ToString(CultureInfo.InvariantCulture)), s.Id == 0 ? "masked" : "section")).ToList();
        var masked = items.Count(i => i.Item3 == "masked");
        return SvgCharts.Ring("ring-chart", hubs, items, "在「{0}」中投标文件特征相同",
            $"居中为预警涉及的 {hubs.Count} 家投标人，周围为它们投标文件特征相同的 {items.Count} 个标段，每条连线表示一家投标人在该标段投标"
            + (masked > 0 ? $"；其中 {masked} 个标段不在本单位监管范围内，只显示为灰点" : "") + "。点击圆点打开投标人或标段。");
    }
}
