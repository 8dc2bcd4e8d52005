using System.CommandLine;
using Jianguan.Commands;
using Jianguan.Features.Warnings;
using Jianguan.Platform.Jobs;
using Jianguan.Tests.Cluster;
using Jianguan.Tests.Web;

namespace Jianguan.Tests.Jobs;

/// <summary>
/// <c>jianguan jobs run NAME</c>: a job started from outside the servers (issue 16, the cluster bench's kill during
/// the nightly job). On PostgreSQL the firing goes to the clustered store and a running node runs it; on SQLite
/// the command runs it itself. Either way once, recorded as a job run and in the audit trail.
/// </summary>
[Trait("Category", "Database")]
public sealed class JobsCommandTests
{
    private static Task<int> RunAsync(params string[] args) =>
        Cli.BuildRoot().Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });

    [Fact]
    public async Task JobsRun_NightlyAnalysis_RunsOnceAndIsAudited()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var cli = CliHost.Open(database.ConnectionString))
        {
            await Database.MigrateAsync(cli.Db);
        }

        // On PostgreSQL a running node takes the firing; on SQLite there is no shared store and the command runs it.
        await using var node = database.IsPostgres ? new ClusterNode(database, "node-a") : null;
        if (node is not null)
        {
            await node.InitializeAsync();
        }

        Assert.Equal(Cli.Ok, await RunAsync("jobs", "run", NightlyAnalysisJob.Name, "--db", database.ConnectionString));

        await using var check = CliHost.Open(database.ConnectionString);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        List<JobRun> runs;
        do
        {
            runs = await check.Db.Set<JobRun>().AsNoTracking().Where(r => r.Job == NightlyAnalysisJob.Name).ToListAsync();
            if (runs.Any(r => r.Outcome != JobOutcome.Running))
            {
                break;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);

        var run = Assert.Single(runs);
        Assert.Equal(JobOutcome.Succeeded, run.Outcome);
        if (node is not null)
        {
            Assert.Equal("node-a", run.Node);
        }

        var entry = await check.Db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "job.run");
        Assert.Equal(NightlyAnalysisJob.Name, entry.Target);
        Assert.Contains(await check.Db.AuditEntries.Select(e => e.Action).ToListAsync(), a => a == "alerts.analyze");
    }

    [Fact]
    public async Task JobsRun_UnknownJob_RefusedWithTheNamesAndNothingRecorded()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var cli = CliHost.Open(database.ConnectionString))
        {
            await Database.MigrateAsync(cli.Db);
        }

        var e = await Assert.ThrowsAsync<CliException>(() => RunAsync("jobs", "run", "no-such-job", "--db", database.ConnectionString));

        Assert.Equal(Cli.Usage, e.ExitCode);
        Assert.Contains(NightlyAnalysisJob.Name, e.Message, StringComparison.Ordinal);
        await using var check = CliHost.Open(database.ConnectionString);
        Assert.False(await check.Db.AuditEntries.AnyAsync(a => a.Action == "job.run"));
        Assert.False(await check.Db.Set<JobRun>().AnyAsync());
    }
}
