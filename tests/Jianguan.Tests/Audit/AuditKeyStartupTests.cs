using Jianguan.Platform.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jianguan.Tests.Audit;

/// <summary>
/// Issue 17: an unkeyed audit chain can be rebuilt by anyone who can write to the database. The server warns at
/// start, and refuses to start in production unless it runs the demo. Builds the application only (no database).
/// </summary>
public sealed class AuditKeyStartupTests
{
    private static readonly string FieldKeys = "k1:" + Convert.ToBase64String(new byte[16]);
    private static readonly string IndexKey = Convert.ToBase64String(new byte[32]);

    private static (WebApplication? App, Exception? Error, List<string> Warnings) Build(string environment, string? auditKey, bool demo)
    {
        var warnings = new List<string>();
        var settings = new Dictionary<string, string?>
        {
            ["JIANGUAN_ENVIRONMENT"] = environment,
            ["JIANGUAN_FIELD_KEYS"] = FieldKeys,
            ["JIANGUAN_FIELD_INDEX_KEY"] = IndexKey,
            [AuditChain.KeyVariable] = auditKey ?? "",
        };
        try
        {
            var app = WebApp.Build(new WebAppOptions("Data Source=" + Path.Combine(Path.GetTempPath(), "never-opened.db"), Demo: demo), b =>
            {
                b.Configuration.AddInMemoryCollection(settings);
                b.Logging.AddProvider(new ListLogger(warnings));
            });
            return (app, null, warnings);
        }
        catch (Exception e)
        {
            return (null, e, warnings);
        }
    }

    [Fact]
    public async Task Production_UnkeyedWithoutDemo_RefusesToStart()
    {
        var (app, error, _) = Build("Production", auditKey: null, demo: false);
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        var failure = Assert.IsType<OptionsValidationException>(error is AggregateException a ? a.InnerExceptions.Single() : error);
        Assert.Contains("生产环境必须配置审计密钥 JIANGUAN_AUDIT_KEY", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production", true)]
    [InlineData("Development", false)]
    public async Task Unkeyed_DemoOrDevelopment_StartsWithAWarning(string environment, bool demo)
    {
        var (app, error, warnings) = Build(environment, auditKey: null, demo);
        Assert.Null(error);
        await app!.DisposeAsync();
        Assert.Contains(warnings, w => w.Contains("审计链未配置密钥 JIANGUAN_AUDIT_KEY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Production_Keyed_StartsWithoutWarning()
    {
        var (app, error, warnings) = Build("Production", auditKey: "a-long-audit-key", demo: false);
        Assert.Null(error);
        await app!.DisposeAsync();
        Assert.DoesNotContain(warnings, w => w.Contains("审计链未配置密钥", StringComparison.Ordinal));
    }

    private sealed class ListLogger(List<string> lines) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lock (lines)
                {
                    lines.Add(formatter(state, exception));
                }
            }
        }

        public void Dispose()
        {
        }
    }
}
