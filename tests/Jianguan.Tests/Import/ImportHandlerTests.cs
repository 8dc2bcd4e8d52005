using System.CommandLine;
using System.Net;
using System.Text;
using System.Text.Json;
using Jianguan.Features.Demo;
using Jianguan.Features.Trading.Import;
using Jianguan.Features.Warnings;
using Jianguan.Platform.Audit;
using Jianguan.Tests.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;

namespace Jianguan.Tests.Import;

/// <summary>An analysis step that always fails, injected where the warning analysis runs after an import.</summary>
public sealed class FailingAnalysis : IAfterImportAnalysis
{
    public Task<AnalysisOutcome> AfterImportAsync(JianguanDbContext db, IReadOnlyCollection<long> touched, AuditActor actor, CancellationToken ct = default) =>
        throw new InvalidOperationException("analysis failed on purpose");

    public static void Inject(IServiceCollection services) => services.AddSingleton<IAfterImportAnalysis, FailingAnalysis>();
}

/// <summary>The web application with the failing analysis step.</summary>
public sealed class FailingAnalysisFactory : JianguanFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.ConfigureTestServices(FailingAnalysis.Inject);
}

/// <summary>
/// Every import path (CLI, push API, upload page, demo seeder) goes through <see cref="ImportHandler"/>: a committed
/// import is reported as committed even when the analysis after it fails, and the failure is recorded.
/// </summary>
[Trait("Category", "Database")]
public sealed class ImportHandlerTests(FailingAnalysisFactory factory) : IClassFixture<FailingAnalysisFactory>
{
    private static string Csv(string project) =>
        $"TENDER_PROJECT_CODE,BID_SECTION_CODE,BIDDER_NAME,BID_PRICE\n{project},S1,甲公司,100\n{project},S1,乙公司,101\n";

    private static string NewCode() => "H" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    private async Task<(int Bids, bool Recorded)> StoredAsync(string code)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        var bids = await db.Bids.CountAsync(b => b.Section!.Project!.Code == code);
        var failures = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "alerts.analyze.failed").ToListAsync();
        return (bids, failures.Count > 0);
    }

    [Fact]
    public async Task Cli_AnalysisFailsAfterCommit_ExitZeroSummaryPrintedDataStored()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var path = t.File("bids.csv", Csv("P1"));
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await Cli.BuildRoot(FailingAnalysis.Inject).Parse(["import", "--db", t.ConnectionString, path])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });

        Assert.Equal(Cli.Ok, code);
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal(2, json.RootElement.GetProperty("bids").GetInt32());
        Assert.Contains("the analysis failed; the import is committed", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await t.Db.Bids.CountAsync());
        Assert.Contains(await t.Db.AuditEntries.AsNoTracking().Select(e => e.Action).ToListAsync(), a => a == "alerts.analyze.failed");
    }

    [Fact]
    public async Task PushApi_AnalysisFailsAfterCommit_200WithSummaryDataStored()
    {
        var code = NewCode();
        var center = await JianguanFactory.WithAntiforgeryHeaderAsync(await factory.CreateUserAndLoginAsync(Roles.TradingCenter));
        using var content = new MultipartFormDataContent
        {
            { new StringContent(Csv(code)), "files", "bids.csv" },
        };

        var response = await center.PostAsync("/api/trading/import", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, json.RootElement.GetProperty("bids").GetInt32());
        Assert.Equal((2, true), await StoredAsync(code));
    }

    [Fact]
    public async Task UploadPage_AnalysisFailsAfterCommit_PageShowsSuccessDataStored()
    {
        var code = NewCode();
        var client = await factory.CreateUserAndLoginAsync(Roles.TradingCenter);
        var token = await JianguanFactory.GetAntiforgeryTokenAsync(client, "/Trading/Import");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(Csv(code))), "files", "bids.csv" },
        };

        var response = await client.PostAsync("/Trading/Import", content);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("导入完成", html, StringComparison.Ordinal);
        Assert.Contains("id=\"import-analysis-pending\"", html, StringComparison.Ordinal);
        Assert.Equal((2, true), await StoredAsync(code));
    }

    [Fact]
    public async Task DemoSeeder_AnalysisFailsAfterCommit_CityAndMarketSeeded()
    {
        var file = Path.Combine(Path.GetTempPath(), "jianguan-demo-fail-" + Guid.NewGuid().ToString("N") + ".db");
        var services = new ServiceCollection();
        services.AddLogging();
        WebApp.ConfigureServices(services, new WebAppOptions("Data Source=" + file + ";Pooling=false"));
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = JianguanFactory.TestHashIterations);
        FailingAnalysis.Inject(services);
        try
        {
            await using var provider = services.BuildServiceProvider();
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
            await Database.MigrateAsync(db);
            var output = new StringWriter();

            await DemoSeeder.SeedAsync(scope.ServiceProvider, output);

            Assert.Contains("演示交易数据已导入", output.ToString(), StringComparison.Ordinal);
            Assert.Contains("the analysis did not complete", output.ToString(), StringComparison.Ordinal);
            Assert.True(await db.Organisations.AnyAsync());
            Assert.Equal(DemoSeeder.Tenders, await db.Sections.CountAsync());
            Assert.Contains(await db.AuditEntries.AsNoTracking().Select(e => e.Action).ToListAsync(), a => a == "alerts.analyze.failed");
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(file + suffix);
            }
        }
    }
}
