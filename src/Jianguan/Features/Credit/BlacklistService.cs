using Jianguan.Platform.Numbering;
using Jianguan.Platform.Time;
using Jianguan.Platform.Workflow;
using EngineBlacklist = Jianguan.Analytics.Rules.Blacklist;
using EngineEntry = Jianguan.Analytics.Rules.BlacklistEntry;

namespace Jianguan.Features.Credit;

/// <summary>A credit operation refused for a reason the user can fix; the message is Chinese and names the field.</summary>
public sealed class CreditException(string message, bool conflict = false) : Exception(message)
{
    /// <summary>The record is not in a state that allows this (409), rather than bad input (400).</summary>
    public bool Conflict { get; } = conflict;
}

/// <summary>What a listing is created with (form, API, import, a penalty decision).</summary>
public sealed record BlacklistInput(
    CreditSubjectType SubjectType,
    string? Name,
    string? CreditCode,
    string? IdNumber,
    string? Reason,
    string? Basis,
    BlacklistSeverity Severity,
    DateOnly? StartOn,
    DateOnly? EndOn,
    bool? Published = null,
    string? Restriction = null,
    string? Authority = null,
    string? DocumentNumber = null,
    long? PenaltyId = null,
    string? NationalCode = null);

/// <summary>
/// The credit blacklist (clause 五(十三)): listing with the periods of RULES §5, the state machine active → expired |
/// repaired | revoked (history in <c>BlacklistTransitions</c>), and what the warning engine checks bids against.
/// </summary>
public static class BlacklistService
{
    public const string NumberPrefix = "HMD";

    public static readonly TransitionTable<BlacklistState, BlacklistAction> Table = new(
    [
        new(BlacklistState.Active, BlacklistAction.Expire, BlacklistState.Expired, CreditPolicies.Manage, ReasonRequired: false, "credit.blacklist.expire"),
        new(BlacklistState.Active, BlacklistAction.Repair, BlacklistState.Repaired, CreditPolicies.Manage, ReasonRequired: true, "credit.blacklist.repair"),
        new(BlacklistState.Active, BlacklistAction.Revoke, BlacklistState.Revoked, CreditPolicies.Manage, ReasonRequired: true, "credit.blacklist.revoke"),
        new(BlacklistState.Expired, BlacklistAction.Revoke, BlacklistState.Revoked, CreditPolicies.Manage, ReasonRequired: true, "credit.blacklist.revoke"),
        new(BlacklistState.Repaired, BlacklistAction.Revoke, BlacklistState.Revoked, CreditPolicies.Manage, ReasonRequired: true, "credit.blacklist.revoke"),
    ]);

    public static readonly StateMachine<BlacklistEntry, BlacklistState, BlacklistAction> Machine = new("blacklist", "失信名单记录", Table,
        e => e.Id, e => e.State, CreditLabels.StateName, CreditLabels.ActionName,
        t => new BlacklistTransition { EntryId = t.SubjectId, From = t.From, To = t.To, Reason = t.Reason, Actor = t.Actor, At = t.At });

    public static string Link(long id) => "/Credit/" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The period a severity allows (RULES §5), as (shortest, longest) last day for a start day.</summary>
    public static (DateOnly Shortest, DateOnly Longest) PeriodBounds(BlacklistSeverity severity, DateOnly start) => severity switch
    {
        // The last day of a period of N months is the day before the same date N months on (民法典 art. 203).
        BlacklistSeverity.Minor => (start, start.AddMonths(3).AddDays(-1)),
        BlacklistSeverity.General => (start.AddMonths(3).AddDays(-1), start.AddYears(1).AddDays(-1)),
        _ => (start.AddYears(1).AddDays(-1), start.AddYears(3).AddDays(-1)),
    };

    /// <summary>The usual end when none is given: the longest period of the severity.</summary>
    public static DateOnly DefaultEnd(BlacklistSeverity severity, DateOnly start) => PeriodBounds(severity, start).Longest;

    /// <summary>Checks and lists an entry (state active); numbered HMD-YYYY-NNNNNN, audited as <c>credit.blacklist.create</c>.</summary>
    public static async Task<BlacklistEntry> CreateAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, BlacklistInput input,
        DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(input);
        var entry = await BuildAsync(db, actor, input, now, ct);
        await using var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        entry.Number = await CaseNumbers.NextAsync(db, NumberPrefix, ChinaTime.ToChina(now).Year, null, ct);
        db.Add(entry);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(db, actor, "credit.blacklist.create", Machine.Target(entry.Id),
            new { entry.Number, entry.Name, severity = CreditLabels.SeverityName(entry.Severity), start = entry.StartOn, end = entry.EndOn, entry.PenaltyId }, ct);
        if (owned is not null)
        {
            await owned.CommitAsync(ct);
        }

