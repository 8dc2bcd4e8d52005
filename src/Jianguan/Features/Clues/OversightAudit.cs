using Microsoft.AspNetCore.Mvc.Filters;

namespace Jianguan.Features.Clues;

/// <summary>
/// The oversight channel (clause 五(十一)): the 纪检监察, 审计 and 公安 roles read the whole trading database, and
/// every query they run is on the audit chain (<c>oversight.query</c>, target: the path with the decoded search terms
/// and filters, detail: the status). Firm lookups are audited for everyone already (<c>firm.search</c>, <c>firm.view</c>).
/// </summary>
public static class OversightAudit
{
    public static readonly IReadOnlyList<string> OversightRoles = [Roles.Discipline, Roles.Audit, Roles.Police];

    public static bool IsOversight(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.User.Identity?.IsAuthenticated == true && OversightRoles.Any(http.User.IsInRole);
    }

    /// <summary>Records the request's query when the caller is an oversight officer.</summary>
    public static async Task RecordAsync(HttpContext http, int status, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!IsOversight(http) || status >= 400)
        {
            return;
        }

        var db = http.RequestServices.GetRequiredService<JianguanDbContext>();
        var audit = http.RequestServices.GetRequiredService<AuditTrail>();
        // The decoded query (search terms and filters) goes into the target, which the audit page shows as machine
        // text; the detail keeps the status.
        var query = string.Join("&", http.Request.Query.Where(q => !string.IsNullOrWhiteSpace(q.Value)).Select(q => q.Key + "=" + q.Value.ToString()));
        var target = (http.Request.Path.Value ?? "") + (query.Length > 0 ? "?" + query : "");
        await audit.RecordAsync(db, AuditActor.From(http), "oversight.query", Cut(target), new { status }, ct);
    }

    /// <summary>The endpoint filter for API groups (reads of trading data).</summary>
    public static async ValueTask<object?> EndpointFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var result = await next(context);
        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
        if (HttpMethods.IsGet(context.HttpContext.Request.Method))
        {
            await RecordAsync(context.HttpContext, status, context.HttpContext.RequestAborted);
        }

        return result;
    }

    private static string Cut(string value) => value.Length > 400 ? value[..400] : value;
}

/// <summary>Put on a page model whose GETs read trading data: oversight officers' page views and searches are audited.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class OversightAuditedAttribute : Attribute, IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var executed = await next();
        if (executed.Exception is null && HttpMethods.IsGet(context.HttpContext.Request.Method))
        {
            var status = executed.Result switch
            {
                Microsoft.AspNetCore.Mvc.Infrastructure.IStatusCodeActionResult { StatusCode: { } code } => code,
                _ => StatusCodes.Status200OK,
            };
            await OversightAudit.RecordAsync(context.HttpContext, status, context.HttpContext.RequestAborted);
        }
    }
}
