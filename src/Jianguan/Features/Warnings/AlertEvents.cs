using System.Text.Json;
using Jianguan.Platform.Scopes;
using Microsoft.Extensions.Options;

namespace Jianguan.Features.Warnings;

/// <summary>The <c>AlertStream</c> configuration section.</summary>
public sealed class AlertStreamOptions
{
    public const string Section = "AlertStream";

    /// <summary>How often a stream looks for new alerts (milliseconds).</summary>
    public int PollMilliseconds { get; set; } = 1000;

    /// <summary>A comment line this often keeps proxies from closing an idle stream (seconds).</summary>
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>
    /// A stream ends after this long (minutes) and the browser reconnects on its own with the last event id: a load
    /// balancer spreads long-lived connections again, and a node being drained loses its streams soon.
    /// </summary>
    public int LifetimeMinutes { get; set; } = 10;
}

/// <summary>
/// <c>GET /api/alerts/stream</c>: server-sent events, one <c>red-alert</c> event per new red alert the signed-in
/// reader's data scope may see (the same scoping and masking as <c>/api/alerts</c>). Cluster-safe without a message
/// bus: each stream polls the alerts table for ids above the last it sent (one indexed max() per poll, the scoped
/// query only when there is something new), so an alert stored by a push on any node reaches readers on every node.
/// The page script is wwwroot/js/alerts-live.js (no inline script: CSP). A request that does not accept
/// <c>text/event-stream</c> gets the opening lines and the end of the response.
/// </summary>
public static class AlertEvents
{
    public const string EventName = "red-alert";

    public static async Task StreamAsync(HttpContext http, JianguanDbContext db, CurrentDataScope currentScope, IOptions<AlertStreamOptions> options,
        TimeProvider clock, IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(lifetime);
        var o = options.Value;
        var scope = await currentScope.GetAsync(ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
        stop.CancelAfter(TimeSpan.FromMinutes(Math.Max(1, o.LifetimeMinutes)));
        var token = stop.Token;

        var response = http.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        // nginx: pass the events on as they come instead of buffering them.
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();

        // Where to start: the browser's own resume point after a reconnect (Last-Event-ID), else the page's (after: the
        // newest alert id when the /Alerts page was made, or the last one a tab saw when it takes the stream over from
        // another tab), else the newest alert now.
        var last = TryParseId(http.Request.Headers["Last-Event-ID"]) ?? TryParseId(http.Request.Query["after"]) ?? await MaxIdAsync(db, token);
        await WriteAsync(response, $"retry: 3000\n: connected {last}\n\n", token);
        if (!http.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            // Not an event-stream client (a plain GET, a crawler): the opening lines only, not a connection held open.
            return;
        }

        var heartbeat = clock.GetUtcNow();
        try
        {
            while (!token.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(50, o.PollMilliseconds)), clock, token);
                var max = await MaxIdAsync(db, token);
                if (max > last)
                {
                    var from = last;
                    var query = (await AlertQueries.ScopedAsync(db, db.Set<RiskAlert>().AsNoTracking(), scope, token))
                        .Where(a => a.Id > from && a.Id <= max && a.Level == AlertLevel.Red);
                    foreach (var alert in (await AlertQueries.Items(db, query, scope, token)).OrderBy(a => a.Id))
                    {
                        var data = JsonSerializer.Serialize(new
                        {
                            id = alert.Id,
                            rule = alert.RuleName,
                            level = alert.LevelName,
                            section = alert.SectionName,
                            sectionCode = alert.SectionCode,
                            project = alert.ProjectName,
                            department = alert.Department,
                            url = "/Alerts/" + alert.Id.ToString(CultureInfo.InvariantCulture),
                        }, Json);
                        await WriteAsync(response, $"id: {alert.Id}\nevent: {EventName}\ndata: {data}\n\n", token);
                    }

                    last = max;
                    heartbeat = clock.GetUtcNow();
                }
                else if (clock.GetUtcNow() - heartbeat >= TimeSpan.FromSeconds(o.HeartbeatSeconds))
                {
                    // The id line keeps the browser's resume point current when nothing in scope arrived.
                    await WriteAsync(response, $"id: {last}\n: heartbeat\n\n", token);
                    heartbeat = clock.GetUtcNow();
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Client gone, lifetime over, or the node stopping: the browser reconnects.
        }
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    private static long? TryParseId(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>The newest alert id (0 without alerts): where a stream starts when the client names no position.</summary>
    public static async Task<long> MaxIdAsync(JianguanDbContext db, CancellationToken ct) =>
        await db.Set<RiskAlert>().MaxAsync(a => (long?)a.Id, ct) ?? 0;

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken ct)
    {
        await response.WriteAsync(text, ct);
        await response.Body.FlushAsync(ct);
    }
}
