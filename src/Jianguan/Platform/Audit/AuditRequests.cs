using Microsoft.AspNetCore.Authorization;

namespace Jianguan.Platform.Audit;

/// <summary>
/// Every request a signed-in user makes to a non-public endpoint (a page, an API call, an export, a form post) leaves
/// an entry, so reads of non-public data are audited without each feature remembering to. Features add their own,
/// richer entries for the writes they make. A read of trading data by an oversight officer (纪检监察, 审计, 公安; clause
/// 五(十一)) on an endpoint marked <see cref="OversightQueryAttribute"/> is recorded as <c>oversight.query</c>, its target
/// the path with the decoded search terms and filters, instead of <c>http.get</c>: one entry per request either way.
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
        var (action, target) = IsOversightQuery(context, endpoint)
            ? ("oversight.query", DecodedQuery(request))
            : ("http." + request.Method.ToLowerInvariant(), request.Path + request.QueryString);
        await trail.RecordAsync(db, AuditActor.From(context), action, target, detail, CancellationToken.None);
    }

    private static bool IsOversightQuery(HttpContext context, Endpoint endpoint) =>
        HttpMethods.IsGet(context.Request.Method)
        && endpoint.Metadata.GetMetadata<OversightQueryAttribute>() is not null
        && Roles.Oversight.Any(context.User.IsInRole);

    /// <summary>The path with the non-empty query values decoded (the audit page shows what was searched for), cut to 400 characters.</summary>
    private static string DecodedQuery(HttpRequest request)
    {
        var query = string.Join("&", request.Query.Where(q => !string.IsNullOrWhiteSpace(q.Value)).Select(q => q.Key + "=" + q.Value.ToString()));
        var target = (request.Path.Value ?? "") + (query.Length > 0 ? "?" + query : "");
        return target.Length > 400 ? target[..400] : target;
    }

    private static bool IsPublic(Endpoint endpoint)
    {
        var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
        return endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
            || (policies.Count > 0 && policies.All(p => p == Policies.Public));
    }
}

/// <summary>
/// Marks a page model or an API route whose GETs read trading data: an oversight officer's request there is audited as
/// <c>oversight.query</c> (see <see cref="AuditRequests"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class OversightQueryAttribute : Attribute;
