using Jianguan.Features.Warnings;
using Jianguan.Platform.Time;
using Jianguan.Platform.Workflow;

namespace Jianguan.Features.Credit;

/// <summary>What re-evaluating a listing's stored alerts did.</summary>
public sealed record BlacklistAlertOutcome(int Kept, int Closed, int Sections)
{
    public static readonly BlacklistAlertOutcome None = new(0, 0, 0);
}

/// <summary>A listing that stopped punishing: how (repair or revocation) and from which day.</summary>
public sealed record BlacklistChange(BlacklistEntry Entry, BlacklistAction Action, DateOnly? EndedOn);

/// <summary>
/// When a listing is repaired or revoked, the stored alerts of the blacklist rule (<c>flag.blacklisted</c>) that
/// concern its entities are judged again at once instead of at the next analysis (ADR-019): the rule is re-run over
/// the sections of those alerts against the listings as they now stand. An alert the rule still raises (a bid made
/// before the repair took effect) stays, its evidence showing the shortened period; one it no longer raises is
/// dismissed by the system with the reason on its history, unless a person already dismissed it or converted it to a
/// clue (a clue is a person's decision and stays theirs).
/// </summary>
public static class BlacklistAlerts
{
    public const string RuleCode = "flag.blacklisted";

    /// <summary>Runs inside the caller's transaction (the listing's transition), which the alert store requires.</summary>
    public static Task<BlacklistAlertOutcome> ReevaluateAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, BlacklistEntry entry,
        BlacklistAction action, DateOnly? endedOn, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return ReevaluateAsync(db, audit, actor, [new BlacklistChange(entry, action, endedOn)], now, ct);
    }

    /// <summary>
    /// The stored alerts of every listing in <paramref name="changes"/> judged in one pass (one market load, one rule
    /// run, one audit entry): an import of the national withdrawals ends hundreds of listings at once, and judging
    /// each alone would reload the same sections for every row. Runs inside the caller's transaction.
    /// </summary>
    public static async Task<BlacklistAlertOutcome> ReevaluateAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor,
        IReadOnlyList<BlacklistChange> changes, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(changes);
        var changed = changes.Where(c => c.Entry.SubjectType == CreditSubjectType.Entity).ToList();
        if (changed.Count == 0 || db.Database.CurrentTransaction is null)
        {
            return BlacklistAlertOutcome.None;
        }

        var match = await BlacklistService.EntityMatcherAsync(db, ct);
        // The change that explains an entity's alerts: the first listing of the batch naming it.
        var byEntity = new Dictionary<long, BlacklistChange>();
        foreach (var change in changed)
        {
            foreach (var id in match(change.Entry.Name, change.Entry.CreditCode))
            {
                byEntity.TryAdd(id, change);
            }
        }

        if (byEntity.Count == 0)
        {
            return BlacklistAlertOutcome.None;
        }

        var entities = byEntity.Keys.ToList();
        var stored = await db.Set<RiskAlert>().AsNoTracking()
            .Where(a => a.RuleCode == RuleCode && a.SectionId != null && a.Bidders.Any(b => entities.Contains(b.EntityId)))
            .Select(a => new { a.Id, a.Key, a.State, SectionId = a.SectionId!.Value, Entities = a.Bidders.Select(b => b.EntityId).ToList() })
            .ToListAsync(ct);
        if (stored.Count == 0)
        {
            return BlacklistAlertOutcome.None;
        }

        var sections = stored.Select(a => a.SectionId).Distinct().ToList();
        var market = await MarketTableLoader.LoadAsync(db, sections, null, ct);
        var listings = await BlacklistService.EngineListAsync(db, ct);
        var concerned = byEntity.Keys.ToHashSet();
        var fresh = listings is null ? []
            : listings.Check(market.Table).Where(a => a.Bidders.Any(b => concerned.Contains(market.EntityIds[b]))).ToList();
        var keys = fresh.Select(a => AlertKeys.Of(a, market)).ToHashSet(StringComparer.Ordinal);
        var at = now.ToUniversalTime();
        if (fresh.Count > 0)
        {
            // Same keys as the stored rows: only the evidence (the listing's period, now shorter) is refreshed.
            await AlertStore.StoreAlertsAsync(db, market, fresh, [], at, ct);
        }

        var closed = 0;
        foreach (var alert in stored.Where(a => !keys.Contains(a.Key) && a.State is AlertState.New or AlertState.UnderReview))
        {
            var (entry, action, endedOn) = alert.Entities.Where(byEntity.ContainsKey).Select(e => byEntity[e]).First();
            var reason = action == BlacklistAction.Repair
                ? $"失信名单记录 {entry.Number} 已信用修复，自 {ChinaTime.FormatDate(endedOn ?? ChinaTime.DateOf(now))} 起不再惩戒，本预警所涉投标不在惩戒期内，系统自动排除。"
                : $"失信名单记录 {entry.Number} 已撤销，不再作为预警依据，系统自动排除。";
            try
            {
                if (alert.State == AlertState.New)
                {
                    await AlertWorkflow.Machine.ExecuteAsync(db, AlertWorkflow.Machine.Plan(alert.Id, AlertState.New, AlertAction.StartReview, null), audit,
                        AuditActor.System, at, new TransitionOptions<RiskAlert> { AlsoSet = s => s.SetProperty(a => a.StateChangedAt, at) }, ct);
                }

                await AlertWorkflow.Machine.ExecuteAsync(db, AlertWorkflow.Machine.Plan(alert.Id, AlertState.UnderReview, AlertAction.Dismiss, reason), audit,
                    AuditActor.System, at, new TransitionOptions<RiskAlert>
                    {
                        AlsoSet = s => s.SetProperty(a => a.StateChangedAt, at),
                        AuditDetail = new { from = nameof(AlertState.UnderReview), to = nameof(AlertState.Dismissed), reason, listing = entry.Number },
                    }, ct);
                closed++;
            }
            catch (WorkflowRefusedException)
            {
                // A person acted on the alert meanwhile (the guarded update changed nothing): their decision stands.
            }
        }

        var outcome = new BlacklistAlertOutcome(stored.Count(a => keys.Contains(a.Key)), closed, sections.Count);
        if (changed.Count == 1)
        {
            await audit.RecordAsync(db, actor, "credit.blacklist.reevaluate", BlacklistService.Machine.Target(changed[0].Entry.Id),
                new { changed[0].Entry.Number, kept = outcome.Kept, closed = outcome.Closed, sections = outcome.Sections }, ct);
        }
        else
        {
            await audit.RecordAsync(db, actor, "credit.blacklist.reevaluate", "blacklist",
                new { listings = changed.Select(c => c.Entry.Number).ToList(), kept = outcome.Kept, closed = outcome.Closed, sections = outcome.Sections }, ct);
        }

        return outcome;
    }
}
