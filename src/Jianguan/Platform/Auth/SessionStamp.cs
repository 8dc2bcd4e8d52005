using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Jianguan.Platform.Auth;

/// <summary>
/// The server-side end of a session (issue 17, item 6). Every request's cookie carries the account's security stamp
/// as it was at sign-in; it is compared with the stored stamp on every request (one indexed read of two columns),
/// not only at <see cref="SecuritySetup.StampValidationInterval"/>. Logout, a password change or reset, a 2FA reset
/// and disabling the account change or void it, so a copy of the cookie saved before stops working at once.
/// </summary>
public static class SessionStamp
{
    /// <summary>True when the session may go on; otherwise the principal is rejected and the cookie removed.</summary>
    public static async Task<bool> IsCurrentAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var claims = context.HttpContext.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var principal = context.Principal;
        var userId = principal?.FindFirstValue(claims.UserIdClaimType);
        var stamp = principal?.FindFirstValue(claims.SecurityStampClaimType);
        if (userId is not null && stamp is not null)
        {
            var db = context.HttpContext.RequestServices.GetRequiredService<JianguanDbContext>();
            var stored = await db.Users.AsNoTracking().Where(u => u.Id == userId)
                .Select(u => new { u.SecurityStamp, u.Disabled })
                .FirstOrDefaultAsync(context.HttpContext.RequestAborted);
            if (stored is { Disabled: false } && string.Equals(stored.SecurityStamp, stamp, StringComparison.Ordinal))
            {
                return true;
            }
        }

        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        return false;
    }
}
