using System.Runtime.CompilerServices;

namespace Jianguan.Tests;

/// <summary>
/// The tests run as a development environment: outside Development (or <c>serve --demo</c>) the platform refuses the
/// published development field key (issue 17, item 10), and test hosts — the web factory, the command-line hosts,
/// commands started in-process — configure no keys. Tests of the refusal pass their own environment.
/// </summary>
internal static class TestEnvironment
{
    [ModuleInitializer]
    internal static void UseDevelopment()
    {
        if (Environment.GetEnvironmentVariable("JIANGUAN_ENVIRONMENT") is null)
        {
            Environment.SetEnvironmentVariable("JIANGUAN_ENVIRONMENT", "Development");
        }
    }
}
