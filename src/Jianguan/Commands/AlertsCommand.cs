using System.CommandLine;
using System.Text.Json;
using Jianguan.Features.Warnings;

namespace Jianguan.Commands;

/// <summary><c>jianguan alerts refresh [--db CONN]</c>: the nightly analysis of the whole market, on demand.</summary>
public static class AlertsCommand
{
    public static Command Create(Action<IServiceCollection>? services = null)
    {
        var db = Cli.DbOption();
        var refresh = new Command("refresh", "分析全部交易数据并更新预警、评分与重点关注名单 / analyse the whole market and refresh alerts, scores and the focus list")
        {
            db,
        };
        refresh.SetAction(async (parse, ct) =>
        {
            await using var cli = CliHost.Open(parse.GetValue(db), services);
            await Database.MigrateAsync(cli.Db, ct);
            var outcome = await cli.Get<AlertAnalysis>().RefreshAsync(cli.Db, "refresh", AuditActor.CommandLine, ct);
            parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(Summary(outcome)));
            return Cli.Ok;
        });
        return new Command("alerts", "预警 / warnings") { refresh };
    }

    /// <summary>The outcome as one JSON object (seconds rounded to milliseconds).</summary>
    public static object Summary(AnalysisOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        static double S(TimeSpan t) => Math.Round(t.TotalSeconds, 3);
        return new
        {
            trigger = outcome.Trigger,
            scope = outcome.Scope,
            sections = outcome.SectionsAnalysed,
            stored = outcome.SectionsStored,
            alertsNew = outcome.AlertsNew,
            alertsUpdated = outcome.AlertsUpdated,
            focusAdded = outcome.FocusAdded,
            focusRemoved = outcome.FocusRemoved,
            tracking = outcome.TrackingNotices,
            loadSeconds = S(outcome.Load),
            analyseSeconds = S(outcome.Analyse),
            storeSeconds = S(outcome.Store),
        };
    }

    /// <summary>One line for stderr after an import.</summary>
    public static string Line(AnalysisOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return string.Create(CultureInfo.InvariantCulture,
            $"预警分析 / analysis ({outcome.Scope}): {outcome.SectionsAnalysed} 个标段 sections, 新预警 new alerts {outcome.AlertsNew}, 更新 updated {outcome.AlertsUpdated}, 跟踪提示 tracking {outcome.TrackingNotices}; 读取 load {outcome.Load.TotalSeconds:0.00} s, 分析 analyse {outcome.Analyse.TotalSeconds:0.00} s, 保存 store {outcome.Store.TotalSeconds:0.00} s");
    }
}
