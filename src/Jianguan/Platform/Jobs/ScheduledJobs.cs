using Microsoft.Extensions.Options;
using Quartz;

namespace Jianguan.Platform.Jobs;

/// <summary>The <c>Jobs</c> configuration section.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>
    /// When false the scheduler is built but never started: no job fires on its own. The HTTP tests set this, so
    /// that a test runs a job only when it asks (<see cref="JobRunner"/>, or by starting the scheduler).
    /// </summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>
/// Scheduled jobs on Quartz.NET (docs/decisions/ADR-013). A module registers a job in one line with
/// <see cref="AddScheduledJob{TJob}"/>; cron expressions are read in Beijing time. In-memory store: each web node
/// runs its own scheduler; the clustered ADO.NET store on PostgreSQL replaces it in <see cref="UseStore"/>.
/// </summary>
public static class ScheduledJobs
{
    /// <summary>The scheduler's name; nodes of one cluster must share it.</summary>
    public const string SchedulerName = "jianguan";

    /// <summary>
    /// Beijing time for cron schedules. China has kept UTC+8 without daylight saving since 1991, so where the host
    /// has no time-zone data a fixed zone under the same id gives the same fire times (and the id still resolves on
    /// the other nodes of a cluster).
    /// </summary>
    public static TimeZoneInfo ChinaTime { get; } =
        TimeZoneInfo.TryFindSystemTimeZoneById("Asia/Shanghai", out var zone) ? zone
        : TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", Time.ChinaTime.Offset, "China Standard Time", "China Standard Time");

    /// <summary>The scheduler, the run recorder and the hosted service that starts them with the application (unless <see cref="JobsOptions.Enabled"/> is false).</summary>
    public static IServiceCollection AddJianguanJobs(this IServiceCollection services)
    {
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section);
        services.AddSingleton<JobRunner>();
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o => o.InstanceName = SchedulerName);
            // Jobs are few and long (a whole-market analysis): two threads keep one stuck job from holding up the rest.
            q.UseDefaultThreadPool(2);
            // Fire times follow the wall clock even where the application's TimeProvider is faked (tests): a trigger
            // started at a fake "now" in another year reads as misfired and fires at start-up. Jobs themselves read
            // the application's clock.
            q.UseTimeProvider(TimeProvider.System);
            UseStore(q);
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddOptions<QuartzHostedServiceOptions>()
            .Configure<IOptions<JobsOptions>>((o, jobs) => o.AutoStart = jobs.Value.Enabled);
        return services;
    }

    /// <summary>
    /// Registers <typeparamref name="TJob"/> under <paramref name="name"/> (stable: it keys the job's runs and, in a
    /// persistent store, its rows) on a Quartz cron schedule (seconds first, e.g. <c>0 0 2 * * ?</c>) in Beijing time.
    /// </summary>
    public static IServiceCollection AddScheduledJob<TJob>(this IServiceCollection services, string name, string cron) where TJob : class, IScheduledJob
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        // Refused here, at start-up, rather than when the scheduler first reads it.
        _ = CronExpression.Parse(cron);
        services.AddScoped<TJob>();
        services.ConfigureAllQuartzSchedulers(q => q.ScheduleJob<QuartzJob<TJob>>(
            // Started on the scheduler's wall clock (see AddJianguanJobs), not the container's TimeProvider.
            trigger => trigger.WithIdentity(name).StartAt(TimeProvider.System.GetUtcNow()).WithCronSchedule(cron, c => c.InTimeZone(ChinaTime)),
            job => job.WithIdentity(name)));
        return services;
    }

    /// <summary>When a cron schedule (Beijing time) next fires after <paramref name="after"/>.</summary>
    public static DateTimeOffset NextRun(string cron, DateTimeOffset after) =>
        CronExpression.Parse(cron).WithTimeZone(ChinaTime).GetNextValidTimeAfter(after)
        ?? throw new InvalidOperationException($"cron \"{cron}\" never fires after {after:O}");

    private static void UseStore(IQuartzBuilder q) => q.UseInMemoryStore();
}
