using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Jianguan.Features.Credit;
using Jianguan.Features.Governance;
using Jianguan.Features.Governance.Liaison;
using Jianguan.Features.Governance.Meetings;
using Jianguan.Features.Governance.PowerList;
using Jianguan.Features.Trading;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Time;
using Jianguan.Tests.Web;

namespace Jianguan.Tests.Governance;

/// <summary>
/// The governance and information-sharing JSON API (issue 14 item 7) on a real database: the public power list shows
/// only today's versions, staff read any day and an item's history; the internal directory (with mobiles) is for
/// governance members only; meetings, their tasks and task completion by the owner unit; information requests created
/// and decided over JSON by the owning unit only. The anonymous and the wrong role are refused, and every non-public
/// read and every write leaves its own audit entry.
/// </summary>
[Trait("Category", "Database")]
public sealed class GovernanceApiTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    private sealed record Unit(int Id, string Name, string User);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private async Task<Unit> UnitAsync(string prefix, string role, OrgKind kind = OrgKind.Industry)
    {
        var org = new Organisation { Code = "api" + Guid.NewGuid().ToString("N")[..8], Name = prefix + Guid.NewGuid().ToString("N")[..4] + "局", Kind = kind };
        await factory.SeedAsync(db =>
        {
            db.Organisations.Add(org);
            return Task.CompletedTask;
        });
        var user = "ga" + Guid.NewGuid().ToString("N")[..10];
        await factory.CreateUserAsync(user, role);
        await factory.SeedAsync(async db => (await db.Users.SingleAsync(u => u.UserName == user)).OrganisationId = org.Id);
        return new Unit(org.Id, org.Name, user);
    }

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, JianguanDbContext, Task<T>> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<JianguanDbContext>());
    }

    private Task<List<string>> AuditActionsAsync(string user) =>
        InScopeAsync((_, db) => db.AuditEntries.AsNoTracking().Where(e => e.UserName == user).Select(e => e.Action).ToListAsync());

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private DateOnly Today => ChinaTime.Today(factory.Services.GetRequiredService<TimeProvider>());

    [Fact]
    public async Task PowerList_PublicSeesTodaysVersionsOnly_StaffReadAnyDayAndHistory_Audited()
    {
        var dept = await UnitAsync("权责", Roles.MemberSupervisor);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (current, future) = await InScopeAsync(async (s, db) =>
        {
            var audit = s.GetRequiredService<AuditTrail>();
            var now = DateTimeOffset.UtcNow;
            var a = await PowerListService.CreateAsync(db, audit, AuditActor.System, new PowerItemInput(dept.Id, PowerKind.Penalty, "现行事项" + tag,
                "《招标投标法》第五十三条", dept.Name, "依法查处串通投标", "未依法履职的追责"), Today.AddDays(-30), now);
            var b = await PowerListService.CreateAsync(db, audit, AuditActor.System, new PowerItemInput(dept.Id, PowerKind.License, "将来事项" + tag,
                "《行政许可法》", dept.Name, "许可", "追责"), Today.AddDays(10), now);
            return (a, b);
        });
        var anonymous = factory.CreateAnonymousClient();
        var member = await factory.LoginAsync(dept.User);
        var admin = await factory.CreateUserAndLoginAsync(Roles.SystemAdmin);

        var publicList = await anonymous.GetFromJsonAsync<PagedResult<PowerItemRow>>("/api/public/powerlist?q=" + tag, Json);
        var anonymousStaff = await anonymous.GetAsync("/api/powerlist?q=" + tag);
        var adminStaff = await admin.GetAsync("/api/powerlist?q=" + tag);
        var onFuture = await member.GetFromJsonAsync<PagedResult<PowerItemRow>>($"/api/powerlist?q={tag}&on={Day(Today.AddDays(10))}", Json);
        var history = await member.GetFromJsonAsync<List<PowerItemRow>>($"/api/powerlist/{current.ItemKey}/history", Json);
        var badKind = await member.GetAsync("/api/powerlist?kind=bogus");
        var missing = await member.GetAsync("/api/powerlist/QZ-NOPE/history");

        Assert.Equal(["现行事项" + tag], publicList!.Items.Select(i => i.Name));
        Assert.Equal("行政处罚", publicList.Items[0].Kind);
        Assert.Equal(dept.Name, publicList.Items[0].Department);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousStaff.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, adminStaff.StatusCode);
        Assert.Equal(["将来事项" + tag, "现行事项" + tag], onFuture!.Items.Select(i => i.Name).Order(StringComparer.Ordinal));
        Assert.Equal(2, onFuture.Total);
        Assert.Equal([1], history!.Select(v => v.Version));
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        Assert.Contains("未知的事项类型", (await ProblemAsync(badKind)).GetProperty("errors").GetProperty("kind")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var actions = await AuditActionsAsync(dept.User);
        Assert.Contains("powerlist.search", actions);
        Assert.Contains("powerlist.history", actions);
        Assert.All(actions.Where(a => !a.StartsWith("http.", StringComparison.Ordinal) && !a.StartsWith("login", StringComparison.Ordinal)),
            a => Assert.True(AuditLabels.Actions.ContainsKey(a), a));
        _ = future;
    }

    [Fact]
    public async Task Directory_MembersSeeMobiles_AnonymousAndAdminsRefused_ReadAudited()
    {
        var unit = await UnitAsync("通讯", Roles.MemberSupervisor);
        var mobile = "139" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        await InScopeAsync(async (s, db) => await LiaisonService.ReportAsync(db, s.GetRequiredService<AuditTrail>(), AuditActor.System, WorkingCalendar.Embedded,
            unit.Id, LiaisonRole.Liaison, Today.AddDays(-1), new ContactInput("符联络", "科长", "0898-66660000", mobile, "fu@example.cn"), DateTimeOffset.UtcNow));
        var member = await factory.LoginAsync(unit.User);
        var admin = await factory.CreateUserAndLoginAsync(Roles.SystemAdmin);

        var page = await member.GetFromJsonAsync<PagedResult<DirectoryEntry>>("/api/directory?q=" + Uri.EscapeDataString(unit.Name), Json);
        var anonymous = await factory.CreateAnonymousClient().GetAsync("/api/directory");
        var refused = await admin.GetAsync("/api/directory");
        var publicPowerList = await factory.CreateAnonymousClient().GetStringAsync("/api/public/powerlist?q=" + Uri.EscapeDataString(unit.Name));

        var row = Assert.Single(page!.Items);
        Assert.Equal(unit.Name, row.Unit);
        Assert.Equal("符联络", row.Liaison!.Name);
        Assert.Equal(mobile, row.Liaison.Mobile);
        Assert.Equal("联络员", row.Liaison.Role);
        Assert.Null(row.Leader);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain(mobile, publicPowerList, StringComparison.Ordinal);
        // The read is on the chain with its search term, never the contacts.
        var entries = await InScopeAsync((_, db) => db.AuditEntries.AsNoTracking().Where(e => e.UserName == unit.User && e.Action == "liaison.search")
            .Select(e => e.Detail).ToListAsync());
        Assert.DoesNotContain(mobile, Assert.Single(entries), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Meetings_ListDetailAndTasks_OwnerCompletesOverJson_OthersRefused_Audited()
    {
        var owner = await UnitAsync("承办", Roles.MemberSupervisor);
        var other = await UnitAsync("他方", Roles.MemberSupervisor);
        var heldOn = Today.AddDays(-40);
        var meetingId = await InScopeAsync(async (s, db) =>
        {
            var audit = s.GetRequiredService<AuditTrail>();
            var at = ChinaTime.StartOfDay(heldOn).AddHours(9);
            var m = await MeetingService.RequestAsync(db, audit, AuditActor.System, owner.Id, MeetingReason.MajorRisk, "接口测试会议", "理由", at.AddDays(-10));
            await MeetingService.ScheduleAsync(db, audit, AuditActor.System, m.Id, heldOn, "会议室", "议程", at.AddDays(-5));
            await MeetingService.HoldAsync(db, audit, AuditActor.System, m.Id, heldOn, "接口纪要", [new(owner.Id, true, "张三")], at);
            await MeetingService.DecideAsync(db, audit, AuditActor.System, WorkingCalendar.Embedded, m.Id, "接口测试决定", ApprovedPlan.None, null, null,
                [new("接口测试任务", owner.Id, heldOn.AddDays(14))], at);
            return m.Id;
        });
        var ownerClient = await JianguanFactory.WithAntiforgeryHeaderAsync(await factory.LoginAsync(owner.User));
        var otherClient = await JianguanFactory.WithAntiforgeryHeaderAsync(await factory.LoginAsync(other.User));
        var admin = await factory.CreateUserAndLoginAsync(Roles.SystemAdmin);

        var held = await ownerClient.GetFromJsonAsync<PagedResult<MeetingSummary>>("/api/meetings?state=Held", Json);
        var detail = await ownerClient.GetFromJsonAsync<MeetingDetail>($"/api/meetings/{meetingId}", Json);
        var overdue = await ownerClient.GetFromJsonAsync<PagedResult<MeetingTaskSummary>>($"/api/meetings/tasks?unit={owner.Id}&overdue=true", Json);
        var taskId = Assert.Single(overdue!.Items).Id;
        var byOther = await PostJsonAsync(otherClient, $"/api/meetings/tasks/{taskId}/complete", new { note = "代为完成" });
        var noNote = await PostJsonAsync(ownerClient, $"/api/meetings/tasks/{taskId}/complete", new { note = " " });
        var done = await PostJsonAsync(ownerClient, $"/api/meetings/tasks/{taskId}/complete", new { note = "已整改完毕" });
        var again = await PostJsonAsync(ownerClient, $"/api/meetings/tasks/{taskId}/complete", new { note = "再次" });
        var badState = await ownerClient.GetAsync("/api/meetings?state=bogus");
        var anonymous = await factory.CreateAnonymousClient().GetAsync("/api/meetings");
        var refused = await admin.GetAsync("/api/meetings/tasks");
        var missing = await ownerClient.GetAsync("/api/meetings/999999999");

        Assert.Contains(held!.Items, m => m.Id == meetingId && m.State == "已召开");
        Assert.Equal("接口纪要", detail!.Minutes);
        Assert.Equal("张三", Assert.Single(detail.Attendance).Attendee);
        var task = Assert.Single(Assert.Single(detail.Decisions).Tasks);
        Assert.True(task.Overdue);
        Assert.Equal(owner.Name, task.OwnerUnit);
        Assert.Equal(HttpStatusCode.Forbidden, byOther.StatusCode);
        Assert.Contains("只有责任单位或公管办", (await ProblemAsync(byOther)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
        Assert.True((await ProblemAsync(noNote)).GetProperty("errors").TryGetProperty("note", out _));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var completed = await done.Content.ReadFromJsonAsync<MeetingTaskSummary>(Json);
        Assert.Equal("已完成", completed!.State);
        Assert.False(completed.Overdue);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var actions = await AuditActionsAsync(owner.User);
        foreach (var expected in new[] { "meeting.search", "meeting.view", "meeting.task.search", "meeting.task.complete" })
        {
            Assert.Contains(expected, actions);
            Assert.True(AuditLabels.Actions.ContainsKey(expected), expected);
        }

        Assert.Equal(1, actions.Count(a => a == "meeting.task.complete"));
        Assert.DoesNotContain("meeting.task.complete", await AuditActionsAsync(other.User));
        var clock = await InScopeAsync((_, db) => db.Set<Jianguan.Platform.Clocks.StatutoryClock>().AsNoTracking()
            .SingleAsync(c => c.SubjectKind == MeetingService.TaskClockKind && c.SubjectId == taskId.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(Jianguan.Platform.Clocks.ClockState.Stopped, clock.State);
        Assert.True(clock.StoppedLate);
    }

    [Fact]
    public async Task InfoRequests_CreatedAndDecidedOverJson_OnlyTheOwningUnitDecides_EveryStepAudited()
    {
        var asking = await UnitAsync("执法", Roles.Enforcement, OrgKind.Enforcement);
        var owning = await UnitAsync("财政", Roles.MemberSupervisor);
        var asker = await JianguanFactory.WithAntiforgeryHeaderAsync(await factory.LoginAsync(asking.User));
        var ownerClient = await JianguanFactory.WithAntiforgeryHeaderAsync(await factory.LoginAsync(owning.User));
        var admin = await factory.CreateUserAndLoginAsync(Roles.SystemAdmin);
        var tag = Guid.NewGuid().ToString("N")[..6];

        var noPurpose = await PostJsonAsync(asker, "/api/info-requests", new { to = owning.Id, subject = "投诉卷宗" + tag });
        var badLevel = await PostJsonAsync(asker, "/api/info-requests", new { to = owning.Id, subject = "投诉卷宗" + tag, purpose = "办案", confidentiality = "绝密" });
        var created = await PostJsonAsync(asker, "/api/info-requests",
            new { to = owning.Id, subject = "投诉卷宗" + tag, purpose = "办理移送案件", confidentiality = "Sensitive" });
        var row = await created.Content.ReadFromJsonAsync<InfoRequestRow>(Json);
        var byAsker = await PostJsonAsync(asker, $"/api/info-requests/{row!.Id}/approve", new { answer = "自己批" });
        var noAnswer = await PostJsonAsync(ownerClient, $"/api/info-requests/{row.Id}/approve", new { });
        var approved = await PostJsonAsync(ownerClient, $"/api/info-requests/{row.Id}/approve", new { answer = "卷宗见共享目录" + tag });
        var again = await PostJsonAsync(ownerClient, $"/api/info-requests/{row.Id}/refuse", new { answer = "改主意" });
        var received = await ownerClient.GetFromJsonAsync<PagedResult<InfoRequestRow>>("/api/info-requests?box=received", Json);
        var sent = await asker.GetFromJsonAsync<PagedResult<InfoRequestRow>>("/api/info-requests?box=sent&state=Approved", Json);
        var badBox = await asker.GetAsync("/api/info-requests?box=all");
        var anonymous = await factory.CreateAnonymousClient().GetAsync("/api/info-requests");
        var refused = await admin.GetAsync("/api/info-requests");

        Assert.Equal(HttpStatusCode.BadRequest, noPurpose.StatusCode);
        Assert.Contains("用途", (await ProblemAsync(noPurpose)).GetProperty("errors").GetProperty("purpose")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badLevel.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("sent", row.Box);
        Assert.Equal(InfoRequestState.Pending, row.State);
        Assert.Equal(HttpStatusCode.Forbidden, byAsker.StatusCode);
        Assert.Contains("只有信息所属单位可以审批", (await ProblemAsync(byAsker)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains(received!.Items, r => r.Id == row.Id && r.Box == "received");
        var mine = Assert.Single(sent!.Items, r => r.Id == row.Id);
        Assert.Equal("卷宗见共享目录" + tag, mine.Answer);
        Assert.Equal("已同意", mine.StateName);
        Assert.Equal(HttpStatusCode.BadRequest, badBox.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var steps = await InScopeAsync((_, db) => db.AuditEntries.AsNoTracking().Where(e => e.Target == "info-request:" + row.Id.ToString(CultureInfo.InvariantCulture))
            .OrderBy(e => e.Seq).Select(e => new { e.Action, e.UserName, e.Detail }).ToListAsync());
        Assert.Equal(["info-request.create", "info-request.approve"], steps.Select(s => s.Action));
        Assert.Equal([asking.User, owning.User], steps.Select(s => s.UserName));
        // The answer may itself be non-public information: the chain records that it was given, not its text.
        Assert.All(steps, s => Assert.DoesNotContain("卷宗见共享目录", s.Detail, StringComparison.Ordinal));
        Assert.Contains("info-request.list", await AuditActionsAsync(owning.User));
    }
}
