using System.Security.Claims;
using Jianguan.Features.Credit.Accountability;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Jobs;
using Jianguan.Platform.Time;
using Jianguan.Platform.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jianguan.Features.Credit;

public sealed record BlacklistActionRequest(string? Reason, DateOnly? EffectiveOn);

/// <summary>A request for non-public information to another member unit (<c>to</c>: its organisation id).</summary>
public sealed record InfoRequestBody(int? To, string? Subject, string? Purpose, string? Confidentiality, long? PenaltyId);

public sealed record InfoRequestDecisionBody(string? Answer);

/// <summary>A listing as staff see it: the identity number masked, the state history, the stored alerts it explains.</summary>
public sealed record BlacklistDetail(long Id, string Number, string SubjectType, string Name, string? CreditCode, string? MaskedIdNumber, string Reason,
    string Basis, string Severity, DateOnly StartOn, DateOnly EndOn, DateOnly? EffectiveEnd, BlacklistState State, string StateName, bool Published,
    string? Restriction, string? Authority, string? DocumentNumber, string? NationalCode, IReadOnlyList<BlacklistHistoryRow> History);

public sealed record BlacklistHistoryRow(string From, string To, string? Reason, string Actor, DateTimeOffset At);

/// <summary>
/// A request as the two units concerned see it: the answer (the information given, or why not) only once decided.
/// <c>Box</c> says whether the caller's unit sent or received it.
/// </summary>
public sealed record InfoRequestRow(long Id, string Number, string Box, string FromUnit, string ToUnit, string Subject, string Purpose,
    string Confidentiality, InfoRequestState State, string StateName, string? Answer, string RequestedBy, DateTimeOffset RequestedAt, string? DecidedBy,
    DateTimeOffset? DecidedAt);

/// <summary>A listing in the staff list (<c>/api/credit/blacklist</c>): no identity number; the detail has the history.</summary>
public sealed record BlacklistRow(long Id, string Number, CreditSubjectType SubjectType, string Name, string? CreditCode, string Reason, string Basis,
    BlacklistSeverity Severity, DateOnly StartOn, DateOnly EndOn, DateOnly? EndedOn, BlacklistState State, bool Published, long? PenaltyId,
    string? NationalCode);

/// <summary>A listing as the public sees it: no identity number, no internal notes.</summary>
public sealed record PublicBlacklistRow(string Number, string SubjectType, string Name, string? CreditCode, string Reason, string Basis, string Severity,
    DateOnly StartOn, DateOnly EndOn, string? Restriction, string? Authority, string? DocumentNumber);

/// <summary>A penalty decision as the API gives it (the public API gives published ones only).</summary>
public sealed record PenaltyRow(string Number, string DocumentNumber, string EntityName, string? CreditCode, string Facts, string LegalBasis, string Result,
    DateOnly DecidedOn, string DecidedBy, PenaltyState State);

/// <summary>Ends listings whose period has run out (daily, 00:10 Beijing time); the lists evaluate dates at query time anyway.</summary>
public sealed class BlacklistExpiryJob(JianguanDbContext db, AuditTrail audit, TimeProvider time) : IScheduledJob
{
    public const string Name = "blacklist-expiry";
    public const string Cron = "0 10 0 * * ?";

    public async Task<string?> RunAsync(CancellationToken ct)
    {
        var count = await BlacklistService.ExpireDueAsync(db, audit, time.GetUtcNow(), ct);
        return FormattableString.Invariant($"{count} listings expired");
    }
}

