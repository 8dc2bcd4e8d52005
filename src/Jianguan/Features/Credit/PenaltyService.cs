using Jianguan.Platform.Inbox;
using Jianguan.Platform.Numbering;
using Jianguan.Platform.Time;
using Jianguan.Platform.Workflow;

namespace Jianguan.Features.Credit;

/// <summary>What registering a decision collects.</summary>
public sealed record PenaltyInput(
    string? DocumentNumber,
    string? EntityName,
    string? CreditCode,
    string? Facts,
    string? LegalBasis,
    string? Result,
    DateOnly? DecidedOn,
    int? OrganisationId = null);

/// <summary>One member unit's copy of a decision and who of the unit read it, when.</summary>
public sealed record PenaltyReceipt(int OrganisationId, string Organisation, DateTimeOffset SentAt, IReadOnlyList<(string Reader, DateTimeOffset ReadAt)> Reads);

/// <summary>
/// Penalty decisions (clause 五(十二)): registered by the deciding unit, published (public page) and at the same
/// time copied (抄送) to every other member unit through the inbox; a copy's read receipts are the inbox's own
/// (<c>NotificationReads</c>), so who read it when is what the member's officers actually did.
/// </summary>
public static class PenaltyService
{
    public const string NumberPrefix = "CF";
    public const string CopyKind = "penalty.copy";

    public static readonly TransitionTable<PenaltyState, PenaltyAction> Table = new(
    [
        new(PenaltyState.Registered, PenaltyAction.Publish, PenaltyState.Published, CreditPolicies.Manage, ReasonRequired: false, "penalty.publish"),
        new(PenaltyState.Published, PenaltyAction.Withdraw, PenaltyState.Withdrawn, CreditPolicies.Manage, ReasonRequired: true, "penalty.withdraw"),
    ]);

    public static readonly StateMachine<PenaltyDecision, PenaltyState, PenaltyAction> Machine = new("penalty", "处罚决定", Table,
        p => p.Id, p => p.State, CreditLabels.PenaltyStateName, CreditLabels.PenaltyActionName,
        t => new PenaltyTransition { PenaltyId = t.SubjectId, From = t.From, To = t.To, Reason = t.Reason, Actor = t.Actor, At = t.At });

    public static string Link(long id) => "/Penalties/" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The member units a published decision is copied to: every unit of the mechanism but the government and the decider.</summary>
    public static IQueryable<Organisation> MemberUnits(JianguanDbContext db) =>
        db.Organisations.Where(o => o.Kind != OrgKind.Government);

    public static async Task<PenaltyDecision> RegisterAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, PenaltyInput input,
        DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(input);
        var code = BlacklistService.Optional(input.CreditCode, "统一社会信用代码", 32)?.ToUpperInvariant();
        if (code is not null && code.Length != 18)
        {
            throw new CreditException("统一社会信用代码：应为 18 位。");
        }

        var decided = input.DecidedOn ?? throw new CreditException("决定日期：必填。");
        if (decided > ChinaTime.DateOf(now))
        {
            throw new CreditException("决定日期：不能晚于今日。");
        }

