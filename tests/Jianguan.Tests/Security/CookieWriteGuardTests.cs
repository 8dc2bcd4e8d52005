using System.Net;
using Jianguan.Tests.Web;

namespace Jianguan.Tests.Security;

/// <summary>
/// Issue 17, item 9: the import API takes cookie callers only with the anti-forgery token, and a cookie write from
/// another origin is refused; and the low of the same issue: no caching of what a signed-in user receives.
/// </summary>
[Trait("Category", "Database")]
public sealed class CookieWriteGuardTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    private static MultipartFormDataContent Csv() =>
        new() { { new StringContent("TENDER_PROJECT_CODE,BID_SECTION_CODE,BIDDER_NAME,BID_PRICE\nCSRF" + Guid.NewGuid().ToString("N")[..8] + ",01,甲公司,100\n"), "files", "bids.csv" } };

    [Fact]
    public async Task ImportApi_CookieWithoutAntiforgeryToken_Refused400()
    {
        var client = await factory.CreateUserAndLoginAsync(Roles.TradingCenter);
        using var content = Csv();
        var response = await client.PostAsync("/api/trading/import", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("防伪令牌", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportApi_CookieWithToken_Accepted()
    {
        var client = await JianguanFactory.WithAntiforgeryHeaderAsync(await factory.CreateUserAndLoginAsync(Roles.TradingCenter));
        using var content = Csv();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/trading/import", content)).StatusCode);
    }

    [Theory]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Referer", "https://evil.example/page")]
    [InlineData("Origin", "http://localhost:8080")]
    public async Task ImportApi_CookieFromAnotherOrigin_Refused403(string header, string value)
    {
        var client = await JianguanFactory.WithAntiforgeryHeaderAsync(await factory.CreateUserAndLoginAsync(Roles.TradingCenter));
        using var content = Csv();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/trading/import") { Content = content };
        request.Headers.Add(header, value);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("跨站请求被拒绝", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagePost_SameOrigin_AcceptedAndForeignOriginRefused()
    {
        var client = await factory.CreateUserAndLoginAsync(Roles.MemberSupervisor);
        var token = await JianguanFactory.GetAntiforgeryTokenAsync(client, "/");
        HttpRequestMessage Logout(string origin) => new(HttpMethod.Post, "/Account/Logout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
            Headers = { { "Origin", origin } },
        };

        using var foreign = Logout("https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(foreign)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Trading/Projects")).StatusCode);
        using var same = Logout("http://localhost");
        Assert.Equal(HttpStatusCode.Redirect, (await client.SendAsync(same)).StatusCode);
    }

    [Fact]
    public async Task SignedInResponses_ApiJsonAndExport_NoStore()
    {
        var reader = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);
        var json = await reader.GetAsync("/api/trading/projects");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.True(json.Headers.CacheControl?.NoStore, "API JSON without Cache-Control: no-store");

        var auditor = await factory.CreateUserAndLoginAsync(Roles.AuditAdmin);
        var export = await auditor.GetAsync("/Admin/Audit?handler=Export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.True(export.Headers.CacheControl?.NoStore, "export without Cache-Control: no-store");
    }
}
