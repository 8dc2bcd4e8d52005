using System.CommandLine;
using System.Text.Json;

namespace Jianguan.Tests.Import;

/// <summary>
/// Every data file of ../shared/data/ocds and ../shared/data/cn, through <c>jianguan import</c> (analysis on) and
/// <c>jianguan analyze</c>, one file at a time and all together: exit 0, or exit 1 with row-level refusals naming
/// file, line, field and reason; never an internal error. Most real OCDS has tenders and awards but no bids.
/// </summary>
[Trait("Category", "Database")]
public class SharedDataAnalysisTests
{
    private static readonly string[] DataExtensions = [".csv", ".json", ".jsonl", ".xlsx"];

    internal static List<string> Files() =>
        new[] { "ocds", "cn" }
            .SelectMany(folder => Directory.EnumerateFiles(SharedData.Path(folder), "*.*", SearchOption.AllDirectories))
            .Where(f => DataExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var parse = Cli.BuildRoot().Parse(args);
        Assert.Empty(parse.Errors);
        try
        {
            var code = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
            return (code, output.ToString(), error.ToString());
        }
        catch (Exception e) when (e is not CliException)
        {
            return (-1, output.ToString(), "内部错误 / internal error: " + e);
        }
        catch (CliException e)
        {
            return (e.ExitCode, output.ToString(), error + e.Message);
        }
    }

    /// <summary>Null when the run is acceptable, else why not.</summary>
    private static string? Problem(string what, (int Code, string Out, string Err) run)
    {
        var (code, output, error) = run;
        if (code is not (Cli.Ok or Cli.Rejected) || (output + error).Contains("内部错误", StringComparison.Ordinal)
            || (output + error).Contains("internal error", StringComparison.OrdinalIgnoreCase)
            || (output + error).Contains("预警分析失败", StringComparison.Ordinal))
        {
            return $"{what}: exit {code}\n{output}\n{error}";
        }

        return null;
    }

    /// <summary>An import refusal lists row-level errors, each with file, line, field and reason.</summary>
    private static string? RefusalProblem(string what, (int Code, string Out, string Err) run)
    {
        if (Problem(what, run) is { } problem)
        {
            return problem;
        }

        if (run.Code == Cli.Ok)
        {
            return null;
        }

        var last = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (last is null)
        {
            return $"{what}: exit 1 without a summary\n{run.Err}";
        }

        using var json = JsonDocument.Parse(last);
        var errors = json.RootElement.GetProperty("errors");
        if (errors.GetArrayLength() == 0)
        {
            return $"{what}: exit 1 without row errors\n{run.Out}\n{run.Err}";
        }

        foreach (var e in errors.EnumerateArray())
        {
            if (string.IsNullOrEmpty(e.GetProperty("file").GetString()) || e.GetProperty("line").GetInt64() < 0
                || string.IsNullOrEmpty(e.GetProperty("reason").GetString()))
            {
                return $"{what}: refusal without file, line and reason: {e}";
            }
        }

        // Row errors name their line and field; a file refused as a whole (no project column, not OCDS) names its line.
        if (!errors.EnumerateArray().Any(e => e.GetProperty("line").GetInt64() > 0))
        {
            return $"{what}: refusal names no line\n{run.Out}";
        }

        return null;
    }

    // SQLite only (test.sh's PostgreSQL leg leaves out Category=SqliteOnly): 237 imports with analysis cost a minute
    // per provider, and the provider-specific import path is covered by the all-files import below.
    [SharedDataFact]
    [Trait("Category", "SqliteOnly")]
    public async Task Import_EachSharedFileAlone_ImportsOrRefusesClearly()
    {
        // One database for the whole pass (a fresh one per file costs a minute); each import command still takes
        // one file, and its analysis covers the sections that file touched.
        await using var t = await ImportTestDb.CreateAsync();
        var problems = new List<string>();
        foreach (var file in Files())
        {
            if (RefusalProblem("import " + file, await RunAsync("import", "--db", t.ConnectionString, file)) is { } problem)
            {
                problems.Add(problem);
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    [SharedDataFact]
    public async Task Import_AllSharedFilesTogether_ImportsOrRefusesClearly()
    {
        await using var t = await ImportTestDb.CreateAsync();

        var run = await RunAsync(["import", "--db", t.ConnectionString, "--partial", .. Files()]);

        Assert.Null(RefusalProblem("import (all files)", run));
    }

    [SharedDataFact]
    public async Task Analyze_EachSharedFileAloneAndAllTogether_NoInternalError()
    {
        var output = Directory.CreateTempSubdirectory("jianguan-shared-analyze-");
        try
        {
            var problems = new List<string>();
            foreach (var file in Files())
            {
                if (Problem("analyze " + file, await RunAsync("analyze", "--no-model", "-i", file, "-o", output.FullName)) is { } problem)
                {
                    problems.Add(problem);
                }
            }

            if (Problem("analyze (all files)", await RunAsync(["analyze", "-o", output.FullName, "-i", .. Files()])) is { } all)
            {
                problems.Add(all);
            }

            Assert.True(problems.Count == 0, string.Join("\n\n", problems));
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
