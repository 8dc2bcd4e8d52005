using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;

namespace Jianguan.Tests.Web;

[Trait("Category", "Database")]
public class WebShellTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    [Fact]
    public async Task Healthz_Anonymous_Returns200()
    {
        var response = await factory.CreateAnonymousClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Home_Anonymous_Returns200WithLoginLink()
    {
        var response = await factory.CreateAnonymousClient().GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("公共资源交易协同监管平台", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/Account/Login\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Trading/Projects\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_PublicLinks_AllOpenWithoutLogin()
    {
        var client = factory.CreateAnonymousClient();
        var html = await client.GetStringAsync("/");
        var section = html[html.IndexOf("<h2>公开信息</h2>", StringComparison.Ordinal)..];
        var links = System.Text.RegularExpressions.Regex.Matches(section, "<li><a href=\"([^\"]+)\"")
            .Select(m => m.Groups[1].Value).ToList();

        Assert.DoesNotContain("尚未发布", html, StringComparison.Ordinal);
        Assert.Equal(4, links.Count);
        foreach (var link in links)
        {
            var response = await client.GetAsync(link);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{link}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task Pages_Always_CarrySecurityHeadersWithoutInlineAllowance()
    {
        var response = await factory.CreateAnonymousClient().GetAsync("/");
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.Contains("Referrer-Policy"));
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("onclick", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/css/site.css", "text/css")]
    [InlineData("/css/print.css", "text/css")]
    [InlineData("/js/site.js", "text/javascript")]
    public async Task StaticFiles_Anonymous_ServedFromAssembly(string path, string contentType)
    {
        var response = await factory.CreateAnonymousClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("X-Content-Type-Options"));
    }

    [Theory]
    [InlineData("/Trading/Projects")]
    [InlineData("/Trading/Projects/1")]
    [InlineData("/Trading/Sections")]
    [InlineData("/Trading/Sections/1")]
    [InlineData("/Trading/Import")]
    [InlineData("/Admin")]
    [InlineData("/scalar")]
    public async Task ProtectedPages_Anonymous_RedirectToLogin(string path)
    {
        var response = await factory.CreateAnonymousClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login?ReturnUrl=", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/trading/projects")]
    [InlineData("/api/trading/projects/1")]
    [InlineData("/api/trading/sections/1")]
    [InlineData("/openapi/v1.json")]
    public async Task Api_Anonymous_Returns401(string path)
    {
        var response = await factory.CreateAnonymousClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task ImportApi_Anonymous_Returns401()
    {
        using var content = new MultipartFormDataContent { { new StringContent("a,b\n1,2\n"), "files", "x.csv" } };
        var response = await factory.CreateAnonymousClient().PostAsync("/api/trading/import", content);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>The fallback policy closes forgotten endpoints; this test makes forgetting visible at once.</summary>
    [Fact]
    public void Endpoints_All_NameAnAuthorizationPolicyExplicitly()
    {
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints;
        Assert.NotEmpty(endpoints);
        var known = new HashSet<string>(Jianguan.Features.Modules.RolesByPolicy.Keys) { Policies.Public, Policies.SignedIn };
        var offenders = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Where(e =>
            {
                var policies = e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
                return policies.Count == 0 || policies.Any(p => p is null || !known.Contains(p));
            })
            .Select(e => e.DisplayName)
            .ToList();
        Assert.True(offenders.Count == 0, "endpoints without an explicit known policy: " + string.Join(", ", offenders));
        Assert.Contains(endpoints, e => e.DisplayName?.Contains("/Trading/Import", StringComparison.Ordinal) == true);
        Assert.Contains(endpoints, e => (e as RouteEndpoint)?.RoutePattern.RawText == "/api/trading/import");
    }

    [Fact]
    public async Task LoginPost_WithoutAntiforgeryToken_Returns400()
    {
        var user = await factory.CreateUserAsync("nocsrf", Roles.MemberSupervisor);
        var response = await factory.CreateAnonymousClient().PostAsync("/Account/Login", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["Input.UserName"] = user, ["Input.Password"] = JianguanFactory.Password }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task LogoutPost_WithoutAntiforgeryToken_Returns400AndKeepsSession()
    {
        var client = await factory.CreateUserAndLoginAsync(Roles.MemberSupervisor);
        var response = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Trading/Projects")).StatusCode);
    }

    [Fact]
    public async Task Logout_WithToken_EndsSession()
    {
        var client = await factory.CreateUserAndLoginAsync(Roles.MemberSupervisor);
        var response = await JianguanFactory.PostFormAsync(client, "/Account/Logout", new Dictionary<string, string>(), "/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Trading/Projects")).StatusCode);
    }

    [Fact]
    public async Task Login_WrongPassword_ShowsChineseErrorAndLocksAfterFiveFailures()
    {
        var user = await factory.CreateUserAsync("lockme", Roles.MemberSupervisor);
        var client = factory.CreateAnonymousClient();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await JianguanFactory.PostFormAsync(client, "/Account/Login", new Dictionary<string, string>
            {
                ["Input.UserName"] = user,
                ["Input.Password"] = "wrong-password",
            });
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            // One message for every failure (issue 17, item 7): the lock shows in the refusal of the right password.
            Assert.Contains(Jianguan.Features.Account.LoginModel.FailureMessage, await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var right = await JianguanFactory.PostFormAsync(client, "/Account/Login", new Dictionary<string, string>
        {
            ["Input.UserName"] = user,
            ["Input.Password"] = JianguanFactory.Password,
        });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains(Jianguan.Features.Account.LoginModel.FailureMessage, await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Trading/Sections", "/Trading/Sections")]
    [InlineData("https://evil.example/phish", "/")]
    [InlineData("//evil.example/phish", "/")]
    public async Task Login_ReturnUrl_RedirectsToLocalPathsOnly(string returnUrl, string expected)
    {
        var user = await factory.CreateUserAsync("ret" + Guid.NewGuid().ToString("N")[..8], Roles.MemberSupervisor);
        var client = factory.CreateAnonymousClient();
        var path = "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl);
        var response = await JianguanFactory.PostFormAsync(client, path, new Dictionary<string, string>
        {
            ["Input.UserName"] = user,
            ["Input.Password"] = JianguanFactory.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Navigation_TradingCenter_ShowsImportButNotAdministration()
    {
        var client = await factory.CreateUserAndLoginAsync(Roles.TradingCenter);
        var html = await client.GetStringAsync("/");
        Assert.Contains("href=\"/Trading/Projects\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/Trading/Import\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Admin\"", html, StringComparison.Ordinal);
        Assert.Contains("退出", html, StringComparison.Ordinal);
        Assert.Contains("测试用户", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Navigation_Police_ReadsTradingButCannotImport()
    {
        var client = await factory.CreateUserAndLoginAsync(Roles.Police);
        var html = await client.GetStringAsync("/");
        Assert.Contains("href=\"/Trading/Projects\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Trading/Import\"", html, StringComparison.Ordinal);
        var page = await client.GetAsync("/Trading/Import");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/Denied", page.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        var denied = await client.GetAsync(page.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("无权访问", await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingRecord_Browser_GetsChinesePageAndApiGetsProblemJson()
    {
        var client = await factory.CreateUserAndLoginAsync(Roles.Audit);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Trading/Projects/987654321");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        var page = await client.SendAsync(request);
        var api = await client.GetAsync("/api/trading/projects/987654321");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("页面不存在", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Admin_SystemAdmin_ListsUsersWithChineseRoleNames()
    {
        await factory.CreateUserAsync("listed-user", Roles.Justice);
        var client = await factory.CreateUserAndLoginAsync(Roles.SystemAdmin);
        var html = await client.GetStringAsync("/Admin");
        Assert.Contains("listed-user", html, StringComparison.Ordinal);
        Assert.Contains("司法局", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_SystemAdmin_DescribesTradingApi()
    {
        var client = await factory.CreateUserAndLoginAsync(Roles.SystemAdmin);
        var json = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/trading/projects", json, StringComparison.Ordinal);
        Assert.Contains("/api/trading/import", json, StringComparison.Ordinal);
        Assert.DoesNotContain("/healthz", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scalar_SystemAdmin_ServesUiWithNonceScopedPolicy()
    {
        var client = await factory.CreateUserAndLoginAsync(Roles.SystemAdmin);
        var response = await client.GetAsync("/scalar/");
        if (response.StatusCode == HttpStatusCode.MovedPermanently || response.StatusCode == HttpStatusCode.Redirect)
        {
            response = await client.GetAsync(response.Headers.Location);
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("'nonce-", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", csp, StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("cdn.", html, StringComparison.Ordinal);
    }
}