        return entry;
    }

    private static async Task<BlacklistEntry> BuildAsync(JianguanDbContext db, AuditActor actor, BlacklistInput input, DateTimeOffset now, CancellationToken ct)
    {
        var name = Required(input.Name, "名称", 200);
        var code = Optional(input.CreditCode, "统一社会信用代码", 32)?.ToUpperInvariant();
        var id = Optional(input.IdNumber, "身份证号码", 32)?.ToUpperInvariant();
        if (input.SubjectType == CreditSubjectType.Entity && code is not null && code.Length != 18)
        {
            throw new CreditException("统一社会信用代码：应为 18 位。");
        }

        if (input.SubjectType == CreditSubjectType.Person)
        {
            code = null;
        }
        else
        {
            id = null;
        }

        var start = input.StartOn ?? throw new CreditException("列入日期：必填。");
        var (shortest, longest) = PeriodBounds(input.Severity, start);
        var end = input.EndOn ?? longest;
        if (end < shortest || end > longest)
        {
            throw new CreditException($"惩戒截止日期：{CreditLabels.SeverityName(input.Severity)}失信的惩戒期为{CreditLabels.SeverityPeriod(input.Severity)}，" +
                $"自 {ChinaTime.FormatDate(start)} 起应在 {ChinaTime.FormatDate(shortest)} 至 {ChinaTime.FormatDate(longest)} 之间。");
        }

        if (input.PenaltyId is { } penalty && !await db.Set<PenaltyDecision>().AnyAsync(p => p.Id == penalty, ct))
        {
            throw new CreditException("来源处罚决定：没有该决定。");
        }

        var organisation = actor.UserId is null ? null
            : await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => u.OrganisationId).FirstOrDefaultAsync(ct);
        return new BlacklistEntry
        {
            Number = "",
            SubjectType = input.SubjectType,
            Name = name,
            CreditCode = code,
            IdNumber = id,
            Reason = Required(input.Reason, "列入事由", 2000),
            Basis = Required(input.Basis, "列入依据", 1000),
            Severity = input.Severity,
            StartOn = start,
            EndOn = end,
            State = BlacklistState.Active,
            Published = input.Published ?? input.Severity != BlacklistSeverity.Minor,
            Restriction = Optional(input.Restriction, "限制行为", 500),
            Authority = Optional(input.Authority, "认定部门", 200),
            DocumentNumber = Optional(input.DocumentNumber, "决定文号", 100),
            PenaltyId = input.PenaltyId,
            NationalCode = Optional(input.NationalCode, "黑名单标识号", 64),
            OrganisationId = organisation,
            CreatedBy = actor.UserName,
            CreatedAt = now.ToUniversalTime(),
        };
    }

    /// <summary>
    /// Expire, repair or revoke. Repair and revocation take effect on <paramref name="effectiveOn"/> (default today):
    /// the listing punishes up to the day before, so a bid made from that day on is no longer flagged while one made
    /// before still is; a revoked listing never punishes.
    /// </summary>
    public static async Task<TransitionRecord<BlacklistState, BlacklistAction>> TransitionAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor,
        long id, BlacklistAction action, string? reason, DateOnly? effectiveOn, DateTimeOffset now, CancellationToken ct = default) =>
        (await TransitionAsync(db, audit, actor, id, action, reason, effectiveOn, now, reevaluateAlerts: true, ct)).Record;

    /// <summary>
    /// The transition; with <paramref name="reevaluateAlerts"/> false the caller judges the stored alerts itself
    /// (once for a whole import, <see cref="BlacklistAlerts.ReevaluateAsync(JianguanDbContext, AuditTrail, AuditActor, IReadOnlyList{BlacklistChange}, DateTimeOffset, CancellationToken)"/>)
    /// inside the same transaction, and gets the change to judge.
    /// </summary>
    internal static async Task<(TransitionRecord<BlacklistState, BlacklistAction> Record, BlacklistChange? Change)> TransitionAsync(JianguanDbContext db,
        AuditTrail audit, AuditActor actor, long id, BlacklistAction action, string? reason, DateOnly? effectiveOn, DateTimeOffset now, bool reevaluateAlerts,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var entry = await db.Set<BlacklistEntry>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct)
            ?? throw new KeyNotFoundException("blacklist entry");
        var plan = Machine.Plan(id, entry.State, action, reason);
        var today = ChinaTime.DateOf(now);
        var on = effectiveOn ?? today;
        if (action == BlacklistAction.Repair && (on < entry.StartOn || on > today))
        {
            throw new CreditException("信用修复生效日期：应在列入日期之后，且不晚于今日。");
        }

        if (action == BlacklistAction.Expire && today <= entry.EndOn)
        {
            throw new CreditException($"惩戒期至 {ChinaTime.FormatDate(entry.EndOn)} 届满，届满前不能期满移出。", conflict: true);
        }

        DateOnly? ended = action switch
        {
            BlacklistAction.Repair => on,
            BlacklistAction.Revoke => entry.EndedOn ?? today,
            _ => null,
        };
        // The listing's change and the re-evaluation of the alerts that relied on it commit together (ADR-019).
        await using var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var record = await Machine.ExecuteAsync(db, plan, audit, actor, now, new TransitionOptions<BlacklistEntry>
        {
            AlsoSet = ended is { } day ? s => s.SetProperty(e => e.EndedOn, day) : null,
            AuditDetail = new { from = plan.From.ToString(), to = plan.To.ToString(), reason = plan.Reason, effective = ended },
        }, ct);
        var change = action is BlacklistAction.Repair or BlacklistAction.Revoke ? new BlacklistChange(entry, action, ended) : null;
        if (change is not null && reevaluateAlerts)
        {
            await BlacklistAlerts.ReevaluateAsync(db, audit, actor, [change], now, ct);
        }

        if (owned is not null)
        {
            await owned.CommitAsync(ct);
        }

        return (record, change);
    }

    /// <summary>Moves active listings whose period ended before today (China time) to expired (the daily job).</summary>
    public static async Task<int> ExpireDueAsync(JianguanDbContext db, AuditTrail audit, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var today = ChinaTime.DateOf(now);
        var due = await db.Set<BlacklistEntry>().AsNoTracking().Where(e => e.State == BlacklistState.Active && e.EndOn < today)
            .OrderBy(e => e.Id).Select(e => e.Id).ToListAsync(ct);
        var count = 0;
        foreach (var id in due)
        {
            try
            {
                await TransitionAsync(db, audit, AuditActor.System, id, BlacklistAction.Expire, "惩戒期届满", null, now, ct);
                count++;
            }
            catch (WorkflowRefusedException)
            {
                // Changed by a person meanwhile: their transition stands.
                db.ChangeTracker.Clear();
            }
        }

        return count;
    }

    /// <summary>Listings that punish on <paramref name="day"/> (the public page, the participation check).</summary>
    public static IQueryable<BlacklistEntry> ActiveOn(IQueryable<BlacklistEntry> entries, DateOnly day) =>
        entries.Where(e => e.State != BlacklistState.Revoked && e.StartOn <= day && e.EndOn >= day
            && (e.EndedOn == null || e.EndedOn > day));

    /// <summary>
    /// The stored listings as the warning engine reads a <c>--blacklist</c> file: listing date, end date, and the
    /// day a repair took effect folded into the end (the engine flags a bid whose day falls inside). Revoked listings
    /// are left out: a listing found wrong punishes nobody. The platform's market table names bidders by their entity
    /// id, so each listing is matched here to the market entities it concerns (by credit code when the listing has
    /// one, else by normalised name) and handed to the engine under their ids. Null when nothing is to be checked.
    /// </summary>
    public static async Task<EngineBlacklist?> EngineListAsync(JianguanDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.Set<BlacklistEntry>().AsNoTracking()
            .Where(e => e.State != BlacklistState.Revoked && e.SubjectType == CreditSubjectType.Entity)
            .Select(e => new { e.Name, e.CreditCode, e.StartOn, e.EndOn, e.EndedOn, e.Reason })
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            return null;
        }

        var match = await EntityMatcherAsync(db, ct);
        var entries = new List<EngineEntry>();
        foreach (var e in rows)
        {
            var end = e.EndedOn is { } ended && ended <= e.EndOn ? ended.AddDays(-1) : e.EndOn;
            if (end < e.StartOn)
            {
                continue;
            }

            var code = e.CreditCode?.Trim().ToUpperInvariant();
            foreach (var id in match(e.Name, e.CreditCode))
            {
                entries.Add(new EngineEntry(id.ToString(CultureInfo.InvariantCulture), code, e.StartOn, end, e.Reason));
            }
        }

        return entries.Count == 0 ? null : new EngineBlacklist(entries);
    }

    /// <summary>
    /// Matches a listing to the market entities it concerns: by credit code when the listing has one that the market
    /// knows, else by the engine's normalised name (one place for the analysis and the re-evaluation of stored alerts).
    /// </summary>
    internal static async Task<Func<string, string?, IReadOnlyList<long>>> EntityMatcherAsync(JianguanDbContext db, CancellationToken ct)
    {
        var entities = await db.MarketEntities.AsNoTracking().Select(m => new { m.Id, m.Name, m.CreditCode }).ToListAsync(ct);
        var byCode = entities.Where(m => !string.IsNullOrWhiteSpace(m.CreditCode))
            .ToLookup(m => m.CreditCode!.Trim().ToUpperInvariant(), m => m.Id, StringComparer.Ordinal);
        var byName = entities.Select(m => (m.Id, Key: EngineBlacklist.NormaliseName(m.Name)))
            .Where(m => m.Key is not null).ToLookup(m => m.Key!, m => m.Id, StringComparer.Ordinal);
        return (name, creditCode) =>
        {
            var code = creditCode?.Trim().ToUpperInvariant();
            var ids = code is { Length: > 0 } && byCode.Contains(code) ? byCode[code]
                : EngineBlacklist.NormaliseName(name) is { } key ? byName[key] : [];
            return [.. ids.Distinct()];
        };
    }

    internal static string Required(string? value, string field, int max) =>
        Optional(value, field, max) ?? throw new CreditException($"{field}：必填。");

    internal static string? Optional(string? value, string field, int max)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return text.Length > max ? throw new CreditException($"{field}：不能超过 {max} 个字。") : text;
    }
}
