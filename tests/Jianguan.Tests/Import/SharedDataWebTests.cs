using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Jianguan.Platform.Tokens;
using Jianguan.Tests.Web;

namespace Jianguan.Tests.Import;

/// <summary>
/// Every data file of ../shared/data/ocds and ../shared/data/cn through the two web doors of the import, analysis
/// on: the push API (one file per request, as a trading centre pushes) and the upload page (all files in one
/// upload). Each answers with a summary or row-level refusals, never a server error, and no analysis fails.
/// </summary>
[Trait("Category", "Database")]
public sealed class SharedDataWebTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    private static MultipartFormDataContent Upload(IEnumerable<string> files, bool partial = false)
    {
        var content = new MultipartFormDataContent();
        foreach (var file in files)
        {
            var part = new ByteArrayContent(File.ReadAllBytes(file));
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(part, "files", Path.GetFileName(file));
        }

        if (partial)
        {
            content.Add(new StringContent("true"), "partial");
        }

        return content;
    }

    private async Task<int> FailedAnalysesAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        return await db.AuditEntries.CountAsync(e => e.Action == "alerts.analyze.failed");
    }

    private async Task<HttpClient> PushClientAsync()
    {
        var (token, text) = MachineTokens.Create("共享数据推送" + Guid.NewGuid().ToString("N")[..6], [Scopes.TradingPush], null, "test",
            new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await factory.SeedAsync(db =>
        {
            db.MachineTokens.Add(token);
            return Task.CompletedTask;
        });
        var client = factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", text);
        return client;
    }

    /// <summary>Null when the push was answered with a summary or a row-level refusal, else what went wrong.</summary>
    private static async Task<string?> PushProblemAsync(string file, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return null;
        }

        if (response.StatusCode != HttpStatusCode.UnprocessableEntity)
        {
            return $"{file}: HTTP {(int)response.StatusCode}\n{body}";
        }

        using var json = JsonDocument.Parse(body);
        var errors = json.RootElement.GetProperty("errors");
        if (errors.GetArrayLength() == 0 || !errors.EnumerateArray().Any(e => e.GetProperty("line").GetInt64() > 0))
        {
            return $"{file}: refused without a row-level error\n{body}";
        }

        return errors.EnumerateArray().FirstOrDefault(e => string.IsNullOrEmpty(e.GetProperty("file").GetString())
            || string.IsNullOrEmpty(e.GetProperty("reason").GetString())) is { ValueKind: JsonValueKind.Object } bad
            ? $"{file}: refusal without file and reason: {bad}"
            : null;
    }

    // SQLite only, like the CLI's per-file pass (test.sh's PostgreSQL leg leaves out Category=SqliteOnly).
    [SharedDataFact]
    [Trait("Category", "SqliteOnly")]
    public async Task PushApi_EachSharedFile_SummaryOrRowLevelRefusal()
    {
        var client = await PushClientAsync();
        var problems = new List<string>();
        foreach (var file in SharedDataAnalysisTests.Files())
        {
            using var content = Upload([file]);
            if (await PushProblemAsync(file, await client.PostAsync("/api/trading/import", content)) is { } problem)
            {
                problems.Add(problem);
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
        Assert.Equal(0, await FailedAnalysesAsync());
    }

    [SharedDataFact]
    public async Task UploadPage_AllSharedFilesTogether_ImportsWithoutServerErrorOrFailedAnalysis()
    {
        var client = await factory.CreateUserAndLoginAsync(Roles.TradingCenter);
        var token = await JianguanFactory.GetAntiforgeryTokenAsync(client, "/Trading/Import");
        using var content = Upload(SharedDataAnalysisTests.Files(), partial: true);
        content.Add(new StringContent(token), "__RequestVerificationToken");

        var response = await client.PostAsync("/Trading/Import", content);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("导入完成", html, StringComparison.Ordinal);
        Assert.DoesNotContain("import-analysis-pending", html, StringComparison.Ordinal);
        Assert.Equal(0, await FailedAnalysesAsync());
    }
}