/// <summary>
/// The credit module (issue 14 items 4–6): services, the daily expiry job and <c>/api/credit</c>,
/// <c>/api/penalties</c>, <c>/api/accountability</c>. Reads of non-public data are audited.
/// </summary>
public static class CreditEndpoints
{
    public static void AddCredit(IServiceCollection services)
    {
        services.AddScoped<AccountabilityService>();
        // The sampling module names no owner for its publication clocks; this directory does, for the accountability view.
        services.AddScoped<IClockSubjectDirectory, SamplingClockDirectory>();
        services.AddScheduledJob<BlacklistExpiryJob>(BlacklistExpiryJob.Name, BlacklistExpiryJob.Cron);
    }

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/credit/blacklist", ListBlacklist).WithTags("信用 / credit").RequireAuthorization(CreditPolicies.Read)
            .WithName("ListBlacklist")
            .WithSummary("失信名单（state: Active|Expired|Repaired|Revoked；severity: Minor|General|Serious；on: 某日生效的记录；q: 名称、信用代码或编号；page 分页，每页 50 条） / the credit blacklist");
        endpoints.MapGet("/api/credit/blacklist/{id:long}", GetBlacklistEntry).WithTags("信用 / credit").RequireAuthorization(CreditPolicies.Read)
            .WithName("GetBlacklistEntry").WithSummary("失信名单记录详情及状态记录（身份证号码脱敏） / a listing with its history");
        endpoints.MapPost("/api/credit/blacklist/{id:long}/{action}", ActOnBlacklist).WithTags("信用 / credit")
            .WithMetadata(new RequireAntiforgeryTokenAttribute()).RequireAuthorization(CreditPolicies.Manage)
            .WithName("ActOnBlacklist").WithSummary("移出名单：expire|repair|revoke（信用修复、撤销须填理由；effectiveOn 为修复生效日） / end a listing");
        endpoints.MapGet("/api/public/blacklist", PublicBlacklist).WithTags("信用 / credit").RequireAuthorization(Policies.Public)
            .WithName("PublicBlacklist").WithSummary("公开的失信名单（惩戒期内，无身份证号；q: 名称或信用代码；page 分页，每页 50 条） / the public blacklist");
        endpoints.MapGet("/api/penalties", ListPenalties).WithTags("信用 / credit").RequireAuthorization(CreditPolicies.Read)
            .WithName("ListPenalties")
            .WithSummary("行政处罚决定（state: Registered|Published|Withdrawn；from/to: 决定日期；q: 当事人、信用代码、文号或编号；page 分页，每页 50 条） / penalty decisions");
        endpoints.MapGet("/api/public/penalties", PublicPenalties).WithTags("信用 / credit").RequireAuthorization(Policies.Public)
            .WithName("PublicPenalties").WithSummary("公开的行政处罚决定（from/to: 决定日期；q: 当事人、信用代码或文号；page 分页，每页 50 条） / published penalty decisions");
        endpoints.MapGet("/api/accountability", Accountability).WithTags("问责 / accountability").RequireAuthorization(CreditPolicies.Accountability)
            .WithName("Accountability").WithSummary("成员单位逾期履职统计（year，quarter 可选） / late duties per member unit");
        endpoints.MapGet("/api/info-requests", ListInfoRequests).WithTags("信息共享 / information sharing").RequireAuthorization(CreditPolicies.Share)
            .WithName("ListInfoRequests").WithSummary("本单位发出和收到的非公开信息申请（box: sent|received；state: Pending|Approved|Refused；page 分页） / requests of one's unit");
        endpoints.MapPost("/api/info-requests", CreateInfoRequest).WithTags("信息共享 / information sharing").RequireAuthorization(CreditPolicies.Share)
            .WithMetadata(new RequireAntiforgeryTokenAttribute()).WithName("CreateInfoRequest")
            .WithSummary("向其他成员单位申请非公开信息（to 单位、subject 信息、purpose 用途、confidentiality: Internal|Sensitive） / ask for non-public information");
        endpoints.MapPost("/api/info-requests/{id:long}/{action}", DecideInfoRequest).WithTags("信息共享 / information sharing")
            .RequireAuthorization(CreditPolicies.Share).WithMetadata(new RequireAntiforgeryTokenAttribute()).WithName("DecideInfoRequest")
            .WithSummary("信息所属单位审批：approve|refuse（answer 必填：提供的信息或不予提供的理由） / approve or refuse a request");
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static int PageOf(int page, int total) => Math.Clamp(page, 1, Shared.PagerModel.PageCount(total));

    /// <summary>
    /// The staff list, newest first, a page at a time (the filters of /Credit plus <c>on</c>); the read is audited
    /// (<c>credit.blacklist.search</c>).
    /// </summary>
    public static async Task<IResult> ListBlacklist(JianguanDbContext db, AuditTrail audit, HttpContext http, CancellationToken ct,
        string? state = null, string? severity = null, DateOnly? on = null, string? q = null, int page = 1)
    {
        ArgumentNullException.ThrowIfNull(http);
        var query = db.Set<BlacklistEntry>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (!CreditLabels.TryParse<BlacklistState>(state, out var s))
            {
                return Invalid("state", "未知的状态 / unknown state; 可选 / one of: " + string.Join(", ", Enum.GetNames<BlacklistState>()));
            }

            query = query.Where(e => e.State == s);
        }

