using Jianguan.Features.Warnings;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Jobs;
using Jianguan.Tests.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace Jianguan.Tests.Jobs;

/// <summary>A job that always fails, to see the failure recorded.</summary>
public sealed class FailingJob : IScheduledJob
{
    public const string Name = "test-failing";

    public Task<string?> RunAsync(CancellationToken ct) => throw new InvalidOperationException("数据源不可用 / source unavailable");
}

/// <summary>The web application with its scheduler started, a fake clock, and a failing job that fires only when triggered.</summary>
public sealed class JobsFactory : JianguanFactory
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 2, 6, 9, 0, 0, TimeSpan.FromHours(8)));

    protected override bool JobsEnabled => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
            s.AddScheduledJob<FailingJob>(FailingJob.Name, "0 0 0 1 1 ? 2099");
        });
}

[Trait("Category", "Database")]
public sealed class JobTests(JobsFactory factory) : IClassFixture<JobsFactory>
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Fact]
    public void NightlyAnalysis_Schedule_IsTwoInTheMorningBeijingTimeOnAnyHostZone()
    {
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 2, 0, 0, China), ScheduledJobs.NextRun(NightlyAnalysisJob.Cron, new DateTimeOffset(2026, 3, 1, 17, 59, 59, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 2, 0, 0, China), ScheduledJobs.NextRun(NightlyAnalysisJob.Cron, new DateTimeOffset(2026, 3, 2, 2, 0, 0, China)));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 15, 0, China), ScheduledJobs.NextRun(ClockSweepJob.Cron, new DateTimeOffset(2026, 3, 2, 9, 0, 0, China)));
    }

    [Fact]
    public async Task Scheduler_EnabledFactory_IsStartedWithTheJobsRegistered()
    {
        var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        Assert.Equal(SchedulerStatus.Running, scheduler.Status);
        Assert.True(await scheduler.Exists(new JobKey(NightlyAnalysisJob.Name)));
        Assert.True(await scheduler.Exists(new JobKey(ClockSweepJob.Name)));
    }

    [Fact]
    public async Task Scheduler_DefaultTestFactory_NeverStartsSoNoJobFiresOnItsOwn()
    {
        var plain = new JianguanFactory();
        await plain.InitializeAsync();
        try
        {
            var scheduler = await plain.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            Assert.Equal(SchedulerStatus.Created, scheduler.Status);
            Assert.True(await scheduler.Exists(new JobKey(NightlyAnalysisJob.Name)));
        }
        finally
        {
            await ((IAsyncLifetime)plain).DisposeAsync();
        }
    }

    [Fact]
    public async Task Scheduler_TriggeredFailingJob_RecordsTheFailureWithItsMessage()
    {
        var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        var after = await LastRunIdAsync();
        await scheduler.TriggerJob(new JobKey(FailingJob.Name));
        var run = await WaitForRunAsync(FailingJob.Name, after);

        Assert.Equal(JobOutcome.Failed, run.Outcome);
        Assert.Equal("InvalidOperationException: 数据源不可用 / source unavailable", run.Message);
        Assert.NotNull(run.EndedAt);
        Assert.False(string.IsNullOrEmpty(run.Node));
    }

    [Fact]
    public async Task Scheduler_TriggeredSweep_MovesDueClocksAndRecordsTheRun()
    {
        var subject = new ClockSubject("test.job", Guid.NewGuid().ToString("N"));
        await WithDbAsync(async (db, services) =>
        {
            var audit = services.GetRequiredService<AuditTrail>();
            // complaint.accept from 2025-01-27 is due 02-07; on 02-06 one working day is left.
            await Clocks.StartAsync(db, audit, AuditActor.System, subject, Deadlines.ComplaintAccept, new DateOnly(2025, 1, 27),
                WorkingCalendar.Embedded, new DateTimeOffset(2025, 1, 27, 9, 0, 0, China), warnDays: 1);
            return 0;
        });

        var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var after = await LastRunIdAsync();
        await scheduler.TriggerJob(new JobKey(ClockSweepJob.Name));
        // A run the cron fired meanwhile would do the same work: any run after the clock was started will do.
        var run = await WaitForRunAsync(ClockSweepJob.Name, after);

        Assert.Equal(JobOutcome.Succeeded, run.Outcome);
        Assert.Contains("项临期", run.Message, StringComparison.Ordinal);
        var state = await WithDbAsync((db, _) => db.Set<StatutoryClock>().Where(c => c.SubjectId == subject.Id).Select(c => c.State).SingleAsync());
        Assert.Equal(ClockState.Warned, state);
    }

    [Fact]
    public async Task JobRunner_FailingJob_LogsTheErrorAndRecordsStartEndAndOutcome()
    {
        var log = new ListLogger<JobRunner>();
        var runner = new JobRunner(factory.Services.GetRequiredService<IServiceScopeFactory>(), factory.Clock, log);

        var run = await runner.RunAsync<FailingJob>("test-direct-failing");

        var stored = await WithDbAsync((db, _) => db.Set<JobRun>().SingleAsync(r => r.Id == run.Id));
        Assert.Equal((JobOutcome.Failed, factory.Clock.GetUtcNow(), factory.Clock.GetUtcNow()), (stored.Outcome, stored.StartedAt, stored.EndedAt!.Value));
        Assert.Contains("source unavailable", stored.Message, StringComparison.Ordinal);
        var entry = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.IsType<InvalidOperationException>(entry.Exception);
        Assert.Contains("test-direct-failing", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobRunner_SucceedingJob_RecordsItsMessage()
    {
        var runner = factory.Services.GetRequiredService<JobRunner>();

        var run = await runner.RunAsync<ClockSweepJob>("test-direct-sweep");

        var stored = await WithDbAsync((db, _) => db.Set<JobRun>().SingleAsync(r => r.Id == run.Id));
        Assert.Equal(JobOutcome.Succeeded, stored.Outcome);
        Assert.Contains("changes", stored.Message, StringComparison.Ordinal);
    }

    private async Task<long> LastRunIdAsync() =>
        await WithDbAsync((db, _) => db.Set<JobRun>().Select(r => (long?)r.Id).MaxAsync()) ?? 0;

    private async Task<JobRun> WaitForRunAsync(string job, long after)
    {
        for (var i = 0; i < 200; i++)
        {
            var run = await WithDbAsync((db, _) => db.Set<JobRun>().AsNoTracking()
                .Where(r => r.Job == job && r.Id > after && r.Outcome != JobOutcome.Running).OrderBy(r => r.Id).FirstOrDefaultAsync());
            if (run is not null)
            {
                return run;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"job {job} did not finish within 10 s");
    }

    private async Task<T> WithDbAsync<T>(Func<JianguanDbContext, IServiceProvider, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<JianguanDbContext>(), scope.ServiceProvider);
    }
}

internal sealed class ListLogger<T> : ILogger<T>
{
    public List<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Add((logLevel, formatter(state, exception), exception));
}
