using System.Runtime.InteropServices;

namespace Jianguan.Commands;

/// <summary>
/// <c>jianguan analyze</c> runs without profile-guided JIT optimisation. The project keeps it on for the web server
/// (a long-running process earns it back), but a run of seconds does not: every hot method, precompiled or not, is
/// compiled twice more (instrumented, then with the profile) and runs instrumented in between: 1–2 CPU s of
/// about 9 on a million bids, none measurable at ten million (docs/model.md, "Speed, round 6"). The setting is read
/// once, at start-up, so on Linux the process replaces itself (<c>execve</c>: same process id, arguments, standard
/// streams and exit code) with <c>DOTNET_TieredPGO=0</c> added to its environment before any work. An environment
/// that already sets the variable is left alone (<c>DOTNET_TieredPGO=1</c> keeps PGO); elsewhere, or if the call
/// fails, the command runs as it is.
/// </summary>
internal static class BatchRuntime
{
    private const string Variable = "DOTNET_TieredPGO";

    /// <summary>Returns only when the process was not replaced.</summary>
    public static void Apply(string[] args)
    {
        if (args.Length == 0 || args[0] != "analyze" || !OperatingSystem.IsLinux()
            || Environment.GetEnvironmentVariable(Variable) is not null
            || Environment.GetEnvironmentVariable("COMPlus_TieredPGO") is not null)
        {
            return;
        }

        string?[] argv;
        try
        {
            // The exact argument vector of this process (the apphost or `dotnet jianguan.dll`, host options included).
            var cmdline = File.ReadAllBytes("/proc/self/cmdline");
            var text = System.Text.Encoding.UTF8.GetString(cmdline);
            argv = [.. (text.EndsWith('\0') ? text[..^1] : text).Split('\0'), null];
        }
        catch (IOException)
        {
            return;
        }
        catch (UnauthorizedAccessException)
        {
            return;
        }

        var variables = Environment.GetEnvironmentVariables();
        var env = new string?[variables.Count + 2];
        var n = 0;
        foreach (System.Collections.DictionaryEntry e in variables)
        {
            env[n++] = $"{e.Key}={e.Value}";
        }

        env[n++] = Variable + "=0";
        env[n] = null;
        // UTF-8 strings allocated natively for the call (freed only if it returns: a replaced process has no heap).
        var nativeArgv = argv.Select(a => a is null ? IntPtr.Zero : Marshal.StringToCoTaskMemUTF8(a)).ToArray();
        var nativeEnv = env[..(n + 1)].Select(a => a is null ? IntPtr.Zero : Marshal.StringToCoTaskMemUTF8(a)).ToArray();
        var path = Marshal.StringToCoTaskMemUTF8("/proc/self/exe");
        try
        {
            // Returns only on failure (then this process goes on with the command).
            _ = Execve(path, nativeArgv, nativeEnv);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
        finally
        {
            foreach (var p in nativeArgv.Concat(nativeEnv).Append(path))
            {
                Marshal.FreeCoTaskMem(p);
            }
        }
    }

    [DllImport("libc", EntryPoint = "execve", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Execve(IntPtr path, IntPtr[] argv, IntPtr[] envp);
}
