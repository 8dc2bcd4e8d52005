using Microsoft.Extensions.Options;
using Quartz;

namespace Jianguan.Platform.Jobs;

/// <summary>
/// A job the scheduler runs. Built in a fresh dependency-injection scope for each run (constructor injection of
/// the DbContext and other scoped services); the returned text is kept as the run's message.
/// </summary>
public interface IScheduledJob
{
    Task<string?> RunAsync(CancellationToken ct);
}

/// <summary>
/// Runs one job and records the run in <c>JobRuns</c>: a row when it starts, completed with the outcome when it
/// ends. A failure is logged and recorded, never thrown to the scheduler, so a failed night does not stop the next
/// one. Tests call <see cref="RunAsync{TJob}"/> directly to run a job without the scheduler.
/// </summary>
public sealed class JobRunner(IServiceScopeFactory scopes, TimeProvider time, ILogger<JobRunner> log, IOptions<JobsOptions>? options = null)
{
    /// <summary>The node recorded on each run (<see cref="JobsOptions.NodeName"/>).</summary>
    public string Node { get; } = Clip((options?.Value ?? new JobsOptions()).NodeName, 100);

    public const int MessageLength = 2000;

    public Task<JobRun> RunAsync<TJob>(string name, CancellationToken ct = default) where TJob : IScheduledJob =>
        RunAsync(typeof(TJob), name, recovering: false, ct);

    /// <summary>
    /// Runs the job. <paramref name="recovering"/>: the scheduler re-runs a firing whose node died (clustered
    /// store); the runs that node left <see cref="JobOutcome.Running"/> are closed as failed first.
    /// </summary>
    public async Task<JobRun> RunAsync(Type jobType, string name, bool recovering, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(jobType);
        if (recovering)
        {
            await CloseAbandonedAsync(name);
        }
        var run = new JobRun { Job = name, Node = Node, StartedAt = time.GetUtcNow(), Outcome = JobOutcome.Running };
        // Saved before the work so that a run which never ends (the process died) still shows as started.
        await SaveAsync(run, CancellationToken.None);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var job = (IScheduledJob)ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, jobType);
            run.Message = await job.RunAsync(ct);
            run.Outcome = JobOutcome.Succeeded;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            run.Outcome = JobOutcome.Cancelled;
            run.Message = "已取消（应用停止） / cancelled (application stopping)";
        }
        catch (Exception e)
        {
            log.LogError(e, "scheduled job {Job} failed", name);
            run.Outcome = JobOutcome.Failed;
            run.Message = $"{e.GetType().Name}: {e.Message}";
        }

        run.Message = run.Message is null ? null : Clip(run.Message, MessageLength);
        run.EndedAt = time.GetUtcNow();
        // Not cancellable: the end of a run cut short by shutdown is still worth recording.
        await SaveAsync(run, CancellationToken.None);
        return run;
    }

    private async Task CloseAbandonedAsync(string name)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        var now = time.GetUtcNow();
        var message = $"节点中断，由 {Node} 重新执行 / the node died; re-run by {Node}";
        // Only another node's runs: a run of this process still going would not be abandoned (and
        // DisallowConcurrentExecution keeps two runs of one job apart anyway).
        await db.Set<JobRun>().Where(r => r.Job == name && r.Outcome == JobOutcome.Running && r.Node != Node)
            .ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Outcome, JobOutcome.Failed)
                .SetProperty(r => r.EndedAt, now)
                .SetProperty(r => r.Message, message));
    }

    private async Task SaveAsync(JobRun run, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        if (run.Id == 0)
        {
            db.Add(run);
        }
        else
        {
            db.Update(run);
        }

        await db.SaveChangesAsync(ct);
    }

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..max];
}

/// <summary>
/// The Quartz job behind every <see cref="IScheduledJob"/>: the job key's name is the registered name. Never two
/// runs of one job at once, also across a cluster (Quartz keeps the lock in its job store).
/// </summary>
[DisallowConcurrentExecution]
internal sealed class QuartzJob<TJob>(JobRunner runner) : IJob where TJob : IScheduledJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await runner.RunAsync(typeof(TJob), context.JobDetail.Key.Name, context.Recovering, cancellationToken);
    }
}
