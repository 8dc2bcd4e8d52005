using System.Globalization;
using System.Text.Json;
using Jianguan.Features.Shared;
using Jianguan.Features.Shared.Paging;
using Jianguan.Features.Trading;
using Jianguan.Features.Warnings;
using Jianguan.Platform.Scopes;
using Jianguan.Platform.Time;
using Jianguan.Tests.Import;

namespace Jianguan.Tests.Alerts;

/// <summary>
/// The read paths made fast for 100 k sections (issue 16) give what they gave before, on both providers: the alert
/// trend counted by month in the database equals the former count of every alert in memory (kept below as the
/// oracle), the stored month is the Beijing month of the alert's day, and the newest-first pages of sections and
/// projects read in two index-ordered parts hold the rows of the former single ordering.
/// </summary>
[Trait("Category", "Database")]
public sealed class ReadPathTests
{
    private static readonly AlertLevel[] Levels = [AlertLevel.Red, AlertLevel.Orange, AlertLevel.Yellow];

    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Fact]
    public async Task OccurredMonth_IsTheBeijingMonthOfTheAlertsDay_AndFollowsAnUpdate()
    {
        await using var t = await ImportTestDb.CreateAsync();
        // 2025-01-31 23:59:59 and 2025-02-01 00:00 in Beijing, a year end, and an alert without a day of its own.
        DateTimeOffset?[] occurred =
        [
            new DateTimeOffset(2025, 1, 31, 23, 59, 59, Beijing), new DateTimeOffset(2025, 2, 1, 0, 0, 0, Beijing),
            new DateTimeOffset(2025, 12, 31, 16, 0, 0, TimeSpan.Zero), null,
        ];
        var first = new DateTimeOffset(2024, 6, 30, 16, 30, 0, TimeSpan.Zero);
        for (var i = 0; i < occurred.Length; i++)
        {
            t.Db.Set<RiskAlert>().Add(Alert("m" + i, "a40.1.file_code", AlertLevel.Red, occurred[i], first));
        }

        await t.Db.SaveChangesAsync();
        t.Db.ChangeTracker.Clear();
        var months = await t.Db.Set<RiskAlert>().OrderBy(a => a.Key).Select(a => a.OccurredMonth).ToListAsync();
        Assert.Equal([202501, 202502, 202601, 202407], months);

        await t.Db.Set<RiskAlert>().Where(a => a.Key == "m3")
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.OccurredAt, new DateTimeOffset(2023, 3, 1, 0, 0, 0, Beijing)));
        Assert.Equal(202303, await t.Db.Set<RiskAlert>().Where(a => a.Key == "m3").Select(a => a.OccurredMonth).SingleAsync());
    }

    [Fact]
    public async Task TrendAndCounts_CountedTogetherInTheDatabase_EqualTheFormerCounts()
    {
        await using var t = await ImportTestDb.CreateAsync();
        // Thirty months of alerts of twelve rules and every level, on the days either side of Beijing month ends,
        // some dated only by when they were first seen, and one data-quality finding.
        var rules = Enumerable.Range(0, 12).Select(i => "rule." + i.ToString("D2", CultureInfo.InvariantCulture)).ToArray();
        var n = 0;
        for (var m = 0; m < 30; m++)
        {
            var monthStart = new DateTimeOffset(2023, 7, 1, 0, 0, 0, Beijing).AddMonths(m);
            for (var k = 0; k <= m % 7; k++)
            {
                var at = k % 3 == 0 ? monthStart : k % 3 == 1 ? monthStart.AddSeconds(-1) : monthStart.AddDays(14).AddHours(k);
                var level = (AlertLevel)(k % 4);
                var rule = rules[(m + (k * 5)) % rules.Length];
                t.Db.Set<RiskAlert>().Add(k == 4 ? Alert("t" + n++, rule, level, null, at) : Alert("t" + n++, rule, level, at, at.AddDays(400)));
            }
        }

        var quality = Alert("t" + n++, "dq.decimal_slip", AlertLevel.Yellow, new DateTimeOffset(2024, 5, 5, 0, 0, 0, Beijing), DateTimeOffset.UnixEpoch);
        quality.RuleCategory = "data_quality";
        t.Db.Set<RiskAlert>().Add(quality);
        await t.Db.SaveChangesAsync();
        t.Db.ChangeTracker.Clear();

        AlertFilter[] filters =
        [
            new(),
            new(From: new DateOnly(2024, 2, 15)),
            new(To: new DateOnly(2025, 1, 10)),
            new(From: new DateOnly(2023, 9, 30), To: new DateOnly(2024, 3, 1)),
            new(From: new DateOnly(2023, 7, 1), To: new DateOnly(2025, 12, 31)),
            new(From: ChinaTime.FilterMin, To: ChinaTime.FilterMax),
            new(Level: AlertLevel.Red),
            new(Rule: rules[3], From: new DateOnly(2024, 1, 1)),
            new(OnlyQuality: true),
            new(Rule: "dq.decimal_slip"),
            new(Level: AlertLevel.Orange, To: new DateOnly(2024, 8, 20)),
            new(From: new DateOnly(2025, 1, 1), To: new DateOnly(2024, 1, 1)),
        ];
        static string Link(IReadOnlyDictionary<string, string?> changes) =>
            string.Join("&", changes.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key + "=" + c.Value));
        foreach (var filter in filters)
        {
            var expected = await OldTrendAsync(t.Db, DataScope.All, filter, Link);
            var actual = await AlertCharts.TrendAsync(t.Db, DataScope.All, filter, Link);
            Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));

            // The list's count and its counts by level and by rule, as the former separate counts gave them.
            var list = await AlertQueries.ListAsync(t.Db, DataScope.All, filter);
            var all = t.Db.Set<RiskAlert>().AsNoTracking();
            Assert.Equal(await AlertQueries.Apply(all, filter).CountAsync(), list.Result.Total);
            var levels = await AlertQueries.Apply(all, filter, level: false).GroupBy(a => a.Level).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
            Assert.Equal(Levels.Select(l => levels.FirstOrDefault(x => x.Key == l)?.Count ?? 0), list.Counts.Levels.Select(c => c.Count));
            var byRule = await AlertQueries.Apply(all, filter, rule: false).GroupBy(a => a.RuleCode).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
            Assert.Equal(byRule.Select(r => (r.Key, r.Count)).Order(), list.Counts.Rules.Select(r => (r.Code, r.Count)).Order());
        }

        // The fixture reaches every case: a cut to the last 24 months, quarters, a partial month, an empty filter.
        Assert.Contains("未限定日期时只显示最近", (await AlertCharts.TrendAsync(t.Db, DataScope.All, new AlertFilter(), Link))!.ByLevel.Description, StringComparison.Ordinal);
        Assert.Contains("按季度", (await AlertCharts.TrendAsync(t.Db, DataScope.All, filters[4], Link))!.ByLevel.Description, StringComparison.Ordinal);
        Assert.Null(await AlertCharts.TrendAsync(t.Db, DataScope.All, filters[^1], Link));
    }

    [Fact]
    public async Task NewestFirstPages_HoldTheRowsOfTheFormerOrdering()
    {
        await using var t = await ImportTestDb.CreateAsync();
        // 119 sections in 30 projects (pages of 50): 95 dated ones with ties on the instant, then 24 undated ones, so
        // that the second page holds both and the third undated ones only.
        var start = new DateTimeOffset(2025, 3, 1, 9, 0, 0, Beijing);
        for (var p = 0; p < 30; p++)
        {
            var project = new TradingProject
            {
                Code = "NF-P" + p.ToString("D2", CultureInfo.InvariantCulture),
                Name = "排序工程" + p.ToString(CultureInfo.InvariantCulture),
                Category = TradingCategory.Construction,
                PublishedAt = p % 4 == 0 ? null : start.AddDays(p % 5),
            };
            for (var s = 0; s < (p == 0 ? 3 : 4); s++)
            {
                var i = (p * 4) + s;
                project.Sections.Add(new Section { Code = "NF-S" + i.ToString("D2", CultureInfo.InvariantCulture), BidOpenAt = i % 5 == 0 ? null : start.AddHours(i % 7) });
            }

            t.Db.Projects.Add(project);
        }

        await t.Db.SaveChangesAsync();
        t.Db.ChangeTracker.Clear();

        var sections = t.Db.Sections.AsNoTracking().Where(s => s.Code.StartsWith("NF-"));
        var projects = t.Db.Projects.AsNoTracking().Where(p => p.Code.StartsWith("NF-"));
        for (var page = 1; page <= 4; page++)
        {
            Assert.Equal(
                await sections.OrderBy(s => s.BidOpenAt == null).ThenByDescending(s => s.BidOpenAt).ThenByDescending(s => s.Id).PageAt(page).Select(s => s.Id).ToListAsync(),
                await sections.NewestFirstPageAsync(s => s.BidOpenAt, s => s.Id, page, q => q.Select(s => s.Id)));
            Assert.Equal(
                await projects.OrderBy(p => p.PublishedAt == null).ThenByDescending(p => p.PublishedAt).ThenByDescending(p => p.Id).PageAt(page).Select(p => p.Id).ToListAsync(),
                await projects.NewestFirstPageAsync(p => p.PublishedAt, p => p.Id, page, q => q.Select(p => p.Id)));
        }

        // The section list of the pages and the API: its last page holds the last 19 undated sections.
        var last = await TradingQueries.ListSectionsAsync(t.Db, DataScope.All, new SectionFilter(null, null, 3));
        Assert.Equal(119, last.Total);
        Assert.Equal(19, last.Items.Count);
        Assert.All(last.Items, s => Assert.Null(s.BidOpenAt));
    }

    private static RiskAlert Alert(string key, string rule, AlertLevel level, DateTimeOffset? occurred, DateTimeOffset firstSeen) => new()
    {
        Key = key,
        RuleCode = rule,
        RuleCategory = "fingerprint",
        Level = level,
        Basis = "",
        Evidence = "{}",
        OccurredAt = occurred,
        FirstSeenAt = firstSeen,
        LastSeenAt = firstSeen,
    };

    // The trend as it was computed before issue 16: every alert of the filter read and counted in memory. The oracle.
    private static async Task<AlertTrend?> OldTrendAsync(JianguanDbContext db, DataScope scope, AlertFilter filter,
        Func<IReadOnlyDictionary<string, string?>, string> link, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(link);
        var query = AlertQueries.Apply(await AlertQueries.ScopedAsync(db, db.Set<RiskAlert>().AsNoTracking(), scope, ct), filter);
        var rows = (await query.Select(a => new { a.Level, a.RuleCode, At = a.OccurredAt ?? a.FirstSeenAt }).ToListAsync(ct))
            .Select(r => (r.Level, r.RuleCode, Day: ChinaTime.DateOf(r.At))).ToList();
        if (rows.Count == 0)
        {
            return null;
        }

        var latest = rows.Max(r => r.Day);
        // Without a date filter whole months: the last bar opens the month, not the days up to the latest alert.
        var to = filter.To is { } t && t < ChinaTime.FilterMax ? t : new DateOnly(latest.Year, latest.Month, 1).AddMonths(1).AddDays(-1);
        DateOnly from;
        var cut = false;
        if (filter.From is { } f && f > ChinaTime.FilterMin)
        {
            from = f;
        }
        else
        {
            var earliest = rows.Min(r => r.Day);
            from = new DateOnly(earliest.Year, earliest.Month, 1);
            var floor = new DateOnly(to.Year, to.Month, 1).AddMonths(1 - AlertCharts.DefaultMonths);
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
        var shown = rows.Where(r => r.Day >= from && r.Day <= to).ToList();
        var levelCounts = new int[periods.Count, Levels.Length];
        foreach (var r in shown)
        {
            var i = index[SvgCharts.PeriodOf(r.Day, kind).First];
            var l = Array.IndexOf(Levels, r.Level);
            if (l >= 0)
            {
                levelCounts[i, l]++;
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
            $"{span}按{unitName}统计的预警数（与下方列表的筛选条件相同），按级别分色；共 {shown.Count} 条"
            + (cut ? $"，未限定日期时只显示最近 {AlertCharts.DefaultMonths} 个月" : "") + "。点击柱形查看该期间的预警。");

        var rules = shown.GroupBy(r => r.RuleCode).Select(g => (Code: g.Key, Count: g.Count()))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Code, StringComparer.Ordinal).ToList();
        HeatChart? byRule = null;
        if (rules.Count > 0)
        {
            var top = rules.Take(AlertCharts.MaxRules).ToList();
            var counts = new int[top.Count, periods.Count];
            var rowOf = top.Select((r, i) => (r.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
            foreach (var r in shown)
            {
                if (rowOf.TryGetValue(r.RuleCode, out var row))
                {
                    counts[row, index[SvgCharts.PeriodOf(r.Day, kind).First]]++;
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

        return new AlertTrend(byLevel, byRule, shown.Count);
    }
}
