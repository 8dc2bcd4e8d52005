using Jianguan.Platform.Jobs;

namespace Jianguan.Features.Warnings;

/// <summary>
/// Re-analyses the whole market every night at 02:00 Beijing time, so that alerts raised by context (new bids of
/// the same firms elsewhere, the network, the category norms) appear even without a new import in their section.
/// Scheduled by Quartz (<see cref="ScheduledJobs"/>): a failed night is logged and recorded in the job runs and
/// does not stop the next one; the next import or night catches up.
/// </summary>
public sealed class NightlyAnalysisJob(JianguanDbContext db, AlertAnalysis analysis, ILogger<NightlyAnalysisJob> log) : IScheduledJob
{
    public const string Name = "nightly-analysis";

    /// <summary>02:00 every day, Beijing time.</summary>
    public const string Cron = "0 0 2 * * ?";

    /// <summary>The next run after <paramref name="now"/>: today's 02:00 Beijing time if still ahead, else tomorrow's.</summary>
    public static DateTimeOffset NextRun(DateTimeOffset now) => ScheduledJobs.NextRun(Cron, now);

    public async Task<string?> RunAsync(CancellationToken ct)
    {
        var outcome = await analysis.RefreshAsync(db, "nightly", AuditActor.System, ct);
        if (log.IsEnabled(LogLevel.Information))
        {
            log.LogInformation("nightly analysis: {Sections} sections, {New} new and {Updated} updated alerts in {Seconds:0.0} s",
                outcome.SectionsAnalysed, outcome.AlertsNew, outcome.AlertsUpdated, outcome.Total.TotalSeconds);
        }

        return FormattableString.Invariant(
            $"{outcome.SectionsAnalysed} sections, {outcome.AlertsNew} new and {outcome.AlertsUpdated} updated alerts in {outcome.Total.TotalSeconds:0.0} s");
    }
}
