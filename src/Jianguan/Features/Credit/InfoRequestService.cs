using Jianguan.Platform.Inbox;
using Jianguan.Platform.Numbering;
using Jianguan.Platform.Time;
using Jianguan.Platform.Workflow;

namespace Jianguan.Features.Credit;

/// <summary>
/// Requests for non-public information between member units (clause 五(十二)): the requesting unit states what,
/// why and at what confidentiality; only the owning unit approves or refuses (with its answer or reason); the
/// request, the decision and every opening of an approved answer are on the audit chain.
/// </summary>
public static class InfoRequestService
{
    public const string NumberPrefix = "GX";
    public const string NotificationKind = "info-request";

    public static readonly TransitionTable<InfoRequestState, InfoRequestAction> Table = new(
    [
        new(InfoRequestState.Pending, InfoRequestAction.Approve, InfoRequestState.Approved, CreditPolicies.Share, ReasonRequired: true, "info-request.approve"),
        new(InfoRequestState.Pending, InfoRequestAction.Refuse, InfoRequestState.Refused, CreditPolicies.Share, ReasonRequired: true, "info-request.refuse"),
    ]);

    public static readonly StateMachine<InfoRequest, InfoRequestState, InfoRequestAction> Machine = new("info-request", "信息共享申请", Table,
        r => r.Id, r => r.State, CreditLabels.RequestStateName, CreditLabels.RequestActionName,
        t => new InfoRequestTransition { RequestId = t.SubjectId, From = t.From, To = t.To, Reason = t.Reason, Actor = t.Actor, At = t.At });

    public const string Link = "/Penalties/Requests";

    public static async Task<int?> UnitOfAsync(JianguanDbContext db, string? userId, CancellationToken ct) =>
        userId is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.OrganisationId).FirstOrDefaultAsync(ct);

    public static async Task<InfoRequest> CreateAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, int? toOrganisationId, string? subject,
        string? purpose, Confidentiality level, long? penaltyId, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        var from = await UnitOfAsync(db, actor.UserId, ct) ?? throw new CreditException("申请单位：账号未归属成员单位，不能申请。");
        var to = toOrganisationId ?? throw new CreditException("信息所属单位：必选。");
        if (to == from)
        {
            throw new CreditException("信息所属单位：不能向本单位申请。");
        }

        if (!await db.Organisations.AnyAsync(o => o.Id == to, ct))
        {
            throw new CreditException("信息所属单位：没有该单位。");
        }

        var request = new InfoRequest
        {
            Number = "",
            FromOrganisationId = from,
            ToOrganisationId = to,
            Subject = BlacklistService.Required(subject, "申请的信息", 500),
            Purpose = BlacklistService.Required(purpose, "用途", 2000),
            Confidentiality = level,
            PenaltyId = penaltyId,
            State = InfoRequestState.Pending,
            RequestedBy = actor.UserName,
            RequestedAt = now.ToUniversalTime(),
        };
        await using var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        request.Number = await CaseNumbers.NextAsync(db, NumberPrefix, ChinaTime.ToChina(now).Year, null, ct);
        db.Add(request);
        Notifications.Post(db, Recipient.ToOrganisation(to), NotificationKind, $"信息共享申请 {request.Number}：{request.Subject}",
            $"用途：{request.Purpose}；密级：{CreditLabels.ConfidentialityName(level)}", Link, now);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(db, actor, "info-request.create", Machine.Target(request.Id),
            new { request.Number, from, to, request.Subject, request.Purpose, confidentiality = CreditLabels.ConfidentialityName(level) }, ct);
        if (owned is not null)
        {
            await owned.CommitAsync(ct);
        }

        return request;
    }

    /// <summary>Approve (the answer is the information given) or refuse (the answer is the reason); only the owning unit may.</summary>
    public static async Task DecideAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, long id, InfoRequestAction action, string? answer,
        DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var request = await db.Set<InfoRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new KeyNotFoundException("request");
        var unit = await UnitOfAsync(db, actor.UserId, ct);
        if (unit != request.ToOrganisationId)
        {
            throw new CreditException("只有信息所属单位可以审批该申请。", conflict: true);
        }

        var plan = Machine.Plan(id, request.State, action, answer);
        var at = now.ToUniversalTime();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Notifications.Post(db, Recipient.ToOrganisation(request.FromOrganisationId), NotificationKind,
            $"信息共享申请 {request.Number}：{CreditLabels.RequestActionName(action)}", null, Link, now);
        await Machine.ExecuteAsync(db, plan, audit, actor, now, new TransitionOptions<InfoRequest>
        {
            AlsoSet = s => s.SetProperty(r => r.Answer, plan.Reason).SetProperty(r => r.DecidedBy, actor.UserName).SetProperty(r => r.DecidedAt, at),
            // The answer may itself be the non-public information: the chain records that it was given, not its text.
            AuditDetail = new { from = plan.From.ToString(), to = plan.To.ToString() },
            HistoryNote = null,
        }, ct);
        await tx.CommitAsync(ct);
    }
}