        if (!string.IsNullOrWhiteSpace(severity))
        {
            if (!CreditLabels.TryParse<BlacklistSeverity>(severity, out var v))
            {
                return Invalid("severity", "未知的失信程度 / unknown severity; 可选 / one of: " + string.Join(", ", Enum.GetNames<BlacklistSeverity>()));
            }

            query = query.Where(e => e.Severity == v);
        }

        if (on is { } day)
        {
            query = BlacklistService.ActiveOn(query, day);
        }

        query = SearchBlacklist(query, q, byNumber: true);
        var total = await query.CountAsync(ct);
        page = PageOf(page, total);
        var rows = await query.OrderByDescending(e => e.StartOn).ThenByDescending(e => e.Id).PageAt(page)
            .Select(e => new BlacklistRow(e.Id, e.Number, e.SubjectType, e.Name, e.CreditCode, e.Reason, e.Basis, e.Severity, e.StartOn, e.EndOn, e.EndedOn,
                e.State, e.Published, e.PenaltyId, e.NationalCode)).ToListAsync(ct);
        await audit.RecordAsync(db, AuditActor.From(http), "credit.blacklist.search", "blacklist",
            new { state, severity, on, q, rows = rows.Count, page, total, api = true }, ct);
        return TypedResults.Ok(new Trading.PagedResult<BlacklistRow>(total, page, Shared.PagerModel.PageSize, rows));
    }

    /// <summary>Name or credit code (and, for staff, the listing number) containing the text.</summary>
    public static IQueryable<BlacklistEntry> SearchBlacklist(IQueryable<BlacklistEntry> query, string? q, bool byNumber)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (string.IsNullOrWhiteSpace(q))
        {
            return query;
        }

        var text = q.Trim();
        var upper = text.ToUpperInvariant();
        return byNumber
            ? query.Where(e => e.Name.Contains(text) || (e.CreditCode != null && e.CreditCode.Contains(upper)) || e.Number.Contains(upper))
            : query.Where(e => e.Name.Contains(text) || (e.CreditCode != null && e.CreditCode.Contains(upper)));
    }

    /// <summary>One listing for staff, as on /Credit/{id}; the read is audited (<c>credit.blacklist.view</c>).</summary>
    public static async Task<IResult> GetBlacklistEntry(long id, JianguanDbContext db, AuditTrail audit, HttpContext http, CancellationToken ct)
    {
        var e = await db.Set<BlacklistEntry>().AsNoTracking().Include(x => x.History).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (e is null)
        {
            return TypedResults.NotFound();
        }

        await audit.RecordAsync(db, AuditActor.From(http), "credit.blacklist.view", BlacklistService.Machine.Target(id), new { e.Number, api = true }, ct);
        return TypedResults.Ok(new BlacklistDetail(e.Id, e.Number, CreditLabels.SubjectTypeName(e.SubjectType), e.Name, e.CreditCode,
            e.IdNumber is { Length: > 0 } idNumber ? Platform.Crypto.Masking.Identifier(idNumber) : null, e.Reason, e.Basis,
            CreditLabels.SeverityName(e.Severity), e.StartOn, e.EndOn, e.EffectiveEnd, e.State, CreditLabels.StateName(e.State), e.Published,
            e.Restriction, e.Authority, e.DocumentNumber, e.NationalCode,
            [.. e.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new BlacklistHistoryRow(CreditLabels.StateName(h.From), CreditLabels.StateName(h.To),
                h.Reason, h.Actor, h.At))]));
    }

    /// <summary>
    /// Penalty decisions for the member units (the register, not only published ones), newest first, a page at a
    /// time; the read is audited (<c>penalty.search</c>).
    /// </summary>
    public static async Task<IResult> ListPenalties(JianguanDbContext db, AuditTrail audit, HttpContext http, CancellationToken ct,
        string? state = null, DateOnly? from = null, DateOnly? to = null, string? q = null, int page = 1)
    {
        ArgumentNullException.ThrowIfNull(http);
        var query = db.Set<PenaltyDecision>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (!CreditLabels.TryParse<PenaltyState>(state, out var s))
            {
                return Invalid("state", "未知的状态 / unknown state; 可选 / one of: " + string.Join(", ", Enum.GetNames<PenaltyState>()));
            }

            query = query.Where(p => p.State == s);
        }

        var result = await PenaltyPageAsync(SearchPenalties(query, from, to, q, byNumber: true), page, ct);
        await audit.RecordAsync(db, AuditActor.From(http), "penalty.search", "penalties",
            new { state, from, to, q, rows = result.Items.Count, page = result.Page, total = result.Total, api = true }, ct);
        return TypedResults.Ok(result);
    }

    /// <summary>Published decisions only, as on /Public/Penalties, a page at a time.</summary>
    public static async Task<IResult> PublicPenalties(JianguanDbContext db, CancellationToken ct, DateOnly? from = null, DateOnly? to = null, string? q = null,
        int page = 1) =>
        TypedResults.Ok(await PenaltyPageAsync(
            SearchPenalties(db.Set<PenaltyDecision>().AsNoTracking().Where(p => p.State == PenaltyState.Published), from, to, q, byNumber: false), page, ct));

    /// <summary>Decided between the two days (either may be open) and naming the text (party, credit code, document number; staff also the register number).</summary>
    public static IQueryable<PenaltyDecision> SearchPenalties(IQueryable<PenaltyDecision> query, DateOnly? from, DateOnly? to, string? q, bool byNumber)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (from is { } f)
        {
            query = query.Where(p => p.DecidedOn >= f);
        }

        if (to is { } t)
        {
            query = query.Where(p => p.DecidedOn <= t);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            var upper = text.ToUpperInvariant();
            query = byNumber
                ? query.Where(p => p.EntityName.Contains(text) || p.DocumentNumber.Contains(text) || p.Number.Contains(upper)
                    || (p.CreditCode != null && p.CreditCode.Contains(upper)))
                : query.Where(p => p.EntityName.Contains(text) || p.DocumentNumber.Contains(text) || (p.CreditCode != null && p.CreditCode.Contains(upper)));
        }

        return query;
    }

    private static async Task<Trading.PagedResult<PenaltyRow>> PenaltyPageAsync(IQueryable<PenaltyDecision> query, int page, CancellationToken ct)
    {
        var total = await query.CountAsync(ct);
        page = PageOf(page, total);
        var rows = await query.OrderByDescending(p => p.DecidedOn).ThenByDescending(p => p.Id).PageAt(page)
            .Select(p => new PenaltyRow(p.Number, p.DocumentNumber, p.EntityName, p.CreditCode, p.Facts, p.LegalBasis, p.Result, p.DecidedOn,
                p.Organisation!.Name, p.State)).ToListAsync(ct);
        return new Trading.PagedResult<PenaltyRow>(total, page, Shared.PagerModel.PageSize, rows);
    }

    public static async Task<IResult> ActOnBlacklist(long id, string action, BlacklistActionRequest? body, JianguanDbContext db, AuditTrail audit, TimeProvider time,
        HttpContext http, CancellationToken ct)
    {
        if (JsonAntiforgery.Refused(http))
        {
            return JsonAntiforgery.Problem();
        }

        if (!CreditLabels.TryParse<BlacklistAction>(action, out var a))
        {
            return TypedResults.NotFound();
        }

        try
        {
            var record = await BlacklistService.TransitionAsync(db, audit, AuditActor.From(http), id, a, body?.Reason, body?.EffectiveOn, time.GetUtcNow(), ct);
            return TypedResults.Ok(new { id, State = record.To, StateName = CreditLabels.StateName(record.To) });
        }
        catch (KeyNotFoundException)
        {
            return TypedResults.NotFound();
        }
        catch (CreditException e)
        {
            return e.Conflict ? TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict) : Invalid("reason", e.Message);
        }
        catch (Platform.Workflow.WorkflowRefusedException e)
        {
            return e.Refusal == Platform.Workflow.WorkflowRefusal.ReasonRequired ? Invalid("reason", e.Message)
                : TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }

    /// <summary>The active, published listings on <paramref name="today"/>, searchable by name or credit code (not ordered).</summary>
    public static IQueryable<BlacklistEntry> PublicQuery(JianguanDbContext db, DateOnly today, string? q)
    {
        ArgumentNullException.ThrowIfNull(db);
        return SearchBlacklist(BlacklistService.ActiveOn(db.Set<BlacklistEntry>().AsNoTracking(), today)
            .Where(e => e.Published && e.State == BlacklistState.Active), q, byNumber: false);
    }

    /// <summary>One page (newest first) of <see cref="PublicQuery"/> with its total, for /Public/Blacklist and its API.</summary>
    public static async Task<Trading.PagedResult<PublicBlacklistRow>> PublicPageAsync(JianguanDbContext db, DateOnly today, string? q, int page,
        CancellationToken ct)
    {
        var query = PublicQuery(db, today, q);
        var total = await query.CountAsync(ct);
        page = PageOf(page, total);
        var rows = await query.OrderByDescending(e => e.StartOn).ThenByDescending(e => e.Id).PageAt(page).ToListAsync(ct);
        return new Trading.PagedResult<PublicBlacklistRow>(total, page, Shared.PagerModel.PageSize, [.. rows.Select(PublicRow)]);
    }

    private static PublicBlacklistRow PublicRow(BlacklistEntry e) => new(e.Number, CreditLabels.SubjectTypeName(e.SubjectType), e.Name,
        e.SubjectType == CreditSubjectType.Entity ? e.CreditCode : null, e.Reason, e.Basis, CreditLabels.SeverityName(e.Severity), e.StartOn,
        e.EffectiveEnd ?? e.EndOn, e.Restriction, e.Authority, e.DocumentNumber);

    public static async Task<IResult> PublicBlacklist(JianguanDbContext db, TimeProvider time, CancellationToken ct, string? q = null, int page = 1) =>
        TypedResults.Ok(await PublicPageAsync(db, ChinaTime.Today(time), q, page, ct));

    public static async Task<IResult> Accountability(JianguanDbContext db, AccountabilityService service, AuditTrail audit, TimeProvider time, HttpContext http,
        CancellationToken ct, int? year = null, int? quarter = null)
    {
        var today = ChinaTime.Today(time);
        if (!AccountabilityPeriod.TryCreate(year ?? today.Year, quarter, out var period))
        {
            return Invalid("quarter", "统计期间无效：year 为 2000–2199，quarter 为 1–4 / invalid period");
        }

        var report = await service.ComputeAsync(db, period, today, ct: ct);
        await audit.RecordAsync(db, AuditActor.From(http), "accountability.view", "accountability", new { period = period.Name, api = true }, ct);
        return TypedResults.Ok(new { period = period.Name, report.Total, report.Open, report.Units, report.Duties });
    }
    private static InfoRequestRow RequestRow(InfoRequest r, int unit) => new(r.Id, r.Number, r.FromOrganisationId == unit ? "sent" : "received",
        r.FromOrganisation!.Name, r.ToOrganisation!.Name, r.Subject, r.Purpose, CreditLabels.ConfidentialityName(r.Confidentiality), r.State,
        CreditLabels.RequestStateName(r.State), r.Answer, r.RequestedBy, r.RequestedAt, r.DecidedBy, r.DecidedAt);

    /// <summary>
    /// The requests the caller's unit sent or received, newest first (as on /Penalties/Requests); audited as
    /// <c>info-request.list</c> because approved answers are non-public information.
    /// </summary>
    public static async Task<IResult> ListInfoRequests(JianguanDbContext db, AuditTrail audit, HttpContext http, CancellationToken ct,
        string? box = null, string? state = null, int page = 1)
    {
        ArgumentNullException.ThrowIfNull(http);
        var unit = await InfoRequestService.UnitOfAsync(db, http.User.FindFirstValue(ClaimTypes.NameIdentifier), ct) ?? -1;
        var query = db.Set<InfoRequest>().AsNoTracking();
        switch (box?.Trim().ToLowerInvariant())
        {
            case null or "":
                query = query.Where(r => r.FromOrganisationId == unit || r.ToOrganisationId == unit);
                break;
            case "sent":
                query = query.Where(r => r.FromOrganisationId == unit);
                break;
            case "received":
                query = query.Where(r => r.ToOrganisationId == unit);
                break;
            default:
                return Invalid("box", "未知的范围 / unknown box; 可选 / one of: sent, received");
        }

        if (!string.IsNullOrWhiteSpace(state))
        {
            if (!CreditLabels.TryParse<InfoRequestState>(state, out var s))
            {
                return Invalid("state", "未知的状态 / unknown state; 可选 / one of: " + string.Join(", ", Enum.GetNames<InfoRequestState>()));
            }

            query = query.Where(r => r.State == s);
        }

        var total = await query.CountAsync(ct);
        page = Math.Clamp(page, 1, Shared.PagerModel.PageCount(total));
        var rows = await query.Include(r => r.FromOrganisation).Include(r => r.ToOrganisation).OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id)
            .PageAt(page).ToListAsync(ct);
        await audit.RecordAsync(db, AuditActor.From(http), "info-request.list", "info-requests", new { box, state, rows = rows.Count, page, total, api = true }, ct);
        return TypedResults.Ok(new Trading.PagedResult<InfoRequestRow>(total, page, Shared.PagerModel.PageSize, [.. rows.Select(r => RequestRow(r, unit))]));
    }

    /// <summary>The field a service message is about (messages start with the field's Chinese name).</summary>
    private static string RequestField(string message) =>
        message.StartsWith("信息所属单位", StringComparison.Ordinal) ? "to"
        : message.StartsWith("申请的信息", StringComparison.Ordinal) ? "subject"
        : message.StartsWith("用途", StringComparison.Ordinal) ? "purpose"
        : "request";

    public static async Task<IResult> CreateInfoRequest(InfoRequestBody body, JianguanDbContext db, AuditTrail audit, TimeProvider time, HttpContext http,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(http);
        if (JsonAntiforgery.Refused(http))
        {
            return JsonAntiforgery.Problem();
        }

        var level = Confidentiality.Internal;
        if (!string.IsNullOrWhiteSpace(body.Confidentiality) && !CreditLabels.TryParse(body.Confidentiality, out level))
        {
            return Invalid("confidentiality", "未知的密级 / unknown confidentiality; 可选 / one of: " + string.Join(", ", Enum.GetNames<Confidentiality>()));
        }

        if (await InfoRequestService.UnitOfAsync(db, http.User.FindFirstValue(ClaimTypes.NameIdentifier), ct) is null)
        {
            return TypedResults.Problem("账号未归属成员单位，不能申请。", statusCode: StatusCodes.Status403Forbidden);
        }

        try
        {
            var request = await InfoRequestService.CreateAsync(db, audit, AuditActor.From(http), body.To, body.Subject, body.Purpose, level, body.PenaltyId,
                time.GetUtcNow(), ct);
            var unit = request.FromOrganisationId;
            var stored = await db.Set<InfoRequest>().AsNoTracking().Include(r => r.FromOrganisation).Include(r => r.ToOrganisation)
                .FirstAsync(r => r.Id == request.Id, ct);
            return TypedResults.Created(InfoRequestService.Link, RequestRow(stored, unit));
        }
        catch (CreditException e)
        {
            return Invalid(RequestField(e.Message), e.Message);
        }
    }

    /// <summary>Approve or refuse; only the owning unit may (403 for anyone else), a decided request is final (409).</summary>
    public static async Task<IResult> DecideInfoRequest(long id, string action, InfoRequestDecisionBody? body, JianguanDbContext db, AuditTrail audit,
        TimeProvider time, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (JsonAntiforgery.Refused(http))
        {
            return JsonAntiforgery.Problem();
        }

        if (!CreditLabels.TryParse<InfoRequestAction>(action, out var a))
        {
            return TypedResults.NotFound();
        }

        try
        {
            await InfoRequestService.DecideAsync(db, audit, AuditActor.From(http), id, a, body?.Answer, time.GetUtcNow(), ct);
        }
        catch (KeyNotFoundException)
        {
            return TypedResults.NotFound();
        }
        catch (CreditException e)
        {
            // The service's only refusal here: the caller's unit does not own the information.
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status403Forbidden);
        }
        catch (Platform.Workflow.WorkflowRefusedException e)
        {
            return e.Refusal == Platform.Workflow.WorkflowRefusal.ReasonRequired ? Invalid("answer", e.Message)
                : TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict);
        }

        var stored = await db.Set<InfoRequest>().AsNoTracking().Include(r => r.FromOrganisation).Include(r => r.ToOrganisation).FirstAsync(r => r.Id == id, ct);
        return TypedResults.Ok(RequestRow(stored, stored.ToOrganisationId));
    }
}
