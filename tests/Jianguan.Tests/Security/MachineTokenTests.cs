using System.Net;
using System.Net.Http.Headers;
using Jianguan.Features.Trading;
using Jianguan.Platform.Tokens;

namespace Jianguan.Tests.Security;

[Trait("Category", "Database")]
public sealed class MachineTokenTests(SecurityFactory factory) : IClassFixture<SecurityFactory>
{
    /// <summary>A trading-center officer of a unit requests the token; a security administrator approves it.</summary>
    private async Task<(HttpClient Admin, string Text)> IssueAsync(string name, string days, params string[] scopes)
    {
        var (requester, unit) = await RequesterAsync();
        var (text, response) = await RequestAsync(requester, name, days, scopes);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var admin = await factory.CreateUserAndLoginAsync(Roles.SecurityAdmin);
        await ApproveAsync(admin, text);
        return (admin, text);
    }

    /// <summary>A trading-center account of a new trading-center unit.</summary>
    private async Task<(HttpClient Client, Organisation Unit)> RequesterAsync(string role = Roles.TradingCenter)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var unit = new Organisation { Code = "tc-" + suffix, Name = "交易中心" + suffix, Kind = OrgKind.TradingCenter };
        var userName = await factory.CreateUserAsync("req" + suffix, role);
        await factory.SeedAsync(async db =>
        {
            db.Organisations.Add(unit);
            await db.SaveChangesAsync();
            (await db.Users.SingleAsync(u => u.UserName == userName)).OrganisationId = unit.Id;
        });
        return (await factory.LoginAsync(userName), unit);
    }

    private static async Task<(string Text, HttpResponseMessage Response)> RequestAsync(HttpClient requester, string name, string days, params string[] scopes)
    {
        var fields = new List<KeyValuePair<string, string>> { new("Input.Name", name), new("Input.Days", days), new("Input.Purpose", "报表系统读取交易数据") };
        fields.AddRange(scopes.Select(s => new KeyValuePair<string, string>("Input.Scopes", s)));
        fields.Add(new("__RequestVerificationToken", await SecurityFactory.GetAntiforgeryTokenAsync(requester, "/Trading/Tokens")));
        var response = await requester.PostAsync("/Trading/Tokens", new FormUrlEncodedContent(fields));
        var html = await response.Content.ReadAsStringAsync();
        return (response.StatusCode == HttpStatusCode.OK && html.Contains("id=\"token-text\"", StringComparison.Ordinal) ? SecurityFactory.Element(html, "token-text") : "", response);
    }

    private async Task<int> IdAsync(string text)
    {
        Assert.True(MachineTokens.TryParse(text, out var prefix, out _));
        return await factory.WithDbAsync((db, _) => db.MachineTokens.Where(t => t.Prefix == prefix).Select(t => t.Id).SingleAsync());
    }

    private async Task ApproveAsync(HttpClient admin, string text)
    {
        var approve = await SecurityFactory.PostFormAsync(admin, $"/Admin/Tokens?handler=Approve&id={await IdAsync(text)}", new Dictionary<string, string>(), "/Admin/Tokens");
        Assert.Equal(HttpStatusCode.Redirect, approve.StatusCode);
    }

    private HttpClient Bearer(string token)
    {
        var client = factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task Token_ReadScope_ReadsTradingDataAndIsAuditedUnderItsName()
    {
        var name = SecurityFactory.NewName("报表系统");
        var (_, text) = await IssueAsync(name, "30", Scopes.TradingRead);
        Assert.StartsWith(MachineTokens.Marker, text, StringComparison.Ordinal);
        var client = Bearer(text);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/trading/projects")).StatusCode);
        using var content = new MultipartFormDataContent { { new StringContent("a,b\n1,2\n"), "files", "x.csv" } };
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/trading/import", content)).StatusCode);
        // Signed-in endpoints are for people; pages never read the bearer header.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/deadlines")).StatusCode);
        var page = await client.GetAsync("/Trading/Projects");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);

        var entries = await factory.AuditAsync(e => e.UserName.EndsWith(MachineTokens.UnitSeparator + name, StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Action == "http.get" && e.Target == "/api/trading/projects");
        Assert.Contains(entries, e => e.Action == "http.post" && e.Target == "/api/trading/import" && e.Detail.Contains("403", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Detail.Contains(text[^43..], StringComparison.Ordinal));
        Assert.Single(await factory.AuditAsync(e => e.Action == "token.request" && e.Detail.Contains(name, StringComparison.Ordinal)));
        Assert.Single(await factory.AuditAsync(e => e.Action == "token.approve" && e.Detail.Contains(name, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Token_PushScope_ImportsAsTheTokenName()
    {
        var name = SecurityFactory.NewName("交易中心推送");
        var (_, text) = await IssueAsync(name, "30", Scopes.TradingPush);
        var client = Bearer(text);
        using var content = new MultipartFormDataContent { { new StringContent("MZ"), "files", "virus.exe" } };
        var response = await client.PostAsync("/api/trading/import", content);
        // Past authentication and authorization: the file itself is refused.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/trading/projects")).StatusCode);
    }

    [Fact]
    public async Task Token_Stored_OnlyAsSm3HashOfSecret()
    {
        var name = SecurityFactory.NewName("hash");
        var (_, text) = await IssueAsync(name, "30", Scopes.TradingRead);
        Assert.True(MachineTokens.TryParse(text, out var prefix, out var secret));
        var token = await factory.WithDbAsync((db, _) => db.MachineTokens.AsNoTracking().SingleAsync(t => t.Prefix == prefix));
        Assert.Equal(TokenHash.Sm3Hex(secret), token.SecretHash);
        Assert.DoesNotContain(secret, token.SecretHash, StringComparison.Ordinal);
        var html = await (await factory.CreateUserAndLoginAsync(Roles.SecurityAdmin)).GetStringAsync("/Admin/Tokens");
        Assert.Contains(prefix, html, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_AfterExpiry_Returns401()
    {
        var (_, text) = await IssueAsync(SecurityFactory.NewName("expiring"), "1", Scopes.TradingRead);
        var client = Bearer(text);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/trading/sections")).StatusCode);
        factory.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        var expired = await client.GetAsync("/api/trading/sections");
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("Bearer", expired.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains(await factory.AuditAsync(e => e.Action == "token.rejected"), e => e.Detail.Contains("expired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Token_Revoked_Returns401()
    {
        var (admin, text) = await IssueAsync(SecurityFactory.NewName("revoked"), "90", Scopes.TradingRead);
        var client = Bearer(text);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/trading/projects")).StatusCode);
        Assert.True(MachineTokens.TryParse(text, out var prefix, out _));
        var id = await factory.WithDbAsync((db, _) => db.MachineTokens.Where(t => t.Prefix == prefix).Select(t => t.Id).SingleAsync());
        var revoke = await SecurityFactory.PostFormAsync(admin, $"/Admin/Tokens?handler=Revoke&id={id}", new Dictionary<string, string>(), "/Admin/Tokens");
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/trading/projects")).StatusCode);
        Assert.Single(await factory.AuditAsync(e => e.Action == "token.revoke" && e.Target == "token:" + prefix));
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("jgt_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Token_UnknownOrMalformed_Returns401(string text)
    {
        var response = await Bearer(text).GetAsync("/api/trading/projects");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Token_WrongSecretForKnownPrefix_Returns401()
    {
        var (_, text) = await IssueAsync(SecurityFactory.NewName("guess"), "30", Scopes.TradingRead);
        var forged = text[..^1] + (text[^1] == 'A' ? 'B' : 'A');
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(forged).GetAsync("/api/trading/projects")).StatusCode);
    }

    [Fact]
    public async Task Request_WithoutScope_Refused()
    {
        var (requester, _) = await RequesterAsync();
        var (text, response) = await RequestAsync(requester, "无权限", "30");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("", text);
        Assert.Contains("请至少选择一项权限范围", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 17, item 1 (三员分立): the security administrator used to issue a trading.read token for any unit to
    /// themselves and read all trading data. Now the admin's page mints nothing, the unit requests, the admin
    /// approves without ever seeing the text, and use is audited under the unit.
    /// </summary>
    [Fact]
    public async Task AdminIssue_ReadScopeForAnyUnit_RefusedNothingMinted()
    {
        var admin = await factory.CreateUserAndLoginAsync(Roles.SecurityAdmin);
        var unit = await factory.WithDbAsync(async (db, _) =>
        {
            var o = new Organisation { Code = "tc-" + Guid.NewGuid().ToString("N")[..8], Name = "交易中心（管理员试图签发）", Kind = OrgKind.TradingCenter };
            db.Organisations.Add(o);
            await db.SaveChangesAsync();
            return o.Id;
        });
        var name = SecurityFactory.NewName("管理员自用");
        var response = await SecurityFactory.PostFormAsync(admin, "/Admin/Tokens", new Dictionary<string, string>
        {
            ["Input.Name"] = name,
            ["Input.Scopes"] = Scopes.TradingRead,
            ["Input.OrganisationId"] = unit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Days"] = "30",
        });
        Assert.DoesNotContain("token-text", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await factory.WithDbAsync((db, _) => db.MachineTokens.AnyAsync(t => t.Name == name)));

        // Nor can an administrator request one: the request page is closed to them.
        var denied = await admin.GetAsync("/Trading/Tokens");
        Assert.StartsWith("/Account/Denied", SecurityFactory.PathOf(denied.Headers.Location), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_ThenApproval_SecretOnlyToRequester_PendingRefused_UseAuditedUnderTheUnit()
    {
        var (requester, unit) = await RequesterAsync();
        var name = SecurityFactory.NewName("报表系统");
        var (text, _) = await RequestAsync(requester, name, "30", Scopes.TradingRead);
        Assert.StartsWith(MachineTokens.Marker, text, StringComparison.Ordinal);
        var secret = text[^43..];
        Assert.DoesNotContain(secret, await requester.GetStringAsync("/Trading/Tokens"), StringComparison.Ordinal);

        // Pending: refused at the API.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(text).GetAsync("/api/trading/projects")).StatusCode);
        Assert.Contains(await factory.AuditAsync(e => e.Action == "token.rejected"), e => e.Detail.Contains("pending", StringComparison.Ordinal));

        var admin = await factory.CreateUserAndLoginAsync(Roles.SecurityAdmin);
        var adminPage = await admin.GetStringAsync("/Admin/Tokens");
        Assert.Contains(name, adminPage, StringComparison.Ordinal);
        Assert.Contains("待审批", adminPage, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, adminPage, StringComparison.Ordinal);
        var approve = await SecurityFactory.PostFormAsync(admin, $"/Admin/Tokens?handler=Approve&id={await IdAsync(text)}", new Dictionary<string, string>(), "/Admin/Tokens");
        Assert.Equal(HttpStatusCode.Redirect, approve.StatusCode);
        Assert.DoesNotContain(secret, await admin.GetStringAsync("/Admin/Tokens"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await Bearer(text).GetAsync("/api/trading/projects")).StatusCode);
        var actor = unit.Name + MachineTokens.UnitSeparator + name;
        Assert.Contains(await factory.AuditAsync(e => e.UserName == actor), e => e.Action == "http.get" && e.Target == "/api/trading/projects");
        Assert.DoesNotContain(await factory.AuditAsync(_ => true), e => e.Detail.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rejected_Request_NeverWorks()
    {
        var (requester, _) = await RequesterAsync();
        var (text, _) = await RequestAsync(requester, SecurityFactory.NewName("退回"), "30", Scopes.TradingPush);
        var admin = await factory.CreateUserAndLoginAsync(Roles.SecurityAdmin);
        var id = await IdAsync(text);
        await SecurityFactory.PostFormAsync(admin, $"/Admin/Tokens?handler=Reject&id={id}", new Dictionary<string, string> { ["note"] = "用途不明" }, "/Admin/Tokens");
        await SecurityFactory.PostFormAsync(admin, $"/Admin/Tokens?handler=Approve&id={id}", new Dictionary<string, string>(), "/Admin/Tokens");
        using var content = new MultipartFormDataContent { { new StringContent("MZ"), "files", "x.exe" } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(text).PostAsync("/api/trading/import", content)).StatusCode);
        Assert.Single(await factory.AuditAsync(e => e.Action == "token.reject" && e.Target.EndsWith(text.Split('_')[1], StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Token_ReadScope_SeesWhatItsOwnerUnitMaySee()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        int centre = 0, water = 0;
        await factory.SeedAsync(async db =>
        {
            var c = new Organisation { Code = "tc-" + suffix, Name = "交易中心" + suffix, Kind = OrgKind.TradingCenter };
            var w = new Organisation { Code = "sw-" + suffix, Name = "水务局" + suffix, Kind = OrgKind.Industry };
            db.Organisations.AddRange(c, w);
            await db.SaveChangesAsync();
            (centre, water) = (c.Id, w.Id);
            db.Projects.Add(new TradingProject { Code = "MT-W-" + suffix, Name = "水务工程", Category = TradingCategory.Construction, SupervisingOrganisationId = w.Id });
            db.Projects.Add(new TradingProject { Code = "MT-O-" + suffix, Name = "其他工程", Category = TradingCategory.Construction });
        });

        async Task<string> ListAsync(int? organisation)
        {
            var (token, text) = MachineTokens.Create(SecurityFactory.NewName("unit"), [Scopes.TradingRead], organisation, "test",
                new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero));
            await factory.SeedAsync(db =>
            {
                db.MachineTokens.Add(token);
                return Task.CompletedTask;
            });
            return await Bearer(text).GetStringAsync($"/api/trading/projects?q={suffix}");
        }

        var all = await ListAsync(centre);
        Assert.Contains("MT-W-" + suffix, all, StringComparison.Ordinal);
        Assert.Contains("MT-O-" + suffix, all, StringComparison.Ordinal);
        var sector = await ListAsync(water);
        Assert.Contains("MT-W-" + suffix, sector, StringComparison.Ordinal);
        Assert.DoesNotContain("MT-O-" + suffix, sector, StringComparison.Ordinal);
        Assert.DoesNotContain("MT-", await ListAsync(null), StringComparison.Ordinal);
    }
}
