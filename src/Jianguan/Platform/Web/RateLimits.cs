using System.Threading.RateLimiting;
using Jianguan.Platform.Tokens;
using Microsoft.Extensions.Options;

namespace Jianguan.Platform.Web;

/// <summary>
/// Per-client-address limits (configuration section <see cref="Section"/>, docs/security.md §20): login form posts
/// (password and second factor) and requests presenting a bearer token. Over a limit the answer is 429 with a Chinese
/// message and <c>Retry-After</c>, before authentication, so a flood costs neither a password hash, a token lookup
/// nor an audit entry.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Jianguan:RateLimit";

    /// <summary>POSTs to /Account/Login and /Account/LoginWith2fa per address and window.</summary>
    public int LoginPermits { get; set; } = 30;

    public int LoginWindowSeconds { get; set; } = 60;

    /// <summary>Requests with an <c>Authorization: Bearer</c> header per address and window (good tokens included).</summary>
    public int BearerPermits { get; set; } = 600;

    public int BearerWindowSeconds { get; set; } = 60;

    /// <summary>Repeated token rejections from one address are recorded at most once per this many seconds; 0 records each.</summary>
    public int RejectionAuditSeconds { get; set; } = 60;
}

public static class RateLimits
{
    public static IServiceCollection AddJianguanRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section);
        services.AddSingleton<RejectionAggregator>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<IOptions<RateLimitOptions>>((o, limits) => Apply(o, limits.Value));
        return services;
    }

    private static void Apply(Microsoft.AspNetCore.RateLimiting.RateLimiterOptions options, RateLimitOptions limits)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (IsLoginPost(context.Request))
            {
                return RateLimitPartition.GetFixedWindowLimiter("login:" + address, _ => Window(limits.LoginPermits, limits.LoginWindowSeconds));
            }

            // The public complaint form and receipt-code lookups: no login, so limited like login posts.
            if (IsPublicComplaintPost(context.Request))
            {
                return RateLimitPartition.GetFixedWindowLimiter("public:" + address, _ => Window(limits.LoginPermits, limits.LoginWindowSeconds));
            }

            return MachineTokenHandler.HasBearer(context.Request)
                ? RateLimitPartition.GetFixedWindowLimiter("bearer:" + address, _ => Window(limits.BearerPermits, limits.BearerWindowSeconds))
                : RateLimitPartition.GetNoLimiter("");
        });
        options.OnRejected = async (context, ct) =>
        {
            var response = context.HttpContext.Response;
            var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry)
                ? Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds))
                : Math.Max(1, IsLoginPost(context.HttpContext.Request) || IsPublicComplaintPost(context.HttpContext.Request) ? limits.LoginWindowSeconds : limits.BearerWindowSeconds);
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync($"请求过于频繁，请 {seconds} 秒后再试。/ too many requests, try again in {seconds} s", ct);
        };
    }

    private static FixedWindowRateLimiterOptions Window(int permits, int seconds) => new()
    {
        PermitLimit = Math.Max(1, permits),
        Window = TimeSpan.FromSeconds(Math.Max(1, seconds)),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    public static bool IsLoginPost(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HttpMethods.IsPost(request.Method)
            && (request.Path.StartsWithSegments("/Account/Login", StringComparison.OrdinalIgnoreCase)
                || request.Path.StartsWithSegments("/Account/LoginWith2fa", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>POSTs of the public complaint form and of the receipt-code lookup (no login).</summary>
    public static bool IsPublicComplaintPost(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HttpMethods.IsPost(request.Method)
            && (request.Path.StartsWithSegments("/Public/Complaints/New", StringComparison.OrdinalIgnoreCase)
                || request.Path.StartsWithSegments("/Public/Complaints/Track", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>After the forwarded headers (the client's address is the partition), before anything costly.</summary>
    public static IApplicationBuilder UseJianguanRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();
}

/// <summary>
/// Repeated rejections from one client address go into the audit trail once per window: the first at once, then
/// the next one after the window has passed, carrying how many were not recorded singly in between.
/// </summary>
public sealed class RejectionAggregator(TimeProvider time, IOptions<RateLimitOptions> options)
{
    private const int MaxAddresses = 10_000;
    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private sealed class Window
    {
        public DateTimeOffset Start;
        public int Suppressed;
    }

    /// <summary>
    /// True when this rejection is to be recorded; <paramref name="suppressed"/> is then the number of rejections of
    /// the same kind from the address since the last recorded one. False: counted, to be reported later.
    /// </summary>
    public bool ShouldRecord(string kind, string address, out int suppressed)
    {
        suppressed = 0;
        if (options.Value.RejectionAuditSeconds <= 0)
        {
            return true;
        }

        var now = time.GetUtcNow();
        var length = TimeSpan.FromSeconds(options.Value.RejectionAuditSeconds);
        var key = kind + "|" + address;
        lock (_lock)
        {
            if (_windows.TryGetValue(key, out var window) && now - window.Start < length)
            {
                window.Suppressed++;
                return false;
            }

            suppressed = window?.Suppressed ?? 0;
            if (window is null && _windows.Count >= MaxAddresses)
            {
                // Windows that ended with nothing pending are forgotten first; a table full of live windows is cleared.
                foreach (var stale in _windows.Where(w => now - w.Value.Start >= length && w.Value.Suppressed == 0).Select(w => w.Key).ToList())
                {
                    _windows.Remove(stale);
                }

                if (_windows.Count >= MaxAddresses)
                {
                    _windows.Clear();
                }
            }

            _windows[key] = new Window { Start = now };
            return true;
        }
    }
}
