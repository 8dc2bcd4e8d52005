using Jianguan.Platform.Scopes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jianguan.Features.Profiles;

/// <summary>The bidder profile and suspect group JSON API.</summary>
public static class ProfileEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/bidders/{id:long}", async Task<Results<Ok<BidderProfile>, NotFound>> (long id, JianguanDbContext db, CurrentDataScope scope, CancellationToken ct) =>
                await ProfileQueries.BidderAsync(db, await scope.GetAsync(ct), id, ct) is { } p ? TypedResults.Ok(p) : TypedResults.NotFound())
            .WithTags("预警 / alerts").WithName("GetBidder")
            .WithSummary("投标人画像：投标与中标记录、同场单位、所属团体、预警、重点关注 / bidder profile")
            .RequireAuthorization(Policies.AlertsRead);

        var groups = endpoints.MapGroup("/api/groups").WithTags("预警 / alerts").RequireAuthorization(Policies.AlertsRead);
        endpoints.MapGet("/api/groups", async (JianguanDbContext db, CurrentDataScope scope, CancellationToken ct, int page = 1) =>
                TypedResults.Ok(await ProfileQueries.GroupsAsync(db, await scope.GetAsync(ct), page, ct)))
            .WithTags("预警 / alerts").RequireAuthorization(Policies.AlertsRead)
            .WithName("ListGroups").WithSummary("投标团体列表（按风险分） / suspect groups by score");
        groups.MapGet("/{id:long}", async Task<Results<Ok<GroupDetail>, NotFound>> (long id, JianguanDbContext db, CurrentDataScope scope, CancellationToken ct) =>
                await ProfileQueries.GroupAsync(db, await scope.GetAsync(ct), id, ct) is { } g ? TypedResults.Ok(g) : TypedResults.NotFound())
            .WithName("GetGroup").WithSummary("团体详情：成员、同场关系（网络的边）、预警、共同投标的标段 / a group with members, edges, alerts and sections");
    }
}
