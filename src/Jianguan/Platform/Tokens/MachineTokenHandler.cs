using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Jianguan.Platform.Tokens;

/// <summary>
/// <c>Authorization: Bearer jgt_…</c> on /api paths. An unknown, wrong, expired or revoked token is a failure (401)
/// and leaves an audit entry (repeated ones from one address aggregated, docs/security.md §20); a good one yields
/// a principal carrying the token's scopes.
/// </summary>
public sealed class MachineTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    JianguanDbContext db, AuditTrail audit, TimeProvider time, Web.RejectionAggregator rejections)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "MachineToken";

    /// <summary>Last-used times are written at most this often, not on every request of a bulk push.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public static bool HasBearer(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!HasBearer(Request))
        {
            return AuthenticateResult.NoResult();
        }

        var text = Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        if (!MachineTokens.TryParse(text, out var prefix, out var secret))
        {
            return await RejectAsync("", "malformed", "令牌格式不正确 / malformed token");
        }

        var token = await db.MachineTokens.AsNoTracking().Include(t => t.Organisation).SingleOrDefaultAsync(t => t.Prefix == prefix, Context.RequestAborted);
        if (token is null || !MachineTokens.Matches(token, secret))
        {
            return await RejectAsync(prefix, "unknown", "令牌无效 / invalid token");
        }

        var now = time.GetUtcNow();
        if (token.Revoked)
        {
            return await RejectAsync(prefix, "revoked", "令牌已吊销 / token revoked");
        }

        if (token.Status != MachineTokenStatus.Approved)
        {
            return await RejectAsync(prefix, token.Status == MachineTokenStatus.Pending ? "pending" : "rejected", "令牌未获批准 / token not approved");
        }

        if (token.ExpiresAt <= now)
        {
            return await RejectAsync(prefix, "expired", "令牌已过期 / token expired");
        }

        if (token.LastUsedAt is not { } used || now - used >= LastUsedResolution)
        {
            await db.MachineTokens.Where(t => t.Id == token.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        }

        return AuthenticateResult.Success(new AuthenticationTicket(MachineTokens.Principal(token, SchemeName), SchemeName));
    }

    private async Task<AuthenticateResult> RejectAsync(string prefix, string reason, string message)
    {
        // One entry per address and window, not one per request: a flood of garbage tokens must not flood the trail
        // (issue 17, item 12). The entry carries how many rejections since the last one were not recorded singly.
        var actor = AuditActor.From(Context);
        if (rejections.ShouldRecord("token", actor.Source, out var suppressed))
        {
            await audit.RecordAsync(db, actor, "token.rejected", "token:" + prefix,
                new { reason, path = Request.Path.Value, suppressed }, Context.RequestAborted);
        }

        return AuthenticateResult.Fail(message);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        return Task.CompletedTask;
    }
}
