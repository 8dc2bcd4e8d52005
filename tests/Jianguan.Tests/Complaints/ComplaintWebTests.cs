using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Jianguan.Features.Complaints;
using Jianguan.Features.Trading;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Inbox;
using Jianguan.Platform.Time;
using Jianguan.Tests.Web;

namespace Jianguan.Tests.Complaints;

/// <summary>
/// Complaints end to end over HTTP on a real database: the state machine and its clocks (equal to
/// <c>jianguan deadline</c>, suspensions included), confidentiality of the complainant on every surface,
/// duplicates across departments, the public track page, authorization, and the clock reminders.
/// </summary>
[Trait("Category", "Database")]
public sealed partial class ComplaintWebTests(ComplaintFactory factory) : IClassFixture<ComplaintFactory>
{
    private sealed record Unit(int Id, string Name, string Supervisor, string Leader);

    /// <summary>
    /// A unique tag for a test's unit and titles, ending in a digit: five random letters alone ("CDAAF") would read as
    /// an English word on the pages that list every unit, and fail the Chinese-text checks of other tests.
    /// </summary>
    private static string Tag(char letter) => letter + Guid.NewGuid().ToString("N")[..5].ToUpperInvariant() + "0";

    private async Task<Unit> UnitAsync(string prefix)
    {
        var org = new Organisation { Code = prefix.ToLowerInvariant(), Name = $"{prefix}住房和城乡建设局", Kind = OrgKind.Industry };
        await factory.SeedAsync(db =>
        {
            db.Organisations.Add(org);
            return Task.CompletedTask;
        });
        var supervisor = "s" + Guid.NewGuid().ToString("N")[..10];
        var leader = "l" + Guid.NewGuid().ToString("N")[..10];
        await factory.CreateUserAsync(supervisor, Roles.MemberSupervisor);
        await factory.CreateUserAsync(leader, Roles.MemberLeader);
        await factory.SeedAsync(async db =>
        {
            foreach (var u in await db.Users.Where(u => u.UserName == supervisor || u.UserName == leader).ToListAsync())
            {
                u.OrganisationId = org.Id;
            }
        });
        return new Unit(org.Id, org.Name, supervisor, leader);
    }

