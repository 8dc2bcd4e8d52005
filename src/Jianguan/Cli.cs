using System.CommandLine;
using Jianguan.Commands;

namespace Jianguan;

/// <summary>The command line: every command is a small class in Commands/.</summary>
public static class Cli
{
    /// <summary>Exit codes: 0 ok, 1 some input rejected, 2 usage error.</summary>
    public const int Ok = 0;
    public const int Rejected = 1;
    public const int Usage = 2;

    /// <param name="services">Changes to the services of the commands that build a host (tests inject failures).</param>
    public static RootCommand BuildRoot(Action<IServiceCollection>? services = null)
    {
        var root = new RootCommand("监管 Jianguan — 公共资源交易协同监管平台 / collaborative supervision platform for public resource trading");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(DbCommand.Create());
        root.Subcommands.Add(CalendarCommand.Create());
        root.Subcommands.Add(DeadlineCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(ImportCommand.Create(services));
        root.Subcommands.Add(AnalyzeCommand.Create());
        root.Subcommands.Add(ModelCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(AlertsCommand.Create(services));
        root.Subcommands.Add(JobsCommand.Create(services));
        root.Subcommands.Add(DrawCommand.Create());
        root.Subcommands.Add(UserCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(Features.Analysis.AnalysisCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        Console.OutputEncoding = System.Text.Encoding.UTF8;
        var parse = BuildRoot().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync(error.Message);
            }

            await Console.Error.WriteLineAsync("用法错误 / usage error: run with --help for the list of commands and options.");
            return Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (CliException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return e.ExitCode;
        }
        catch (Platform.Crypto.FieldKeyException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return Usage;
        }
        catch (Exception e) when (ConfigurationFailures(e) is { Count: > 0 } failures)
        {
            // Options validated at start (field keys, database): their own messages, as a usage error.
            foreach (var failure in failures)
            {
                await Console.Error.WriteLineAsync(failure);
            }

            return Usage;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"内部错误 / internal error: {e.GetType().Name}: {e.Message}");
            await Console.Error.WriteLineAsync(e.StackTrace);
            return Rejected;
        }
    }

    private static List<string> ConfigurationFailures(Exception e) => e switch
    {
        Microsoft.Extensions.Options.OptionsValidationException v => [.. v.Failures],
        AggregateException a when a.InnerExceptions.All(i => i is Microsoft.Extensions.Options.OptionsValidationException) =>
            [.. a.InnerExceptions.SelectMany(ConfigurationFailures)],
        _ => [],
    };

    /// <summary>The common --db option.</summary>
    /// <summary>
    /// Checks the <c>--out</c> path of a Word report: null when it can be written, else the message to print before a
    /// usage error (the reports of <c>jianguan report …</c> share it).
    /// </summary>
    public static string? DocxOutputError(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.EndsWith(".docx", StringComparison.OrdinalIgnoreCase))
        {
            return $"输出文件应以 .docx 结尾 / --out must be a .docx file: {path}";
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        return directory is not null && !Directory.Exists(directory) ? $"目录不存在 / directory not found: {directory}" : null;
    }

    public static Option<string?> DbOption() => new("--db")
    {
        Description = "数据库连接串 / database connection string (default: JIANGUAN_DB or Data Source=jianguan.db)",
    };
}

/// <summary>A failure the user can fix: printed as a plain message on stderr with the given exit code.</summary>
public sealed class CliException(string message, int exitCode = Cli.Usage) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
