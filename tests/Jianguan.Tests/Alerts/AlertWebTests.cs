using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Jianguan.Features.Focus;
using Jianguan.Features.Profiles;
using Jianguan.Features.Warnings;
using Jianguan.Features.Trading.Import;
using Jianguan.Platform.Audit;
using Jianguan.Tests.Web;

namespace Jianguan.Tests.Alerts;

/// <summary>The alert pages and JSON API over HTTP, with the roles that may and may not use them.</summary>
[Trait("Category", "Database")]
public class AlertWebTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Cookie callers of the state-changing API send the page's anti-forgery token in the header.</summary>
    private static async Task<HttpResponseMessage> PostJsonAsync<T>(HttpClient client, string path, T body)
    {
        var token = await JianguanFactory.GetAntiforgeryTokenAsync(client, "/Alerts");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("RequestVerificationToken", token);
        return await client.SendAsync(request);
    }

    private static string NewPrefix() => "W" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    /// <summary>Imports the small market under a fresh prefix, analyses it, and returns its file-code alert id.</summary>
    private async Task<long> SeedAsync(string prefix)
    {
        var dir = Directory.CreateTempSubdirectory("jianguan-alerts-web-");
        try
        {
            var bids = Path.Combine(dir.FullName, "bids.csv");
            var awards = Path.Combine(dir.FullName, "awards.csv");
            await File.WriteAllTextAsync(bids, AlertMarket.Bids(prefix).Replace("海南", prefix, StringComparison.Ordinal));
            await File.WriteAllTextAsync(awards, AlertMarket.Awards(prefix).Replace("海南", prefix, StringComparison.Ordinal));
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
            var summary = await TradingImporter.ImportAsync(db, [new ImportSource("bids.csv", bids), new ImportSource("awards.csv", awards)], new ImportOptions());
            await scope.ServiceProvider.GetRequiredService<AlertAnalysis>().AfterImportAsync(db, summary.SectionIds, AuditActor.System);
            return await db.Set<RiskAlert>().Where(a => a.RuleCode == "a40.1.file_code" && a.Section!.Code == prefix + "-S1").Select(a => a.Id).SingleAsync();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AlertsApi_ListFilterDetail_ShowsEvidenceAndCounts()
    {
        var prefix = NewPrefix();
        var id = await SeedAsync(prefix);
        var client = await factory.CreateUserAndLoginAsync(Roles.Discipline);

        var page = await client.GetFromJsonAsync<AlertListPage>("/api/alerts?level=red&rule=a40.1.file_code", Json);
        var detail = await client.GetFromJsonAsync<AlertDetail>($"/api/alerts/{id}", Json);
        var bad = await client.GetAsync("/api/alerts?level=purple");

        Assert.Contains(page!.Result.Items, a => a.Id == id);
        Assert.All(page.Result.Items, a => Assert.Equal(AlertLevel.Red, a.Level));
        Assert.True(page.Counts.Levels.Single(l => l.Code == "red").Count >= 1);
        Assert.Equal("a40.1.file_code", detail!.Alert.RuleCode);
        Assert.Equal(AlertMarket.SharedCode, detail.Evidence.GetProperty("value").GetString());
        Assert.Contains(detail.SharedFields, f => f.Key == "fileCode");
        Assert.Contains("第四十条", detail.Basis, StringComparison.Ordinal);
        Assert.Equal(3, detail.Section!.Bids.Count);
        Assert.Equal([AlertAction.StartReview], detail.AllowedActions);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/alerts/987654321")).StatusCode);
    }

    [Fact]
    public async Task AlertsApi_Transitions_RefusedForReadersAndIllegalMoves()
    {
        var id = await SeedAsync(NewPrefix());
        var reader = await factory.CreateUserAndLoginAsync(Roles.Police);
        // A member unit's account sees only its sector (ADR-006); the office sees every alert.
        var supervisor = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);

        var noToken = await supervisor.PostAsJsonAsync($"/api/alerts/{id}/review", new { });
        var forbidden = await PostJsonAsync(reader, $"/api/alerts/{id}/review", new { });
        var tooEarly = await PostJsonAsync(supervisor, $"/api/alerts/{id}/dismiss", new AlertTransitionRequest("无问题"));
        var review = await PostJsonAsync(supervisor, $"/api/alerts/{id}/review", new { });
        var noReason = await PostJsonAsync(supervisor, $"/api/alerts/{id}/dismiss", new AlertTransitionRequest(" "));
        var convert = await PostJsonAsync(supervisor, $"/api/alerts/{id}/convert", new AlertTransitionRequest("移交"));
        var converted = await convert.Content.ReadFromJsonAsync<AlertStateResult>(Json);
        var after = await PostJsonAsync(supervisor, $"/api/alerts/{id}/dismiss", new AlertTransitionRequest("晚了"));

        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);
        Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, convert.StatusCode);
        Assert.Equal(AlertState.Converted, converted!.State);
        Assert.StartsWith("XS-", converted.ClueNumber, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, after.StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        Assert.Equal(2, await db.Set<AlertTransition>().CountAsync(t => t.AlertId == id));

        // The alert page links its clue number to the clue, and the clue links back to the alert.
        var clueId = await db.Set<RiskAlert>().Where(a => a.Id == id).Select(a => a.ClueId).SingleAsync();
        Assert.NotNull(clueId);
        var page = await supervisor.GetStringAsync($"/Alerts/{id}");
        Assert.Contains($"<a href=\"/Clues/{clueId}\" id=\"clue-link\">{converted.ClueNumber}</a>", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Alerts/{id}\"", await supervisor.GetStringAsync($"/Clues/{clueId}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertsApi_TradingCenterAndAnonymous_Refused()
    {
        var center = await factory.CreateUserAndLoginAsync(Roles.TradingCenter);
        var anonymous = factory.CreateAnonymousClient();

        foreach (var path in new[] { "/api/alerts", "/api/groups", "/api/focus", "/api/tracking", "/api/bidders/1" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await center.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await center.GetAsync("/Alerts")).StatusCode);
    }

    [Fact]
    public async Task BiddersGroupsFocusTrackingApi_Answer()
    {
        var prefix = NewPrefix();
        await SeedAsync(prefix);
        var office = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);
        var supervisor = await factory.CreateUserAndLoginAsync(Roles.MemberSupervisor);
        long jia;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
            jia = await db.MarketEntities.Where(e => e.Name == prefix + "甲建设工程有限公司").Select(e => e.Id).SingleAsync();
        }

        var profile = await office.GetFromJsonAsync<BidderProfile>($"/api/bidders/{jia}", Json);
        var focus = await office.GetFromJsonAsync<List<FocusInfo>>("/api/focus", Json);
        var groups = await office.GetAsync("/api/groups");
        var tracking = await office.GetAsync("/api/tracking");
        var refused = await PostJsonAsync(supervisor, $"/api/focus/{jia}/remove", new FocusRemoveRequest("无"));
        var noReason = await PostJsonAsync(office, $"/api/focus/{jia}/remove", new FocusRemoveRequest(""));
        var removed = await PostJsonAsync(office, $"/api/focus/{jia}/remove", new FocusRemoveRequest("经核查排除"));
        var added = await PostJsonAsync(office, "/api/focus", new FocusAddRequest(jia, "举报涉及"));

        Assert.Equal(1, profile!.Wins);
        Assert.Equal(1, profile.Bids);
        Assert.Contains(profile.Alerts, a => a.RuleCode == "a40.1.file_code");
        Assert.Contains(profile.CoBidders, c => c.Name == prefix + "乙建设工程有限公司");
        Assert.Contains(focus!, f => f.EntityId == jia);
        Assert.Equal(HttpStatusCode.OK, groups.StatusCode);
        Assert.Equal(HttpStatusCode.OK, tracking.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(FocusOrigin.Manual, (await added.Content.ReadFromJsonAsync<FocusInfo>(Json))!.Origin);
    }

    [Fact]
    public async Task Pages_ListDetailDismiss_RenderEvidenceAndChangeState()
    {
        var prefix = NewPrefix();
        var id = await SeedAsync(prefix);
        var client = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);

        var list = await client.GetStringAsync("/Alerts?rule=a40.1.file_code&level=red");
        var detail = await client.GetStringAsync($"/Alerts/{id}");
        var review = await JianguanFactory.PostFormAsync(client, $"/Alerts/{id}?handler=Review", new Dictionary<string, string>(), $"/Alerts/{id}");
        var empty = await JianguanFactory.PostFormAsync(client, $"/Alerts/{id}?handler=Dismiss", new Dictionary<string, string> { ["reason"] = "" }, $"/Alerts/{id}");
        var dismiss = await JianguanFactory.PostFormAsync(client, $"/Alerts/{id}?handler=Dismiss", new Dictionary<string, string> { ["reason"] = "同一集团，已报备" }, $"/Alerts/{id}");
        var after = await client.GetStringAsync($"/Alerts/{id}");
        var groups = await client.GetAsync("/Groups");
        var focus = await client.GetStringAsync("/Focus");
        var tracking = await client.GetAsync("/Focus/Tracking");

        Assert.Contains($"href=\"/Alerts/{id}\"", list, StringComparison.Ordinal);
        Assert.Contains("不同投标人投标文件创建标识码相同", list, StringComparison.Ordinal);
        Assert.Contains("fp-evidence", detail, StringComparison.Ordinal);
        Assert.Contains("<svg", detail, StringComparison.Ordinal);
        Assert.Contains("bar hl win", detail, StringComparison.Ordinal);
        Assert.Contains("为什么预警", detail, StringComparison.Ordinal);
        Assert.Contains("不同投标人的投标文件由同一单位或者个人编制", detail, StringComparison.Ordinal);
        Assert.Contains("<dt data-key=\"field\">相同的投标文件特征</dt>", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("<dt>field</dt>", detail, StringComparison.Ordinal);
        Assert.Contains("开始核查", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, review.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, dismiss.StatusCode);
        Assert.Contains("已排除", after, StringComparison.Ordinal);
        Assert.Contains("同一集团，已报备", after, StringComparison.Ordinal);
        // The history names people by their display name.
        Assert.Matches("<td>测试用户[^<]+</td><td>核查中 → 已排除</td>", after);
        Assert.Equal(HttpStatusCode.OK, groups.StatusCode);
        Assert.Contains(prefix + "甲建设工程有限公司", focus, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, tracking.StatusCode);
    }

    [Fact]
    public async Task QualityView_DecimalSlip_ListedThereAndNotAmongRiskAlerts()
    {
        var prefix = NewPrefix();
        var dir = Directory.CreateTempSubdirectory("jianguan-alerts-dq-");
        try
        {
            // 己 bid 1,970,000 for 197,000: ten times the section's median, a decimal slip.
            var bids = Path.Combine(dir.FullName, "bids.csv");
            await File.WriteAllTextAsync(bids, AlertMarket.Bids(prefix).Replace("海南", prefix, StringComparison.Ordinal)
                .Replace(",197000,", ",1970000,", StringComparison.Ordinal));
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
            var summary = await TradingImporter.ImportAsync(db, [new ImportSource("bids.csv", bids)], new ImportOptions());
            await scope.ServiceProvider.GetRequiredService<AlertAnalysis>().AfterImportAsync(db, summary.SectionIds, AuditActor.System);
        }
        finally
        {
            dir.Delete(recursive: true);
        }

        var client = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);
        var risk = await client.GetStringAsync("/Alerts");
        var quality = await client.GetStringAsync("/Alerts?view=quality");
        var qualityApi = await client.GetFromJsonAsync<AlertListPage>("/api/alerts?view=quality", Json);
        var riskApi = await client.GetFromJsonAsync<AlertListPage>("/api/alerts", Json);

        Assert.DoesNotContain("dq.decimal_slip", risk, StringComparison.Ordinal);
        Assert.Contains("dq.decimal_slip", quality, StringComparison.Ordinal);
        Assert.Contains(prefix + "己咨询有限公司", quality, StringComparison.Ordinal);
        Assert.Contains("<h1>数据质量</h1>", quality, StringComparison.Ordinal);
        Assert.All(qualityApi!.Result.Items, a => Assert.Equal("data_quality", a.RuleCategory));
        var slip = Assert.Single(qualityApi.Result.Items, a => a.RuleCode == "dq.decimal_slip" && a.SectionCode == prefix + "-S2");
        Assert.Equal([prefix + "己咨询有限公司"], slip.Bidders.Select(b => b.Name));
        Assert.DoesNotContain(riskApi!.Result.Items, a => a.RuleCategory == "data_quality");
    }

    [Fact]
    public async Task AlertPage_ReaderRole_SeesNoActions()
    {
        var id = await SeedAsync(NewPrefix());
        var client = await factory.CreateUserAndLoginAsync(Roles.Audit);

        var detail = await client.GetStringAsync($"/Alerts/{id}");

        Assert.DoesNotContain("开始核查</button>", detail, StringComparison.Ordinal);
        Assert.Contains("核查与处理由公管办和成员单位进行", detail, StringComparison.Ordinal);
    }
}
