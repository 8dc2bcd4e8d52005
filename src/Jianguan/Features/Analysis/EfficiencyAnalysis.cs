using Jianguan.Features.Complaints;
using Jianguan.Features.Trading;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Scopes;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Analysis;

/// <summary>Mean and median length in days of one stage of the procedure.</summary>
public sealed record CycleStage(string Stage, string Label, int Sections, decimal? MeanDays, decimal? MedianDays);

/// <summary>Mean stage lengths of a group of sections (a category or a month).</summary>
public sealed record CycleGroup(string Key, string Label, int Sections, decimal? NoticeToOpen, decimal? OpenToAward, decimal? NoticeToAward);

/// <summary>Failed (流标) and repeated (重新招标) tenders of a category.</summary>
public sealed record FailureGroup(string Key, string Label, int Sections, int Opened, int Failed, decimal? FailedRate, int Repeated, decimal? RepeatedRate);

public sealed record ComplaintFigures(int Complaints, int SectionsComplained, decimal? PerHundredSections, int Decided, decimal? MeanHandlingDays);

/// <summary>One statutory duty as the scorecard counts it: its unit, its rule and whether it was met in time.</summary>
public sealed record DutyFact(string Unit, string RuleCode, string RuleName, DateOnly Due, DateOnly? DoneOn, bool Open);

/// <summary>Timeliness of a unit's (or a rule's) statutory duties.</summary>
public sealed record DutyScore(string Key, string Label, int Duties, int Done, int OnTime, int Late, int OpenOverdue, decimal? OnTimeRate);

public sealed record EfficiencySummary(
    int Sections, int Opened, int Failed, decimal? FailedRate, int Repeated, decimal? NoticeToOpen, decimal? OpenToAward, decimal? NoticeToAward,
    decimal? ComplaintsPerHundred, decimal? OnTimeRate);

/// <summary>效能评估 (issue 15, item 3). The contract stage is not recorded in trading data, so it is not measured.</summary>
public sealed record EfficiencyAnalysisResult(
    EfficiencySummary Summary, IReadOnlyList<CycleStage> Stages, IReadOnlyList<CycleGroup> ByCategory, IReadOnlyList<CycleGroup> ByMonth,
    IReadOnlyList<FailureGroup> Failures, ComplaintFigures Complaints, IReadOnlyList<DutyScore> ByUnit, IReadOnlyList<DutyScore> ByRule);

public static class EfficiencyAnalysis
{
    /// <summary>Fewer valid bids than this at opening: the tender fails (招标投标法 art. 28, 政府采购 likewise).</summary>
    public const int MinimumBidders = 3;

    public const string NoUnit = "未登记责任单位";

    public static decimal? Days(DateTimeOffset? from, DateTimeOffset? to) =>
        from is { } a && to is { } b && b >= a ? Stats.Round((decimal)(b - a).TotalDays) : null;

    /// <summary>Opened with fewer than three bidders (held or published) and not awarded.</summary>
    public static bool Failed(AnalysisDataset data, SectionFact s)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(s);
        if (s.BidOpenAt is null || s.Awarded)
        {
            return false;
        }

