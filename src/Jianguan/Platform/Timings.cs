namespace Jianguan.Platform;

/// <summary>
/// Phase timings of the analysis (load, engine phases, store): debug messages of one logger category, off unless the
/// log level asks for them, e.g. <c>Logging__LogLevel__Jianguan.Timings=Debug</c> in the environment of the command
/// line or the web app. The text is the "  phase: 1.234 s" lines the benchmarks read from stderr.
/// </summary>
public static partial class Timings
{
    public const string Category = "Jianguan.Timings";

    public static ILogger Logger(ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        return loggers.CreateLogger(Category);
    }

    /// <summary>One phase: "  {phase}: {seconds} s".</summary>
    public static void Phase(ILogger? logger, string phase, TimeSpan time)
    {
        if (logger is not null && logger.IsEnabled(LogLevel.Debug))
        {
            LogPhase(logger, phase, time.TotalSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "  {Phase}: {Seconds:0.000} s")]
    private static partial void LogPhase(ILogger logger, string phase, double seconds);
}
