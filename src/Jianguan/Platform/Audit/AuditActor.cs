using System.Security.Claims;

namespace Jianguan.Platform.Audit;

/// <summary>Who acts and from where, as written into the audit chain.</summary>
public sealed record AuditActor(string? UserId, string UserName, string Roles, string Source)
{
    /// <summary>The signed-in user of a request (or 匿名 for the public) and the client address.</summary>
    public static AuditActor From(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        var signedIn = user.Identity?.IsAuthenticated == true;
        return new AuditActor(
            signedIn ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null,
            signedIn ? user.Identity!.Name ?? "" : Anonymous,
            string.Join(',', user.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal)),
            context.Connection.RemoteIpAddress?.ToString() ?? "");
    }

    /// <summary>The command line: the operating-system account on this host.</summary>
    public static AuditActor CommandLine { get; } =
        new(null, "cli:" + Environment.UserName, "system", Environment.MachineName);

    /// <summary>The platform itself (scheduled jobs, seeding).</summary>
    public static AuditActor System { get; } = new(null, "system", "system", Environment.MachineName);

    public const string Anonymous = "匿名";
}
