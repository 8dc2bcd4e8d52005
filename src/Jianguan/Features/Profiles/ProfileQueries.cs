using Jianguan.Features.Trading;
using Jianguan.Platform.Scopes;

using Jianguan.Features.Warnings;
using Jianguan.Features.Focus;
using Jianguan.Analytics.Data;

namespace Jianguan.Features.Profiles;

public sealed record BidHistoryItem(
    long SectionId, string SectionCode, string? SectionName, string? ProjectName, DateTimeOffset? BidOpenAt, decimal? Price,
    BidStatus Status, bool Won);

public sealed record CoBidder(long Id, string Name, int Meetings, int TheirWins, int MyWins);

public sealed record RiskInfo(double Score, AlertLevel Level, string LevelName, IReadOnlyList<string> Rules, DateTimeOffset AnalysedAt);

public sealed record GroupListItem(
    long Id, string Name, double Score, AlertLevel Level, string LevelName, int Members, double Cohesion, double Exclusivity,
    int JointSections, int GroupWins, int DistinctWinners, IReadOnlyList<string> Rules, IReadOnlyList<EntityRef> MemberList,
    bool WholeMarketScores = false);

public sealed record BidderProfile(
    EntityInfo Entity, string? LegalRepresentative, RiskInfo? Risk, FocusInfo? Focus, int Bids, int Wins,
    IReadOnlyList<BidHistoryItem> History, IReadOnlyList<CoBidder> CoBidders, IReadOnlyList<GroupListItem> Groups,
    IReadOnlyList<AlertListItem> Alerts, IReadOnlyList<FocusChangeInfo> FocusHistory, bool WholeMarketScores = false);

public sealed record NetworkEdge(long A, long B, int Meetings);

public sealed record GroupMemberInfo(long Id, string Name, double? Score, int Bids, int Wins, bool OnFocusList);

/// <summary>A section where two or more members bid; <see cref="Bidders"/> are those members (for the rotation chart).</summary>
public sealed record JointSection(long Id, string Code, string? Name, DateTimeOffset? BidOpenAt, int Members, string? WinnerName, bool MemberWon,
    long? WinnerId = null, IReadOnlyList<long>? Bidders = null);

public sealed record GroupDetail(
    GroupListItem Group, IReadOnlyList<GroupMemberInfo> Members, IReadOnlyList<NetworkEdge> Edges,
    IReadOnlyList<AlertListItem> Alerts, IReadOnlyList<JointSection> Sections, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt);


/// <summary>The read side of bidder profiles and suspect groups: shared by the pages and the API.</summary>
public static class ProfileQueries
{
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
        var alerts = await AlertQueries.Items(db, AlertQueries.Apply(await AlertQueries.ScopedAsync(db, db.Set<RiskAlert>().AsNoTracking(), scope, ct), new AlertFilter(Bidder: id, IncludeQuality: true))
            .OrderByDescending(a => a.Score).ThenByDescending(a => a.Id).Take(100), scope, ct);
        if (bidCount == 0 && alerts.Count == 0 && scope.Kind != DataScopeKind.All)
        {
            // The firm's name is public, but a profile with nothing of the scope in it would only confirm the id.
            return null;
        }

