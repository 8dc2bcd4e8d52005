using Jianguan.Features.Warnings;
using Jianguan.Platform.Scopes;
using Jianguan.Platform.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jianguan.Features.Focus;

public sealed record FocusAddRequest(long EntityId, string? Reason);

public sealed record FocusRemoveRequest(string? Reason);

/// <summary>The focus list and tracking JSON API.</summary>
public static class FocusEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var focus = endpoints.MapGroup("/api/focus").WithTags("预警 / alerts").RequireAuthorization(Policies.AlertsRead);
        endpoints.MapGet("/api/focus", async (JianguanDbContext db, CurrentDataScope scope, CancellationToken ct) =>
                TypedResults.Ok(await FocusQueries.FocusAsync(db, activeOnly: true, scope: await scope.GetAsync(ct), ct: ct)))
            .WithTags("预警 / alerts").RequireAuthorization(Policies.AlertsRead)
            .WithName("ListFocus").WithSummary("重点关注对象名单 / the focus list");
        focus.MapGet("/history", async (JianguanDbContext db, CurrentDataScope scope, CancellationToken ct) =>
                TypedResults.Ok(await FocusQueries.FocusHistoryAsync(db, null, await scope.GetAsync(ct), ct)))
            .WithName("FocusHistory").WithSummary("名单变更记录 / focus list changes");
        endpoints.MapPost("/api/focus", AddFocus).WithTags("预警 / alerts").RequireAuthorization(Policies.AlertsRead).WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute()).WithName("AddFocus").WithSummary("列入名单（须填写理由） / add a firm with a reason").RequireAuthorization(Policies.FocusManage);
        focus.MapPost("/{entityId:long}/remove", RemoveFocus).WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute()).WithName("RemoveFocus").WithSummary("移出名单（须填写理由） / remove a firm with a reason")
            .RequireAuthorization(Policies.FocusManage);

        endpoints.MapGet("/api/tracking", async (JianguanDbContext db, CurrentDataScope scope, CancellationToken ct, int page = 1) =>
                TypedResults.Ok(await FocusQueries.TrackingAsync(db, await scope.GetAsync(ct), page, ct)))
            .WithTags("预警 / alerts").WithName("ListTracking")
            .WithSummary("跟踪提示：重点关注单位参与的新导入标段 / tracking notices")
            .RequireAuthorization(Policies.AlertsRead);
    }

    private static async Task<Results<Ok<FocusInfo>, ValidationProblem, ProblemHttpResult>> AddFocus(FocusAddRequest body, JianguanDbContext db, AuditTrail audit,
        TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (JsonAntiforgery.Refused(http))
        {
            return JsonAntiforgery.Problem();
        }

        try
        {
            await FocusList.AddAsync(db, body.EntityId, body.Reason, audit, AuditActor.From(http), clock, ct);
        }
        catch (AlertRuleException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["focus"] = [e.Message] });
        }

        return TypedResults.Ok((await FocusQueries.FocusAsync(db, activeOnly: false, entityId: body.EntityId, ct: ct)).Single());
    }

    private static async Task<Results<Ok<FocusInfo>, ValidationProblem, ProblemHttpResult>> RemoveFocus(long entityId, FocusRemoveRequest body, JianguanDbContext db,
        AuditTrail audit, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (JsonAntiforgery.Refused(http))
        {
            return JsonAntiforgery.Problem();
        }

        try
        {
            await FocusList.RemoveAsync(db, entityId, body.Reason, audit, AuditActor.From(http), clock, ct);
        }
        catch (AlertRuleException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["focus"] = [e.Message] });
        }

        return TypedResults.Ok((await FocusQueries.FocusAsync(db, activeOnly: false, entityId: entityId, ct: ct)).Single());
    }
}
