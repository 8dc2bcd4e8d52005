using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Jianguan.Features.Clues;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Inbox;
using Jianguan.Platform.Time;
using Jianguan.Tests.Web;

namespace Jianguan.Tests.Clues;

/// <summary>Clues, referrals and assistance requests over HTTP: state machine, due dates, receipts, visibility, pages and the oversight audit.</summary>
[Trait("Category", "Database")]
public class ClueWebTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private sealed record Created(long Id, string Number, ClueState State);

    private sealed record CreatedReferral(long Id, string Number, DateOnly Due, ReferralState State);

    /// <summary>The unit of a kind (created once per database), so referrals of that kind reach it.</summary>
    private async Task<int> UnitAsync(OrgKind kind)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        if (await db.Organisations.Where(o => o.Kind == kind).OrderBy(o => o.Id).Select(o => (int?)o.Id).FirstOrDefaultAsync() is { } id)
        {
            return id;
        }

        var org = new Organisation
        {
            Code = "t-" + kind.ToString().ToLowerInvariant(),
            Name = "测试" + kind switch
            {
                OrgKind.Lead => "公管办",
                OrgKind.Discipline => "纪委监委",
                OrgKind.Police => "公安局",
                OrgKind.Enforcement => "执法大队",
                _ => "单位",
            },
            Kind = kind
        };
        db.Organisations.Add(org);
        await db.SaveChangesAsync();
        return org.Id;
    }

    private async Task<(HttpClient Client, string UserName)> LoginAsync(string role, OrgKind kind)
    {
        var unit = await UnitAsync(kind);
        var userName = "c" + Guid.NewGuid().ToString("N")[..12];
        await factory.CreateUserAsync(userName, role);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
            await db.Users.Where(u => u.UserName == userName).ExecuteUpdateAsync(s => s.SetProperty(u => u.OrganisationId, unit));
        }

        return (await factory.LoginAsync(userName), userName);
    }

    private static async Task<HttpResponseMessage> PostJsonAsync<T>(HttpClient client, string path, T body)
    {
        var token = await JianguanFactory.GetAntiforgeryTokenAsync(client, "/Clues");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("RequestVerificationToken", token);
        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PostJsonAsync<T>(HttpClient client, string path, T body, string formPage)
    {
        var token = await JianguanFactory.GetAntiforgeryTokenAsync(client, formPage);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("RequestVerificationToken", token);
        return await client.SendAsync(request);
    }

    private async Task<long> ConcludedClueAsync(HttpClient office, string title)
    {
        var create = await PostJsonAsync(office, "/api/clues", new { source = "Transfer", title, description = "来文反映围标" });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var clue = (await create.Content.ReadFromJsonAsync<Created>(Json))!;
        Assert.Equal(HttpStatusCode.OK, (await PostJsonAsync(office, $"/api/clues/{clue.Id}/verify", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostJsonAsync(office, $"/api/clues/{clue.Id}/conclude", new { reason = "存在串通投标嫌疑" })).StatusCode);
        return clue.Id;
    }

    [Fact]
    public async Task Clue_StateMachine_FollowsTheTable()
    {
        var (office, _) = await LoginAsync(Roles.OfficeAdmin, OrgKind.Lead);
        var (jijian, jijianName) = await LoginAsync(Roles.Discipline, OrgKind.Discipline);

        var noTitle = await PostJsonAsync(office, "/api/clues", new { source = "Transfer", title = " " });
        var badSource = await PostJsonAsync(office, "/api/clues", new { source = "Rumour", title = "某事" });
        var create = await PostJsonAsync(office, "/api/clues", new { source = "MonthlyReport", sourceId = "2026-11", title = "月报反映异常" });
        var clue = (await create.Content.ReadFromJsonAsync<Created>(Json))!;
        var tooEarly = await PostJsonAsync(office, $"/api/clues/{clue.Id}/conclude", new { reason = "结论" });
        var byReader = await PostJsonAsync(jijian, $"/api/clues/{clue.Id}/verify", new { });
        var verify = await PostJsonAsync(office, $"/api/clues/{clue.Id}/verify", new { });
        var member = await PostJsonAsync(office, $"/api/clues/{clue.Id}/team", new { userName = jijianName, unit = "Discipline" });
        var noConclusion = await PostJsonAsync(office, $"/api/clues/{clue.Id}/conclude", new { reason = "" });
        var conclude = await PostJsonAsync(office, $"/api/clues/{clue.Id}/conclude", new { reason = "未发现违法违规" });
        var closeNoReason = await PostJsonAsync(office, $"/api/clues/{clue.Id}/close", new { });
        var close = await PostJsonAsync(office, $"/api/clues/{clue.Id}/close", new { reason = "经核查无违法违规" });
        var after = await PostJsonAsync(office, $"/api/clues/{clue.Id}/verify", new { });
        var detail = await office.GetFromJsonAsync<ClueDetail>($"/api/clues/{clue.Id}", Json);
        // The team member of discipline inspection reads the clue (member of its team).
        var asMember = await jijian.GetAsync($"/api/clues/{clue.Id}");

        Assert.Equal(HttpStatusCode.BadRequest, noTitle.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badSource.StatusCode);
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        Assert.Matches(@"^XS-\d{4}-\d{6}$", clue.Number);
        Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byReader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        Assert.Equal(HttpStatusCode.OK, member.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noConclusion.StatusCode);
        Assert.Equal(HttpStatusCode.OK, conclude.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, closeNoReason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, after.StatusCode);
        Assert.Equal(ClueState.Closed, detail!.State);
        Assert.Equal("未发现违法违规", detail.Conclusion);
        Assert.Equal("经核查无违法违规", detail.CloseReason);
        Assert.Equal(ClueSource.MonthlyReport, detail.Source);
        Assert.Equal([ClueState.Registered, ClueState.Verifying, ClueState.Concluded, ClueState.Closed], detail.History.Select(h => h.To));
        Assert.All(detail.History, h => Assert.StartsWith("测试用户", h.Actor, StringComparison.Ordinal));
        Assert.Single(detail.Team, m => m.Unit == TeamUnit.Discipline);
        Assert.Empty(detail.AllowedActions);
        Assert.Equal(HttpStatusCode.OK, asMember.StatusCode);
    }

    [Fact]
    public async Task Referral_DueDateReceiptAndState_VisibleToTheSender()
    {
        var (office, _) = await LoginAsync(Roles.OfficeAdmin, OrgKind.Lead);
        var (jijian, _) = await LoginAsync(Roles.Discipline, OrgKind.Discipline);
        var (police, _) = await LoginAsync(Roles.Police, OrgKind.Police);
        var id = await ConcludedClueAsync(office, "投标文件雷同");

        var policeBefore = await police.GetAsync($"/api/clues/{id}");
        var badDays = await PostJsonAsync(office, "/api/referrals", new { clueId = id, kind = "Discipline", dueDays = 0 });
        var send = await PostJsonAsync(office, "/api/referrals", new { clueId = id, kind = "Discipline", dueDays = 10, note = "请核处" });
        var referral = (await send.Content.ReadFromJsonAsync<CreatedReferral>(Json))!;
        var received = await jijian.GetFromJsonAsync<ReferralLists>("/api/referrals", Json);
        var byPolice = await PostJsonAsync(police, $"/api/referrals/{referral.Id}/receipt", new { }, "/Referrals");
        var byOffice = await PostJsonAsync(office, $"/api/referrals/{referral.Id}/receipt", new { });
        var completeTooEarly = await PostJsonAsync(jijian, $"/api/referrals/{referral.Id}/complete", new { text = "已立案" }, "/Referrals");
        var receipt = await PostJsonAsync(jijian, $"/api/referrals/{referral.Id}/receipt", new { }, "/Referrals");
        var signed = await receipt.Content.ReadFromJsonAsync<ReferralRow>(Json);
        var again = await PostJsonAsync(jijian, $"/api/referrals/{referral.Id}/receipt", new { }, "/Referrals");
        var senderView = await office.GetFromJsonAsync<ReferralLists>("/api/referrals", Json);
        var noReply = await PostJsonAsync(jijian, $"/api/referrals/{referral.Id}/complete", new { text = " " }, "/Referrals");
        var complete = await PostJsonAsync(jijian, $"/api/referrals/{referral.Id}/complete", new { text = "已立案审查" }, "/Referrals");
        var final = await office.GetFromJsonAsync<ReferralRow>($"/api/referrals/{referral.Id}", Json);
        var clue = await jijian.GetFromJsonAsync<ClueDetail>($"/api/clues/{id}", Json);

        Assert.Equal(HttpStatusCode.NotFound, policeBefore.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badDays.StatusCode);
        Assert.Equal(HttpStatusCode.Created, send.StatusCode);
        Assert.StartsWith("YS-", referral.Number, StringComparison.Ordinal);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var calendar = await scope.ServiceProvider.GetRequiredService<CalendarService>().GetAsync();
            var today = ChinaTime.Today(scope.ServiceProvider.GetRequiredService<TimeProvider>());
            Assert.Equal(calendar.AddWorkingDays(today, 10), referral.Due);
            var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
            var clock = await db.Set<StatutoryClock>().SingleAsync(c => c.SubjectKind == "referral" && c.SubjectId == referral.Id.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(ClockState.Stopped, clock.State);
            Assert.Equal(referral.Due, clock.Due);
            var jiwei = await UnitAsync(OrgKind.Discipline);
            Assert.True(await db.Set<Notification>().AnyAsync(n => n.Kind == "referral.received" && n.RecipientKind == RecipientKind.Organisation && n.RecipientId == jiwei.ToString(CultureInfo.InvariantCulture)));
            Assert.Equal(["referral.send", "referral.receive", "referral.complete"],
                await db.AuditEntries.Where(e => e.Target == "referral:" + referral.Id.ToString(CultureInfo.InvariantCulture) && e.Action != "referral.view").OrderBy(e => e.Seq).Select(e => e.Action).ToListAsync());
        }

        var row = Assert.Single(received!.Received, r => r.Id == referral.Id);
        Assert.Equal("待签收", row.StateName);
        Assert.Equal(10, row.DaysLeft);
        Assert.Equal(HttpStatusCode.NotFound, byPolice.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byOffice.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, completeTooEarly.StatusCode);
        Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
        Assert.Equal(ReferralState.Received, signed!.State);
        Assert.NotNull(signed.ReceivedAt);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var sent = Assert.Single(senderView!.Sent, r => r.Id == referral.Id);
        Assert.Equal("已签收", sent.StateName);
        Assert.StartsWith("测试用户", sent.ReceivedBy, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noReply.StatusCode);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal(ReferralState.Done, final!.State);
        Assert.Equal("已立案审查", final.Reply);
        Assert.Null(final.DaysLeft);
        Assert.Equal(ClueState.Routed, clue!.State);
    }

    [Fact]
    public async Task Numbering_ContinuesAfterExistingNumbers_AndOneCluePerSource()
    {
        var (office, _) = await LoginAsync(Roles.OfficeAdmin, OrgKind.Lead);
        int year;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            year = ChinaTime.ToChina(scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow()).Year;
        }

        var old = $"XS-{year}-{900000 + Random.Shared.Next(1000):D6}";
        await factory.SeedAsync(db =>
        {
            db.Add(new Clue { Number = old, Title = "旧线索", CreatedBy = "old", CreatedAt = DateTimeOffset.UtcNow, StateChangedAt = DateTimeOffset.UtcNow });
            return Task.CompletedTask;
        });
        // The counter may exist already (earlier tests): the next number is above whatever was issued, old rows included.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
            await db.Set<Jianguan.Platform.Numbering.NumberCounter>().Where(c => c.Name == $"XS-{year}").ExecuteDeleteAsync();
        }

        var first = await PostJsonAsync(office, "/api/clues", new { source = "Alert", sourceId = "98765", title = "预警线索" });
        var twice = await PostJsonAsync(office, "/api/clues", new { source = "Alert", sourceId = "98765", title = "预警线索" });
        var clue = (await first.Content.ReadFromJsonAsync<Created>(Json))!;

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(CaseNumbersAfter(old), clue.Number);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
    }

    private static string CaseNumbersAfter(string number)
    {
        var parts = number.Split('-');
        return $"{parts[0]}-{parts[1]}-{long.Parse(parts[2], CultureInfo.InvariantCulture) + 1:D6}";
    }

    [Fact]
    public async Task Pages_Chinese_FormKeepsInput_AnonymousToLogin()
    {
        var (office, _) = await LoginAsync(Roles.OfficeAdmin, OrgKind.Lead);
        var id = await ConcludedClueAsync(office, "页面测试线索");
        var anonymous = factory.CreateAnonymousClient();

        foreach (var path in new[] { "/Clues", "/Clues/Create", $"/Clues/{id}", "/Referrals", "/Referrals?box=sent", "/Referrals/Assistance" })
        {
            var page = await office.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var anon = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, anon.StatusCode);
            Assert.Contains("/Account/Login", anon.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        var list = await office.GetStringAsync("/Clues?q=页面测试");
        var bad = await JianguanFactory.PostFormAsync(office, "/Clues/Create", new Dictionary<string, string>
        {
            ["Input.Source"] = "Complaint",
            ["Input.Title"] = "",
            ["Input.Description"] = "保留我写的内容",
        });
        var badHtml = await bad.Content.ReadAsStringAsync();
        var refer = await JianguanFactory.PostFormAsync(office, $"/Clues/{id}?handler=Refer", new Dictionary<string, string>
        {
            ["Kind"] = "Crime",
            ["DueDays"] = "500",
            ["Note"] = "移送说明要保留",
        }, $"/Clues/{id}");
        var referHtml = await refer.Content.ReadAsStringAsync();
        var xlsx = await office.GetAsync("/Clues?handler=Xlsx");

        Assert.Contains("共 <strong id=\"clue-total\">1</strong> 条线索", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("标题：必填", badHtml, StringComparison.Ordinal);
        Assert.Contains("保留我写的内容", badHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, refer.StatusCode);
        Assert.Contains("答复期限：须为 1 至 180 个工作日", referHtml, StringComparison.Ordinal);
        Assert.Contains("移送说明要保留", referHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Assistance_ReceiptAndReply_VisibleToBoth()
    {
        var (office, _) = await LoginAsync(Roles.OfficeAdmin, OrgKind.Lead);
        var (police, policeName) = await LoginAsync(Roles.Police, OrgKind.Police);
        var gonganju = await UnitAsync(OrgKind.Police);
        var subject = "请协助调取通话记录" + Guid.NewGuid().ToString("N")[..6];

        var missing = await JianguanFactory.PostFormAsync(office, "/Referrals/Assistance?handler=Request", new Dictionary<string, string>
        {
            ["Subject"] = subject,
            ["DueDays"] = "5",
        }, "/Referrals/Assistance");
        var missingHtml = await missing.Content.ReadAsStringAsync();
        var sent = await JianguanFactory.PostFormAsync(office, "/Referrals/Assistance?handler=Request", new Dictionary<string, string>
        {
            ["ToOrganisationId"] = gonganju.ToString(CultureInfo.InvariantCulture),
            ["Subject"] = subject,
            ["Body"] = "涉及某标段",
            ["DueDays"] = "5",
        }, "/Referrals/Assistance");
        long id;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<JianguanDbContext>().Set<AssistanceRequest>().Where(r => r.Subject == subject).Select(r => r.Id).SingleAsync();
        }

        var inbox = await police.GetStringAsync("/Referrals/Assistance");
        var byOffice = await JianguanFactory.PostFormAsync(office, $"/Referrals/Assistance?handler=Receive&id={id}", new Dictionary<string, string>(), "/Referrals/Assistance");
        var receive = await JianguanFactory.PostFormAsync(police, $"/Referrals/Assistance?handler=Receive&id={id}", new Dictionary<string, string>(), "/Referrals/Assistance");
        var emptyReply = await JianguanFactory.PostFormAsync(police, $"/Referrals/Assistance?handler=Reply&id={id}", new Dictionary<string, string> { ["Reply"] = "" }, "/Referrals/Assistance");
        var reply = await JianguanFactory.PostFormAsync(police, $"/Referrals/Assistance?handler=Reply&id={id}", new Dictionary<string, string> { ["Reply"] = "已调取并移交" }, "/Referrals/Assistance");
        var senderView = await office.GetStringAsync("/Referrals/Assistance?box=sent");

        Assert.Contains("被请求单位：请选择一个单位", missingHtml, StringComparison.Ordinal);
        Assert.Contains(subject, missingHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Contains(subject, inbox, StringComparison.Ordinal);
        Assert.Contains("待答复", inbox, StringComparison.Ordinal);
        // Only the addressee signs: the sender is sent to the access-denied page and nothing is recorded.
        Assert.Contains("/Account/Denied", byOffice.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, receive.StatusCode);
        Assert.Contains("答复内容：必填", await emptyReply.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        Assert.Contains("已调取并移交", senderView, StringComparison.Ordinal);
        Assert.Contains("已答复", senderView, StringComparison.Ordinal);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
            var request = await db.Set<AssistanceRequest>().SingleAsync(r => r.Id == id);
            Assert.NotNull(request.ReceivedAt);
            Assert.Equal(policeName, request.ReceivedBy);
            Assert.Equal(AssistanceState.Answered, request.State);
            Assert.Equal(ClockState.Stopped, (await db.Set<StatutoryClock>().SingleAsync(c => c.SubjectKind == "assistance" && c.SubjectId == id.ToString(CultureInfo.InvariantCulture))).State);
        }
    }

    [Fact]
    public async Task Reminders_OfReferralsAndAssistance_AtWarningDueDayAndOverdue_OnceEach_ToTheReceiver_AndTheSenderWhenOverdue()
    {
        var (office, _) = await LoginAsync(Roles.OfficeAdmin, OrgKind.Lead);
        var lead = await UnitAsync(OrgKind.Lead);
        var jiwei = await UnitAsync(OrgKind.Discipline);
        var gonganju = await UnitAsync(OrgKind.Police);
        var clueId = await ConcludedClueAsync(office, "提醒测试" + Guid.NewGuid().ToString("N")[..6]);
        var send = await PostJsonAsync(office, "/api/referrals", new { clueId, kind = "Discipline", dueDays = 3, note = "请核处" });
        Assert.Equal(HttpStatusCode.Created, send.StatusCode);
        var referral = (await send.Content.ReadFromJsonAsync<CreatedReferral>(Json))!;
        var subject = "请协助提醒" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(HttpStatusCode.Redirect, (await JianguanFactory.PostFormAsync(office, "/Referrals/Assistance?handler=Request", new Dictionary<string, string>
        {
            ["ToOrganisationId"] = gonganju.ToString(CultureInfo.InvariantCulture),
            ["Subject"] = subject,
            ["DueDays"] = "3",
        }, "/Referrals/Assistance")).StatusCode);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        var assistance = await db.Set<AssistanceRequest>().AsNoTracking().SingleAsync(r => r.Subject == subject);
        var directories = scope.ServiceProvider.GetServices<IClockSubjectDirectory>().ToList();
        Assert.Contains(directories, d => d.Kind == ClueService.ReferralClock);
        Assert.Contains(directories, d => d.Kind == ClueService.AssistanceClock);
        var calendar = WorkingCalendar.Embedded;
        var referralClock = await Clocks.FindAsync(db, ClockSubject.Of(ClueService.ReferralClock, referral.Id), Clocks.AgreedRule(3));
        var assistanceClock = await Clocks.FindAsync(db, ClockSubject.Of(ClueService.AssistanceClock, assistance.Id), Clocks.AgreedRule(3));
        Assert.NotNull(referralClock);
        Assert.NotNull(assistanceClock);
        Assert.Equal(referralClock!.StartedOn, assistanceClock!.StartedOn);
        Assert.Equal(referral.Due, referralClock.Due);
        Task<int> Sent(string number, int org)
        {
            var key = org.ToString(CultureInfo.InvariantCulture);
            return db.Set<Notification>().CountAsync(n => n.Kind == ClockReminders.NotificationKind
                && n.RecipientKind == RecipientKind.Organisation && n.RecipientId == key && n.Title.Contains(number));
        }

        // Due in 3 working days (the day sent): the receiving units are warned once; the senders are not told yet.
        var now = ChinaTime.StartOfDay(referralClock.StartedOn).AddHours(10);
        await ClockReminders.SendAsync(db, directories, calendar, now);
        await ClockReminders.SendAsync(db, directories, calendar, now);
        Assert.Equal(1, await Sent(referral.Number, jiwei));
        Assert.Equal(1, await Sent(assistance.Number, gonganju));
        Assert.Equal(0, await Sent(referral.Number, lead));
        Assert.Equal(0, await Sent(assistance.Number, lead));

        // The due day: once more to the receivers.
        var dueDay = ChinaTime.StartOfDay(referralClock.Due).AddHours(10);
        await ClockReminders.SendAsync(db, directories, calendar, dueDay);
        Assert.Equal(2, await Sent(referral.Number, jiwei));
        Assert.Equal(2, await Sent(assistance.Number, gonganju));
        Assert.Equal(0, await Sent(referral.Number, lead));

        // Overdue: once to the receivers and once to the sending unit, whatever the number of sweeps.
        var late = ChinaTime.StartOfDay(calendar.AddWorkingDays(referralClock.Due, 2)).AddHours(10);
        await Clocks.SweepAsync(db, scope.ServiceProvider.GetRequiredService<Jianguan.Platform.Audit.AuditTrail>(), calendar, late);
        await ClockReminders.SendAsync(db, directories, calendar, late);
        await ClockReminders.SendAsync(db, directories, calendar, late);
        Assert.Equal(3, await Sent(referral.Number, jiwei));
        Assert.Equal(3, await Sent(assistance.Number, gonganju));
        Assert.Equal(1, await Sent(referral.Number, lead));
        Assert.Equal(1, await Sent(assistance.Number, lead));
        var leadKey = lead.ToString(CultureInfo.InvariantCulture);
        var overdue = await db.Set<Notification>().AsNoTracking().FirstAsync(n => n.Kind == ClockReminders.NotificationKind && n.RecipientId == leadKey && n.Title.Contains(referral.Number));
        Assert.StartsWith("已超期", overdue.Title, StringComparison.Ordinal);
        Assert.StartsWith("线索移送答复期限", overdue.Body, StringComparison.Ordinal);
        await db.Entry(referralClock).ReloadAsync();
        Assert.Equal(ClockReminder.Overdue, referralClock.LastReminder);
    }

    [Fact]
    public async Task Oversight_TradingQueries_AreAudited_WithTheirTerms()
    {
        var (jijian, jijianName) = await LoginAsync(Roles.Discipline, OrgKind.Discipline);
        var (supervisor, supervisorName) = await LoginAsync(Roles.OfficeAdmin, OrgKind.Lead);
        var term = "查询词" + Guid.NewGuid().ToString("N")[..6];

        Assert.Equal(HttpStatusCode.OK, (await jijian.GetAsync($"/Trading/Projects?q={term}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await jijian.GetAsync($"/Trading/Sections?q={term}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await jijian.GetAsync($"/api/trading/projects?q={term}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await jijian.GetAsync($"/Firms?q={term}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync($"/Trading/Projects?q={term}")).StatusCode);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        var entries = await db.AuditEntries.Where(e => e.Detail.Contains(term) || e.Target.Contains(term)).ToListAsync();
        Assert.Equal([$"/Trading/Projects?q={term}", $"/Trading/Sections?q={term}", $"/api/trading/projects?q={term}"],
            entries.Where(e => e.Action == "oversight.query" && e.UserName == jijianName).Select(e => e.Target).Order(StringComparer.Ordinal));
        Assert.Single(entries, e => e.Action == "firm.search" && e.UserName == jijianName);
        // One entry per request: the officer's trading reads are oversight queries, not also http.get.
        var officerReads = await db.AuditEntries.Where(e => e.UserName == jijianName
            && (e.Target.StartsWith("/Trading/") || e.Target.StartsWith("/api/trading/"))).ToListAsync();
        Assert.Equal(3, officerReads.Count);
        Assert.All(officerReads, e => Assert.Equal("oversight.query", e.Action));
        // Other roles' trading reads are not the oversight channel.
        Assert.DoesNotContain(entries, e => e.Action == "oversight.query" && e.UserName == supervisorName);
    }
}
