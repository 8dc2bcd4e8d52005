using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Jianguan.Features.Trading.Import;

namespace Jianguan.Commands;

/// <summary><c>jianguan import [--db CONN] [--mapping FILE] [--partial] FILE...</c>: one JSON summary line on stdout.</summary>
public static class ImportCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create(Action<IServiceCollection>? services = null)
    {
        var db = Cli.DbOption();
        var mapping = new Option<string?>("--mapping")
        {
            Description = "列映射文件（JSON，见 docs/import-mapping.md）/ column mapping file (JSON, see docs/import-mapping.md)",
        };
        var partial = new Option<bool>("--partial")
        {
            Description = "导入文件中的正确行并报告错误行（默认：有错误则整个文件不导入）/ import the good rows and report the bad ones (default: a file with any error is not imported)",
        };
        var files = new Argument<string[]>("FILE")
        {
            Description = "交易数据文件：OCDS（.json/.jsonl）、CSV、XLSX / trading data files: OCDS (.json/.jsonl), CSV, XLSX",
            Arity = ArgumentArity.OneOrMore,
        };
        var noAnalyze = new Option<bool>("--no-analyze")
        {
            Description = "导入后不做预警分析（稍后运行 alerts refresh）/ skip the warning analysis after the import (run alerts refresh later)",
        };
        var command = new Command("import", "导入交易数据 / import trading data") { db, mapping, partial, noAnalyze, files };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var paths = parse.GetValue(files) ?? [];
            var missing = paths.Where(p => !File.Exists(p)).ToList();
            if (missing.Count > 0)
            {
                foreach (var m in missing)
                {
                    await error.WriteLineAsync($"文件不存在 / file not found: {m}");
                }

                return Cli.Usage;
            }

            var mappingFile = parse.GetValue(mapping);
            if (mappingFile is not null)
            {
                try
                {
                    ImportMapping.Load(mappingFile);
                }
                catch (ImportMappingException e)
                {
                    await error.WriteLineAsync(e.Message);
                    return Cli.Usage;
                }
            }

            var conn = Database.Resolve(parse.GetValue(db));
            await using var cli = CliHost.Open(conn, services);
            await Database.MigrateAsync(cli.Db, ct);

            var warned = new HashSet<string>(StringComparer.Ordinal);
            var result = await cli.Get<ImportHandler>().ImportAsync(
                paths.Select(p => new ImportSource(p, p)).ToList(),
                new ImportRequest(AuditActor.CommandLine, Environment.UserName, parse.GetValue(partial), mappingFile,
                    Analyse: !parse.GetValue(noAnalyze), Warn: message =>
                {
                    // Readers run on their own thread.
                    lock (warned)
                    {
                        if (warned.Add(message))
                        {
                            error.WriteLine($"警告 / warning: {message}");
                        }
                    }
                }),
                ct);

            await output.WriteLineAsync(JsonSerializer.Serialize(result.Summary, Json));
            foreach (var w in result.Summary.Warnings)
            {
                await error.WriteLineAsync($"警告 / warning: {w.File}: {w.Message}");
            }
            if (result.Analysis is { } outcome)
            {
                await error.WriteLineAsync(AlertsCommand.Line(outcome));
            }
            else if (result.AnalysisFailed)
            {
                // The files committed before the analysis: the exit code is the import's.
                await error.WriteLineAsync("预警分析失败，导入已提交；夜间分析或 alerts refresh 将补做 / the analysis failed; the import is committed, the nightly run or alerts refresh catches up");
            }

            return result.Summary.Rejected > 0 ? Cli.Rejected : Cli.Ok;
        });
        return command;
    }
}
