namespace Jianguan.Tests;

/// <summary>Locates ../shared/data (real public data, not in the repository).</summary>
public static class SharedData
{
    /// <summary>The shared data folder, or null when this checkout has no ../shared beside it.</summary>
    public static string? Root { get; } = Find();

    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([Root ?? throw new InvalidOperationException("../shared/data is absent"), .. parts]);

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("JIANGUAN_SHARED_DATA");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env))
        {
            return env;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }

            candidate = System.IO.Path.Combine(dir.FullName, "..", "shared", "data");
            if (Directory.Exists(candidate) && File.Exists(System.IO.Path.Combine(dir.FullName, "Jianguan.slnx")))
            {
                return System.IO.Path.GetFullPath(candidate);
            }
        }

        return null;
    }
}

/// <summary>A fact that needs ../shared/data; skipped with a clear message when it is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (SharedData.Root is null)
        {
            Skip = "../shared/data is not beside this checkout; tests on real public data cannot run here.";
        }
    }
}

public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute()
    {
        if (SharedData.Root is null)
        {
            Skip = "../shared/data is not beside this checkout; tests on real public data cannot run here.";
        }
    }
}