    private async Task<T> ScalarAsync<T>(Func<JianguanDbContext, Task<T>> read)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<JianguanDbContext>());
    }

    private static Dictionary<string, string> PublicForm(int department, string title, string name, string? section = null, string? id = null,
        string kind = "Complaint", string procedure = "Construction") => new()
        {
            ["Form.Kind"] = kind,
            ["Form.Procedure"] = procedure,
            ["Form.DepartmentId"] = department.ToString(CultureInfo.InvariantCulture),
            ["Form.Title"] = title,
            ["Form.Content"] = "评标委员会未按招标文件规定的评标标准评审。",
            ["Form.SectionCode"] = section ?? "",
            ["Form.ComplainantName"] = name,
            ["Form.ComplainantIdNumber"] = id ?? "",
            ["Form.ComplainantPhone"] = "13912345678",
            ["Form.ComplainantEmail"] = "secret.person@example.cn",
            ["Form.ComplainantAddress"] = "海口市龙华区保密路 8 号",
        };

    private async Task<(long Id, string Number, string Code)> FilePubliclyAsync(Dictionary<string, string> form)
    {
        var anonymous = factory.CreateAnonymousClient();
        var response = await JianguanFactory.PostFormAsync(anonymous, "/Public/Complaints/New", form);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var code = ReceiptPattern().Match(html).Groups[1].Value;
        var number = NumberPattern().Match(html).Groups[1].Value;
        Assert.True(code.Length == ComplaintWorkflow.ReceiptLength, html[..Math.Min(html.Length, 3000)]);
        var id = await ScalarAsync(db => db.Set<Complaint>().Where(c => c.Number == number).Select(c => c.Id).SingleAsync());
        return (id, number, code);
    }

    [Fact]
    public async Task PublicForm_BadInput_KeepsWhatWasTyped_AndSavesNothing()
    {
        var unit = await UnitAsync(Tag('B'));
        var before = await ScalarAsync(db => db.Set<Complaint>().CountAsync());
        var form = PublicForm(unit.Id, "", "某某公司");
        form["Form.Content"] = "这是我写的很长的理由，请不要丢失";
        var response = await JianguanFactory.PostFormAsync(factory.CreateAnonymousClient(), "/Public/Complaints/New", form);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("请填写事项标题", html, StringComparison.Ordinal);
        Assert.Contains("这是我写的很长的理由，请不要丢失", html, StringComparison.Ordinal);
        Assert.Equal(before, await ScalarAsync(db => db.Set<Complaint>().CountAsync()));
        Assert.Empty(ChineseTextTests.Problems(html));
    }

    [Fact]
    public async Task Journey_AcceptSuspendResumeDecideFeedbackClose_ClocksAndPublicTrack()
    {
        var prefix = Tag('J');
        var unit = await UnitAsync(prefix);
        var (id, number, code) = await FilePubliclyAsync(PublicForm(unit.Id, $"{prefix} 评标不公", "投诉人甲" + prefix));
        var today = ChinaTime.Today(TimeProvider.System);

        // Received: the acceptance clock (complaint.accept, 3 working days) equals `jianguan deadline`.
        var accept = await ClockAsync(id, Deadlines.ComplaintAccept);
        Assert.Equal(today, accept.StartedOn);
        Assert.Equal(await CliDueAsync(Deadlines.ComplaintAccept, today), accept.Due);

        // Public track: the state and due date, nothing else; a wrong code gets the neutral message.
        var anonymous = factory.CreateAnonymousClient();
        var track = await (await JianguanFactory.PostFormAsync(anonymous, "/Public/Complaints/Track", new Dictionary<string, string> { ["Code"] = code.ToLowerInvariant() }))
            .Content.ReadAsStringAsync();
        Assert.Contains(ComplaintLabels.StateName(ComplaintState.Received), track, StringComparison.Ordinal);
        Assert.Contains(ChinaTime.FormatDate(accept.Due), track, StringComparison.Ordinal);
        Assert.DoesNotContain(number, track, StringComparison.Ordinal);
        Assert.DoesNotContain(prefix, track, StringComparison.Ordinal);
        Assert.DoesNotContain(unit.Name, track, StringComparison.Ordinal);
        var wrong = await (await JianguanFactory.PostFormAsync(anonymous, "/Public/Complaints/Track", new Dictionary<string, string> { ["Code"] = "ABCDEFGHJKMNPQRS" }))
            .Content.ReadAsStringAsync();
        Assert.Contains(Features.Complaints.Public.TrackModel.NotFoundMessage, wrong, StringComparison.Ordinal);
        Assert.Empty(ChineseTextTests.Problems(track));

        var staff = await factory.LoginAsync(unit.Supervisor);
        var page = $"/Complaints/{id}";
        async Task<HttpResponseMessage> Act(string action, string? text = null, DateOnly? on = null)
        {
            var fields = new Dictionary<string, string> { ["action"] = action };
            if (text is not null)
            {
                fields["text"] = text;
            }

            if (on is { } day)
            {
                fields["on"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }

            return await JianguanFactory.PostFormAsync(staff, page + "?handler=Action", fields, page);
        }

        // A decision before acceptance is not offered; the table refuses it.
        var early = await (await Act("Decide", "驳回")).Content.ReadAsStringAsync();
        Assert.Contains("不能执行该操作", early, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await Act("Accept")).StatusCode);
        var decide = await ClockAsync(id, Deadlines.ComplaintDecide);
        Assert.Equal(ClockState.Stopped, (await ClockAsync(id, Deadlines.ComplaintAccept)).State);
        Assert.Equal(await CliDueAsync(Deadlines.ComplaintDecide, today), decide.Due);

        // A suspension without its reason is refused and keeps the typed date.
        var noReason = await (await Act("Suspend", "", today)).Content.ReadAsStringAsync();
        Assert.Contains("须填写理由", noReason, StringComparison.Ordinal);
        Assert.Equal(ComplaintState.Handling, await StateAsync(id));

        // The decision clock started today: a suspension today is refused (it must start after the start day).
        var sameDay = await (await Act("Suspend", "专家评审", today)).Content.ReadAsStringAsync();
        Assert.Contains("中止日期须晚于起算日", sameDay, StringComparison.Ordinal);

        var html = await staff.GetStringAsync(page);
        Assert.Contains("剩余", html, StringComparison.Ordinal);
        Assert.Empty(ChineseTextTests.Problems(html));

        // Decide, feedback, close; the history names each step, the public sees the final state.
        Assert.Equal(HttpStatusCode.Redirect, (await Act("Decide", "投诉成立，责令重新评标。")).StatusCode);
        Assert.Equal(ClockState.Stopped, (await ClockAsync(id, Deadlines.ComplaintDecide)).State);
        var docx = await staff.GetAsync(page + "?handler=Docx");
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        var docText = XlsxText(await docx.Content.ReadAsByteArrayAsync());
        Assert.Contains("处理决定书", docText, StringComparison.Ordinal);
        Assert.Contains("责令重新评标", docText, StringComparison.Ordinal);
        Assert.DoesNotContain("投诉人甲" + prefix, docText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await Act("Feedback", "已书面告知投诉人处理决定。")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Act("Close")).StatusCode);
        Assert.Equal(ComplaintState.Closed, await StateAsync(id));
        var history = await ScalarAsync(db => db.Set<ComplaintTransition>().Where(t => t.ComplaintId == id).OrderBy(t => t.Id).Select(t => t.To).ToListAsync());
        Assert.Equal([ComplaintState.Handling, ComplaintState.Decided, ComplaintState.FeedbackGiven, ComplaintState.Closed], history);
        var audits = await ScalarAsync(db => db.AuditEntries.Where(a => a.Target == "complaint:" + id).Select(a => a.Action).ToListAsync());
        Assert.Contains("complaint.file", audits);
        Assert.Contains("complaint.decide", audits);
        Assert.All(audits, a => Assert.True(Jianguan.Platform.Audit.AuditLabels.Actions.ContainsKey(a), a));
        var closed = await (await JianguanFactory.PostFormAsync(anonymous, "/Public/Complaints/Track", new Dictionary<string, string> { ["Code"] = code }))
            .Content.ReadAsStringAsync();
        Assert.Contains(ComplaintLabels.StateName(ComplaintState.Closed), closed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcurementComplaint_SuspendedAndResumed_DueEqualsDeadlineCommandWithThePause()
    {
        var prefix = Tag('P');
        var unit = await UnitAsync(prefix);
        var staff = await JianguanFactory.WithAntiforgeryHeaderAsync(await factory.LoginAsync(unit.Leader));
        var today = ChinaTime.Today(TimeProvider.System);
        var received = today.AddDays(-30);
        var created = await staff.PostAsJsonAsync("/api/complaints", new
        {
            kind = "Complaint",
            procedure = "Procurement",
            title = $"{prefix} 采购需求具有倾向性",
            content = "采购文件设置了不合理的资格条件。",
            complainantName = "供应商乙" + prefix,
            complainantPhone = "0898-66668888",
            receivedOn = received,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetInt64();
        Assert.Equal(ComplaintWorkflow.ReceiptLength, body.GetProperty("receiptCode").GetString()!.Length);
        Assert.Equal(await CliDueAsync(Deadlines.GpComplaintReview, received), (await ClockAsync(id, Deadlines.GpComplaintReview)).Due);

        async Task<HttpResponseMessage> Act(string action, string? text = null, DateOnly? on = null) =>
            await staff.PostAsJsonAsync($"/api/complaints/{id}/transitions", new { action, text, on });

        Assert.Equal(HttpStatusCode.OK, (await Act("accept")).StatusCode);
        // 政府采购: the decision clock counts from receipt.
        var clock = await ClockAsync(id, Deadlines.GpComplaintDecide);
        Assert.Equal(received, clock.StartedOn);
        Assert.Equal(await CliDueAsync(Deadlines.GpComplaintDecide, received), clock.Due);

        var from = today.AddDays(-20);
        var bad = await Act("suspend", "", from);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Act("suspend", "检验、检测", from)).StatusCode);
        Assert.Equal(ComplaintState.Suspended, await StateAsync(id));
        Assert.Equal(ClockState.Paused, (await ClockAsync(id, Deadlines.GpComplaintDecide)).State);
        var resumed = await Act("resume", null, today);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        clock = await ClockAsync(id, Deadlines.GpComplaintDecide);
        var expected = await CliDueAsync(Deadlines.GpComplaintDecide, received, $"{Day(from)}:{Day(today)}");
        Assert.Equal(expected, clock.Due);
        Assert.True(clock.Due > await CliDueAsync(Deadlines.GpComplaintDecide, received), "the suspension extends the deadline");

        // The API shows the same due day and the working days left on the calendar.
        var detail = await (await staff.GetAsync($"/api/complaints/{id}")).Content.ReadFromJsonAsync<JsonElement>();
        var clocks = detail.GetProperty("clocks").EnumerateArray().ToList();
        var view = clocks.Single(c => c.GetProperty("rule").GetString() == Deadlines.GpComplaintDecide);
        Assert.Equal(Day(expected), view.GetProperty("due").GetString());
        var calendar = WorkingCalendar.Embedded;
        Assert.Equal(Clocks.Evaluate(expected, Clocks.DefaultWarnDays, today, calendar).DaysLeft, view.GetProperty("daysLeft").GetInt32());

        // Oversight reads but cannot act; another department does not see it at all.
        var discipline = await JianguanFactory.WithAntiforgeryHeaderAsync(await factory.CreateUserAndLoginAsync(Roles.Discipline));
        Assert.Equal(HttpStatusCode.OK, (await discipline.GetAsync($"/api/complaints/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await discipline.PostAsJsonAsync($"/api/complaints/{id}/transitions", new { action = "decide", text = "x" })).StatusCode);
        var other = await UnitAsync(Tag('O'));
        var outsider = await JianguanFactory.WithAntiforgeryHeaderAsync(await factory.LoginAsync(other.Supervisor));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/complaints/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/Complaints/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsJsonAsync($"/api/complaints/{id}/transitions", new { action = "decide", text = "x" })).StatusCode);
    }

    [Fact]
    public async Task Identity_NeverShownExceptToTheAssignedHandlerAfterTheAuditedReveal()
    {
        var prefix = Tag('C');
        var unit = await UnitAsync(prefix);
        var name = "保密投诉人" + prefix;
        const string IdNumber = "460100199001011234";
        var form = PublicForm(unit.Id, $"{prefix} 串通投标", name, id: IdNumber);
        var (id, number, _) = await FilePubliclyAsync(form);
        string[] secrets = [name, IdNumber, "13912345678", "secret.person@example.cn", "保密路"];
        void Hidden(string surface, string text)
        {
            foreach (var s in secrets)
            {
                Assert.False(text.Contains(s, StringComparison.Ordinal), $"{surface} shows «{s}»");
            }
        }

        // At rest: encrypted (and the blind index is not the value).
        var stored = await ScalarAsync(db => db.Database.SqlQuery<string>(
            $"SELECT \"ComplainantName\" || '|' || \"ComplainantIdNumber\" || '|' || \"ComplainantPhone\" || '|' || \"ComplainantEmail\" || '|' || \"ComplainantAddress\" AS \"Value\" FROM \"Complaints\" WHERE \"Id\" = {id}")
            .SingleAsync());
        Hidden("database", stored);

        var office = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);
        var leader = await JianguanFactory.WithAntiforgeryHeaderAsync(await factory.LoginAsync(unit.Leader));
        var supervisor = await factory.LoginAsync(unit.Supervisor);
        foreach (var (who, client) in new[] { ("office", office), ("leader", leader), ("supervisor", supervisor) })
        {
            Hidden($"{who} list", await client.GetStringAsync($"/Complaints?q={number}"));
            var detail = await client.GetStringAsync($"/Complaints/{id}");
            Hidden($"{who} detail", detail);
            Assert.Contains("保****", detail, StringComparison.Ordinal);
            Hidden($"{who} api list", await client.GetStringAsync($"/api/complaints?q={number}"));
            Hidden($"{who} api detail", await client.GetStringAsync($"/api/complaints/{id}"));
            var xlsx = await client.GetByteArrayAsync($"/Complaints?handler=Xlsx&q={number}");
            var xml = XlsxText(xlsx);
            Assert.Contains(number, xml, StringComparison.Ordinal);
            Hidden($"{who} xlsx", xml);
        }

        // Not assigned yet: nobody may reveal.
        var refused = await JianguanFactory.PostFormAsync(supervisor, $"/Complaints/{id}?handler=Reveal", new Dictionary<string, string>(), $"/Complaints/{id}");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);

        // The leader assigns the supervisor; the supervisor is notified.
        var supervisorId = await ScalarAsync(db => db.Users.Where(u => u.UserName == unit.Supervisor).Select(u => u.Id).SingleAsync());
        var assigned = await JianguanFactory.PostFormAsync(leader, $"/Complaints/{id}?handler=Assign", new Dictionary<string, string> { ["handlerId"] = supervisorId }, $"/Complaints/{id}");
        Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);
        Assert.True(await ScalarAsync(db => db.Set<Notification>().AnyAsync(n => n.RecipientId == supervisorId && n.Kind == "complaint.assigned")));

        // Still hidden from the leader (not the handler) and from the handler before the reveal.
        Hidden("handler detail before reveal", await supervisor.GetStringAsync($"/Complaints/{id}"));
        var leaderReveal = await JianguanFactory.PostFormAsync(leader, $"/Complaints/{id}?handler=Reveal", new Dictionary<string, string>(), $"/Complaints/{id}");
        Assert.NotEqual(HttpStatusCode.OK, leaderReveal.StatusCode);
        Assert.False(await ScalarAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "complaint.identity.reveal" && a.Target == "complaint:" + id)));

        var reveal = await JianguanFactory.PostFormAsync(supervisor, $"/Complaints/{id}?handler=Reveal", new Dictionary<string, string>(), $"/Complaints/{id}");
        var revealed = await reveal.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, reveal.StatusCode);
        Assert.Contains(name, revealed, StringComparison.Ordinal);
        Assert.Contains(IdNumber, revealed, StringComparison.Ordinal);
        var entry = await ScalarAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "complaint.identity.reveal" && a.Target == "complaint:" + id));
        Assert.Equal(unit.Supervisor, entry.UserName);

        // The audit trail and the logs never carry it (reveal included).
        var details = await ScalarAsync(db => db.AuditEntries.Select(a => a.Detail + "|" + a.Target).ToListAsync());
        Hidden("audit", string.Join("\n", details));
        Assert.NotEmpty(factory.Logs.Lines);
        Hidden("logs", factory.Logs.All);
    }

    [Fact]
    public async Task SameMatterSentToTwoDepartments_TheLaterIsADuplicateOfTheFirst()
    {
        var prefix = Tag('D');
        var first = await UnitAsync(prefix + "A");
        var second = await UnitAsync(prefix + "B");
        await factory.SeedAsync(db =>
        {
            var project = new TradingProject { Code = prefix + "-P", Name = "道路工程", Category = TradingCategory.Construction, SupervisingDepartment = first.Name };
            project.Sections.Add(new Section { Code = prefix + "-01" });
            db.Projects.Add(project);
            return Task.CompletedTask;
        });
        var original = await FilePubliclyAsync(PublicForm(first.Id, "评标不公", "投诉人丙", section: prefix + "-01", id: "46010019900101567X"));
        // Same section, same ID number written differently, another department: a duplicate.
        var again = await FilePubliclyAsync(PublicForm(second.Id, "同一事项再次投诉", "投诉人丙", section: prefix + "-01", id: "460100 19900101567x"));
        var (state, duplicateOf) = await ScalarAsync(async db =>
        {
            var c = await db.Set<Complaint>().SingleAsync(x => x.Id == again.Id);
            return (c.State, c.DuplicateOfId);
        });
        Assert.Equal(ComplaintState.Duplicate, state);
        Assert.Equal(original.Id, duplicateOf);
        Assert.Null(await ScalarAsync(db => Clocks.FindAsync(db, ComplaintWorkflow.Subject(again.Id), Deadlines.ComplaintAccept)));
        Assert.NotNull(await ScalarAsync(db => db.Set<Complaint>().Where(c => c.Id == original.Id).Select(c => c.SectionId).SingleAsync()));

        var secondStaff = await factory.LoginAsync(second.Supervisor);
        var html = await secondStaff.GetStringAsync($"/Complaints/{again.Id}");
        Assert.Contains("重复投诉", html, StringComparison.Ordinal);
        Assert.Contains(original.Number, html, StringComparison.Ordinal);
        Assert.DoesNotContain("action-accept", html, StringComparison.Ordinal);
        var firstStaff = await factory.LoginAsync(first.Supervisor);
        Assert.Contains(again.Number, await firstStaff.GetStringAsync($"/Complaints/{original.Id}"), StringComparison.Ordinal);

        // A different complainant on the same section is not a duplicate; an explicit link is.
        var otherPerson = await FilePubliclyAsync(PublicForm(second.Id, "另一投诉人", "投诉人丁", section: prefix + "-01", id: "460100199202021111"));
        Assert.Equal(ComplaintState.Received, await StateAsync(otherPerson.Id));
        var linkedForm = PublicForm(second.Id, "已向住建局投诉", "投诉人戊");
        linkedForm["Form.LinkedNumber"] = original.Number.ToLowerInvariant();
        var linked = await FilePubliclyAsync(linkedForm);
        Assert.Equal(ComplaintState.Duplicate, await StateAsync(linked.Id));
    }

    [Fact]
    public async Task Anonymous_IsSentToLogin_PublicPagesAreOpenAndChinese()
    {
        var anonymous = factory.CreateAnonymousClient();
        foreach (var path in new[] { "/Complaints", "/Complaints/1", "/Complaints/New", "/Complaints/Channels" })
        {
            var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/Account/Login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/complaints")).StatusCode);
        foreach (var path in new[] { "/Public/Channels", "/Public/Complaints/New", "/Public/Complaints/Track" })
        {
            var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Empty(ChineseTextTests.Problems(await response.Content.ReadAsStringAsync()));
        }

        // The form needs its anti-forgery token.
        var noToken = await anonymous.PostAsync("/Public/Complaints/New", new FormUrlEncodedContent(new Dictionary<string, string> { ["Form.Title"] = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
    }

    [Fact]
    public async Task Channels_MaintainedByTheUnit_ListedPublicly_Exported()
    {
        var prefix = Tag('H');
        var unit = await UnitAsync(prefix);
        var staff = await factory.LoginAsync(unit.Supervisor);
        var fields = new Dictionary<string, string>
        {
            ["Form.DepartmentId"] = unit.Id.ToString(CultureInfo.InvariantCulture),
            ["Form.Unit"] = prefix + "投诉受理科",
            ["Form.TimeLimit"] = "收到投诉之日起 3 个工作日内决定是否受理",
            ["Form.Phone"] = "0898-12345678",
            ["Form.Fee"] = "不收费",
        };
        Assert.Equal(HttpStatusCode.Redirect, (await JianguanFactory.PostFormAsync(staff, "/Complaints/Channels", fields)).StatusCode);
        // Another department's id is refused, and what was typed stays.
        var other = await UnitAsync(prefix + "X");
        var wrong = new Dictionary<string, string>(fields) { ["Form.DepartmentId"] = other.Id.ToString(CultureInfo.InvariantCulture), ["Form.Unit"] = prefix + "越权科" };
        var refused = await (await JianguanFactory.PostFormAsync(staff, "/Complaints/Channels", wrong)).Content.ReadAsStringAsync();
        Assert.Contains("只能维护本部门", refused, StringComparison.Ordinal);
        Assert.Contains(prefix + "越权科", refused, StringComparison.Ordinal);

        var page = await factory.CreateAnonymousClient().GetStringAsync("/Public/Channels");
        Assert.Contains(prefix + "投诉受理科", page, StringComparison.Ordinal);
        Assert.DoesNotContain(prefix + "越权科", page, StringComparison.Ordinal);
        Assert.Contains(prefix + "投诉受理科", XlsxText(await staff.GetByteArrayAsync("/Complaints/Channels?handler=Xlsx")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptedComplaint_BecomesOneClue_OfTheReceivingDepartment_WithoutTheComplainantsIdentity()
    {
        var prefix = Tag('C');
        var unit = await UnitAsync(prefix);
        var name = "投诉人保密" + prefix;
        var idNumber = "460100199001011234";
        var form = PublicForm(unit.Id, $"{prefix} 围标串标", name, section: prefix + "-BD01", id: idNumber);
        form["Form.Content"] = $"本人{name}（身份证 {idNumber}）反映：评标委员会未按招标文件规定评审。";
        var (id, number, _) = await FilePubliclyAsync(form);
        var staff = await factory.LoginAsync(unit.Supervisor);
        var page = $"/Complaints/{id}";

        // Before acceptance the page offers nothing and a direct post is refused, nothing saved.
        Assert.DoesNotContain("id=\"clue-form\"", await staff.GetStringAsync(page), StringComparison.Ordinal);
        var early = await JianguanFactory.PostFormAsync(staff, page + "?handler=Clue", new Dictionary<string, string>(), page);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("受理或作出处理决定后才能转为线索", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var sourceId = id.ToString(CultureInfo.InvariantCulture);
        Task<int> Clues() => ScalarAsync(db => db.Set<Features.Clues.Clue>().CountAsync(c => c.Source == Features.Clues.ClueSource.Complaint && c.SourceId == sourceId));
        Assert.Equal(0, await Clues());

        Assert.Equal(HttpStatusCode.Redirect, (await JianguanFactory.PostFormAsync(staff, page + "?handler=Action", new Dictionary<string, string> { ["action"] = "Accept" }, page)).StatusCode);
        // Another department's handler sees nothing; oversight reads but cannot convert.
        var other = await UnitAsync(Tag('O'));
        var outsider = await factory.LoginAsync(other.Supervisor);
        Assert.Equal(HttpStatusCode.NotFound, (await JianguanFactory.PostFormAsync(outsider, page + "?handler=Clue", new Dictionary<string, string>(), "/Complaints")).StatusCode);
        var discipline = await JianguanFactory.WithAntiforgeryHeaderAsync(await factory.CreateUserAndLoginAsync(Roles.Discipline));
        Assert.Equal(HttpStatusCode.Forbidden, (await discipline.PostAsync($"/api/complaints/{id}/clue", null)).StatusCode);

        Assert.Contains("id=\"clue-form\"", await staff.GetStringAsync(page), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await JianguanFactory.PostFormAsync(staff, page + "?handler=Clue", new Dictionary<string, string>(), page)).StatusCode);
        Assert.Equal(1, await Clues());
        var clue = await ScalarAsync(db => db.Set<Features.Clues.Clue>().AsNoTracking().SingleAsync(c => c.Source == Features.Clues.ClueSource.Complaint && c.SourceId == sourceId));
        Assert.Equal(unit.Id, clue.DepartmentId);
        Assert.Equal(page, clue.SourceLink);
        Assert.Contains(number, clue.Title, StringComparison.Ordinal);
        Assert.Contains($"{prefix} 围标串标", clue.Title, StringComparison.Ordinal);

        // The complainant's identity (and the complaint's own text, which names them) stays in the complaint: not in the
        // clue, its page, its history or its audit entry.
        var clueId = clue.Id.ToString(CultureInfo.InvariantCulture);
        var cluePage = await staff.GetStringAsync("/Clues/" + clueId);
        var history = await ScalarAsync(db => db.Set<Features.Clues.ClueTransition>().Where(t => t.ClueId == clue.Id).Select(t => t.Reason).ToListAsync());
        var audit = await ScalarAsync(db => db.AuditEntries.Where(a => a.Action == "clue.created" && a.Target == "clue:" + clueId).Select(a => a.Detail).ToListAsync());
        Assert.Single(audit);
        foreach (var text in new[] { clue.Title, clue.Description ?? "", clue.Firms ?? "", clue.Sections ?? "", cluePage, string.Join("|", history), string.Join("|", audit) })
        {
            Assert.DoesNotContain(name, text, StringComparison.Ordinal);
            Assert.DoesNotContain(idNumber, text, StringComparison.Ordinal);
            Assert.DoesNotContain("13912345678", text, StringComparison.Ordinal);
            Assert.DoesNotContain("secret.person", text, StringComparison.Ordinal);
            Assert.DoesNotContain("保密路", text, StringComparison.Ordinal);
        }

        // Links both ways: the complaint shows the clue number linked to the clue; the clue links back.
        var after = await staff.GetStringAsync(page);
        Assert.Contains($"<a href=\"/Clues/{clueId}\" id=\"complaint-clue-link\">{clue.Number}</a>", after, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"clue-form\"", after, StringComparison.Ordinal);
        Assert.Contains($"href=\"{page}\"", cluePage, StringComparison.Ordinal);
        Assert.Empty(ChineseTextTests.Problems(after));

        // Once per complaint: the page and the API refuse a second clue, naming the first.
        var again = await JianguanFactory.PostFormAsync(staff, page + "?handler=Clue", new Dictionary<string, string>(), page);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains(clue.Number, await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var api = await JianguanFactory.WithAntiforgeryHeaderAsync(await factory.LoginAsync(unit.Leader));
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync($"/api/complaints/{id}/clue", null)).StatusCode);
        Assert.Equal(1, await Clues());
    }

    [Fact]
    public async Task ApiDecidedComplaint_BecomesAClue_Once()
    {
        var prefix = Tag('A');
        var unit = await UnitAsync(prefix);
        var (id, _, _) = await FilePubliclyAsync(PublicForm(unit.Id, $"{prefix} 资格条件", "投诉人乙" + prefix));
        var staff = await JianguanFactory.WithAntiforgeryHeaderAsync(await factory.LoginAsync(unit.Leader));
        Assert.Equal(HttpStatusCode.Conflict, (await staff.PostAsync($"/api/complaints/{id}/clue", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/complaints/{id}/transitions", new { action = "accept" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/complaints/{id}/transitions", new { action = "decide", text = "投诉成立，责令改正。" })).StatusCode);
        var created = await staff.PostAsync($"/api/complaints/{id}/clue", null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("XS-", body.GetProperty("number").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync(body.GetProperty("link").GetString())).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await staff.PostAsync($"/api/complaints/{id}/clue", null)).StatusCode);
    }

    [Fact]
    public async Task Reminders_AtWarningDueDayAndOverdue_OnceEach_ToTheHandlerElseTheUnit_AndOverdueCountsByUnit()
    {
        var prefix = Tag('R');
        var unit = await UnitAsync(prefix);
        var (id, number, _) = await FilePubliclyAsync(PublicForm(unit.Id, $"{prefix} 提醒", "投诉人己"));
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        var directories = scope.ServiceProvider.GetServices<IClockSubjectDirectory>().ToList();
        Assert.Contains(directories, d => d.Kind == ComplaintWorkflow.ClockKind);
        var calendar = WorkingCalendar.Embedded;
        var clock = await Clocks.FindAsync(db, ComplaintWorkflow.Subject(id), Deadlines.ComplaintAccept);
        Assert.NotNull(clock);
        var unitKey = unit.Id.ToString(CultureInfo.InvariantCulture);
        Task<int> Sent() => db.Set<Notification>().CountAsync(n => n.Kind == ClockReminders.NotificationKind && n.Link == ComplaintWorkflow.Link(id));

        // Due in 3 working days (the receipt day): warned once.
        var now = ChinaTime.StartOfDay(clock!.StartedOn).AddHours(10);
        await ClockReminders.SendAsync(db, directories, calendar, now);
        Assert.Equal(1, await Sent());
        await ClockReminders.SendAsync(db, directories, calendar, now);
        Assert.Equal(1, await Sent());
        Assert.True(await db.Set<Notification>().AnyAsync(n => n.Link == ComplaintWorkflow.Link(id) && n.RecipientId == unitKey));

        // The due day, then overdue: one each.
        var dueDay = ChinaTime.StartOfDay(clock.Due).AddHours(10);
        await ClockReminders.SendAsync(db, directories, calendar, dueDay);
        Assert.Equal(2, await Sent());
        var late = ChinaTime.StartOfDay(calendar.AddWorkingDays(clock.Due, 2)).AddHours(10);
        await Clocks.SweepAsync(db, scope.ServiceProvider.GetRequiredService<AuditTrail>(), calendar, late);
        await ClockReminders.SendAsync(db, directories, calendar, late);
        await ClockReminders.SendAsync(db, directories, calendar, late);
        Assert.Equal(3, await Sent());
        await db.Entry(clock).ReloadAsync();
        Assert.Equal(ClockReminder.Overdue, clock.LastReminder);

        var overdue = await ComplaintWorkflow.OverdueByUnitAsync(db, calendar, ChinaTime.DateOf(late));
        Assert.Contains(overdue, o => o.DepartmentId == unit.Id && o.Numbers.Contains(number));
    }

    private async Task<ComplaintState> StateAsync(long id) =>
        await ScalarAsync(db => db.Set<Complaint>().Where(c => c.Id == id).Select(c => c.State).SingleAsync());

    private async Task<StatutoryClock> ClockAsync(long id, string rule) =>
        (await ScalarAsync(db => Clocks.FindAsync(db, ComplaintWorkflow.Subject(id), rule)))!;

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>`jianguan deadline RULE START [--pause FROM:UNTIL]` on the test database's calendar.</summary>
    private async Task<DateOnly> CliDueAsync(string rule, DateOnly start, string? pause = null)
    {
        string[] args = pause is null
            ? ["deadline", rule, Day(start), "--db", factory.Database.ConnectionString]
            : ["deadline", rule, Day(start), "--db", factory.Database.ConnectionString, "--pause", pause];
        var parse = Cli.BuildRoot().Parse(args);
        Assert.Empty(parse.Errors);
        var output = new StringWriter();
        var exit = await parse.InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = new StringWriter() });
        Assert.Equal(0, exit);
        return DateOnly.ParseExact(output.ToString().Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static string XlsxText(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        var text = new StringBuilder();
        foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(entry.Open());
            text.Append(reader.ReadToEnd());
        }

        return text.ToString();
    }

    [GeneratedRegex("id=\"receipt-code\">([A-Z0-9]+)<")]
    private static partial Regex ReceiptPattern();

    [GeneratedRegex("id=\"complaint-number\">([A-Z0-9-]+)<")]
    private static partial Regex NumberPattern();
}
