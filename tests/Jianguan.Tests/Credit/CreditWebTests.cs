using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using Jianguan.Features.Credit;
using Jianguan.Platform.Audit;
using Jianguan.Tests.Calendar;
using Jianguan.Tests.Web;

namespace Jianguan.Tests.Credit;

/// <summary>Credit over HTTP: public pages show only what is public, states over the API, copies with read receipts, the report command.</summary>
[Trait("Category", "Database")]
public sealed class CreditWebTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    private static readonly AuditActor Officer = new(null, "officer", "office-admin", "127.0.0.1");

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, JianguanDbContext, Task<T>> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<JianguanDbContext>());
    }

    private async Task<int> UnitAsync(string code, OrgKind kind) => await InScopeAsync(async (_, db) =>
    {
        if (await db.Organisations.Where(o => o.Code == code).Select(o => (int?)o.Id).FirstOrDefaultAsync() is { } id)
        {
            return id;
        }

        var org = new Organisation { Code = code, Name = "信用测试" + code, Kind = kind };
        db.Organisations.Add(org);
        await db.SaveChangesAsync();
        return org.Id;
    });

    private async Task<(HttpClient Client, string UserName)> LoginAsync(string role, int unit)
    {
        var userName = "k" + Guid.NewGuid().ToString("N")[..12];
        await factory.CreateUserAsync(userName, role);
        await InScopeAsync((_, db) => db.Users.Where(u => u.UserName == userName).ExecuteUpdateAsync(s => s.SetProperty(u => u.OrganisationId, unit)));
        return (await factory.LoginAsync(userName), userName);
    }

    private Task<BlacklistEntry> ListAsync(string name, BlacklistSeverity severity, DateOnly start, string? idNumber = null) =>
        InScopeAsync((s, db) => BlacklistService.CreateAsync(db, s.GetRequiredService<AuditTrail>(), Officer,
            new BlacklistInput(idNumber is null ? CreditSubjectType.Entity : CreditSubjectType.Person, name, null, idNumber, "串通投标", "依据",
                severity, start, null), DateTimeOffset.UtcNow));

    [Fact]
    public async Task PublicBlacklist_ShowsOnlyActivePublishedListings_WithoutIdentityNumbers()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var tag = Guid.NewGuid().ToString("N")[..6];
        await ListAsync("公开在册" + tag, BlacklistSeverity.General, today.AddDays(-10));
        await ListAsync("自然人" + tag, BlacklistSeverity.General, today.AddDays(-10), "460100198001015678");
        await ListAsync("轻微不公开" + tag, BlacklistSeverity.Minor, today.AddDays(-10));
        await ListAsync("已期满" + tag, BlacklistSeverity.General, today.AddYears(-2));
        var revoked = await ListAsync("已撤销" + tag, BlacklistSeverity.General, today.AddDays(-10));
        var repaired = await ListAsync("已修复" + tag, BlacklistSeverity.General, today.AddDays(-10));
        var office = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);
        var token = await JianguanFactory.GetAntiforgeryTokenAsync(office, "/Credit");
        async Task<HttpResponseMessage> Act(long id, string action, object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/credit/blacklist/{id}/{action}") { Content = JsonContent.Create(body) };
            request.Headers.Add("RequestVerificationToken", token);
            return await office.SendAsync(request);
        }

        var noReason = await Act(revoked.Id, "revoke", new { });
        var revoke = await Act(revoked.Id, "revoke", new { reason = "复议撤销" });
        var again = await Act(revoked.Id, "repair", new { reason = "修复" });
        var early = await Act(repaired.Id, "expire", new { });
        var repair = await Act(repaired.Id, "repair", new { reason = "已履行" });

        var page = await factory.CreateAnonymousClient().GetStringAsync("/Public/Blacklist?q=" + tag);
        var api = (await factory.CreateAnonymousClient().GetFromJsonAsync<Jianguan.Features.Trading.PagedResult<PublicBlacklistRow>>("/api/public/blacklist?q=" + tag))!.Items;

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repair.StatusCode);
        Assert.Contains("公开在册" + tag, page, StringComparison.Ordinal);
        Assert.Contains("自然人" + tag, page, StringComparison.Ordinal);
        Assert.DoesNotContain("460100198001015678", page, StringComparison.Ordinal);
        Assert.DoesNotContain("4601", page, StringComparison.Ordinal);
        foreach (var hidden in new[] { "轻微不公开", "已期满", "已撤销", "已修复" })
        {
            Assert.DoesNotContain(hidden + tag, page, StringComparison.Ordinal);
        }

        Assert.Equal(["公开在册" + tag, "自然人" + tag], api!.Select(r => r.Name).Order(StringComparer.Ordinal));
        // Staff read one listing over the API: masked identity number, the state history in words; the read is audited.
        var person = await InScopeAsync((_, db) => db.Set<BlacklistEntry>().AsNoTracking().Where(e => e.Name == "自然人" + tag).Select(e => e.Id).SingleAsync());
        var detail = await office.GetStringAsync($"/api/credit/blacklist/{person}");
        var revokedDetail = await office.GetStringAsync($"/api/credit/blacklist/{revoked.Id}");
        var anonymousDetail = await factory.CreateAnonymousClient().GetAsync($"/api/credit/blacklist/{person}");
        Assert.DoesNotContain("460100198001015678", detail, StringComparison.Ordinal);
        Assert.Contains("46********78", detail, StringComparison.Ordinal);
        Assert.Contains("复议撤销", revokedDetail, StringComparison.Ordinal);
        Assert.Contains("已撤销", revokedDetail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousDetail.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await office.GetAsync("/api/credit/blacklist/999999999")).StatusCode);
        Assert.True(await InScopeAsync((_, db) => db.AuditEntries.AnyAsync(e => e.Action == "credit.blacklist.view" && e.Target == "blacklist:" + person.ToString(CultureInfo.InvariantCulture))));
        // Staff see every listing with its state; the anonymous are sent to the login page.
        var staff = await office.GetStringAsync("/Credit?q=" + tag);
        Assert.Contains("已撤销" + tag, staff, StringComparison.Ordinal);
        Assert.Contains("信用修复移出", staff, StringComparison.Ordinal);
        var anonymous = await factory.CreateAnonymousClient().GetAsync("/Credit");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/Account/Login", anonymous.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Total, page and the names on it, from a paged API answer.</summary>
    private static async Task<(int Total, int Page, int PageSize, List<string> Names)> PagedAsync(HttpClient client, string url, string nameField)
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        return (root.GetProperty("total").GetInt32(), root.GetProperty("page").GetInt32(), root.GetProperty("pageSize").GetInt32(),
            [.. root.GetProperty("items").EnumerateArray().Select(i => i.GetProperty(nameField).GetString()!)]);
    }

    [Fact]
    public async Task ListApis_PageLikeTheNewerApis_WithTotalsAndThePagesFilters()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var unit = await UnitAsync("k-pager", OrgKind.Industry);
        await InScopeAsync(async (_, db) =>
        {
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < 60; i++)
            {
                db.Add(new BlacklistEntry
                {
                    Number = $"B{tag}-{i:D3}",
                    Name = $"分页失信{tag}{i:D3}",
                    Reason = "串通投标",
                    Basis = "依据",
                    Severity = i % 2 == 0 ? BlacklistSeverity.Serious : BlacklistSeverity.General,
                    StartOn = today.AddDays(-i),
                    EndOn = today.AddYears(1),
                    State = BlacklistState.Active,
                    Published = true,
                    CreatedBy = "officer",
                    CreatedAt = now,
                });
            }

            for (var i = 0; i < 65; i++)
            {
                db.Add(new PenaltyDecision
                {
                    Number = $"F{tag}-{i:D3}",
                    DocumentNumber = $"分页罚〔{tag}〕{i}号",
                    EntityName = $"分页受罚{tag}{i:D3}",
                    Facts = "串通投标",
                    LegalBasis = "依据",
                    Result = "罚款",
                    DecidedOn = today.AddDays(-i),
                    OrganisationId = unit,
                    // The last five are registered, not yet published: the register shows them, the public does not.
                    State = i < 60 ? PenaltyState.Published : PenaltyState.Registered,
                    PublishedAt = i < 60 ? now : null,
                    CreatedBy = "officer",
                    CreatedAt = now,
                });
            }

            return await db.SaveChangesAsync();
        });
        var (office, userName) = await LoginAsync(Roles.OfficeAdmin, unit);
        var anonymous = factory.CreateAnonymousClient();

        var first = await PagedAsync(office, "/api/credit/blacklist?q=" + tag, "name");
        var second = await PagedAsync(office, $"/api/credit/blacklist?q={tag}&page=2", "name");
        var beyond = await PagedAsync(office, $"/api/credit/blacklist?q={tag}&page=99", "name");
        var serious = await PagedAsync(office, $"/api/credit/blacklist?q={tag}&severity=Serious", "name");
        var byNumber = await PagedAsync(office, $"/api/credit/blacklist?q=B{tag}-007", "name");
        var badSeverity = await office.GetAsync("/api/credit/blacklist?severity=Bad");
        var publicFirst = await PagedAsync(anonymous, "/api/public/blacklist?q=" + tag, "name");
        var publicSecond = await PagedAsync(anonymous, $"/api/public/blacklist?q={tag}&page=2", "name");
        var publicByNumber = await PagedAsync(anonymous, $"/api/public/blacklist?q=B{tag}-007", "name");
        var register = await PagedAsync(office, $"/api/penalties?q={tag}&page=2", "entityName");
        var registered = await PagedAsync(office, $"/api/penalties?q={tag}&state=Registered", "entityName");
        var penaltyByNumber = await PagedAsync(office, $"/api/penalties?q=F{tag}-010", "entityName");
        var published = await PagedAsync(anonymous, $"/api/public/penalties?q={tag}&page=2", "entityName");
        var lastTen = await PagedAsync(anonymous,
            $"/api/public/penalties?q={tag}&from={today.AddDays(-9).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", "entityName");

        Assert.Equal((60, 1, 50), (first.Total, first.Page, first.PageSize));
        Assert.Equal(50, first.Names.Count);
        Assert.Equal($"分页失信{tag}000", first.Names[0]);
        Assert.Equal((60, 2), (second.Total, second.Page));
        Assert.Equal([.. Enumerable.Range(50, 10).Select(i => $"分页失信{tag}{i:D3}")], second.Names);
        Assert.Equal(2, beyond.Page);
        Assert.Equal(second.Names, beyond.Names);
        Assert.Equal(30, serious.Total);
        Assert.Equal([$"分页失信{tag}007"], byNumber.Names);
        Assert.Equal(HttpStatusCode.BadRequest, badSeverity.StatusCode);
        Assert.Equal((60, 50), (publicFirst.Total, publicFirst.Names.Count));
        Assert.Equal(second.Names, publicSecond.Names);
        // The public search is by name or credit code, as on /Public/Blacklist: the internal number finds nothing.
        Assert.Equal(0, publicByNumber.Total);
        Assert.Equal((65, 2, 15), (register.Total, register.Page, register.Names.Count));
        Assert.Equal(5, registered.Total);
        Assert.Equal([$"分页受罚{tag}010"], penaltyByNumber.Names);
        Assert.Equal((60, 2, 10), (published.Total, published.Page, published.Names.Count));
        Assert.Equal([.. Enumerable.Range(50, 10).Select(i => $"分页受罚{tag}{i:D3}")], published.Names);
        Assert.Equal(10, lastTen.Total);
        var audited = await InScopeAsync((_, db) => db.AuditEntries.AsNoTracking().Where(e => e.UserName == userName)
            .Select(e => new { e.Action, e.Detail }).ToListAsync());
        Assert.Contains(audited, e => e.Action == "credit.blacklist.search" && e.Detail.Contains("\"total\":60", StringComparison.Ordinal));
        Assert.Contains(audited, e => e.Action == "penalty.search" && e.Detail.Contains("\"total\":65", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PublishedDecision_IsCopiedToEveryMemberUnit_AndReadReceiptsNameTheReader()
    {
        var decider = await UnitAsync("k-zhujian", OrgKind.Industry);
        var reader = await UnitAsync("k-jiwei", OrgKind.Discipline);
        await UnitAsync("k-zhengfu", OrgKind.Government);
        var (office, _) = await LoginAsync(Roles.MemberSupervisor, decider);
        var (jijian, jijianName) = await LoginAsync(Roles.Discipline, reader);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var created = await JianguanFactory.PostFormAsync(office, "/Penalties/New", new Dictionary<string, string>
        {
            ["DocumentNumber"] = "海住建罚〔2026〕" + tag,
            ["EntityName"] = "海南被罚" + tag,
            ["Facts"] = "串通投标",
            ["LegalBasis"] = "《中华人民共和国招标投标法》第五十三条",
            ["Result"] = "罚款",
            ["DecidedOn"] = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["OrganisationId"] = decider.ToString(CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var link = created.Headers.Location!.ToString();
        var publicBefore = await factory.CreateAnonymousClient().GetStringAsync("/Public/Penalties?q=" + tag);
        var publicApiBefore = await factory.CreateAnonymousClient().GetStringAsync("/api/public/penalties?q=" + tag);
        var registerApi = await office.GetStringAsync("/api/penalties?state=Registered&q=" + tag);

        var byOther = await JianguanFactory.PostFormAsync(jijian, link + "?handler=Action", new Dictionary<string, string> { ["action"] = "Publish" }, link);
        var publish = await JianguanFactory.PostFormAsync(office, link + "?handler=Action", new Dictionary<string, string> { ["action"] = "Publish" }, link);
        var before = await office.GetStringAsync(link);
        await jijian.GetStringAsync(link);
        var after = await office.GetStringAsync(link);
        var publicAfter = await factory.CreateAnonymousClient().GetStringAsync("/Public/Penalties?q=" + tag);
        var publicApiAfter = await factory.CreateAnonymousClient().GetStringAsync("/api/public/penalties?q=" + tag);

        Assert.DoesNotContain("海南被罚" + tag, publicBefore, StringComparison.Ordinal);
        Assert.DoesNotContain("海南被罚" + tag, publicApiBefore, StringComparison.Ordinal);
        Assert.Contains("海南被罚" + tag, registerApi, StringComparison.Ordinal);
        Assert.Contains("海南被罚" + tag, publicApiAfter, StringComparison.Ordinal);
        // Not the deciding unit and no credit-manage: refused (the cookie scheme answers with the access-denied page).
        Assert.Contains("/Account/Denied", byOther.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, publish.StatusCode);
        Assert.Contains("海南被罚" + tag, publicAfter, StringComparison.Ordinal);
        var id = long.Parse(link.Split('/')[^1], CultureInfo.InvariantCulture);
        var copies = await InScopeAsync((_, db) => db.Set<PenaltyCopy>().AsNoTracking().Where(c => c.PenaltyId == id).Select(c => c.OrganisationId).ToListAsync());
        var government = await InScopeAsync((_, db) => db.Organisations.Where(o => o.Kind == OrgKind.Government).Select(o => o.Id).ToListAsync());
        Assert.Contains(reader, copies);
        Assert.DoesNotContain(decider, copies);
        Assert.DoesNotContain(copies, government.Contains);
        Assert.Equal(await InScopeAsync((_, db) => db.Organisations.CountAsync(o => o.Kind != OrgKind.Government && o.Id != decider)), copies.Count);
        Assert.Contains("信用测试k-jiwei", before, StringComparison.Ordinal);
        Assert.DoesNotContain("测试用户", before[before.IndexOf("抄送与阅知", StringComparison.Ordinal)..].Split("状态记录")[0].Replace("未阅", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("已阅", after, StringComparison.Ordinal);
        var receipts = await InScopeAsync((_, db) => PenaltyService.ReceiptsAsync(db, id));
        Assert.Single(receipts.Single(r => r.OrganisationId == reader).Reads);
        Assert.Contains(await InScopeAsync((_, db) => db.AuditEntries.Where(e => e.Target == "penalty:" + id).Select(e => e.Action).ToListAsync()), a => a == "penalty.publish");
        _ = jijianName;
    }

    [Fact]
    public async Task InfoRequest_OnlyTheOwningUnitDecides_AndEveryStepIsAudited()
    {
        var asking = await UnitAsync("k-zhifa", OrgKind.Enforcement);
        var owning = await UnitAsync("k-caizheng", OrgKind.Industry);
        var (zhifa, _) = await LoginAsync(Roles.Enforcement, asking);
        var (caizheng, _) = await LoginAsync(Roles.MemberSupervisor, owning);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var create = await JianguanFactory.PostFormAsync(zhifa, "/Penalties/Requests?handler=Create", new Dictionary<string, string>
        {
            ["to"] = owning.ToString(CultureInfo.InvariantCulture),
            ["subject"] = "采购投诉记录" + tag,
            ["purpose"] = "办理移送案件",
            ["confidentiality"] = "Sensitive",
        }, "/Penalties/Requests");
        Assert.Equal(HttpStatusCode.Redirect, create.StatusCode);
        var id = await InScopeAsync((_, db) => db.Set<InfoRequest>().Where(r => r.Subject == "采购投诉记录" + tag).Select(r => r.Id).SingleAsync());
        var byAsker = await JianguanFactory.PostFormAsync(zhifa, "/Penalties/Requests?handler=Decide",
            new Dictionary<string, string> { ["id"] = id.ToString(CultureInfo.InvariantCulture), ["action"] = "Approve", ["answer"] = "自己批" }, "/Penalties/Requests");
        var approve = await JianguanFactory.PostFormAsync(caizheng, "/Penalties/Requests?handler=Decide",
            new Dictionary<string, string> { ["id"] = id.ToString(CultureInfo.InvariantCulture), ["action"] = "Approve", ["answer"] = "见附件" }, "/Penalties/Requests");
        var page = await zhifa.GetStringAsync("/Penalties/Requests");

        Assert.Contains("只有信息所属单位可以审批", await byAsker.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, approve.StatusCode);
        Assert.Contains("已同意", page, StringComparison.Ordinal);
        var actions = await InScopeAsync((_, db) => db.AuditEntries.Where(e => e.Target == "info-request:" + id).Select(e => e.Action).ToListAsync());
        Assert.Equal(["info-request.create", "info-request.approve"], actions);
    }

    [Fact]
    public async Task Accountability_CountsLateDutiesPerUnit_PageAndCommandAgree()
    {
        var unit = await UnitAsync("k-late", OrgKind.Industry);
        var from = await UnitAsync("k-office", OrgKind.Lead);
        var (office, _) = await LoginAsync(Roles.OfficeAdmin, from);
        var year = DateTime.UtcNow.Year;
        // An assistance request sent 60 days ago with 5 working days to answer: overdue, open.
        await InScopeAsync(async (s, db) =>
        {
            var calendar = await s.GetRequiredService<Jianguan.Platform.Calendar.CalendarService>().GetAsync();
            var user = await db.Users.Where(u => u.OrganisationId == from).Select(u => new { u.Id, u.UserName }).FirstAsync();
            return await Jianguan.Features.Clues.ClueService.RequestAssistanceAsync(db, s.GetRequiredService<AuditTrail>(), new AuditActor(user.Id, user.UserName!, "office-admin", ""),
                unit, "请核查逾期事项", null, 5, null, calendar, new DateTimeOffset(year, 1, 5, 2, 0, 0, TimeSpan.Zero));
        });
        var report = await InScopeAsync((s, db) => s.GetRequiredService<Jianguan.Features.Credit.Accountability.AccountabilityService>()
            .ComputeAsync(db, new Jianguan.Features.Credit.Accountability.AccountabilityPeriod(year, null), DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8))));
        var row = report.Units.Single(u => u.UnitId == unit);
        var page = await office.GetStringAsync($"/Accountability?year={year}&unit={unit}");
        var docx = await office.GetAsync($"/Accountability?handler=Docx&year={year}");
        using var dir = new TempDir();
        var (exit, output, error) = await Sampling.DrawCliTests.RunAsync("report", "accountability", "--year", year.ToString(CultureInfo.InvariantCulture),
            "--db", factory.Database.ConnectionString, "--out", dir.File("问责.docx"));
        var (bad, _, _) = await Sampling.DrawCliTests.RunAsync("report", "accountability", "--year", "1999", "--out", dir.File("x.docx"));

        Assert.Equal(1, row.Total);
        Assert.Equal(1, row.Open);
        Assert.Single(report.Duties, d => d.UnitId == unit && d.Kind == ClueKinds.Assistance && d.Link == "/Referrals/Assistance");
        Assert.Contains("信用测试k-late", page, StringComparison.Ordinal);
        Assert.Contains("协助请求回复", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        Assert.True(exit == 0, error);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"逾期事项 {report.Total} 件"), output, StringComparison.Ordinal);
        using var zip = new ZipArchive(File.OpenRead(dir.File("问责.docx")));
        using var xml = new StreamReader(zip.GetEntry("word/document.xml")!.Open());
        var text = await xml.ReadToEndAsync();
        Assert.Contains("信用测试k-late", text, StringComparison.Ordinal);
        Assert.Equal(Cli.Usage, bad);
    }

    private static class ClueKinds
    {
        public const string Assistance = Jianguan.Features.Clues.ClueService.AssistanceClock;
    }
}
