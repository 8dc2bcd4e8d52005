using System.Net;
using Jianguan.Features.Admin.Audit;
using Jianguan.Platform.Audit;
using Microsoft.AspNetCore.Identity;
using MiniExcelLibs;

namespace Jianguan.Tests.Security;

[Trait("Category", "Database")]
public sealed class AdminSeparationTests(SecurityFactory factory) : IClassFixture<SecurityFactory>
{
    [Theory]
    [InlineData("a", "b", "", "system-admin", true)]
    [InlineData("a", "b", "system-admin", "system-admin,audit-admin", false)]   // two of the three
    [InlineData("a", "b", "police", "police,security-admin", false)]             // admin plus business role
    [InlineData("a", "a", "", "police", false)]                                  // own roles
    [InlineData("a", "b", "", "police,discipline", true)]
    [InlineData("a", "b", "", "root", false)]
    public void Check_Rules(string actor, string target, string before, string after, bool allowed)
    {
        static string[] Split(string s) => s.Split(',', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(allowed, AdminSeparation.Check(actor, target, Split(before), Split(after)) is null);
    }

    [Theory]
    [InlineData(Roles.SystemAdmin, "/Admin/Users")]
    [InlineData(Roles.SecurityAdmin, "/Admin/Roles")]
    [InlineData(Roles.SecurityAdmin, "/Admin/Tokens")]
    [InlineData(Roles.AuditAdmin, "/Admin/Audit")]
    public async Task EachAdmin_OnlyOwnPages_NoTradingData(string role, string own)
    {
        string[] adminPages = ["/Admin/Users", "/Admin/Roles", "/Admin/Tokens", "/Admin/Audit"];
        string[] businessPages = ["/Trading/Projects", "/Trading/Sections", "/Trading/Import"];
        var client = await factory.CreateUserAndLoginAsync(role);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(own)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Admin")).StatusCode);
        foreach (var page in adminPages.Where(p => !OwnPages(role).Contains(p)).Concat(businessPages))
        {
            var response = await client.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect
                && SecurityFactory.PathOf(response.Headers.Location).StartsWith("/Account/Denied", StringComparison.Ordinal), $"{role} reached {page}");
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/trading/projects")).StatusCode);
    }

    private static string[] OwnPages(string role) => role switch
    {
        Roles.SystemAdmin => ["/Admin/Users"],
        Roles.SecurityAdmin => ["/Admin/Roles", "/Admin/Tokens"],
        _ => ["/Admin/Audit"],
    };

    private async Task<string> IdOfAsync(string userName) =>
        await factory.WithDbAsync((db, _) => Task.FromResult(db.Users.Single(u => u.UserName == userName).Id));

    private static async Task<HttpResponseMessage> SetRolesAsync(HttpClient client, string id, params string[] roles)
    {
        var fields = roles.Select(r => new KeyValuePair<string, string>("Selected", r)).ToList();
        fields.Add(new("__RequestVerificationToken", await SecurityFactory.GetAntiforgeryTokenAsync(client, "/Admin/Roles/Edit/" + id)));
        return await client.PostAsync("/Admin/Roles/Edit/" + id, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task Grant_SecondAdminRole_RefusedAndAudited()
    {
        var target = SecurityFactory.NewName("sys");
        await factory.CreateUserAsync(target, Roles.SystemAdmin);
        var security = await factory.CreateUserAndLoginAsync(Roles.SecurityAdmin);
        var response = await SetRolesAsync(security, await IdOfAsync(target), Roles.SystemAdmin, Roles.AuditAdmin);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("三员分立", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await factory.AuditAsync(e => e.Action == "permission.refused" && e.Target == target));
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.Equal([Roles.SystemAdmin], await users.GetRolesAsync((await users.FindByNameAsync(target))!));
    }

    [Fact]
    public async Task Grant_ToSelf_Refused()
    {
        var name = SecurityFactory.NewName("self");
        await factory.CreateUserAsync(name, Roles.SecurityAdmin);
        var client = await factory.LoginAsync(name);
        var response = await SetRolesAsync(client, await IdOfAsync(name), Roles.SecurityAdmin, Roles.Police);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("不能修改自己的角色", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grant_BusinessRole_AppliedAndAuditedWithBeforeAndAfter()
    {
        var target = SecurityFactory.NewName("officer");
        await factory.CreateUserAsync(target, Roles.Police);
        var targetClient = await factory.LoginAsync(target);
        Assert.Equal(HttpStatusCode.Redirect, (await targetClient.GetAsync("/Trading/Import")).StatusCode);

        var security = await factory.CreateUserAndLoginAsync(Roles.SecurityAdmin);
        var response = await SetRolesAsync(security, await IdOfAsync(target), Roles.TradingCenter);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var entry = Assert.Single(await factory.AuditAsync(e => e.Action == "permission.change" && e.Target == target));
        Assert.Contains("\"before\":[\"police\"]", entry.Detail, StringComparison.Ordinal);
        Assert.Contains("\"after\":[\"trading-center\"]", entry.Detail, StringComparison.Ordinal);

        // The open session picks up the change at its next stamp check.
        factory.Clock.Advance(SecuritySetup.StampValidationInterval + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await targetClient.GetAsync("/Trading/Import")).StatusCode);
    }

    [Fact]
    public async Task SystemAdmin_CreatesAccount_InitialPasswordShownOnceAndMustBeChanged()
    {
        var admin = await factory.CreateUserAndLoginAsync(Roles.SystemAdmin);
        var name = SecurityFactory.NewName("new");
        var response = await SecurityFactory.PostFormAsync(admin, "/Admin/Users", new Dictionary<string, string>
        {
            ["Input.UserName"] = name,
            ["Input.DisplayName"] = "新同事",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var password = SecurityFactory.Element(await response.Content.ReadAsStringAsync(), "initial-password");
        Assert.True(PasswordRules.Classes(password) >= 3);
        Assert.DoesNotContain(password, await admin.GetStringAsync("/Admin/Users"), StringComparison.Ordinal);
        var created = Assert.Single(await factory.AuditAsync(e => e.Action == "account.create" && e.Target == name));
        Assert.DoesNotContain(password, created.Detail, StringComparison.Ordinal);

        var user = factory.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SecurityFactory.PostLoginAsync(user, name, password)).StatusCode);
        var first = await user.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/Account/ChangePassword", SecurityFactory.PathOf(first.Headers.Location), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SystemAdmin_DisablesAccount_LoginRefusedAndSessionEnds()
    {
        var name = SecurityFactory.NewName("leaver");
        await factory.CreateUserAsync(name, Roles.Police);
        var session = await factory.LoginAsync(name);
        var admin = await factory.CreateUserAndLoginAsync(Roles.SystemAdmin);
        var id = await IdOfAsync(name);
        var disable = await SecurityFactory.PostFormAsync(admin, $"/Admin/Users/Edit/{id}?handler=Disable", new Dictionary<string, string>(), "/Admin/Users/Edit/" + id);
        Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);

        var login = await SecurityFactory.PostLoginAsync(factory.CreateAnonymousClient(), name, SecurityFactory.Password);
        Assert.Contains(Jianguan.Features.Account.LoginModel.FailureMessage, await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(await factory.AuditAsync(e => e.UserName == name), e => e.Action == "login.refused");
        factory.Clock.Advance(SecuritySetup.StampValidationInterval + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/Trading/Projects")).StatusCode);
        Assert.Single(await factory.AuditAsync(e => e.Action == "account.disable" && e.Target == name));
    }

    [Fact]
    public async Task SystemAdmin_ResetsPassword_NewInitialPasswordMustBeChanged()
    {
        var name = SecurityFactory.NewName("forgot");
        await factory.CreateUserAsync(name, Roles.Police);
        var admin = await factory.CreateUserAndLoginAsync(Roles.SystemAdmin);
        var id = await IdOfAsync(name);
        var reset = await SecurityFactory.PostFormAsync(admin, $"/Admin/Users/Edit/{id}?handler=ResetPassword", new Dictionary<string, string>(), "/Admin/Users/Edit/" + id);
        var password = SecurityFactory.Element(await reset.Content.ReadAsStringAsync(), "initial-password");
        var user = factory.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await SecurityFactory.PostLoginAsync(user, name, SecurityFactory.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SecurityFactory.PostLoginAsync(user, name, password)).StatusCode);
        Assert.StartsWith("/Account/ChangePassword", SecurityFactory.PathOf((await user.GetAsync("/Trading/Projects")).Headers.Location), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditAdmin_FiltersAndExports_FormulaSafe()
    {
        var marker = SecurityFactory.NewName("mark");
        await factory.WithDbAsync(async (db, services) =>
        {
            var trail = services.GetRequiredService<AuditTrail>();
            await trail.RecordAsync(db, AuditActor.System with { UserName = "=cmd|' /C calc'!A0" }, "test.inject",
                "=HYPERLINK(\"http://evil.example\",\"" + marker + "\")", new { note = "+SUM(1,2)" });
            await trail.RecordAsync(db, AuditActor.System, "test.other", marker + "-other");
            return 0;
        });
        var client = await factory.CreateUserAndLoginAsync(Roles.AuditAdmin);

        var html = await client.GetStringAsync("/Admin/Audit?action=test.inject&q=" + marker);
        Assert.Contains("共 <strong>1</strong> 条记录", html, StringComparison.Ordinal);
        Assert.Contains("共 <strong>2</strong> 条记录", await client.GetStringAsync("/Admin/Audit?action=test&q=" + marker), StringComparison.Ordinal);
        Assert.Contains("共 <strong>0</strong> 条记录", await client.GetStringAsync("/Admin/Audit?action=test&q=" + marker + "&to=2000-01-01"), StringComparison.Ordinal);

        var export = await client.GetAsync("/Admin/Audit?handler=Export&action=test&q=" + marker);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType?.MediaType);
        await using var stream = new MemoryStream(await export.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(2, rows.Count);
        var injected = rows.Single(r => (string?)r["操作"] == "test.inject");
        Assert.Equal("'=cmd|' /C calc'!A0", injected["账户"]);
        Assert.StartsWith("'=HYPERLINK", (string?)injected["对象"], StringComparison.Ordinal);
        Assert.Single(await factory.AuditAsync(e => e.Action == "audit.export" && e.Target.Contains(marker, StringComparison.Ordinal)));
        Assert.Contains("\"rows\":2", (await factory.AuditAsync(e => e.Action == "audit.export" && e.Target.Contains(marker, StringComparison.Ordinal)))[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditExport_EveryCellStartingWithFormulaCharacter_IsPrefixed()
    {
        var entries = new[] { "=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "plain" }
            .Select((t, i) => new AuditEntry { Seq = i + 1, UserName = t, Roles = t, Action = t, Target = t, Detail = t, Source = t, At = DateTimeOffset.UnixEpoch })
            .ToList();
        await using var stream = new MemoryStream();
        await IndexModel.WriteAsync(stream, entries, CancellationToken.None);
        stream.Position = 0;
        var cells = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>()
            .SelectMany(r => r.Where(kv => kv.Key is not ("序号" or "时间（北京时间）" or "哈希")).Select(kv => kv.Value as string ?? ""))
            .ToList();
        Assert.Equal(entries.Count * 8, cells.Count);
        Assert.All(cells, c => Assert.True(c == "plain" || c.StartsWith('\''), c));
    }
}
