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

    /// <summary>
    /// This node's name in the run records (<c>Jobs:Node</c>, e.g. <c>web-2</c>); by default the machine name and
    /// the process id, so that two nodes on one machine are told apart.
    /// </summary>
    public string? Node { get; set; }

    /// <summary>The name <see cref="JobRunner"/> records: <see cref="Node"/>, else machine name and process id.</summary>
    public string NodeName => string.IsNullOrWhiteSpace(Node) ? DefaultNode : Node.Trim();

    public static string DefaultNode { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";
}

/// <summary>Where the scheduler keeps its jobs and triggers.</summary>
public enum JobStore
{
    /// <summary>The clustered store on PostgreSQL, the in-memory one on SQLite (one node).</summary>
    Auto,

    /// <summary>In memory: each process runs its own scheduler (SQLite, tests).</summary>
    Memory,

    /// <summary>Quartz's ADO.NET store on the application's PostgreSQL database, clustered: each firing runs on one node.</summary>
    Clustered,
}

/// <summary>
/// Scheduled jobs on Quartz.NET (docs/decisions/ADR-013). A module registers a job in one line with
/// <see cref="AddScheduledJob{TJob}"/>; cron expressions are read in Beijing time. On SQLite the store is in memory
/// (one node); on PostgreSQL it is Quartz's clustered ADO.NET store in the same database (tables <c>qrtz_*</c>,
/// created by <see cref="Data.Database.MigrateAsync"/>), so that every firing runs on exactly one node of a cluster
/// and a dead node's firing is recovered by another (<see cref="UseStore"/>).
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
    public static IServiceCollection AddJianguanJobs(this IServiceCollection services, string connectionString, JobStore store = JobStore.Auto)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
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
            UseStore(q, connectionString, store);
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
        services.AddSingleton(new ScheduledJobType(name, typeof(TJob)));
        services.ConfigureAllQuartzSchedulers(q => q.ScheduleJob<QuartzJob<TJob>>(
            // Started on the scheduler's wall clock (see AddJianguanJobs), not the container's TimeProvider.
            trigger => trigger.WithIdentity(name).StartAt(TimeProvider.System.GetUtcNow()).WithCronSchedule(cron, c => c.InTimeZone(ChinaTime)),
            // Recovery: a firing whose node died is run again by another node of the cluster.
            job => job.WithIdentity(name).RequestRecovery()));
        return services;
    }

    /// <summary>When a cron schedule (Beijing time) next fires after <paramref name="after"/>.</summary>
    public static DateTimeOffset NextRun(string cron, DateTimeOffset after) =>
        CronExpression.Parse(cron).WithTimeZone(ChinaTime).GetNextValidTimeAfter(after)
        ?? throw new InvalidOperationException($"cron \"{cron}\" never fires after {after:O}");

    /// <summary>The store <paramref name="store"/> resolves to for this database.</summary>
    public static JobStore Resolve(JobStore store, string connectionString) =>
        store != JobStore.Auto ? store
        : Data.Database.ProviderOf(connectionString) == Data.DbProvider.Postgres ? JobStore.Clustered
        : JobStore.Memory;

    private static void UseStore(IQuartzBuilder q, string connectionString, JobStore store)
    {
        if (Resolve(store, connectionString) != JobStore.Clustered)
        {
            q.UseInMemoryStore();
            return;
        }

        if (Data.Database.ProviderOf(connectionString) != Data.DbProvider.Postgres)
        {
            throw new InvalidOperationException("集群任务存储仅支持 PostgreSQL / the clustered job store needs PostgreSQL");
        }

        q.UsePersistentStore(s =>
        {
            s.UsePostgres(connectionString);
            // Check-in every 7.5 s; a node silent for 7.5 s + 15 s is taken for dead and its firings are recovered.
            s.UseClustering(c =>
            {
                c.CheckinInterval = TimeSpan.FromSeconds(7.5);
                c.CheckinMisfireThreshold = TimeSpan.FromSeconds(15);
            });
            s.ConfigureStore(o =>
            {
                o.TablePrefix = QuartzTablePrefix;
                // The tables come from `db migrate` (QuartzSchema); the store only checks them.
                o.SchemaProvisioning = SchemaProvisioning.Validate;
            });
        });
    }

    /// <summary>The prefix of Quartz's tables in the application's PostgreSQL database.</summary>
    public const string QuartzTablePrefix = "qrtz_";
}

/// <summary>A registered job's name and class (<c>jianguan jobs run NAME</c> looks the name up).</summary>
public sealed record ScheduledJobType(string Name, Type Type);