        var figures = data.FiguresOf(s.SectionId);
        var valid = figures.ValidBidders;
        var count = valid > 0 || figures.BidRows > 0 ? valid : s.DeclaredBidders;
        return count is { } c && c < MinimumBidders;
    }

    /// <summary>A second call for tenders, as the names say (重新招标, 二次招标, 第二次).</summary>
    public static bool Repeated(SectionFact s)
    {
        ArgumentNullException.ThrowIfNull(s);
        static bool Says(string? name) => name is not null
            && (name.Contains("重新招标", StringComparison.Ordinal) || name.Contains("重新采购", StringComparison.Ordinal)
                || name.Contains("二次", StringComparison.Ordinal) || name.Contains("第二次", StringComparison.Ordinal));
        return Says(s.SectionName) || Says(s.ProjectName);
    }

    public static EfficiencyAnalysisResult Compute(AnalysisDataset data, ComplaintFigures complaints, IReadOnlyList<DutyFact> duties, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Compute(data.Columns(), complaints, duties, today);
    }

    /// <summary>The figures of the selected rows; each stage's median from one walk of the rows sorted by that stage.</summary>
    public static EfficiencyAnalysisResult Compute(AnalysisSelection selection, ComplaintFigures complaints, IReadOnlyList<DutyFact> duties, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(complaints);
        ArgumentNullException.ThrowIfNull(duties);
        var c = selection.Columns;
        var rows = selection.Rows;
        AmountColumn[] lengths = [c.NoticeToOpen, c.OpenToAward, c.NoticeToAward];

        CycleStage Stage(string code, string label, AmountColumn stage)
        {
            var sum = default(AmountSum);
            foreach (var row in rows)
            {
                sum.Add(stage, row);
            }

            if (sum.Count == 0)
            {
                return new CycleStage(code, label, 0, null, null);
            }

            var (lower, upper) = Stats.QuantileRanks(sum.Count, 0.5m);
            decimal low = 0m, high = 0m;
            var rank = 0;
            foreach (var row in c.Sorted(stage))
            {
                if (!selection.Selected[row])
                {
                    continue;
                }

                if (rank == lower)
                {
                    low = stage.Value(row);
                }

                if (rank == upper)
                {
                    high = stage.Value(row);
                    break;
                }

                rank++;
            }

            return new CycleStage(code, label, sum.Count, sum.Mean, Stats.Interpolate(sum.Count, 0.5m, low, high));
        }

        var stages = new List<CycleStage>
        {
            Stage("notice-open", "公告至开标", c.NoticeToOpen),
            Stage("open-award", "开标至定标", c.OpenToAward),
            Stage("notice-award", "公告至定标（全流程）", c.NoticeToAward),
            new("award-contract", "定标至签订合同（交易数据未含合同日期）", 0, null, null),
        };

        var categoryCount = (int)Enum.GetValues<TradingCategory>().Max() + 1;
        var byCategory = new GroupSums(categoryCount);
        var byMonth = new GroupSums(c.MonthKeys.Count);
        foreach (var row in rows)
        {
            byCategory.Add(c, c.Category[row], row, lengths);
            if (c.Month[row] >= 0)
            {
                byMonth.Add(c, c.Month[row], row, lengths);
            }
        }

        var failures = new List<FailureGroup>();
        for (var k = 0; k < categoryCount; k++)
        {
            var g = byCategory;
            if (g.Sections[k] > 0)
            {
                failures.Add(new FailureGroup(((TradingCategory)k).ToString(), TradingLabels.CategoryName((TradingCategory)k), g.Sections[k], g.Opened[k],
                    g.Failed[k], Stats.Percent(g.Failed[k], g.Opened[k]), g.Repeated[k], Stats.Percent(g.Repeated[k], g.Sections[k])));
            }
        }

        var byUnit = Scores(duties, d => d.Unit, d => d.Unit, today);
        var byRule = Scores(duties, d => d.RuleCode, d => d.RuleName, today);
        var done = duties.Count(d => d.DoneOn is not null);
        var onTime = duties.Count(d => d.DoneOn is { } on && on <= d.Due);
        var failedCount = byCategory.Failed.Sum();
        var openedCount = byCategory.Opened.Sum();
        var summary = new EfficiencySummary(
            rows.Length, openedCount, failedCount, Stats.Percent(failedCount, openedCount), byCategory.Repeated.Sum(),
            stages[0].MeanDays, stages[1].MeanDays, stages[2].MeanDays, complaints.PerHundredSections, Stats.Percent(onTime, done));
        return new EfficiencyAnalysisResult(summary, stages,
            byCategory.Cycles(k => ((TradingCategory)k).ToString(), k => TradingLabels.CategoryName((TradingCategory)k)),
            byMonth.Cycles(k => c.MonthKeys[k], k => c.MonthKeys[k]), failures, complaints, byUnit, byRule);
    }

    /// <summary>Counts and stage-length sums per group (a category or a month).</summary>
    private sealed class GroupSums(int groups)
    {
        private readonly AmountSum[,] _stages = new AmountSum[groups, 3];

        public int[] Sections { get; } = new int[groups];

        public int[] Opened { get; } = new int[groups];

        public int[] Failed { get; } = new int[groups];

        public int[] Repeated { get; } = new int[groups];

        public void Add(AnalysisColumns c, int k, int row, AmountColumn[] lengths)
        {
            Sections[k]++;
            Opened[k] += c.Opened[row] ? 1 : 0;
            Failed[k] += c.Failed[row] ? 1 : 0;
            Repeated[k] += c.Repeated[row] ? 1 : 0;
            for (var i = 0; i < lengths.Length; i++)
            {
                _stages[k, i].Add(lengths[i], row);
            }
        }

        /// <summary>The groups with sections, in the order of their numbers.</summary>
        public List<CycleGroup> Cycles(Func<int, string> key, Func<int, string> label) =>
        [
            .. Enumerable.Range(0, Sections.Length)
                .Where(k => Sections[k] > 0)
                .Select(k => new CycleGroup(key(k), label(k), Sections[k], _stages[k, 0].Mean, _stages[k, 1].Mean, _stages[k, 2].Mean)),
        ];
    }

    private static List<DutyScore> Scores(IReadOnlyList<DutyFact> duties, Func<DutyFact, string> key, Func<DutyFact, string> label, DateOnly today) =>
    [
        .. duties.GroupBy(key)
            .Select(g =>
            {
                var done = g.Count(d => d.DoneOn is not null);
                var onTime = g.Count(d => d.DoneOn is { } on && on <= d.Due);
                return new DutyScore(g.Key, label(g.First()), g.Count(), done, onTime, done - onTime,
                    g.Count(d => d.Open && d.Due < today), Stats.Percent(onTime, done));
            })
            .OrderBy(s => s.OnTimeRate ?? 101m)
            .ThenBy(s => s.Label, StringComparer.Ordinal),
    ];

    /// <summary>Complaints received in the period (about sections in the filter when linked to one) and their handling time.</summary>
    public static async Task<ComplaintFigures> ComplaintsAsync(JianguanDbContext db, AnalysisDataset data, AnalysisFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.Set<Complaint>().AsNoTracking();
        if (filter.From is { } from)
        {
            query = query.Where(c => c.ReceivedOn >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(c => c.ReceivedOn <= to);
        }

        var rows = await query.Select(c => new { c.SectionId, c.ReceivedOn, c.DecidedOn }).ToListAsync(ct);
        // With a category, region or department filter only complaints about sections in it count.
        var narrowed = filter.Category is not null || filter.Region is not null || filter.Department is not null;
        var counted = rows.Where(r => !narrowed || (r.SectionId is { } id && data.Holds(id))).ToList();
        var complained = counted.Where(r => r.SectionId is { } id && data.Holds(id)).Select(r => r.SectionId).Distinct().Count();
        var handling = counted.Where(r => r.DecidedOn is not null)
            .Select(r => (decimal)(r.DecidedOn!.Value.DayNumber - r.ReceivedOn.DayNumber)).ToList();
        return new ComplaintFigures(counted.Count, complained, data.Sections.Count == 0 ? null : Stats.Round(counted.Count * 100m / data.Sections.Count),
            handling.Count, Stats.Mean(handling));
    }

    /// <summary>
    /// The statutory clocks started in the period, each with the unit answerable for it (from the modules' clock
    /// directories); a department filter keeps that unit's duties.
    /// </summary>
    public static async Task<IReadOnlyList<DutyFact>> DutiesAsync(JianguanDbContext db, IEnumerable<IClockSubjectDirectory> directories,
        AnalysisFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(directories);
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.Set<StatutoryClock>().AsNoTracking();
        if (filter.From is { } from)
        {
            query = query.Where(c => c.StartedOn >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(c => c.StartedOn <= to);
        }

        var clocks = await query.Select(c => new { c.SubjectKind, c.SubjectId, c.RuleCode, c.Due, c.StoppedOn, c.State }).ToListAsync(ct);
        var byKind = directories.GroupBy(d => d.Kind).ToDictionary(g => g.Key, g => g.First());
        var owners = new Dictionary<(string, string), string>();
        foreach (var kind in clocks.GroupBy(c => c.SubjectKind))
        {
            if (byKind.TryGetValue(kind.Key, out var directory))
            {
                var found = await directory.OwnersAsync(db, [.. kind.Select(c => c.SubjectId).Distinct()], ct);
                foreach (var (id, owner) in found)
                {
                    owners[(kind.Key, id)] = owner.Unit;
                }
            }
        }

        return
        [
            .. clocks
                .Select(c => new DutyFact(owners.GetValueOrDefault((c.SubjectKind, c.SubjectId)) ?? NoUnit, c.RuleCode, RuleName(c.RuleCode, byKind.GetValueOrDefault(c.SubjectKind)), c.Due,
                    c.StoppedOn, c.State != ClockState.Stopped))
                .Where(d => filter.Department is null || d.Unit == filter.Department),
        ];
    }

    public static async Task<EfficiencyAnalysisResult> ComputeAsync(JianguanDbContext db, IEnumerable<IClockSubjectDirectory> directories,
        DataScope scope, AnalysisFilter filter, TimeProvider clock, CancellationToken ct)
    {
        var data = await AnalysisData.LoadAsync(db, scope, filter, ct);
        return Compute(data, await ComplaintsAsync(db, data, filter, ct), await DutiesAsync(db, directories, filter, ct), ChinaTime.Today(clock));
    }

    private static string RuleName(string code, IClockSubjectDirectory? directory)
    {
        try
        {
            return Clocks.Rule(code, directory).Name;
        }
        catch (Exception e) when (e is KeyNotFoundException or ArgumentException or InvalidOperationException or FormatException)
        {
            return code;
        }
    }
}
