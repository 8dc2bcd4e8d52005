using Jianguan.Features.Trading;
using Jianguan.Platform.Scopes;

using Jianguan.Features.Warnings;
using Jianguan.Features.Profiles;

namespace Jianguan.Features.Focus;

public sealed record FocusInfo(
    long EntityId, string Name, string? CreditCode, FocusOrigin Origin, bool Active, string Reason, DateTimeOffset AddedAt,
    string AddedBy, DateTimeOffset? RemovedAt, string? RemovedBy, string? RemovedReason, double? Score);

public sealed record FocusChangeInfo(long EntityId, string Name, bool Added, string Reason, string Actor, DateTimeOffset At);


public sealed record TrackingItem(
    long Id, DateTimeOffset CreatedAt, long SectionId, string SectionCode, string? SectionName, string? ProjectName,
    DateTimeOffset? BidOpenAt, long EntityId, string EntityName, string FocusReason);

/// <summary>The read side of the focus list and tracking notices: shared by the pages and the API.</summary>
public static class FocusQueries
{
    public static async Task<List<FocusInfo>> FocusAsync(JianguanDbContext db, bool activeOnly, long? entityId = null, DataScope? scope = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var q = db.Set<FocusEntry>().AsNoTracking();
        if (scope is not null && scope.Kind != DataScopeKind.All)
        {
            // A sector sees the firms that bid in its sector, not the whole city's list (ADR-006; issue 17, low).
            var bidders = scope.Apply(db.Bids).Select(b => b.BidderId);
            q = q.Where(f => bidders.Contains(f.EntityId));
        }

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

    /// <summary>
    /// Changes of the focus list, newest first; a member unit's scope sees those of the firms that bid in its sector,
    /// as on the focus page (issue 17, low).
    /// </summary>
    public static async Task<List<FocusChangeInfo>> FocusHistoryAsync(JianguanDbContext db, long? entityId, DataScope? scope = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var q = db.Set<FocusChange>().AsNoTracking();
        if (scope is not null && scope.Kind != DataScopeKind.All)
        {
            var bidders = scope.Apply(db.Bids).Select(b => b.BidderId);
            q = q.Where(c => bidders.Contains(c.EntityId));
        }

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
        page = Math.Clamp(page, 1, Math.Max(1, (total + AlertQueries.PageSize - 1) / AlertQueries.PageSize));
        var items = await (from n in q
                           join f in db.Set<FocusEntry>().AsNoTracking() on n.FocusEntryId equals f.Id
                           orderby n.Id descending
                           select new TrackingItem(n.Id, n.CreatedAt, n.SectionId, n.Section!.Code, n.Section.Name, n.Section.Project!.Name,
                               n.Section.BidOpenAt, n.EntityId, n.Entity!.Name, f.Reason))
            .PageAt(page).ToListAsync(ct);
        return new PagedResult<TrackingItem>(total, page, AlertQueries.PageSize, items);
    }
}
