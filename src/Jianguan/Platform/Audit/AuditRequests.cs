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
            try
            {
                await next(context);
            }
            catch (Exception e)
            {
                // A request that throws is answered by the exception handler further out, after this entry: record
                // the status it will get and the exception's type (never its message: it may carry data), then let
                // the handler answer (issue 17, item 11).
                try
                {
                    await RecordAsync(context, Web.ProblemDetailsExceptionHandler.Classify(e).Status, e.GetType().Name);
                }
                catch (Exception auditFailure) when (auditFailure is not OperationCanceledException)
                {
                    // The request's own failure (often the same database) is what gets logged and answered.
                    throw new AggregateException(e, auditFailure);
                }

                throw;
            }

            await RecordAsync(context, context.Response.StatusCode, null);
        });

    private static async Task RecordAsync(HttpContext context, int status, string? exception)
    {
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
        object detail = exception is null ? new { status } : new { status, exception };
        await trail.RecordAsync(db, AuditActor.From(context), "http." + request.Method.ToLowerInvariant(),
            request.Path + request.QueryString, detail, CancellationToken.None);
    }

    private static bool IsPublic(Endpoint endpoint)
    {
        var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
        return endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
            || (policies.Count > 0 && policies.All(p => p == Policies.Public));
    }
}
