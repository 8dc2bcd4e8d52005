using System.CommandLine;
using System.Text.Json;
using Jianguan.Platform.Jobs;
using Quartz;

namespace Jianguan.Commands;

/// <summary>
/// <c>jianguan jobs run NAME [--db CONN]</c>: a scheduled job now, from outside the servers (an operator, the
/// cluster bench). On PostgreSQL the firing is put in the clustered job store and one running node takes it, as it
/// would a scheduled firing (recovered by another node if that one dies); on SQLite (one node, jobs in memory) the
/// job runs in this process. Audited as <c>job.run</c>.
/// </summary>
public static class JobsCommand
{
    public static Command Create(Action<IServiceCollection>? services = null)
    {
        var db = Cli.DbOption();
        var name = new Argument<string>("NAME") { Description = "任务名称 / the job's name, e.g. nightly-analysis" };
        var run = new Command("run", "立即运行一个定时任务 / run a scheduled job now") { db, name };
        run.SetAction(async (parse, ct) =>
        {
            var conn = Database.Resolve(parse.GetValue(db));
            var job = parse.GetValue(name) ?? "";
            var clustered = ScheduledJobs.Resolve(JobStore.Auto, conn) == JobStore.Clustered;
            await using var cli = CliHost.Open(conn, s =>
            {
                ScheduledJobs.AddJianguanJobs(s, conn);
                services?.Invoke(s);
            });
            var types = cli.Services.GetServices<ScheduledJobType>().ToList();
            var type = types.FirstOrDefault(t => t.Name == job)
                ?? throw new CliException(
                    $"未知的任务 / unknown job: {job}; 可选 / one of: {string.Join(", ", types.Select(t => t.Name).Order(StringComparer.Ordinal))}");
            var audit = cli.Get<AuditTrail>();
            var output = parse.InvocationConfiguration.Output;
            if (clustered)
            {
                // The scheduler is built but never started here: the firing goes to the shared store for the nodes.
                var scheduler = await cli.Get<ISchedulerFactory>().GetScheduler(ct);
                await scheduler.TriggerJob(new JobKey(job), ct);
                await audit.RecordAsync(cli.Db, AuditActor.CommandLine, "job.run", job, new { job, execution = "交由集群节点执行" }, ct);
                output.WriteLine(JsonSerializer.Serialize(new { job, queued = true }));
                return Cli.Ok;
            }

            await audit.RecordAsync(cli.Db, AuditActor.CommandLine, "job.run", job, new { job, execution = "在本进程执行" }, ct);
            var result = await cli.Get<JobRunner>().RunAsync(type.Type, job, recovering: false, ct);
            output.WriteLine(JsonSerializer.Serialize(new { job, queued = false, outcome = result.Outcome.ToString(), message = result.Message }));
            return result.Outcome == JobOutcome.Succeeded ? Cli.Ok : Cli.Rejected;
        });
        return new Command("jobs", "定时任务 / scheduled jobs") { run };
    }
}
