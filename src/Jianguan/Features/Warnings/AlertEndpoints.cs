using Jianguan.Features.Trading;
using Jianguan.Platform.Jobs;
using Jianguan.Platform.Scopes;
using Microsoft.AspNetCore.Http.HttpResults;
using Jianguan.Platform.Web;
using Jianguan.Features.Clues;
using Jianguan.Features.Trading.Import;

namespace Jianguan.Features.Warnings;

/// <summary>A state change request: the reason (required to dismiss) or a note (to convert).</summary>
public sealed record AlertTransitionRequest(string? Reason);

public sealed record AlertStateResult(long Id, AlertState State, string StateName, string? ClueNumber);

public sealed record AnalysisRunInfo(long Id, string Trigger, string Scope, int SectionsAnalysed, int SectionsStored, int AlertsNew,
    int AlertsUpdated, DateTimeOffset StartedAt, long DurationMs);

/// <summary>The alerts JSON API (reads and state transitions) and the services of the feature.</summary>
public static class AlertEndpoints
{
    public static void AddAlerts(IServiceCollection services)
    {
        services.AddOptions<AnalysisOptions>().BindConfiguration(AnalysisOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AnalysisGate>();
        services.AddSingleton<AlertAnalysis>();
        // The analysis after every committed import (Trading's hook).
        services.AddSingleton<IAfterImportAnalysis>(sp => sp.GetRequiredService<AlertAnalysis>());
        services.AddScheduledJob<NightlyAnalysisJob>(NightlyAnalysisJob.Name, NightlyAnalysisJob.Cron);
        services.AddOptions<AlertStreamOptions>().BindConfiguration(AlertStreamOptions.Section);
    }

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var alerts = endpoints.MapGroup("/api/alerts").WithTags("预警 / alerts").RequireAuthorization(Policies.AlertsRead);
        endpoints.MapGet("/api/alerts", List).WithTags("预警 / alerts").RequireAuthorization(Policies.AlertsRead).WithName("ListAlerts")
            .WithSummary("预警列表（级别、规则、交易类别、监管部门、发生日期、状态筛选，按级别与规则计数） / list alerts with filters and counts")
            .WithDescription("level: red|orange|yellow；rule: 规则编码；category: 交易类别（Construction…）；department: 行业监管部门名称；from/to: 发生日期（北京时间，含两端）；state: New|UnderReview|Dismissed|Converted；includeQuality: 含数据质量提示；view: quality 只列数据质量提示（数据质量视图）；bidder: 市场主体 id。");
        alerts.MapGet("/{id:long}", Get).WithName("GetAlert")
            .WithSummary("预警详情：证据、标段投标、共享特征、法律依据、原因说明、处理记录 / an alert with its evidence, bids, basis, why and history");
        alerts.MapGet("/stream", AlertEvents.StreamAsync).WithName("StreamAlerts").ExcludeFromDescription();
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
    }


    public static async Task<Results<Ok<AlertListPage>, ValidationProblem>> List(JianguanDbContext db, CurrentDataScope scope, CancellationToken ct,
        string? level = null, string? rule = null, string? category = null, string? department = null, DateOnly? from = null,
        DateOnly? to = null, string? state = null, bool includeQuality = false, long? bidder = null, int page = 1, string? view = null)
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

        foreach (var (name, day) in new[] { ("from", from), ("to", to) })
        {
            if (Platform.Time.ChinaTime.FilterProblem(day) is { } problem)
            {
                errors[name] = [problem];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(await AlertQueries.ListAsync(db, await scope.GetAsync(ct), new AlertFilter(l, rule, c, department, from, to, s, includeQuality, bidder, page,
            OnlyQuality: string.Equals(view, "quality", StringComparison.OrdinalIgnoreCase)), ct));
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
        if (JsonAntiforgery.Refused(http))
        {
            return JsonAntiforgery.Problem();
        }

        var scope = http.RequestServices.GetRequiredService<CurrentDataScope>();
        var dataScope = await scope.GetAsync(ct);
        if (await AlertQueries.GetAsync(db, dataScope, id, ct) is not { } visible)
        {
            return TypedResults.NotFound();
        }

        if (AlertQueries.ReadOnlyFor(dataScope, visible.Alert))
        {
            return TypedResults.Problem("本预警涉及其他单位监管范围的标段或投标人，由公管办处理 / the alert reaches beyond your sector; the office handles it",
                statusCode: StatusCodes.Status403Forbidden, title: "不允许的状态变更 / transition refused");
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

}