        var organisation = input.OrganisationId ?? (actor.UserId is null ? null
            : await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => u.OrganisationId).FirstOrDefaultAsync(ct))
            ?? throw new CreditException("决定单位：账号未归属成员单位，请选择决定单位。");
        if (!await db.Organisations.AnyAsync(o => o.Id == organisation, ct))
        {
            throw new CreditException("决定单位：没有该单位。");
        }

        var decision = new PenaltyDecision
        {
            Number = "",
            DocumentNumber = BlacklistService.Required(input.DocumentNumber, "决定文号", 100),
            EntityName = BlacklistService.Required(input.EntityName, "被处罚主体", 200),
            CreditCode = code,
            Facts = BlacklistService.Required(input.Facts, "违法事实", 4000),
            LegalBasis = BlacklistService.Required(input.LegalBasis, "处罚依据", 1000),
            Result = BlacklistService.Required(input.Result, "处罚结果", 1000),
            DecidedOn = decided,
            OrganisationId = organisation,
            State = PenaltyState.Registered,
            CreatedBy = actor.UserName,
            CreatedAt = now.ToUniversalTime(),
        };
        await using var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        decision.Number = await CaseNumbers.NextAsync(db, NumberPrefix, ChinaTime.ToChina(now).Year, null, ct);
        db.Add(decision);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(db, actor, "penalty.create", Machine.Target(decision.Id),
            new { decision.Number, decision.DocumentNumber, decision.EntityName, decided = decision.DecidedOn }, ct);
        if (owned is not null)
        {
            await owned.CommitAsync(ct);
        }

        return decision;
    }

    /// <summary>Publishes the decision and copies it to every member unit (one inbox message per unit), in one transaction.</summary>
    public static async Task<int> PublishAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, long id, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var decision = await db.Set<PenaltyDecision>().AsNoTracking().Include(p => p.Organisation).FirstOrDefaultAsync(p => p.Id == id, ct)
            ?? throw new KeyNotFoundException("penalty");
        var plan = Machine.Plan(id, decision.State, PenaltyAction.Publish, null);
        var units = await MemberUnits(db).AsNoTracking().Where(o => o.Id != decision.OrganisationId).OrderBy(o => o.Id)
            .Select(o => o.Id).ToListAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var at = now.ToUniversalTime();
        var notes = new List<(int Unit, Notification Note)>();
        foreach (var unit in units)
        {
            notes.Add((unit, Notifications.Post(db, Recipient.ToOrganisation(unit), CopyKind,
                $"处罚决定抄送：{decision.DocumentNumber}（{decision.EntityName}）",
                $"{decision.Organisation?.Name}于 {ChinaTime.FormatDate(decision.DecidedOn)} 作出处罚决定：{decision.Result}", Link(id), at)));
        }

        await db.SaveChangesAsync(ct);
        foreach (var (unit, note) in notes)
        {
            db.Add(new PenaltyCopy { PenaltyId = id, OrganisationId = unit, NotificationId = note.Id, SentAt = at });
        }

        await Machine.ExecuteAsync(db, plan, audit, actor, now, new TransitionOptions<PenaltyDecision>
        {
            AlsoSet = s => s.SetProperty(p => p.PublishedAt, at),
            AuditDetail = new { from = plan.From.ToString(), to = plan.To.ToString(), copies = units.Count },
        }, ct);
        await tx.CommitAsync(ct);
        return units.Count;
    }

    /// <summary>The copies of a decision with their read receipts (every reader of each unit's message).</summary>
    public static async Task<IReadOnlyList<PenaltyReceipt>> ReceiptsAsync(JianguanDbContext db, long id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var copies = await db.Set<PenaltyCopy>().AsNoTracking().Where(c => c.PenaltyId == id).OrderBy(c => c.OrganisationId)
            .Select(c => new { c.OrganisationId, Organisation = c.Organisation!.Name, c.SentAt, c.NotificationId }).ToListAsync(ct);
        var notes = copies.Select(c => c.NotificationId).ToList();
        var reads = await (from r in db.Set<NotificationRead>().AsNoTracking()
                           join u in db.Users.AsNoTracking() on r.UserId equals u.Id into users
                           from u in users.DefaultIfEmpty()
                           where notes.Contains(r.NotificationId)
                           select new { r.NotificationId, r.ReadAt, Name = u == null ? r.UserId : (u.DisplayName != "" ? u.DisplayName : u.UserName) })
            .ToListAsync(ct);
        return [.. copies.Select(c => new PenaltyReceipt(c.OrganisationId, c.Organisation, c.SentAt,
            [.. reads.Where(r => r.NotificationId == c.NotificationId).OrderBy(r => r.ReadAt).Select(r => (r.Name ?? "", r.ReadAt))]))];
    }

    /// <summary>
    /// Opening a decision copied to one's unit is reading the copy: the receipt is recorded once per reader, through
    /// the inbox (audited as <c>inbox.read</c>).
    /// </summary>
    public static async Task MarkCopyReadAsync(JianguanDbContext db, InboxReader reader, long id, AuditTrail audit, AuditActor actor, DateTimeOffset now,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.OrganisationId is not { } unit)
        {
            return;
        }

        var note = await db.Set<PenaltyCopy>().AsNoTracking().Where(c => c.PenaltyId == id && c.OrganisationId == unit)
            .Select(c => (long?)c.NotificationId).FirstOrDefaultAsync(ct);
        if (note is { } n)
        {
            await Notifications.MarkReadAsync(db, reader, n, audit, actor, now, ct);
        }
    }
}
