using System.Text.Json;
using Jianguan.Features.Trading;
using Jianguan.Platform.Scopes;
using Jianguan.Features.Clues;
using Jianguan.Features.Profiles;

namespace Jianguan.Features.Warnings;

public sealed record EntityRef(long Id, string Name);

/// <summary>
/// Filters of the alert list; dates are calendar days in Beijing time of when the facts happened. Data-quality
/// findings (category <c>data_quality</c>: decimal slips, invalid codes, missing fingerprints) are left out unless
/// <see cref="IncludeQuality"/>; <see cref="OnlyQuality"/> lists them alone (the 数据质量 view).
/// </summary>
public sealed record AlertFilter(
    AlertLevel? Level = null, string? Rule = null, TradingCategory? Category = null, string? Department = null,
    DateOnly? From = null, DateOnly? To = null, AlertState? State = null, bool IncludeQuality = false, long? Bidder = null,
    int Page = 1, bool OnlyQuality = false);

public sealed record AlertListItem(
    long Id, string RuleCode, string RuleName, string RuleCategory, AlertLevel Level, string LevelName, AlertState State,
    string StateName, double Score, long? SectionId, string? SectionCode, string? SectionName, string? ProjectName,
    string? Department, string? SharedValue, IReadOnlyList<EntityRef> Bidders, DateTimeOffset FirstSeenAt,
    DateTimeOffset LastSeenAt, DateTimeOffset? OccurredAt);

public sealed record CountItem(string Code, string Name, int Count);

public sealed record AlertCounts(IReadOnlyList<CountItem> Levels, IReadOnlyList<CountItem> Rules);

public sealed record AlertListPage(PagedResult<AlertListItem> Result, AlertCounts Counts);

public sealed record TransitionInfo(AlertState From, AlertState To, string FromName, string ToName, string? Reason, string Actor, DateTimeOffset At);

public sealed record SharedField(string Key, string Value);

public sealed record AlertDetail(
    AlertListItem Alert, string Basis, string Why, JsonElement Evidence, SectionDetail? Section,
    IReadOnlyList<SharedField> SharedFields, IReadOnlyList<TransitionInfo> History, string? ClueNumber,
    IReadOnlyList<AlertAction> AllowedActions, long? GroupId, IReadOnlyList<EntityRef> LinkedSections);

/// <summary>The read side of alerts, bidders, groups, the focus list and tracking: shared by the pages and the API.</summary>
public static class AlertQueries
{
    public const int PageSize = Shared.PagerModel.PageSize;

