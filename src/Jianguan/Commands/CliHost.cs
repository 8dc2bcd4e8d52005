using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Jianguan.Commands;

/// <summary>
/// The host of a command that needs services: a generic host with the same <see cref="CoreServices.AddJianguanCore"/>
/// as `serve`, configuration from the environment, and log output on stderr (stdout carries the command's result,
/// e.g. import's JSON line). Quiet: warnings and errors only, unless the configuration asks for more
/// (<c>Logging__LogLevel__…</c>, e.g. <c>Logging__LogLevel__Jianguan.Timings=Debug</c> for phase timings).
/// </summary>
public static class CliHost
{
    /// <summary>Builds the host and validates its options (a bad key configuration stops the command here).</summary>
    public static IHost Build(string? dbOption, Action<IServiceCollection>? customize = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = typeof(CliHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            // No appsettings file watchers or user secrets for a command that runs for seconds: the environment is
            // the configuration, as it was before the host.
            DisableDefaults = true,
        });
        builder.Configuration.AddEnvironmentVariables();
        ConfigureLogging(builder.Logging, builder.Configuration);
        builder.Services.AddJianguanCore(Database.Resolve(dbOption));
        customize?.Invoke(builder.Services);
        var host = builder.Build();
        CoreServices.ValidateOptions(host.Services);
        return host;
    }

    /// <summary>A host and one scope of it, for a command's single unit of work.</summary>
    public static CliScope Open(string? dbOption, Action<IServiceCollection>? customize = null) =>
        new(Build(dbOption, customize));

    /// <summary>Loggers for a command without a database (analyze): the same configuration and output.</summary>
    public static ILoggerFactory Loggers()
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        return LoggerFactory.Create(b => ConfigureLogging(b, configuration));
    }

    private static void ConfigureLogging(ILoggingBuilder logging, IConfiguration configuration)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddConfiguration(configuration.GetSection("Logging"));
        logging.AddConsole(o =>
        {
            o.FormatterName = CliLogFormatter.FormatterName;
            o.LogToStandardErrorThreshold = LogLevel.Trace;
        });
        logging.AddConsoleFormatter<CliLogFormatter, ConsoleFormatterOptions>();
    }
}

/// <summary>A command's host with one service scope: <see cref="Db"/> and the scope's other services.</summary>
public sealed class CliScope : IAsyncDisposable
{
    private readonly IHost host;
    private readonly AsyncServiceScope scope;

    internal CliScope(IHost host)
    {
        this.host = host;
        scope = host.Services.CreateAsyncScope();
    }

    public IServiceProvider Services => scope.ServiceProvider;

    public JianguanDbContext Db => Services.GetRequiredService<JianguanDbContext>();

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await scope.DisposeAsync();
        if (host is IAsyncDisposable async)
        {
            await async.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }
    }
}

/// <summary>
/// Log lines as the command line printed them before it had a host: the message alone (timings keep their indented
/// "  phase: 1.234 s" lines), warnings and errors with their level, an exception's message after it.
/// </summary>
internal sealed class CliLogFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "jianguan-cli";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception) ?? "";
        var prefix = logEntry.LogLevel switch
        {
            LogLevel.Warning => "警告 / warning: ",
            LogLevel.Error or LogLevel.Critical => "错误 / error: ",
            _ => "",
        };
        textWriter.Write(prefix);
        textWriter.Write(message);
        if (logEntry.Exception is { } e)
        {
            textWriter.Write($" ({e.GetType().Name}: {e.Message})");
        }

        textWriter.WriteLine();
    }
}
