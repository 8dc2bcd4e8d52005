using Jianguan.Data;
using Jianguan.Platform.Audit;

namespace Jianguan.Features.Alerts;

/// <summary>
/// Re-analyses the whole market every night at 02:00 Beijing time, so that alerts raised by context (new bids of
/// the same firms elsewhere, the network, the category norms) appear even without a new import in their section.
/// Clock from <see cref="TimeProvider"/>, so tests can drive it. One web node is enough: with several, each runs
/// it (the runs are idempotent; the clustered scheduler of the architecture replaces this when there are several).
/// </summary>
public sealed class NightlyAnalysisJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<NightlyAnalysisJob> log) : BackgroundService
{
    public static readonly TimeSpan RunAt = TimeSpan.FromHours(2);

    /// <summary>The next run after <paramref name="now"/>: today's 02:00 Beijing time if still ahead, else tomorrow's.</summary>
    public static DateTimeOffset NextRun(DateTimeOffset now)
    {
        var local = now.ToOffset(Platform.Time.ChinaTime.Offset);
        var today = new DateTimeOffset(local.Date, Platform.Time.ChinaTime.Offset) + RunAt;
        return today > local ? today : today.AddDays(1);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            try
            {
                await Task.Delay(NextRun(now) - now, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await RunOnceAsync(stoppingToken);
        }
    }

    public async Task RunOnceAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
            var analysis = scope.ServiceProvider.GetRequiredService<AlertAnalysis>();
            var outcome = await analysis.RefreshAsync(db, "nightly", AuditActor.System, ct);
            if (log.IsEnabled(LogLevel.Information))
            {
                log.LogInformation("nightly analysis: {Sections} sections, {New} new and {Updated} updated alerts in {Seconds:0.0} s",
                    outcome.SectionsAnalysed, outcome.AlertsNew, outcome.AlertsUpdated, outcome.Total.TotalSeconds);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failed night must not stop the next one (or the web app): the next import or night catches up.
            log.LogError(e, "nightly analysis failed");
        }
    }
}
