using System.Text.Json;
using Jianguan.Data;
using Jianguan.Features.Trading;
using Jianguan.Platform.Scopes;
using Microsoft.EntityFrameworkCore;

namespace Jianguan.Features.Alerts;

public sealed record EntityRef(long Id, string Name);

/// <summary>Filters of the alert list; dates are calendar days in Beijing time of when the facts happened.</summary>
public sealed record AlertFilter(
    AlertLevel? Level = null, string? Rule = null, TradingCategory? Category = null, string? Department = null,
    DateOnly? From = null, DateOnly? To = null, AlertState? State = null, bool IncludeQuality = false, long? Bidder = null,
    int Page = 1);

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

public sealed record BidHistoryItem(
    long SectionId, string SectionCode, string? SectionName, string? ProjectName, DateTimeOffset? BidOpenAt, decimal? Price,
    BidStatus Status, bool Won);

public sealed record CoBidder(long Id, string Name, int Meetings, int TheirWins, int MyWins);

public sealed record RiskInfo(double Score, AlertLevel Level, string LevelName, IReadOnlyList<string> Rules, DateTimeOffset AnalysedAt);

public sealed record GroupListItem(
    long Id, string Name, double Score, AlertLevel Level, string LevelName, int Members, double Cohesion, double Exclusivity,
    int JointSections, int GroupWins, int DistinctWinners, IReadOnlyList<string> Rules, IReadOnlyList<EntityRef> MemberList);

public sealed record FocusInfo(
    long EntityId, string Name, string? CreditCode, FocusOrigin Origin, bool Active, string Reason, DateTimeOffset AddedAt,
    string AddedBy, DateTimeOffset? RemovedAt, string? RemovedBy, string? RemovedReason, double? Score);

public sealed record FocusChangeInfo(long EntityId, string Name, bool Added, string Reason, string Actor, DateTimeOffset At);

public sealed record BidderProfile(
    EntityInfo Entity, string? LegalRepresentative, RiskInfo? Risk, FocusInfo? Focus, int Bids, int Wins,
    IReadOnlyList<BidHistoryItem> History, IReadOnlyList<CoBidder> CoBidders, IReadOnlyList<GroupListItem> Groups,
    IReadOnlyList<AlertListItem> Alerts, IReadOnlyList<FocusChangeInfo> FocusHistory);

public sealed record NetworkEdge(long A, long B, int Meetings);

public sealed record GroupMemberInfo(long Id, string Name, double? Score, int Bids, int Wins, bool OnFocusList);

public sealed record JointSection(long Id, string Code, string? Name, DateTimeOffset? BidOpenAt, int Members, string? WinnerName, bool MemberWon);

public sealed record GroupDetail(
    GroupListItem Group, IReadOnlyList<GroupMemberInfo> Members, IReadOnlyList<NetworkEdge> Edges,
    IReadOnlyList<AlertListItem> Alerts, IReadOnlyList<JointSection> Sections, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt);

public sealed record TrackingItem(
    long Id, DateTimeOffset CreatedAt, long SectionId, string SectionCode, string? SectionName, string? ProjectName,
    DateTimeOffset? BidOpenAt, long EntityId, string EntityName, string FocusReason);

/// <summary>The read side of alerts, bidders, groups, the focus list and tracking: shared by the pages and the API.</summary>
public static class AlertQueries
{
    public const int PageSize = 50;

