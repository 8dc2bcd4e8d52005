using Jianguan.Data;
using Jianguan.Features.Trading;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Auth;
using Jianguan.Platform.Jobs;
using Jianguan.Platform.Scopes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jianguan.Features.Alerts;

/// <summary>A state change request: the reason (required to dismiss) or a note (to convert).</summary>
public sealed record AlertTransitionRequest(string? Reason);

public sealed record AlertStateResult(long Id, AlertState State, string StateName, string? ClueNumber);

public sealed record FocusAddRequest(long EntityId, string? Reason);

public sealed record FocusRemoveRequest(string? Reason);

public sealed record AnalysisRunInfo(long Id, string Trigger, string Scope, int SectionsAnalysed, int SectionsStored, int AlertsNew,
    int AlertsUpdated, DateTimeOffset StartedAt, long DurationMs);

/// <summary>The alerts JSON API (reads and state transitions) and the services of the feature.</summary>
public static class AlertEndpoints
{
    public static void AddAlerts(IServiceCollection services)
    {
        services.AddSingleton<AlertAnalysis>();
        services.AddScheduledJob<NightlyAnalysisJob>(NightlyAnalysisJob.Name, NightlyAnalysisJob.Cron);
    }

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var alerts = endpoints.MapGroup("/api/alerts").WithTags("预警 / alerts").RequireAuthorization(Policies.AlertsRead);
        endpoints.MapGet("/api/alerts", List).WithTags("预警 / alerts").RequireAuthorization(Policies.AlertsRead).WithName("ListAlerts")
            .WithSummary("预警列表（级别、规则、交易类别、监管部门、发生日期、状态筛选，按级别与规则计数） / list alerts with filters and counts")
            .WithDescription("level: red|orange|yellow；rule: 规则编码；category: 交易类别（Construction…）；department: 行业监管部门名称；from/to: 发生日期（北京时间，含两端）；state: New|UnderReview|Dismissed|Converted；includeQuality: 含数据质量提示；bidder: 市场主体 id。");
        alerts.MapGet("/{id:long}", Get).WithName("GetAlert")
            .WithSummary("预警详情：证据、标段投标、共享特征、法律依据、原因说明、处理记录 / an alert with its evidence, bids, basis, why and history");
        alerts.MapGet("/runs", Runs).WithName("ListAnalysisRuns").WithSummary("最近的分析运行 / recent analysis runs");
        alerts.MapPost("/{id:long}/review", (long id, JianguanDbContext db, AuditTrail audit, TimeProvider clock, HttpContext http, CancellationToken ct) =>
                Transition(id, AlertAction.StartReview, null, db, audit, clock, http, ct))
            .WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute()).WithName("ReviewAlert").WithSummary("开始核查（新预警 → 核查中） / start review").RequireAuthorization(Policies.AlertsManage);
        alerts.MapPost("/{id:long}/dismiss", (long id, AlertTransitionRequest body, JianguanDbContext db, AuditTrail audit, TimeProvider clock, HttpContext http, CancellationToken ct) =>
                Transition(id, AlertAction.Dismiss, body.Reason, db, audit, clock, http, ct))
            .WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute()).WithName("DismissAlert").WithSummary("排除（核查中 → 已排除，须填写理由） / dismiss with a reason").RequireAuthorization(Policies.AlertsManage);
        alerts.MapPost("/{id:long}/convert", (long id, AlertTransitionRequest? body, JianguanDbContext db, AuditTrail audit, TimeProvider clock, HttpContext http, CancellationToken ct) =>
                Transition(id, AlertAction.Convert, body?.Reason, db, audit, clock, http, ct))
            .WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute()).WithName("ConvertAlert").WithSummary("转为线索（核查中 → 已转线索，生成线索编号） / convert to a clue").RequireAuthorization(Policies.AlertsManage);

        endpoints.MapGet("/api/bidders/{id:long}", async Task<Results<Ok<BidderProfile>, NotFound>> (long id, JianguanDbContext db, CurrentDataScope scope, CancellationToken ct) =>
                await AlertQueries.BidderAsync(db, await scope.GetAsync(ct), id, ct) is { } p ? TypedResults.Ok(p) : TypedResults.NotFound())
            .WithTags("预警 / alerts").WithName("GetBidder")
            .WithSummary("投标人画像：投标与中标记录、同场单位、所属团体、预警、重点关注 / bidder profile")
            .RequireAuthorization(Policies.AlertsRead);

        var groups = endpoints.MapGroup("/api/groups").WithTags("预警 / alerts").RequireAuthorization(Policies.AlertsRead);
        endpoints.MapGet("/api/groups", async (JianguanDbContext db, CurrentDataScope scope, CancellationToken ct, int page = 1) =>
                TypedResults.Ok(await AlertQueries.GroupsAsync(db, await scope.GetAsync(ct), page, ct)))
            .WithTags("预警 / alerts").RequireAuthorization(Policies.AlertsRead)
            .WithName("ListGroups").WithSummary("投标团体列表（按风险分） / suspect groups by score");
        groups.MapGet("/{id:long}", async Task<Results<Ok<GroupDetail>, NotFound>> (long id, JianguanDbContext db, CurrentDataScope scope, CancellationToken ct) =>
                await AlertQueries.GroupAsync(db, await scope.GetAsync(ct), id, ct) is { } g ? TypedResults.Ok(g) : TypedResults.NotFound())
            .WithName("GetGroup").WithSummary("团体详情：成员、同场关系（网络的边）、预警、共同投标的标段 / a group with members, edges, alerts and sections");

        var focus = endpoints.MapGroup("/api/focus").WithTags("预警 / alerts").RequireAuthorization(Policies.AlertsRead);
        endpoints.MapGet("/api/focus", async (JianguanDbContext db, CancellationToken ct) => TypedResults.Ok(await AlertQueries.FocusAsync(db, activeOnly: true, ct: ct)))
            .WithTags("预警 / alerts").RequireAuthorization(Policies.AlertsRead)
            .WithName("ListFocus").WithSummary("重点关注对象名单 / the focus list");
        focus.MapGet("/history", async (JianguanDbContext db, CancellationToken ct) => TypedResults.Ok(await AlertQueries.FocusHistoryAsync(db, null, ct)))
            .WithName("FocusHistory").WithSummary("名单变更记录 / focus list changes");
        endpoints.MapPost("/api/focus", AddFocus).WithTags("预警 / alerts").RequireAuthorization(Policies.AlertsRead).WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute()).WithName("AddFocus").WithSummary("列入名单（须填写理由） / add a firm with a reason").RequireAuthorization(Policies.FocusManage);
        focus.MapPost("/{entityId:long}/remove", RemoveFocus).WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute()).WithName("RemoveFocus").WithSummary("移出名单（须填写理由） / remove a firm with a reason")
            .RequireAuthorization(Policies.FocusManage);

        endpoints.MapGet("/api/tracking", async (JianguanDbContext db, CurrentDataScope scope, CancellationToken ct, int page = 1) =>
                TypedResults.Ok(await AlertQueries.TrackingAsync(db, await scope.GetAsync(ct), page, ct)))
            .WithTags("预警 / alerts").WithName("ListTracking")
            .WithSummary("跟踪提示：重点关注单位参与的新导入标段 / tracking notices")
            .RequireAuthorization(Policies.AlertsRead);
    }

    public static async Task<Results<Ok<AlertListPage>, ValidationProblem>> List(JianguanDbContext db, CurrentDataScope scope, CancellationToken ct,
        string? level = null, string? rule = null, string? category = null, string? department = null, DateOnly? from = null,
        DateOnly? to = null, string? state = null, bool includeQuality = false, long? bidder = null, int page = 1)
    {
        var errors = new Dictionary<string, string[]>();
        AlertLevel? l = null;
        if (!string.IsNullOrWhiteSpace(level))
        {
            if (AlertLabels.TryParseLevel(level, out var parsed))
            {
                l = parsed;
            }
            else
            {
                errors["level"] = ["未知的级别 / unknown level; 可选 / one of: red, orange, yellow"];
            }
        }

        TradingCategory? c = null;
        if (!string.IsNullOrWhiteSpace(category))
        {
            if (TradingLabels.TryParseCategory(category, out var parsed))
            {
                c = parsed;
            }
            else
            {
                errors["category"] = [$"未知的交易类别 / unknown category; 可选 / one of: {string.Join(", ", TradingLabels.Categories)}"];
            }
        }

        AlertState? s = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (AlertLabels.TryParseState(state, out var parsed))
            {
                s = parsed;
            }
            else
            {
                errors["state"] = [$"未知的状态 / unknown state; 可选 / one of: {string.Join(", ", Enum.GetNames<AlertState>())}"];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(await AlertQueries.ListAsync(db, await scope.GetAsync(ct), new AlertFilter(l, rule, c, department, from, to, s, includeQuality, bidder, page), ct));
    }

    public static async Task<Results<Ok<AlertDetail>, NotFound>> Get(long id, JianguanDbContext db, CurrentDataScope scope, CancellationToken ct) =>
        await AlertQueries.GetAsync(db, await scope.GetAsync(ct), id, ct) is { } a ? TypedResults.Ok(a) : TypedResults.NotFound();

    public static async Task<Ok<List<AnalysisRunInfo>>> Runs(JianguanDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Set<AnalysisRun>().AsNoTracking().OrderByDescending(r => r.Id).Take(50)
            .Select(r => new AnalysisRunInfo(r.Id, r.Trigger, r.Scope, r.SectionsAnalysed, r.SectionsStored, r.AlertsNew, r.AlertsUpdated, r.StartedAt, r.DurationMs))
            .ToListAsync(ct));

    private static async Task<Results<Ok<AlertStateResult>, NotFound, ValidationProblem, ProblemHttpResult>> Transition(long id, AlertAction action,
        string? reason, JianguanDbContext db, AuditTrail audit, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (TokenRefused(http))
        {
            return TypedResults.Problem(TokenMessage, statusCode: StatusCodes.Status400BadRequest);
        }

        var scope = http.RequestServices.GetRequiredService<CurrentDataScope>();
        if (await AlertQueries.GetAsync(db, await scope.GetAsync(ct), id, ct) is null)
        {
            return TypedResults.NotFound();
        }

        if (action == AlertAction.Dismiss && string.IsNullOrWhiteSpace(reason))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["排除预警须填写理由 / a reason is required to dismiss"] });
        }

        try
        {
            var alert = await AlertWorkflow.ApplyAsync(db, id, action, reason, audit, AuditActor.From(http), clock, ct);
            if (alert is null)
            {
                return TypedResults.NotFound();
            }

            var clue = alert.ClueId is { } clueId ? await db.Set<Clue>().AsNoTracking().Where(x => x.Id == clueId).Select(x => x.Number).FirstOrDefaultAsync(ct) : null;
            return TypedResults.Ok(new AlertStateResult(alert.Id, alert.State, AlertLabels.StateName(alert.State), clue));
        }
        catch (AlertRuleException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "不允许的状态变更 / transition refused");
        }
    }

    private const string TokenMessage = "缺少或无效的防伪令牌（请求头 RequestVerificationToken）/ missing or invalid anti-forgery token";

    /// <summary>The anti-forgery middleware only records its verdict for JSON endpoints; the handler enforces it.</summary>
    private static bool TokenRefused(HttpContext http) =>
        http.Features.Get<Microsoft.AspNetCore.Antiforgery.IAntiforgeryValidationFeature>() is { IsValid: false };

    private static async Task<Results<Ok<FocusInfo>, ValidationProblem, ProblemHttpResult>> AddFocus(FocusAddRequest body, JianguanDbContext db, AuditTrail audit,
        TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (TokenRefused(http))
        {
            return TypedResults.Problem(TokenMessage, statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            await FocusList.AddAsync(db, body.EntityId, body.Reason, audit, AuditActor.From(http), clock, ct);
        }
        catch (AlertRuleException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["focus"] = [e.Message] });
        }

        return TypedResults.Ok((await AlertQueries.FocusAsync(db, activeOnly: false, entityId: body.EntityId, ct: ct)).Single());
    }

    private static async Task<Results<Ok<FocusInfo>, ValidationProblem, ProblemHttpResult>> RemoveFocus(long entityId, FocusRemoveRequest body, JianguanDbContext db,
        AuditTrail audit, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (TokenRefused(http))
        {
            return TypedResults.Problem(TokenMessage, statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            await FocusList.RemoveAsync(db, entityId, body.Reason, audit, AuditActor.From(http), clock, ct);
        }
        catch (AlertRuleException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["focus"] = [e.Message] });
        }

        return TypedResults.Ok((await AlertQueries.FocusAsync(db, activeOnly: false, entityId: entityId, ct: ct)).Single());
    }
}
