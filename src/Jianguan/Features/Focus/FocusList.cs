using Jianguan.Features.Warnings;
using Jianguan.Features.Profiles;

namespace Jianguan.Features.Focus;

/// <summary>
/// 重点关注对象名单. Derived from the alert history: a firm named by a red alert first raised in the last 12 months
/// (not dismissed), or with a bidder score in the red band, is put on the list. The office (公管办) adds firms and
/// removes them with a reason; a removal stands until a new red alert arrives after it. Every change is kept as
/// history and in the audit chain.
/// </summary>
public static class FocusList
{
    public const int WindowMonths = 12;

    /// <summary>Bidder scores from here on (the red band) put a firm on the list.</summary>
    public const double ScoreThreshold = 70;

    public const string SystemActor = "system";

    public static Task<(int Added, int Removed)> DeriveAsync(JianguanDbContext db, TimeProvider clock, AuditTrail audit,
        AuditActor actor, CancellationToken ct = default) => DeriveAsync(db, clock, audit, actor, null, ct);

    /// <param name="entities">Only these firms (an incremental analysis: the bidders of the pushed sections); null: all.</param>
    public static async Task<(int Added, int Removed)> DeriveAsync(JianguanDbContext db, TimeProvider clock, AuditTrail audit,
        AuditActor actor, IReadOnlyCollection<long>? entities, CancellationToken ct = default)
    {
        var only = entities?.ToArray();
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(audit);
        var now = clock.GetUtcNow().ToUniversalTime();
        var since = now.AddMonths(-WindowMonths);
        var red = await (
                from ab in db.Set<RiskAlertBidder>()
                join a in db.Set<RiskAlert>() on ab.AlertId equals a.Id
                where a.Level == AlertLevel.Red && a.State != AlertState.Dismissed && a.FirstSeenAt >= since
                    && (only == null || only.Contains(ab.EntityId))
                group a by ab.EntityId into g
                select new { EntityId = g.Key, Count = g.Count(), Latest = g.Max(a => a.FirstSeenAt) })
            .ToDictionaryAsync(x => x.EntityId, ct);
        var scored = await db.Set<BidderRisk>().AsNoTracking()
            .Where(r => r.Score >= ScoreThreshold && r.AnalysedAt >= since && (only == null || only.Contains(r.EntityId)))
            .ToDictionaryAsync(r => r.EntityId, r => r.Score, ct);
        var entries = await db.Set<FocusEntry>().Where(e => only == null || only.Contains(e.EntityId)).ToDictionaryAsync(e => e.EntityId, ct);
        var added = new List<long>();
        var removed = new List<long>();
        foreach (var entity in red.Keys.Union(scored.Keys).Order())
        {
            var reason = Reason(red.TryGetValue(entity, out var r) ? r.Count : 0, scored.TryGetValue(entity, out var score) ? score : null);
            if (!entries.TryGetValue(entity, out var entry))
            {
                db.Set<FocusEntry>().Add(new FocusEntry
                {
                    EntityId = entity,
                    Origin = FocusOrigin.Derived,
                    Reason = reason,
                    AddedAt = now,
                    AddedBy = SystemActor,
                });
            }
            else if (!entry.Active && (entry.RemovedBy == SystemActor || (r is not null && entry.RemovedAt is { } at && r.Latest > at)))
            {
                // A removal by the office stands, unless a red alert arrived after it.
                entry.Active = true;
                entry.Origin = FocusOrigin.Derived;
                entry.Reason = reason;
                entry.AddedAt = now;
                entry.AddedBy = SystemActor;
                entry.RemovedAt = null;
                entry.RemovedBy = null;
                entry.RemovedReason = null;
            }
            else
            {
                continue;
            }

            db.Set<FocusChange>().Add(new FocusChange { EntityId = entity, Added = true, Reason = reason, Actor = SystemActor, At = now });
            added.Add(entity);
        }

        foreach (var entry in entries.Values.Where(e => e.Active && e.Origin == FocusOrigin.Derived && !red.ContainsKey(e.EntityId) && !scored.ContainsKey(e.EntityId)))
        {
            const string why = "近12个月无未排除的红色预警，且风险分低于阈值，自动移出";
            entry.Active = false;
            entry.RemovedAt = now;
            entry.RemovedBy = SystemActor;
            entry.RemovedReason = why;
            db.Set<FocusChange>().Add(new FocusChange { EntityId = entry.EntityId, Added = false, Reason = why, Actor = SystemActor, At = now });
            removed.Add(entry.EntityId);
        }

        if (added.Count + removed.Count > 0)
        {
            await audit.RecordAsync(db, actor, "focus.derive", "focus-list",
                new { added = added.Take(500), removed = removed.Take(500), addedCount = added.Count, removedCount = removed.Count }, ct);
        }

        return (added.Count, removed.Count);
    }

