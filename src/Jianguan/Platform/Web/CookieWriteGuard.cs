using Jianguan.Platform.Tokens;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Net.Http.Headers;

namespace Jianguan.Platform.Web;

/// <summary>
/// Cross-site request forgery, second layer (issue 17, item 9). A state-changing request (POST, PUT, PATCH, DELETE)
/// made with the login cookie must come from this site: an <c>Origin</c> header, or else a <c>Referer</c>, naming
/// another scheme, host or port is refused with 403 before any endpoint runs. Requests with a machine token are not
/// cookie requests and are not checked. Requests that carry neither header (old clients, scripts) rely on the
/// anti-forgery token alone, which every cookie write requires.
/// </summary>
public static class CookieWriteGuard
{
    public const string Message = "跨站请求被拒绝：请求来源（Origin/Referer）与本站不一致 / cross-site request refused";

    public static IApplicationBuilder UseCookieWriteGuard(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var request = context.Request;
            if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
                || HttpMethods.IsTrace(request.Method)
                || context.User.Identity?.IsAuthenticated != true || IsMachine(context) || SameOrigin(request))
            {
                return next(context);
            }

            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return WebApp.IsApiPath(request.Path)
                ? context.Response.WriteAsJsonAsync(new { title = Message, status = 403 })
                : context.Response.WriteAsync(Message);
        });

    /// <summary>True when the request was authenticated by a machine token, not by the cookie.</summary>
    public static bool IsMachine(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.User.Identity?.AuthenticationType == MachineTokenHandler.SchemeName;
    }

    private static bool SameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        var source = origin.Length > 0 ? origin : request.Headers[HeaderNames.Referer].ToString();
        if (source.Length == 0)
        {
            return true;
        }

        return Uri.TryCreate(source, UriKind.Absolute, out var uri)
            && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// For endpoints that must also take machine clients (which have no anti-forgery token): a cookie caller must
    /// send the token (form field or the <c>RequestVerificationToken</c> header), a machine-token caller need not.
    /// </summary>
    public static RouteHandlerBuilder RequireAntiforgeryForCookies(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!IsMachine(http))
            {
                try
                {
                    await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
                }
                catch (AntiforgeryValidationException)
                {
                    return JsonAntiforgery.Problem();
                }
            }

            return await next(context);
        });
}