    public static string GroupName(long id) => "G" + id.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);

    public static IQueryable<RiskAlert> Apply(IQueryable<RiskAlert> q, AlertFilter f, bool level = true, bool rule = true)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (level && f.Level is { } l)
        {
            q = q.Where(a => a.Level == l);
        }

        if (f.OnlyQuality)
        {
            q = q.Where(a => a.RuleCategory == "data_quality");
        }

        if (rule && !string.IsNullOrWhiteSpace(f.Rule))
        {
            var r = f.Rule.Trim();
            q = q.Where(a => a.RuleCode == r);
        }
        else if (!f.IncludeQuality && !f.OnlyQuality)
        {
            q = q.Where(a => a.RuleCategory != "data_quality");
        }

        if (f.Category is { } c)
        {
            q = q.Where(a => a.Section != null && a.Section.Project!.Category == c);
        }

        if (!string.IsNullOrWhiteSpace(f.Department))
        {
            var d = f.Department.Trim();
            q = q.Where(a => a.Section != null && a.Section.Project!.SupervisingDepartment == d);
        }

        if (f.From is { } from)
        {
            var start = Platform.Time.ChinaTime.FilterStart(from);
            q = q.Where(a => (a.OccurredAt ?? a.FirstSeenAt) >= start);
        }

        if (f.To is { } to)
        {
            var end = Platform.Time.ChinaTime.FilterEnd(to);
            q = q.Where(a => (a.OccurredAt ?? a.FirstSeenAt) < end);
        }

        if (f.State is { } s)
        {
            q = q.Where(a => a.State == s);
        }

        if (f.Bidder is { } b)
        {
            q = q.Where(a => a.Bidders.Any(x => x.EntityId == b));
        }

        return q;
    }

    /// <summary>
    /// The alerts a data scope may see (ADR-006): a member unit those of its sector's sections; alerts about firms
    /// across sections (no section) only the whole-database roles.
    /// </summary>
    public static IQueryable<RiskAlert> Scoped(JianguanDbContext db, IQueryable<RiskAlert> q, DataScope scope)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Kind switch
        {
            DataScopeKind.All => q,
            DataScopeKind.Sector => q.Where(a => a.SectionId != null && scope.Apply(db.Sections).Select(s => s.Id).Contains(a.SectionId.Value)),
            _ => q.Where(_ => false),
        };
    }

    public static async Task<AlertListPage> ListAsync(JianguanDbContext db, DataScope scope, AlertFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var all = Scoped(db, db.Set<RiskAlert>().AsNoTracking(), scope);
        var query = Apply(all, filter);
        var total = await query.CountAsync(ct);
        var page = Math.Clamp(filter.Page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var items = await Items(db, query.OrderByDescending(a => a.Score).ThenByDescending(a => a.LastSeenAt).ThenByDescending(a => a.Id)
            .Skip((page - 1) * PageSize).Take(PageSize), ct);
        var levels = await Apply(all, filter, level: false).GroupBy(a => a.Level).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var rules = await Apply(all, filter, rule: false).GroupBy(a => a.RuleCode).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var counts = new AlertCounts(
            [.. new[] { AlertLevel.Red, AlertLevel.Orange, AlertLevel.Yellow }
                .Select(l => new CountItem(AlertLabels.LevelCode(l), AlertLabels.LevelName(l), levels.FirstOrDefault(x => x.Key == l)?.Count ?? 0))],
            [.. rules.OrderByDescending(r => r.Count).ThenBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => new CountItem(r.Key, AlertLabels.RuleName(r.Key), r.Count))]);
        return new AlertListPage(new PagedResult<AlertListItem>(total, page, PageSize, items), counts);
    }

    internal static async Task<List<AlertListItem>> Items(JianguanDbContext db, IQueryable<RiskAlert> query, CancellationToken ct)
    {
        var rows = await query.Select(a => new
        {
            a.Id,
            a.RuleCode,
            a.RuleCategory,
            a.Level,
            a.State,
            a.Score,
            a.SectionId,
            SectionCode = a.Section == null ? null : a.Section.Code,
            SectionName = a.Section == null ? null : a.Section.Name,
            ProjectName = a.Section == null ? null : a.Section.Project!.Name,
            Department = a.Section == null ? null : a.Section.Project!.SupervisingDepartment,
            a.SharedValue,
            a.FirstSeenAt,
            a.LastSeenAt,
            a.OccurredAt,
        }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToArray();
        var bidders = (await db.Set<RiskAlertBidder>().AsNoTracking().Where(b => ids.Contains(b.AlertId))
                .Select(b => new { b.AlertId, b.EntityId, b.Entity!.Name }).ToListAsync(ct))
            .GroupBy(b => b.AlertId)
            .ToDictionary(g => g.Key, g => g.OrderBy(x => x.Name, StringComparer.Ordinal).Select(x => new EntityRef(x.EntityId, x.Name)).ToList());
        return [.. rows.Select(r => new AlertListItem(
            r.Id, r.RuleCode, AlertLabels.RuleName(r.RuleCode), r.RuleCategory, r.Level, AlertLabels.LevelName(r.Level), r.State,
            AlertLabels.StateName(r.State), r.Score, r.SectionId, r.SectionCode, r.SectionName, r.ProjectName, r.Department,
            r.SharedValue, bidders.TryGetValue(r.Id, out var b) ? b : [], r.FirstSeenAt, r.LastSeenAt, r.OccurredAt))];
    }

    public static async Task<AlertDetail?> GetAsync(JianguanDbContext db, DataScope scope, long id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        var item = (await Items(db, Scoped(db, db.Set<RiskAlert>().AsNoTracking(), scope).Where(a => a.Id == id), ct)).FirstOrDefault();
        if (item is null)
        {
            return null;
        }

        var row = await db.Set<RiskAlert>().AsNoTracking().Where(a => a.Id == id)
            .Select(a => new { a.Basis, a.Evidence, a.GroupKey, a.ClueId }).SingleAsync(ct);
        var history = await db.Set<AlertTransition>().AsNoTracking().Where(t => t.AlertId == id).OrderBy(t => t.At).ThenBy(t => t.Id)
            .ToListAsync(ct);
        var clue = row.ClueId is { } clueId ? await db.Set<Clue>().AsNoTracking().Where(c => c.Id == clueId).Select(c => c.Number).FirstOrDefaultAsync(ct) : null;
        long? groupId = row.GroupKey is { } key
            ? await Profiles.ProfileQueries.VisibleGroups(db, db.Set<RiskGroup>().AsNoTracking(), scope).Where(g => g.Key == key).Select(g => (long?)g.Id).FirstOrDefaultAsync(ct)
            : null;
        var section = item.SectionId is { } sid ? await TradingQueries.GetSectionAsync(db, scope, sid, ct) : null;
        using var doc = JsonDocument.Parse(row.Evidence);
        var evidence = doc.RootElement.Clone();
        var linked = new List<EntityRef>();
        if (evidence.TryGetProperty("sections", out var secs) && secs.ValueKind == JsonValueKind.Array)
        {
            var ids = secs.EnumerateArray().Select(x => long.TryParse(x.GetString(), System.Globalization.NumberStyles.Integer,
                System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0).Where(v => v > 0).ToArray();
            linked.AddRange((await scope.Apply(db.Sections.AsNoTracking()).Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Code, s.Name }).ToListAsync(ct))
                .OrderBy(s => s.Id).Select(s => new EntityRef(s.Id, s.Name ?? s.Code)));
        }

        return new AlertDetail(
            item, row.Basis, AlertLabels.Why(item.RuleCode, row.Evidence, [.. item.Bidders.Select(b => b.Name)]), evidence, section,
            [.. AlertLabels.SharedFields(row.Evidence).Select(x => new SharedField(x.Key, x.Value))],
            [.. history.Select(h => new TransitionInfo(h.From, h.To, AlertLabels.StateName(h.From), AlertLabels.StateName(h.To), h.Reason, h.Actor, h.At))],
            clue, AlertWorkflow.Allowed(item.State), groupId, linked);
    }

    /// <summary>Supervising departments named by projects, for the filter.</summary>
    public static Task<List<string>> DepartmentsAsync(JianguanDbContext db, DataScope scope, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Apply(db.Projects.AsNoTracking()).Where(p => p.SupervisingDepartment != null).Select(p => p.SupervisingDepartment!)
            .Distinct().OrderBy(d => d).Take(200).ToListAsync(ct);
    }
}