    /// <summary>The office adds a firm (or puts a removed one back) with a reason.</summary>
    public static async Task<FocusEntry> AddAsync(JianguanDbContext db, long entityId, string? reason, AuditTrail audit, AuditActor actor,
        TimeProvider clock, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(clock);
        reason = Clean(reason) ?? throw new AlertRuleException("请填写列入重点关注名单的理由。");
        if (!await db.MarketEntities.AnyAsync(e => e.Id == entityId, ct))
        {
            throw new AlertRuleException("找不到该市场主体。");
        }

        var now = clock.GetUtcNow().ToUniversalTime();
        var entry = await db.Set<FocusEntry>().FirstOrDefaultAsync(e => e.EntityId == entityId, ct);
        if (entry is { Active: true })
        {
            throw new AlertRuleException("该主体已在重点关注名单中。");
        }

        if (entry is null)
        {
            entry = new FocusEntry { EntityId = entityId, Reason = reason, AddedBy = actor.UserName };
            db.Set<FocusEntry>().Add(entry);
        }

        entry.Active = true;
        entry.Origin = FocusOrigin.Manual;
        entry.Reason = reason;
        entry.AddedAt = now;
        entry.AddedBy = actor.UserName;
        entry.RemovedAt = null;
        entry.RemovedBy = null;
        entry.RemovedReason = null;
        db.Set<FocusChange>().Add(new FocusChange { EntityId = entityId, Added = true, Reason = reason, Actor = actor.UserName, At = now });
        await audit.RecordAsync(db, actor, "focus.add", "entity:" + entityId.ToString(CultureInfo.InvariantCulture), new { reason }, ct);
        return entry;
    }

    /// <summary>The office removes a firm with a reason; the entry is kept, inactive.</summary>
    public static async Task<FocusEntry> RemoveAsync(JianguanDbContext db, long entityId, string? reason, AuditTrail audit, AuditActor actor,
        TimeProvider clock, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(clock);
        reason = Clean(reason) ?? throw new AlertRuleException("请填写移出重点关注名单的理由。");
        var entry = await db.Set<FocusEntry>().FirstOrDefaultAsync(e => e.EntityId == entityId && e.Active, ct)
            ?? throw new AlertRuleException("该主体不在重点关注名单中。");
        var now = clock.GetUtcNow().ToUniversalTime();
        entry.Active = false;
        entry.RemovedAt = now;
        entry.RemovedBy = actor.UserName;
        entry.RemovedReason = reason;
        db.Set<FocusChange>().Add(new FocusChange { EntityId = entityId, Added = false, Reason = reason, Actor = actor.UserName, At = now });
        await audit.RecordAsync(db, actor, "focus.remove", "entity:" + entityId.ToString(CultureInfo.InvariantCulture), new { reason }, ct);
        return entry;
    }

    private static string Reason(int redAlerts, double? score)
    {
        var parts = new List<string>();
        if (redAlerts > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"近12个月红色预警 {redAlerts} 条"));
        }

        if (score is { } s)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"风险分 {s:0.0}"));
        }

        return "依预警记录自动列入：" + string.Join("；", parts);
    }

    internal static string? Clean(string? text)
    {
        var t = text?.Trim();
        return string.IsNullOrEmpty(t) ? null : t.Length <= 1000 ? t : t[..1000];
    }
}

/// <summary>跟踪提示: every newly imported section with a participant on the focus list raises a notice, once.</summary>
public static class Tracking
{
    public static async Task<int> RaiseAsync(JianguanDbContext db, IReadOnlyCollection<long> sections, TimeProvider clock, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(clock);
        if (sections.Count == 0 || !await db.Set<FocusEntry>().AnyAsync(e => e.Active, ct))
        {
            return 0;
        }

        var now = clock.GetUtcNow().ToUniversalTime();
        var raised = 0;
        foreach (var chunk in sections.Order().Chunk(MarketTableLoader.SectionBatch))
        {
            var hits = await (
                    from b in db.Bids.AsNoTracking()
                    join f in db.Set<FocusEntry>().AsNoTracking() on b.BidderId equals f.EntityId
                    where f.Active && chunk.Contains(b.SectionId)
                    select new { b.SectionId, b.BidderId, FocusId = f.Id })
                .ToListAsync(ct);
            if (hits.Count == 0)
            {
                continue;
            }

            var ids = hits.Select(h => h.SectionId).Distinct().ToArray();
            var known = (await db.Set<TrackingNotice>().AsNoTracking().Where(n => ids.Contains(n.SectionId))
                    .Select(n => new { n.SectionId, n.EntityId }).ToListAsync(ct))
                .Select(n => (n.SectionId, n.EntityId)).ToHashSet();
            foreach (var h in hits.DistinctBy(h => (h.SectionId, h.BidderId)))
            {
                if (known.Add((h.SectionId, h.BidderId)))
                {
                    db.Set<TrackingNotice>().Add(new TrackingNotice
                    {
                        SectionId = h.SectionId,
                        EntityId = h.BidderId,
                        FocusEntryId = h.FocusId,
                        CreatedAt = now,
                    });
                    raised++;
                }
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        return raised;
    }
}
