using Microsoft.AspNetCore.Authorization;

namespace Jianguan.Platform.Audit;

/// <summary>
/// Every request a signed-in user makes to a non-public endpoint (a page, an API call, an export, a form post) leaves
/// an entry, so reads of non-public data are audited without each feature remembering to. Features add their own,
/// richer entries for the writes they make.
/// </summary>
public static class AuditRequests
{
    public static IApplicationBuilder UseAuditedRequests(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            await next(context);
            var endpoint = context.GetEndpoint();
            if (endpoint is null || context.User.Identity?.IsAuthenticated != true || IsPublic(endpoint))
            {
                return;
            }

            // A scope of its own: the request's context may hold changes the endpoint chose not to save.
            await using var scope = context.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
            var trail = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            var request = context.Request;
            await trail.RecordAsync(db, AuditActor.From(context), "http." + request.Method.ToLowerInvariant(),
                request.Path + request.QueryString,
                new { status = context.Response.StatusCode }, CancellationToken.None);
        });

    private static bool IsPublic(Endpoint endpoint)
    {
        var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
        return endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
            || (policies.Count > 0 && policies.All(p => p == Policies.Public));
    }
}
