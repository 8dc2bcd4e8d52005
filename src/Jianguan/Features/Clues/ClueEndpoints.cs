using Jianguan.Platform.Calendar;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Time;
using Jianguan.Platform.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jianguan.Features.Clues;

public sealed record ClueCreateRequest(string? Source, string? SourceId, string? Title, string? Description, int? DepartmentId, string? Firms,
    string? Sections, string? SourceLink);

public sealed record ClueTransitionRequest(string? Reason);

public sealed record ClueMemberRequest(string? UserName, string? Unit);

public sealed record ReferralCreateRequest(long ClueId, string? Kind, int? DueDays, string? Note);

public sealed record ReferralActionRequest(string? Text);

public sealed record AssistanceCreateRequest(int? ToOrganisationId, string? Subject, string? Body, int? DueDays, long? ClueId);

public sealed record ReferralLists(IReadOnlyList<ReferralRow> Received, IReadOnlyList<ReferralRow> Sent);

/// <summary>
/// <c>/api/clues</c> and <c>/api/referrals</c>: list, get, create, transitions, receipts. Reads are audited
/// (<c>clue.search</c>, <c>clue.view</c>, <c>referral.list</c>): the oversight bodies' queries are on the chain.
/// </summary>
public static class ClueEndpoints
{
    /// <summary>The module's services: reminders of referral and assistance reply clocks (ADR-013 directories).</summary>
    public static void AddClues(IServiceCollection services)
    {
        services.AddScoped<IClockSubjectDirectory, ReferralClockDirectory>();
        services.AddScoped<IClockSubjectDirectory, AssistanceClockDirectory>();
    }

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var clues = endpoints.MapGroup("/api/clues").WithTags("线索 / clues").RequireAuthorization(CluePolicies.Read);
        endpoints.MapGet("/api/clues", List).WithTags("线索 / clues").RequireAuthorization(CluePolicies.Read).WithName("ListClues").WithSummary("线索列表（关键词、来源、状态筛选，按状态计数） / list clues");
        clues.MapGet("/{id:long}", Get).WithName("GetClue").WithSummary("线索详情：核查组、结论、移送、处理记录 / a clue with team, referrals and history");
        endpoints.MapPost("/api/clues", Create).WithTags("线索 / clues").RequireAuthorization(CluePolicies.Read).WithMetadata(new RequireAntiforgeryTokenAttribute()).RequireAuthorization(CluePolicies.Manage)
            .WithName("CreateClue").WithSummary("登记线索 / register a clue (source: MonthlyReport|Alert|Inspection|Complaint|Transfer)");
        clues.MapPost("/{id:long}/{action}", Transition).WithMetadata(new RequireAntiforgeryTokenAttribute()).RequireAuthorization(CluePolicies.Manage)
            .WithName("TransitionClue").WithSummary("线索状态变更：verify|conclude|close（结论、理由必填） / move a clue");
        clues.MapPost("/{id:long}/team", AddMember).WithMetadata(new RequireAntiforgeryTokenAttribute()).RequireAuthorization(CluePolicies.Manage)
            .WithName("AddClueMember").WithSummary("加入联合核查组 / add a team member (unit: Supervising|Enforcement|Discipline|Police)");

        var referrals = endpoints.MapGroup("/api/referrals").WithTags("移送 / referrals").RequireAuthorization(CluePolicies.Read);
        endpoints.MapGet("/api/referrals", ListReferrals).WithTags("移送 / referrals").RequireAuthorization(CluePolicies.Read).WithName("ListReferrals").WithSummary("本单位收到与发出的移送 / referrals received and sent");
        referrals.MapGet("/{id:long}", GetReferral).WithName("GetReferral").WithSummary("移送详情 / a referral");
        endpoints.MapPost("/api/referrals", Refer).WithTags("移送 / referrals").RequireAuthorization(CluePolicies.Read).WithMetadata(new RequireAntiforgeryTokenAttribute()).RequireAuthorization(CluePolicies.Manage)
            .WithName("CreateReferral").WithSummary("移送线索（kind: Penalty|Discipline|Crime；dueDays 默认 15 个工作日） / refer a concluded clue");
        referrals.MapPost("/{id:long}/receipt", (long id, JianguanDbContext db, AuditTrail audit, TimeProvider time, HttpContext http, CalendarService calendars, CancellationToken ct) =>
                Act(id, ReferralAction.Receive, null, db, audit, time, http, calendars, ct))
            .WithMetadata(new RequireAntiforgeryTokenAttribute()).RequireAuthorization(CluePolicies.Receive)
            .WithName("SignReferral").WithSummary("签收移送（接收单位） / sign the receipt");
        referrals.MapPost("/{id:long}/{action}", (long id, string action, ReferralActionRequest? body, JianguanDbContext db, AuditTrail audit, TimeProvider time,
                HttpContext http, CalendarService calendars, CancellationToken ct) =>
                ClueLabels.TryParse<ReferralAction>(action, out var a)
                    ? Act(id, a, body?.Text, db, audit, time, http, calendars, ct)
                    : Task.FromResult<IResult>(TypedResults.NotFound()))
            .WithMetadata(new RequireAntiforgeryTokenAttribute()).RequireAuthorization(CluePolicies.Receive)
            .WithName("ActOnReferral").WithSummary("接收单位办理：handle|complete|return（办理结果、退回理由必填） / handle, complete or return");
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    public static async Task<IResult> List(JianguanDbContext db, AuditTrail audit, HttpContext http, CancellationToken ct,
        string? q = null, string? source = null, string? state = null, int page = 1)
    {
        ClueSource? s = null;
        if (!string.IsNullOrWhiteSpace(source))
        {
            if (!ClueLabels.TryParse<ClueSource>(source, out var parsed))
            {
                return Invalid("source", "未知的来源 / unknown source; 可选 / one of: " + string.Join(", ", Enum.GetNames<ClueSource>()));
            }

            s = parsed;
        }

        ClueState? st = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (!ClueLabels.TryParse<ClueState>(state, out var parsed))
            {
                return Invalid("state", "未知的状态 / unknown state; 可选 / one of: " + string.Join(", ", Enum.GetNames<ClueState>()));
            }

            st = parsed;
        }

