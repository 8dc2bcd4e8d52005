using System.Runtime.CompilerServices;

namespace Jianguan.BrowserTests;

/// <summary>
/// Journeys run the app as a development host: outside Development (or <c>serve --demo</c>) the platform refuses the
/// published development field key, and journey hosts configure no keys (as in Jianguan.Tests).
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
