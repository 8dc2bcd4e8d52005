using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Runtime;

namespace Jianguan.Tests;

/// <summary>
/// Says where a stalled test run stands. When no test method has finished for <see cref="StallVariable"/> minutes
/// (default 7, under test.sh's 10-minute hang limit, which then ends the run), it writes once, to standard error and
/// to the file named by <see cref="ReportVariable"/> (test.sh prints it for a leg that did not finish): the test
/// methods still running with their ages, and every managed thread's stack, read by ClrMD from a dump of this process.
/// A run where every test awaits shows only idle threads; one blocked in a synchronous wait shows where.
/// </summary>
public static class StallReport
{
    public const string StallVariable = "JIANGUAN_TEST_STALL_MINUTES";
    public const string ReportVariable = "JIANGUAN_TEST_STALL_REPORT";

    private static readonly ConcurrentDictionary<string, long> Running = new(StringComparer.Ordinal);
    private static long _lastFinished = Environment.TickCount64;
    private static int _started;

    /// <summary>Starts the watch (once per process) on a thread of its own: a starved thread pool must not hide a stall.</summary>
    public static void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }

        var set = Environment.GetEnvironmentVariable(StallVariable);
        var minutes = double.TryParse(set, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) && m > 0 ? m : 7;
        new Thread(() => Watch(TimeSpan.FromMinutes(minutes))) { IsBackground = true, Name = "stall report" }.Start();
    }

    /// <summary>Runs one test method (or a class's fixture set-up) under the watch, named in a report while it runs.</summary>
    public static async Task<T> WatchAsync<T>(string name, Func<Task<T>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        Running[name] = Environment.TickCount64;
        try
        {
            return await run();
        }
        finally
        {
            Running.TryRemove(name, out _);
            Volatile.Write(ref _lastFinished, Environment.TickCount64);
        }
    }

    private static void Watch(TimeSpan stall)
    {
        while (true)
        {
            Thread.Sleep(TimeSpan.FromSeconds(10));
            if (Environment.TickCount64 - Volatile.Read(ref _lastFinished) > stall.TotalMilliseconds)
            {
                Write(Describe(stall));
                return;
            }
        }
    }

    private static string Describe(TimeSpan stall)
    {
        var now = Environment.TickCount64;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"== stall: no test method finished for {stall.TotalMinutes:0.#} min; {Running.Count} running:");
        foreach (var (name, since) in Running.OrderBy(r => r.Value))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {(now - since) / 1000,6} s  {name}");
        }

        try
        {
            Stacks(text);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"== thread stacks unavailable: {e.GetType().Name}: {e.Message}");
        }

        return text.ToString();
    }

    private static void Stacks(StringBuilder text)
    {
        var dump = Path.Combine(Path.GetTempPath(), $"jianguan-stall-{Environment.ProcessId}.dmp");
        try
        {
            new DiagnosticsClient(Environment.ProcessId).WriteDump(DumpType.WithHeap, dump);
            using var target = DataTarget.LoadDump(dump);
            // The DAC beside this runtime (ClrMD does not download one on Linux).
            using var runtime = target.ClrVersions[0].CreateRuntime(
                Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "libmscordaccore.so"), ignoreMismatch: true);
            foreach (var thread in runtime.Threads.Where(t => t.IsAlive))
            {
                var frames = thread.EnumerateStackTrace().Take(60)
                    .Select(f => f.Method?.Signature ?? f.FrameName)
                    .Where(f => !string.IsNullOrEmpty(f))
                    .ToList();
                if (frames.Count == 0)
                {
                    continue;
                }

                text.AppendLine(CultureInfo.InvariantCulture, $"== thread {thread.ManagedThreadId} (OS {thread.OSThreadId})");
                foreach (var frame in frames)
                {
                    text.Append("    ").AppendLine(frame);
                }
            }
        }
        finally
        {
            File.Delete(dump);
        }
    }

    private static void Write(string report)
    {
        Console.Error.WriteLine(report);
        if (Environment.GetEnvironmentVariable(ReportVariable) is { Length: > 0 } file)
        {
            File.WriteAllText(file, report);
        }
    }
}
