using System.Diagnostics;

namespace Jianguan.Features.Trading.Import;

/// <summary>
/// Where one file's import spends its time (reading, each write level, the commit's steps), summed per phase and
/// reported through <see cref="Platform.Timings"/> as "  FILE: PHASE: 1.234 s" lines: what bench/import-100k.sh
/// prints for each provider.
/// </summary>
internal sealed class ImportPhases
{
    private readonly Dictionary<string, TimeSpan> spent = new(StringComparer.Ordinal);
    private readonly List<string> order = [];

    /// <summary>A start mark for <see cref="Add(string, long)"/>.</summary>
    public static long Start() => Stopwatch.GetTimestamp();

    /// <summary>Adds the time since <paramref name="start"/> to <paramref name="phase"/>.</summary>
    public void Add(string phase, long start)
    {
        var time = Stopwatch.GetElapsedTime(start);
        if (spent.TryGetValue(phase, out var sum))
        {
            spent[phase] = sum + time;
        }
        else
        {
            spent[phase] = time;
            order.Add(phase);
        }
    }

    /// <summary>Logs every phase in the order first met, each prefixed by the file's name.</summary>
    public void Report(ILogger? logger, string file)
    {
        foreach (var phase in order)
        {
            Platform.Timings.Phase(logger, $"{file}: {phase}", spent[phase]);
        }
    }
}