    public static string GroupName(long id) => "G" + id.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);

    public static IQueryable<RiskAlert> Apply(IQueryable<RiskAlert> q, AlertFilter f, bool level = true, bool rule = true)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (level && f.Level is { } l)
        {
            q = q.Where(a => a.Level == l);
        }

        if (rule && !string.IsNullOrWhiteSpace(f.Rule))
        {
            var r = f.Rule.Trim();
            q = q.Where(a => a.RuleCode == r);
        }
        else if (!f.IncludeQuality)
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
            var start = Platform.Time.ChinaTime.StartOfDay(from);
            q = q.Where(a => (a.OccurredAt ?? a.FirstSeenAt) >= start);
        }

        if (f.To is { } to)
        {
            var end = Platform.Time.ChinaTime.StartOfDay(to.AddDays(1));
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

    private static async Task<List<AlertListItem>> Items(JianguanDbContext db, IQueryable<RiskAlert> query, CancellationToken ct)
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
            ? await VisibleGroups(db, db.Set<RiskGroup>().AsNoTracking(), scope).Where(g => g.Key == key).Select(g => (long?)g.Id).FirstOrDefaultAsync(ct)
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

    public static async Task<BidderProfile?> BidderAsync(JianguanDbContext db, DataScope scope, long id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        var e = await db.MarketEntities.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (e is null)
        {
            return null;
        }

        var risk = await db.Set<BidderRisk>().AsNoTracking().FirstOrDefaultAsync(r => r.EntityId == id, ct);
        var bids = scope.Apply(db.Bids.AsNoTracking()).Where(b => b.BidderId == id);
        var bidCount = await bids.CountAsync(ct);
        var wins = await bids.CountAsync(b => b.Section!.WinnerId == id, ct);
        var history = await bids
            .OrderByDescending(b => b.Section!.BidOpenAt).ThenByDescending(b => b.SectionId)
            .Take(100)
            .Select(b => new BidHistoryItem(b.SectionId, b.Section!.Code, b.Section.Name, b.Section.Project!.Name, b.Section.BidOpenAt,
                b.Price, b.Status, b.Section.WinnerId == id))
            .ToListAsync(ct);
        var co = await (
                from mine in scope.Apply(db.Bids.AsNoTracking())
                where mine.BidderId == id
                join other in db.Bids.AsNoTracking() on mine.SectionId equals other.SectionId
                where other.BidderId != id
                group other by new { other.BidderId, other.Bidder!.Name } into g
                select new
                {
                    g.Key.BidderId,
                    g.Key.Name,
                    Meetings = g.Count(),
                    TheirWins = g.Count(o => o.Section!.WinnerId == o.BidderId),
                    MyWins = g.Count(o => o.Section!.WinnerId == id),
                })
            .OrderByDescending(x => x.Meetings).ThenBy(x => x.BidderId).Take(20).ToListAsync(ct);
        var alerts = await Items(db, Apply(Scoped(db, db.Set<RiskAlert>().AsNoTracking(), scope), new AlertFilter(Bidder: id, IncludeQuality: true))
            .OrderByDescending(a => a.Score).ThenByDescending(a => a.Id).Take(100), ct);
        if (bidCount == 0 && alerts.Count == 0 && scope.Kind != DataScopeKind.All)
        {
            // The firm's name is public, but a profile with nothing of the scope in it would only confirm the id.
            return null;
        }

        var groupIds = db.Set<RiskGroupMember>().AsNoTracking().Where(m => m.EntityId == id).Select(m => m.GroupId);
        var groups = await GroupItems(db, VisibleGroups(db, db.Set<RiskGroup>().AsNoTracking(), scope).Where(g => groupIds.Contains(g.Id)), ct);
        var focus = (await FocusAsync(db, activeOnly: false, entityId: id, ct)).FirstOrDefault();
        var focusHistory = await FocusHistoryAsync(db, id, ct);
        return new BidderProfile(
            new EntityInfo(e.Id, e.Name, e.CreditCode, e.CreditCodeValid || e.CreditCode is null), e.LegalRepresentative,
            risk is null ? null : Risk(risk.Score, risk.Level, risk.Rules, risk.AnalysedAt), focus, bidCount, wins, history,
            [.. co.Select(c => new CoBidder(c.BidderId, c.Name, c.Meetings, c.TheirWins, c.MyWins))], groups, alerts, focusHistory);
    }

    private static RiskInfo Risk(double score, AlertLevel level, string rules, DateTimeOffset at) =>
        new(score, level, AlertLabels.LevelName(level), rules.Length == 0 ? [] : rules.Split('|'), at);

    public static async Task<PagedResult<GroupListItem>> GroupsAsync(JianguanDbContext db, DataScope scope, int page, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        var q = VisibleGroups(db, db.Set<RiskGroup>().AsNoTracking(), scope);
        var total = await q.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var items = await GroupItems(db, q.OrderByDescending(g => g.Score).ThenBy(g => g.Id).Skip((page - 1) * PageSize).Take(PageSize), ct);
        return new PagedResult<GroupListItem>(total, page, PageSize, items);
    }

    /// <summary>
    /// The groups a data scope may see: a member unit those with a joint section in its sector (two members or more
    /// bidding there) or an alert on one of its sections; a group that only shows elsewhere answers 404.
    /// </summary>
    public static IQueryable<RiskGroup> VisibleGroups(JianguanDbContext db, IQueryable<RiskGroup> q, DataScope scope)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Kind == DataScopeKind.All)
        {
            return q;
        }

        var joint = from m in db.Set<RiskGroupMember>()
                    join b in scope.Apply(db.Bids) on m.EntityId equals b.BidderId
                    group b.BidderId by new { m.GroupId, b.SectionId } into x
                    where x.Distinct().Count() >= 2
                    select x.Key.GroupId;
        var alerted = Scoped(db, db.Set<RiskAlert>(), scope).Where(a => a.GroupKey != null).Select(a => a.GroupKey);
        return q.Where(g => joint.Contains(g.Id) || alerted.Contains(g.Key));
    }

    private static async Task<List<GroupListItem>> GroupItems(JianguanDbContext db, IQueryable<RiskGroup> q, CancellationToken ct)
    {
        var rows = await q.ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToArray();
        var members = (await db.Set<RiskGroupMember>().AsNoTracking().Where(m => ids.Contains(m.GroupId))
                .Select(m => new { m.GroupId, m.EntityId, m.Entity!.Name }).ToListAsync(ct))
            .GroupBy(m => m.GroupId).ToDictionary(g => g.Key, g => g.OrderBy(x => x.Name, StringComparer.Ordinal).Select(x => new EntityRef(x.EntityId, x.Name)).ToList());
        return [.. rows.Select(g => new GroupListItem(g.Id, GroupName(g.Id), g.Score, g.Level, AlertLabels.LevelName(g.Level),
            members.TryGetValue(g.Id, out var m) ? m.Count : 0, g.Cohesion, g.Exclusivity, g.JointSections, g.GroupWins, g.DistinctWinners,
            g.Rules.Length == 0 ? [] : g.Rules.Split('|'), m ?? []))];
    }

    public static async Task<GroupDetail?> GroupAsync(JianguanDbContext db, DataScope scope, long id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        var item = (await GroupItems(db, VisibleGroups(db, db.Set<RiskGroup>().AsNoTracking(), scope).Where(g => g.Id == id), ct)).FirstOrDefault();
        if (item is null)
        {
            return null;
        }

        var g = await db.Set<RiskGroup>().AsNoTracking().SingleAsync(x => x.Id == id, ct);
        var memberIds = item.MemberList.Select(m => m.Id).ToArray();
        var memberBids = await scope.Apply(db.Bids.AsNoTracking()).Where(b => memberIds.Contains(b.BidderId))
            .Select(b => new { b.SectionId, b.BidderId, Won = b.Section!.WinnerId == b.BidderId }).ToListAsync(ct);
        var scores = await db.Set<BidderRisk>().AsNoTracking().Where(r => memberIds.Contains(r.EntityId)).ToDictionaryAsync(r => r.EntityId, r => r.Score, ct);
        var focus = (await db.Set<FocusEntry>().AsNoTracking().Where(f => f.Active && memberIds.Contains(f.EntityId)).Select(f => f.EntityId).ToListAsync(ct)).ToHashSet();
        var members = item.MemberList.Select(m => new GroupMemberInfo(m.Id, m.Name, scores.TryGetValue(m.Id, out var s) ? s : null,
            memberBids.Count(b => b.BidderId == m.Id), memberBids.Count(b => b.BidderId == m.Id && b.Won), focus.Contains(m.Id))).ToList();
        var joint = memberBids.GroupBy(b => b.SectionId).Where(x => x.Select(b => b.BidderId).Distinct().Count() >= 2).ToList();
        var edges = new Dictionary<(long, long), int>();
        foreach (var section in joint)
        {
            var present = section.Select(b => b.BidderId).Distinct().Order().ToArray();
            for (var i = 0; i < present.Length; i++)
            {
                for (var j = i + 1; j < present.Length; j++)
                {
                    edges[(present[i], present[j])] = edges.GetValueOrDefault((present[i], present[j])) + 1;
                }
            }
        }

        var jointIds = joint.Select(x => x.Key).ToArray();
        var sectionRows = await db.Sections.AsNoTracking().Where(s => jointIds.Contains(s.Id))
            .OrderByDescending(s => s.BidOpenAt).ThenByDescending(s => s.Id).Take(100)
            .Select(s => new { s.Id, s.Code, s.Name, s.BidOpenAt, s.WinnerId, WinnerName = s.Winner == null ? null : s.Winner.Name })
            .ToListAsync(ct);
        var sections = sectionRows.Select(s => new JointSection(s.Id, s.Code, s.Name, s.BidOpenAt,
            joint.First(x => x.Key == s.Id).Select(b => b.BidderId).Distinct().Count(), s.WinnerName,
            s.WinnerId is { } w && memberIds.Contains(w))).ToList();
        var alerts = await Items(db, Scoped(db, db.Set<RiskAlert>().AsNoTracking(), scope).Where(a => a.GroupKey == g.Key)
            .OrderByDescending(a => a.Score).ThenBy(a => a.Id), ct);
        return new GroupDetail(item, members, [.. edges.Select(x => new NetworkEdge(x.Key.Item1, x.Key.Item2, x.Value)).OrderByDescending(x => x.Meetings)],
            alerts, sections, g.FirstSeenAt, g.LastSeenAt);
    }

    public static async Task<List<FocusInfo>> FocusAsync(JianguanDbContext db, bool activeOnly, long? entityId = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var q = db.Set<FocusEntry>().AsNoTracking();
        if (activeOnly)
        {
            q = q.Where(f => f.Active);
        }

        if (entityId is { } id)
        {
            q = q.Where(f => f.EntityId == id);
        }

        var rows = await q.Select(f => new
        {
            f.EntityId,
            f.Entity!.Name,
            f.Entity.CreditCode,
            f.Origin,
            f.Active,
            f.Reason,
            f.AddedAt,
            f.AddedBy,
            f.RemovedAt,
            f.RemovedBy,
            f.RemovedReason,
        }).ToListAsync(ct);
        var ids = rows.Select(r => r.EntityId).ToArray();
        var scores = await db.Set<BidderRisk>().AsNoTracking().Where(r => ids.Contains(r.EntityId)).ToDictionaryAsync(r => r.EntityId, r => r.Score, ct);
        return [.. rows
            .Select(f => new FocusInfo(f.EntityId, f.Name, f.CreditCode, f.Origin, f.Active, f.Reason, f.AddedAt, f.AddedBy, f.RemovedAt,
                f.RemovedBy, f.RemovedReason, scores.TryGetValue(f.EntityId, out var s) ? s : null))
            .OrderByDescending(f => f.Active).ThenByDescending(f => f.Score ?? 0).ThenBy(f => f.Name, StringComparer.Ordinal)];
    }

    public static async Task<List<FocusChangeInfo>> FocusHistoryAsync(JianguanDbContext db, long? entityId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var q = db.Set<FocusChange>().AsNoTracking();
        if (entityId is { } id)
        {
            q = q.Where(c => c.EntityId == id);
        }

        return await (from c in q
                      join e in db.MarketEntities.AsNoTracking() on c.EntityId equals e.Id
                      orderby c.Id descending
                      select new FocusChangeInfo(c.EntityId, e.Name, c.Added, c.Reason, c.Actor, c.At))
            .Take(100).ToListAsync(ct);
    }

    public static async Task<PagedResult<TrackingItem>> TrackingAsync(JianguanDbContext db, DataScope scope, int page, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        var q = db.Set<TrackingNotice>().AsNoTracking();
        if (scope.Kind != DataScopeKind.All)
        {
            var visible = scope.Apply(db.Sections).Select(s => s.Id);
            q = q.Where(n => visible.Contains(n.SectionId));
        }

        var total = await q.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var items = await (from n in q
                           join f in db.Set<FocusEntry>().AsNoTracking() on n.FocusEntryId equals f.Id
                           orderby n.Id descending
                           select new TrackingItem(n.Id, n.CreatedAt, n.SectionId, n.Section!.Code, n.Section.Name, n.Section.Project!.Name,
                               n.Section.BidOpenAt, n.EntityId, n.Entity!.Name, f.Reason))
            .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        return new PagedResult<TrackingItem>(total, page, PageSize, items);
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