        var viewer = await ClueViewer.ForAsync(db, http.User, ct);
        var result = await ClueQueries.ListAsync(db, viewer, new ClueFilter(q, s, st, page), ct);
        await audit.RecordAsync(db, AuditActor.From(http), "clue.search", "clues", new { q, source = s is { } so ? ClueLabels.SourceName(so) : null, state = st is { } sta ? ClueLabels.StateName(sta) : null, page = result.Page, total = result.Total, api = true }, ct);
        return TypedResults.Ok(result);
    }

    public static async Task<IResult> Get(long id, JianguanDbContext db, AuditTrail audit, HttpContext http, TimeProvider time, CalendarService calendars,
        IAuthorizationService authorization, CancellationToken ct)
    {
        var viewer = await ClueViewer.ForAsync(db, http.User, ct);
        var state = await ClueService.Machine.CurrentStateAsync(db, id, ct);
        var allowed = state is { } s ? await ClueService.Table.AllowedForAsync(s, authorization, http.User) : [];
        var detail = await ClueQueries.GetAsync(db, viewer, id, [.. allowed.Where(a => a != ClueAction.Route)], await calendars.GetAsync(ct), ChinaTime.Today(time), ct);
        if (detail is null)
        {
            return TypedResults.NotFound();
        }

        await audit.RecordAsync(db, AuditActor.From(http), "clue.view", ClueService.Machine.Target(id), new { detail.Number, api = true }, ct);
        return TypedResults.Ok(detail);
    }

    public static async Task<IResult> Create(ClueCreateRequest body, JianguanDbContext db, AuditTrail audit, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (JsonAntiforgery.Refused(http))
        {
            return JsonAntiforgery.Problem();
        }

        if (!ClueLabels.TryParse<ClueSource>(body.Source, out var source))
        {
            return Invalid("source", "来源：请选择 / one of: " + string.Join(", ", Enum.GetNames<ClueSource>()));
        }

        try
        {
            var clue = await ClueService.CreateAsync(db, audit, AuditActor.From(http), source, body.SourceId, body.Title ?? "", time.GetUtcNow(),
                new ClueDetails(body.Description, body.DepartmentId, body.Firms, body.Sections, body.SourceLink), ct);
            return TypedResults.Created("/api/clues/" + clue.Id.ToString(CultureInfo.InvariantCulture),
                new { clue.Id, clue.Number, clue.State, StateName = ClueLabels.StateName(clue.State) });
        }
        catch (ClueException e)
        {
            return e.Conflict ? TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict) : Invalid("clue", e.Message);
        }
    }

    public static async Task<IResult> Transition(long id, string action, ClueTransitionRequest? body, JianguanDbContext db, AuditTrail audit, TimeProvider time,
        HttpContext http, CancellationToken ct)
    {
        if (JsonAntiforgery.Refused(http))
        {
            return JsonAntiforgery.Problem();
        }

        if (!ClueLabels.TryParse<ClueAction>(action, out var a) || a == ClueAction.Route)
        {
            return TypedResults.NotFound();
        }

        var viewer = await ClueViewer.ForAsync(db, http.User, ct);
        if (!await ClueService.Visible(db, viewer).AnyAsync(c => c.Id == id, ct))
        {
            return TypedResults.NotFound();
        }

        try
        {
            var to = await ClueService.TransitionAsync(db, audit, AuditActor.From(http), id, a, body?.Reason, time.GetUtcNow(), ct);
            return TypedResults.Ok(new { id, State = to, StateName = ClueLabels.StateName(to) });
        }
        catch (ClueException e)
        {
            return e.Conflict ? TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict) : Invalid("reason", e.Message);
        }
    }

    public static async Task<IResult> AddMember(long id, ClueMemberRequest body, JianguanDbContext db, AuditTrail audit, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (JsonAntiforgery.Refused(http))
        {
            return JsonAntiforgery.Problem();
        }

        if (!ClueLabels.TryParse<TeamUnit>(body.Unit, out var unit))
        {
            return Invalid("unit", "所代表单位：请选择 / one of: " + string.Join(", ", Enum.GetNames<TeamUnit>()));
        }

        var viewer = await ClueViewer.ForAsync(db, http.User, ct);
        if (!await ClueService.Visible(db, viewer).AnyAsync(c => c.Id == id, ct))
        {
            return TypedResults.NotFound();
        }

        try
        {
            var member = await ClueService.AddMemberAsync(db, audit, AuditActor.From(http), id, body.UserName, unit, time.GetUtcNow(), ct);
            return TypedResults.Ok(new { member.Id, body.UserName, member.Unit });
        }
        catch (ClueException e)
        {
            return e.Conflict ? TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict) : Invalid("userName", e.Message);
        }
    }

    public static async Task<IResult> ListReferrals(JianguanDbContext db, AuditTrail audit, HttpContext http, TimeProvider time, CalendarService calendars,
        CancellationToken ct)
    {
        var viewer = await ClueViewer.ForAsync(db, http.User, ct);
        var calendar = await calendars.GetAsync(ct);
        var today = ChinaTime.Today(time);
        var org = viewer.OrganisationId ?? -1;
        var received = await ClueQueries.ReferralsAsync(db, ClueService.VisibleReferrals(db, viewer).Where(r => r.ToOrganisationId == org), viewer, calendar, today, ct);
        var sent = await ClueQueries.ReferralsAsync(db, ClueService.VisibleReferrals(db, viewer).Where(r => r.ToOrganisationId != org), viewer, calendar, today, ct);
        await audit.RecordAsync(db, AuditActor.From(http), "referral.list", "referrals", new { received = received.Count, sent = sent.Count, api = true }, ct);
        return TypedResults.Ok(new ReferralLists(received, sent));
    }

    public static async Task<IResult> GetReferral(long id, JianguanDbContext db, AuditTrail audit, HttpContext http, TimeProvider time, CalendarService calendars,
        CancellationToken ct)
    {
        var viewer = await ClueViewer.ForAsync(db, http.User, ct);
        var rows = await ClueQueries.ReferralsAsync(db, ClueService.VisibleReferrals(db, viewer).Where(r => r.Id == id), viewer,
            await calendars.GetAsync(ct), ChinaTime.Today(time), ct);
        if (rows.Count == 0)
        {
            return TypedResults.NotFound();
        }

        await audit.RecordAsync(db, AuditActor.From(http), "referral.view", ClueService.ReferralMachine.Target(id), new { rows[0].Number, api = true }, ct);
        return TypedResults.Ok(rows[0]);
    }

    public static async Task<IResult> Refer(ReferralCreateRequest body, JianguanDbContext db, AuditTrail audit, TimeProvider time, HttpContext http,
        CalendarService calendars, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (JsonAntiforgery.Refused(http))
        {
            return JsonAntiforgery.Problem();
        }

        if (!ClueLabels.TryParse<ReferralKind>(body.Kind, out var kind))
        {
            return Invalid("kind", "移送类型：请选择 / one of: " + string.Join(", ", Enum.GetNames<ReferralKind>()));
        }

        var viewer = await ClueViewer.ForAsync(db, http.User, ct);
        if (!await ClueService.Visible(db, viewer).AnyAsync(c => c.Id == body.ClueId, ct))
        {
            return TypedResults.NotFound();
        }

        try
        {
            var referral = await ClueService.ReferAsync(db, audit, AuditActor.From(http), body.ClueId, kind, body.DueDays, body.Note,
                await calendars.GetAsync(ct), time.GetUtcNow(), ct);
            return TypedResults.Created("/api/referrals/" + referral.Id.ToString(CultureInfo.InvariantCulture),
                new { referral.Id, referral.Number, referral.Due, referral.State, StateName = ClueLabels.ReferralStateName(referral.State) });
        }
        catch (ClueException e)
        {
            return e.Conflict ? TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict) : Invalid("referral", e.Message);
        }
    }

    private static async Task<IResult> Act(long id, ReferralAction action, string? text, JianguanDbContext db, AuditTrail audit, TimeProvider time,
        HttpContext http, CalendarService calendars, CancellationToken ct)
    {
        if (JsonAntiforgery.Refused(http))
        {
            return JsonAntiforgery.Problem();
        }

        var viewer = await ClueViewer.ForAsync(db, http.User, ct);
        if (!await ClueService.VisibleReferrals(db, viewer).AnyAsync(r => r.Id == id, ct))
        {
            return TypedResults.NotFound();
        }

        try
        {
            await ClueService.ActAsync(db, audit, AuditActor.From(http), viewer, id, action, text, time.GetUtcNow(), ct);
        }
        catch (UnauthorizedAccessException)
        {
            return TypedResults.Forbid();
        }
        catch (ClueException e)
        {
            return e.Conflict ? TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict) : Invalid("text", e.Message);
        }

        var rows = await ClueQueries.ReferralsAsync(db, ClueService.VisibleReferrals(db, viewer).Where(r => r.Id == id), viewer,
            await calendars.GetAsync(ct), ChinaTime.Today(time), ct);
        return TypedResults.Ok(rows[0]);
    }
}
