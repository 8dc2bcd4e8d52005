using System.CommandLine;
using System.Diagnostics;

namespace Jianguan.Features.Analysis;

/// <summary>
/// <c>jianguan analysis rebuild [--db CONN]</c>: computes the analysis summary (ADR-021) again from the trading tables
/// in one transaction, audited as <c>analysis.rebuild</c>. The import keeps the summary current; this is the repair.
/// </summary>
public static class AnalysisCommand
{
    public static Command Create()
    {
        var db = Cli.DbOption();
        var rebuild = new Command("rebuild", "由交易数据重新生成分析汇总表 / rebuild the analysis summary from the trading tables") { db };
        rebuild.SetAction(async (parse, ct) =>
        {
            await using var cli = Commands.CliHost.Open(parse.GetValue(db));
            await Database.MigrateAsync(cli.Db, ct);
            var clock = Stopwatch.StartNew();
            await using (var tx = await cli.Db.Database.BeginTransactionAsync(ct))
            {
                var sections = await AnalysisSummary.RebuildAsync(cli.Db, ct);
                await cli.Get<AuditTrail>().RecordAsync(cli.Db, AuditActor.CommandLine, "analysis.rebuild", "AnalysisSections", new { sections }, ct);
                await tx.CommitAsync(ct);
                parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"分析汇总表已重建 / analysis summary rebuilt: {sections} 个标段 sections, {clock.Elapsed.TotalSeconds:0.0} s"));
            }

            return Cli.Ok;
        });
        return new Command("analysis", "大数据分析 / big-data analysis") { rebuild };
    }
}
