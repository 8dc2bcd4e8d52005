using Scalar.AspNetCore;

namespace Jianguan.Platform.Web;

/// <summary>
/// Security headers on every response, errors included (set when the response starts, after any handler ran).
/// The pages carry no inline script or style, so the policy needs no 'unsafe-inline'; the only exception is the
/// API reference UI, whose bootstrap script gets a per-request nonce and whose components inject styles.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XFrameOptions = "DENY";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                // Whatever a signed-in user or a machine token receives (pages, API JSON with personal data,
                // exports) stays out of browser and proxy caches (issue 17, low).
                if (context.User.Identity?.IsAuthenticated == true)
                {
                    headers.CacheControl = "no-store";
                    headers.Pragma = "no-cache";
                }

                headers.ContentSecurityPolicy = context.Items[ScalarOptions.NonceHttpContextItemKey] is string nonce
                    ? $"{ContentSecurityPolicy}; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; font-src 'self' data:"
                    : ContentSecurityPolicy;
                return Task.CompletedTask;
            });
            return next(context);
        });
}