        var groupIds = db.Set<RiskGroupMember>().AsNoTracking().Where(m => m.EntityId == id).Select(m => m.GroupId);
        var groups = await GroupItems(db, VisibleGroups(db, db.Set<RiskGroup>().AsNoTracking(), scope).Where(g => groupIds.Contains(g.Id)), scope, ct);
        var focus = (await FocusQueries.FocusAsync(db, activeOnly: false, entityId: id, ct: ct)).FirstOrDefault();
        var focusHistory = await FocusQueries.FocusHistoryAsync(db, id, ct: ct);
        return new BidderProfile(
            new EntityInfo(e.Id, e.Name, e.CreditCode, e.CreditCodeValid || e.CreditCode is null),
            e.LegalRepresentative is { } legal && !scope.RevealsPersonalData ? Platform.Crypto.Masking.Name(legal) : e.LegalRepresentative,
            risk is null ? null : Risk(risk.Score, risk.Level, risk.Rules, risk.AnalysedAt), focus, bidCount, wins, history,
            [.. co.Select(c => new CoBidder(c.BidderId, c.Name, c.Meetings, c.TheirWins, c.MyWins))], groups, alerts, focusHistory,
            WholeMarketScores: scope.Kind != DataScopeKind.All);
    }

    private static RiskInfo Risk(double score, AlertLevel level, string rules, DateTimeOffset at) =>
        new(score, level, AlertLabels.LevelName(level), rules.Length == 0 ? [] : rules.Split('|'), at);

    public static async Task<PagedResult<GroupListItem>> GroupsAsync(JianguanDbContext db, DataScope scope, int page, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        var q = VisibleGroups(db, db.Set<RiskGroup>().AsNoTracking(), scope);
        var total = await q.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + AlertQueries.PageSize - 1) / AlertQueries.PageSize));
        var items = await GroupItems(db, q.OrderByDescending(g => g.Score).ThenBy(g => g.Id).PageAt(page), scope, ct);
        return new PagedResult<GroupListItem>(total, page, AlertQueries.PageSize, items);
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

        var joint = JointGroups(db, scope).Select(g => g.Id);
        var alerted = AlertQueries.Scoped(db, db.Set<RiskAlert>(), scope).Where(a => a.GroupKey != null).Select(a => a.GroupKey);
        return q.Where(g => joint.Contains(g.Id) || alerted.Contains(g.Key));
    }

    /// <summary>The groups with a joint section in a scope: two members or more bidding in one of its sections.</summary>
    public static IQueryable<RiskGroup> JointGroups(JianguanDbContext db, DataScope scope)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        var joint = from m in db.Set<RiskGroupMember>()
                    join b in scope.Apply(db.Bids) on m.EntityId equals b.BidderId
                    group b.BidderId by new { m.GroupId, b.SectionId } into x
                    where x.Distinct().Count() >= 2
                    select x.Key.GroupId;
        return db.Set<RiskGroup>().Where(g => joint.Contains(g.Id));
    }

    private static async Task<List<GroupListItem>> GroupItems(JianguanDbContext db, IQueryable<RiskGroup> q, DataScope scope, CancellationToken ct)
    {
        var rows = await q.ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToArray();
        var all = await db.Set<RiskGroupMember>().AsNoTracking().Where(m => ids.Contains(m.GroupId))
            .Select(m => new { m.GroupId, m.EntityId, m.Entity!.Name }).ToListAsync(ct);

        // A sector sees the members that bid in its sector and the joint sections there, not the whole city's
        // (ADR-006; issue 17, low: 17 joint sections reported where 13 were visible).
        // The counts (joint sections, wins, winners) too: issue 17, low. Score, cohesion and exclusivity stay the
        // engine's whole-market figures and say so (WholeMarketScores).
        Dictionary<long, (int Joint, int Wins, int Winners)>? joint = null;
        if (scope.Kind != DataScopeKind.All)
        {
            var entityIds = all.Select(m => m.EntityId).Distinct().ToArray();
            var bids = await scope.Apply(db.Bids.AsNoTracking()).Where(b => entityIds.Contains(b.BidderId))
                .Select(b => new { b.BidderId, b.SectionId, Won = b.Section!.WinnerId == b.BidderId }).Distinct().ToListAsync(ct);
            var bidders = bids.Select(b => b.BidderId).ToHashSet();
            var byGroup = all.GroupBy(m => m.GroupId).ToDictionary(g => g.Key, g => g.Select(m => m.EntityId).ToHashSet());
            joint = byGroup.ToDictionary(g => g.Key, g =>
            {
                var sections = bids.Where(b => g.Value.Contains(b.BidderId)).GroupBy(b => b.SectionId)
                    .Where(s => s.Select(b => b.BidderId).Distinct().Count() >= 2).ToList();
                var winners = sections.SelectMany(s => s.Where(b => b.Won).Select(b => b.BidderId)).ToList();
                return (sections.Count, sections.Count(s => s.Any(b => b.Won)), winners.Distinct().Count());
            });
            all = [.. all.Where(m => bidders.Contains(m.EntityId))];
        }

        var members = all
            .GroupBy(m => m.GroupId).ToDictionary(g => g.Key, g => g.OrderBy(x => x.Name, StringComparer.Ordinal).Select(x => new EntityRef(x.EntityId, x.Name)).ToList());
        return [.. rows.Select(g => new GroupListItem(g.Id, AlertQueries.GroupName(g.Id), g.Score, g.Level, AlertLabels.LevelName(g.Level),
            members.TryGetValue(g.Id, out var m) ? m.Count : 0, g.Cohesion, g.Exclusivity,
            joint is null ? g.JointSections : joint.GetValueOrDefault(g.Id).Joint,
            joint is null ? g.GroupWins : joint.GetValueOrDefault(g.Id).Wins,
            joint is null ? g.DistinctWinners : joint.GetValueOrDefault(g.Id).Winners,
            g.Rules.Length == 0 ? [] : g.Rules.Split('|'), m ?? [], WholeMarketScores: joint is not null))];
    }

    public static async Task<GroupDetail?> GroupAsync(JianguanDbContext db, DataScope scope, long id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        var item = (await GroupItems(db, VisibleGroups(db, db.Set<RiskGroup>().AsNoTracking(), scope).Where(g => g.Id == id), scope, ct)).FirstOrDefault();
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
            s.WinnerId is { } w && memberIds.Contains(w), s.WinnerId, [.. joint.First(x => x.Key == s.Id).Select(b => b.BidderId).Distinct()])).ToList();
        var alerts = await AlertQueries.Items(db, (await AlertQueries.ScopedAsync(db, db.Set<RiskAlert>().AsNoTracking(), scope, ct)).Where(a => a.GroupKey == g.Key)
            .OrderByDescending(a => a.Score).ThenBy(a => a.Id), scope, ct);
        return new GroupDetail(item, members, [.. edges.Select(x => new NetworkEdge(x.Key.Item1, x.Key.Item2, x.Value)).OrderByDescending(x => x.Meetings)],
            alerts, sections, g.FirstSeenAt, g.LastSeenAt);
    }
}
