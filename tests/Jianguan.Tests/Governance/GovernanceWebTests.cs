using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using Jianguan.Features.Governance;
using Jianguan.Features.Governance.Liaison;
using Jianguan.Features.Governance.Meetings;
using Jianguan.Features.Governance.PowerList;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Inbox;
using Jianguan.Platform.Time;
using Jianguan.Tests.Calendar;
using Jianguan.Tests.Sampling;
using Jianguan.Tests.Web;

namespace Jianguan.Tests.Governance;

/// <summary>
/// Governance over HTTP on a real database (ADR-018): a unit requests a meeting, the office schedules and holds it
/// and records a decision with a task; the task's clock goes overdue and names its unit; the proposal job; the
/// power list's versions, public page, dispute and XLSX round trip; the directory's late flag and encryption; the
/// annual report command.
/// </summary>
[Trait("Category", "Database")]
public sealed partial class GovernanceWebTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    private sealed record Unit(int Id, string Name, string User);

    private async Task<Unit> UnitAsync(string prefix, string role, OrgKind kind = OrgKind.Industry)
    {
        var org = new Organisation { Code = prefix.ToLowerInvariant() + Guid.NewGuid().ToString("N")[..6], Name = $"{prefix}局", Kind = kind };
        await factory.SeedAsync(db =>
        {
            db.Organisations.Add(org);
            return Task.CompletedTask;
        });
        var user = "g" + Guid.NewGuid().ToString("N")[..10];
        await factory.CreateUserAsync(user, role);
        await factory.SeedAsync(async db => (await db.Users.SingleAsync(u => u.UserName == user)).OrganisationId = org.Id);
        return new Unit(org.Id, org.Name, user);
    }

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, JianguanDbContext, Task<T>> read)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<JianguanDbContext>());
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Meeting_RequestScheduleHoldDecide_TaskGoesOverdue_NamesItsUnit_OwnerCompletesLate()
    {
        var unit = await UnitAsync("请求", Roles.MemberSupervisor);
        var other = await UnitAsync("旁观", Roles.MemberSupervisor);
        var office = await UnitAsync("公管办", Roles.OfficeAdmin, OrgKind.Lead);
        var member = await factory.LoginAsync(unit.User);

        // The unit asks; a request without a kind is refused with the reason in Chinese.
        var refused = await JianguanFactory.PostFormAsync(member, "/Meetings/New", new Dictionary<string, string> { ["Title"] = "议题", ["Background"] = "理由" });
        Assert.Contains("请选择提请事由", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var requested = await JianguanFactory.PostFormAsync(member, "/Meetings/New", new Dictionary<string, string>
        {
            ["Reason"] = "ProminentProblem",
            ["Title"] = "投标保证金异常集中",
            ["Background"] = "多个标段的保证金由同一账户缴纳。",
        });
        Assert.Equal(HttpStatusCode.Redirect, requested.StatusCode);
        var link = requested.Headers.Location!.ToString();
        var id = long.Parse(link.Split('/').Last(), CultureInfo.InvariantCulture);
        var meeting = await InScopeAsync((_, db) => db.Set<Meeting>().AsNoTracking().SingleAsync(m => m.Id == id));
        Assert.Equal(MeetingState.Proposed, meeting.State);
        Assert.Matches(@"^LX-\d{4}-\d{6}$", meeting.Number);
        Assert.Equal(unit.Id, meeting.RequestedByUnitId);
        Assert.True(await InScopeAsync((_, db) => db.Set<Notification>().AnyAsync(n => n.Kind == "meeting.requested" && n.Link == link)));

        // A member unit cannot schedule.
        var forbidden = await JianguanFactory.PostFormAsync(member, link + "?handler=Schedule", new Dictionary<string, string> { ["on"] = "2026-01-01" }, link);
        Assert.True(forbidden.StatusCode is HttpStatusCode.Forbidden
            || (forbidden.StatusCode == HttpStatusCode.Redirect && forbidden.Headers.Location!.ToString().Contains("Denied", StringComparison.Ordinal)),
            $"member scheduled: {(int)forbidden.StatusCode}");
        Assert.Equal(MeetingState.Proposed, (await InScopeAsync((_, db) => db.Set<Meeting>().AsNoTracking().SingleAsync(m => m.Id == id))).State);

        // The office schedules and holds it twenty days ago, then decides with a task due five days ago.
        var today = ChinaTime.Today(factory.Services.GetRequiredService<TimeProvider>());
        var calendar = WorkingCalendar.Embedded;
        var held = today.AddDays(-20);
        var client = await factory.LoginAsync(office.User);
        var scheduled = await JianguanFactory.PostFormAsync(client, link + "?handler=Schedule",
            new Dictionary<string, string> { ["on"] = Day(held), ["location"] = "三楼会议室", ["agenda"] = "研判保证金问题" }, link);
        Assert.Equal(HttpStatusCode.Redirect, scheduled.StatusCode);
        var heldResponse = await JianguanFactory.PostFormAsync(client, link + "?handler=Hold", new Dictionary<string, string>
        {
            ["heldOn"] = Day(held),
            ["minutes"] = "会议研究了保证金异常问题。",
            ["present"] = unit.Id.ToString(CultureInfo.InvariantCulture),
        }, link);
        Assert.Equal(HttpStatusCode.Redirect, heldResponse.StatusCode);
        var due = today.AddDays(-5);
        var decided = await JianguanFactory.PostFormAsync(client, link + "?handler=Decide", new Dictionary<string, string>
        {
            ["text"] = "由请求局牵头核查保证金来源。",
            ["approves"] = "SupervisionPlan",
            ["planYear"] = today.Year.ToString(CultureInfo.InvariantCulture),
            ["task-title-0"] = "核查保证金来源并报告",
            ["task-unit-0"] = unit.Id.ToString(CultureInfo.InvariantCulture),
            ["task-due-0"] = Day(due),
        }, link);
        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        var html = await client.GetStringAsync(link);
        Assert.Contains("已召开", html, StringComparison.Ordinal);
        Assert.Contains("年度监管计划", html, StringComparison.Ordinal);
        Assert.Contains("已逾期", html, StringComparison.Ordinal);

        var task = await InScopeAsync((_, db) => db.Set<MeetingTask>().AsNoTracking().SingleAsync(t => t.Decision!.MeetingId == id));
        Assert.Equal(unit.Id, task.OwnerUnitId);
        Assert.True(task.DueOn <= due && calendar.IsWorkingDay(task.DueOn));

        // The sweep marks the clock overdue; the directory names the unit; the tasks page counts it.
        await InScopeAsync(async (s, db) => await Clocks.SweepAsync(db, s.GetRequiredService<AuditTrail>(), calendar, DateTimeOffset.UtcNow));
        var clock = await InScopeAsync((_, db) => db.Set<StatutoryClock>().AsNoTracking()
            .SingleAsync(c => c.SubjectKind == MeetingService.TaskClockKind && c.SubjectId == task.Id.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(ClockState.Overdue, clock.State);
        Assert.Equal(task.DueOn, clock.Due);
        var owners = await InScopeAsync((s, db) => s.GetServices<IClockSubjectDirectory>().Single(d => d.Kind == MeetingService.TaskClockKind)
            .OwnersAsync(db, [clock.SubjectId], CancellationToken.None));
        Assert.Equal(unit.Name, owners[clock.SubjectId].Unit);
        var tasksPage = await client.GetStringAsync($"/Meetings/Tasks?overdue=true&unit={unit.Id}");
        Assert.Contains("核查保证金来源并报告", tasksPage, StringComparison.Ordinal);
        Assert.Matches(OverdueCount(), tasksPage);

        // Another unit cannot report it done; the owner can, and the clock stops late.
        var otherClient = await factory.LoginAsync(other.User);
        var notMine = await JianguanFactory.PostFormAsync(otherClient, link + "?handler=Complete",
            new Dictionary<string, string> { ["taskId"] = task.Id.ToString(CultureInfo.InvariantCulture), ["note"] = "完成" }, link);
        Assert.Contains("只有责任单位或公管办", await notMine.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var done = await JianguanFactory.PostFormAsync(member, link + "?handler=Complete",
            new Dictionary<string, string> { ["taskId"] = task.Id.ToString(CultureInfo.InvariantCulture), ["note"] = "已核查完毕。" }, link);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        clock = await InScopeAsync((_, db) => db.Set<StatutoryClock>().AsNoTracking().SingleAsync(c => c.Id == clock.Id));
        Assert.Equal(ClockState.Stopped, clock.State);
        Assert.True(clock.StoppedLate);
        // The late task is named by its module's name for the agreed limit, not a generic one (accountability, annual report).
        var duty = await InScopeAsync(async (s, db) => (await s.GetRequiredService<Jianguan.Features.Credit.Accountability.AccountabilityService>()
            .ComputeAsync(db, new Jianguan.Features.Credit.Accountability.AccountabilityPeriod(clock.Due.Year, null), today)).Duties.Single(d => d.ClockId == clock.Id));
        Assert.Equal("联席会议议定事项办理期限", duty.Rule);
        var actions = await InScopeAsync((_, db) => db.AuditEntries.Where(e => e.Target == "meeting:" + id.ToString(CultureInfo.InvariantCulture))
            .OrderBy(e => e.Seq).Select(e => e.Action).ToListAsync());
        Assert.Equal(["meeting.request", "meeting.schedule", "meeting.hold", "meeting.decide"], actions);
    }

    [Fact]
    public async Task ProposalJob_ProposesCurrentAndNextHalfYearOnce_RemindsTheOffice()
    {
        var (first, second, count, reminders) = await InScopeAsync(async (s, db) =>
        {
            var job = new MeetingProposalJob(db, s.GetRequiredService<AuditTrail>(), s.GetRequiredService<TimeProvider>());
            var a = await job.RunAsync(CancellationToken.None);
            var b = await job.RunAsync(CancellationToken.None);
            var today = ChinaTime.Today(s.GetRequiredService<TimeProvider>());
            string[] halves = [MeetingService.HalfYearOf(today), MeetingService.NextHalfYear(today)];
            var n = await db.Set<Meeting>().CountAsync(m => halves.Contains(m.HalfYear));
            var r = await db.Set<Notification>().CountAsync(n => n.Kind == "meeting.proposed" && n.RecipientKind == RecipientKind.Role
                && n.RecipientId == Roles.OfficeAdmin);
            return (a, b, n, r);
        });
        Assert.Equal(2, count);
        Assert.True(reminders >= 2);
        Assert.Contains("已提出例会", first, StringComparison.Ordinal);
        Assert.Contains("均已提出", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PowerList_VersionsPublicPageDisputeAndXlsxRoundTrip()
    {
        var dept = await UnitAsync("权责", Roles.MemberSupervisor);
        var today = ChinaTime.Today(factory.Services.GetRequiredService<TimeProvider>());
        var (item, revised, future) = await InScopeAsync(async (s, db) =>
        {
            var audit = s.GetRequiredService<AuditTrail>();
            var now = DateTimeOffset.UtcNow;
            var input = new PowerItemInput(dept.Id, PowerKind.Inspection, "对权责局招投标活动的监督检查旧名", "《招标投标法》第七条", "权责局监管科", "检查", "追责");
            var item = await PowerListService.CreateAsync(db, audit, AuditActor.System, input, today.AddDays(-30), now);
            var revised = await PowerListService.ReviseAsync(db, audit, AuditActor.System, item.ItemKey,
                input with { Name = "对权责局招投标活动的监督检查新名" }, today.AddDays(-2), "更名", now);
            var other = await PowerListService.CreateAsync(db, audit, AuditActor.System, input with { Name = "权责局未来事项" }, today.AddDays(10), now);
            return (item, revised, other);
        });
        Assert.Equal(item.ItemKey, revised.ItemKey);
        Assert.Equal(2, revised.Version);

        var anonymous = factory.CreateAnonymousClient();
        var publicPage = await anonymous.GetStringAsync("/Public/PowerList?q=" + Uri.EscapeDataString("权责局"));
        Assert.Contains("监督检查新名", publicPage, StringComparison.Ordinal);
        Assert.DoesNotContain("监督检查旧名", publicPage, StringComparison.Ordinal);
        Assert.DoesNotContain("未来事项", publicPage, StringComparison.Ordinal);
        Assert.DoesNotContain("/PowerList/", publicPage, StringComparison.Ordinal);
        foreach (var path in new[] { "/PowerList", "/Meetings", "/Directory", "/Meetings/Tasks", "/Meetings/AnnualReport" })
        {
            var r = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.Contains("/Account/Login", r.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        // The history shows both versions; a member unit disputes it as unclear: a linked meeting request.
        var client = await factory.LoginAsync(dept.User);
        var detail = await client.GetStringAsync(PowerListService.Link(revised.Id));
        Assert.Contains("第 1 版", detail, StringComparison.Ordinal);
        Assert.Contains("更名", detail, StringComparison.Ordinal);
        var disputed = await JianguanFactory.PostFormAsync(client, PowerListService.Link(revised.Id) + "?handler=Dispute",
            new Dictionary<string, string> { ["reason"] = "与交通部门的职责划分不清。" }, PowerListService.Link(revised.Id));
        Assert.Equal(HttpStatusCode.Redirect, disputed.StatusCode);
        var meeting = await InScopeAsync((_, db) => db.Set<Meeting>().AsNoTracking().SingleAsync(m => m.PowerItemId == revised.Id));
        Assert.Equal(MeetingReason.UnclearDuty, meeting.Reason);
        Assert.Equal(dept.Id, meeting.RequestedByUnitId);

        // Export, then import the same workbook: nothing changes; a changed name makes version 3.
        var xlsx = await client.GetByteArrayAsync($"/PowerList?handler=Xlsx&department={dept.Id}");
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Single(rows);
        Assert.Equal(item.ItemKey, rows[0]["事项编码"]);
        var result = await InScopeAsync((s, db) => PowerListService.ImportAsync(db, s.GetRequiredService<AuditTrail>(), AuditActor.System,
            new MemoryStream(xlsx), dept.Id, DateTimeOffset.UtcNow));
        Assert.Equal((0, 0, 1), (result.Added, result.Revised, result.Unchanged));
        rows[0]["事项名称"] = "导入修订后的名称";
        rows[0]["生效日期"] = Day(today);
        var changed = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(changed, rows);
        changed.Position = 0;
        result = await InScopeAsync((s, db) => PowerListService.ImportAsync(db, s.GetRequiredService<AuditTrail>(), AuditActor.System, changed, dept.Id,
            DateTimeOffset.UtcNow));
        Assert.Equal((0, 1, 0), (result.Added, result.Revised, result.Unchanged));
        Assert.Equal(3, await InScopeAsync((_, db) => db.Set<PowerItem>().Where(p => p.ItemKey == item.ItemKey).MaxAsync(p => p.Version)));
        _ = future;
    }

    [Fact]
    public async Task Directory_LateEntryFlagged_MobileEncryptedAtRest_NeverOnPublicPages()
    {
        var unit = await UnitAsync("通讯", Roles.MemberLeader);
        var today = ChinaTime.Today(factory.Services.GetRequiredService<TimeProvider>());
        var calendar = WorkingCalendar.Embedded;
        var client = await factory.LoginAsync(unit.User);
        // Reported as effective ten days ago and entered today: later than 3 working days.
        var posted = await JianguanFactory.PostFormAsync(client, "/Directory?handler=Report", new Dictionary<string, string>
        {
            ["role"] = "Liaison",
            ["effectiveOn"] = Day(today.AddDays(-10)),
            ["name"] = "符联络",
            ["title"] = "科长",
            ["officePhone"] = "0898-66123456",
            ["mobile"] = "13876543219",
            ["email"] = "fu.lianluo@haikou.gov.cn",
        }, "/Directory");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var page = await client.GetStringAsync("/Directory");
        Assert.Contains("13876543219", page, StringComparison.Ordinal);
        Assert.Contains("逾期录入", page, StringComparison.Ordinal);
        var change = await InScopeAsync((_, db) => db.Set<LiaisonChange>().AsNoTracking().SingleAsync(c => c.OrganisationId == unit.Id));
        var clock = await InScopeAsync((_, db) => db.Set<StatutoryClock>().AsNoTracking()
            .SingleAsync(c => c.SubjectKind == LiaisonService.ClockKind && c.SubjectId == change.Id.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(Deadlines.LiaisonUpdate, clock.RuleCode);
        Assert.Equal(Deadlines.Due(Deadlines.LiaisonUpdate, today.AddDays(-10), calendar), clock.Due);
        Assert.True(clock.StoppedLate);

        // At rest the mobile and the e-mail are ciphertext.
        var raw = await InScopeAsync(async (_, db) =>
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT \"Mobile\" || '|' || \"Email\" FROM \"LiaisonChanges\" WHERE \"Id\" = @id";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "id";
            parameter.Value = change.Id;
            command.Parameters.Add(parameter);
            return (string?)await command.ExecuteScalarAsync();
        });
        Assert.DoesNotContain("13876543219", raw!, StringComparison.Ordinal);
        Assert.DoesNotContain("haikou.gov.cn", raw!, StringComparison.Ordinal);

        // A change only reported runs its clock until entered.
        var pending = await JianguanFactory.PostFormAsync(client, "/Directory?handler=Report", new Dictionary<string, string>
        {
            ["role"] = "Leader",
            ["effectiveOn"] = Day(today),
            ["pending"] = "true",
        }, "/Directory");
        Assert.Equal(HttpStatusCode.Redirect, pending.StatusCode);
        Assert.Contains("待录入", await client.GetStringAsync("/Directory"), StringComparison.Ordinal);

        var anonymous = factory.CreateAnonymousClient();
        Assert.DoesNotContain("13876543219", await anonymous.GetStringAsync("/Public/PowerList"), StringComparison.Ordinal);
        var xlsx = await anonymous.GetAsync("/Directory?handler=Xlsx");
        Assert.Equal(HttpStatusCode.Redirect, xlsx.StatusCode);
        var docx = await client.GetByteArrayAsync("/Directory?handler=Docx");
        Assert.Contains("符联络", DocxText(docx), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnnualReportCommand_DocumentOpens_WithTheYearsFigures_EqualToThePage()
    {
        var unit = await UnitAsync("年报", Roles.MemberSupervisor);
        var office = await UnitAsync("年报办", Roles.OfficeAdmin, OrgKind.Lead);
        var year = ChinaTime.Today(factory.Services.GetRequiredService<TimeProvider>()).Year - 1;
        var heldOn = new DateOnly(year, 6, 10);
        await InScopeAsync(async (s, db) =>
        {
            var audit = s.GetRequiredService<AuditTrail>();
            var calendar = WorkingCalendar.Embedded;
            var at = ChinaTime.StartOfDay(heldOn).AddHours(9);
            var m = await MeetingService.RequestAsync(db, audit, AuditActor.System, unit.Id, MeetingReason.MajorRisk, "年报测试会议", "年报测试理由", at.AddDays(-10));
            await MeetingService.ScheduleAsync(db, audit, AuditActor.System, m.Id, heldOn, "会议室", "议程", at.AddDays(-5));
            await MeetingService.HoldAsync(db, audit, AuditActor.System, m.Id, heldOn, "纪要", [new(unit.Id, true, null)], at);
            await MeetingService.DecideAsync(db, audit, AuditActor.System, calendar, m.Id, "年报测试决定", ApprovedPlan.None, null, null,
                [new("年报测试逾期任务", unit.Id, new DateOnly(year, 7, 10))], at);
            return 0;
        });
        var client = await factory.LoginAsync(office.User);
        var page = await client.GetStringAsync($"/Meetings/AnnualReport?year={year}");
        var tasksFigure = Regex.Match(page, """id="annual-tasks">([^<]*)<""").Groups[1].Value;
        Assert.Contains("逾期未完成", tasksFigure, StringComparison.Ordinal);

        using var dir = new TempDir();
        var (exit, output, error) = await DrawCliTests.RunAsync("report", "annual", "--year", year.ToString(CultureInfo.InvariantCulture),
            "--db", factory.Database.ConnectionString, "--out", dir.File("年报.docx"));
        Assert.True(exit == 0, error);
        Assert.Contains("逾期", output, StringComparison.Ordinal);
        var text = DocxText(await File.ReadAllBytesAsync(dir.File("年报.docx")));
        Assert.Contains($"{year}年度公共资源交易协同监管工作报告", text, StringComparison.Ordinal);
        Assert.Contains("年报测试逾期任务", text, StringComparison.Ordinal);
        Assert.Contains(unit.Name, text, StringComparison.Ordinal);
        Assert.Contains(tasksFigure.Split('，')[2], text, StringComparison.Ordinal);
        // The credit section (penalties and the blacklist of the year) reads the same on the page and in the document.
        var credit = Regex.Match(page, "全年作出行政处罚决定[^<]*").Value;
        Assert.NotEmpty(credit);
        Assert.Contains(credit, text, StringComparison.Ordinal);
        Assert.Contains(Regex.Match(page, "全年列入失信名单[^<]*").Value, text, StringComparison.Ordinal);
        var (bad, _, _) = await DrawCliTests.RunAsync("report", "annual", "--year", "1999", "--out", dir.File("x.docx"));
        Assert.Equal(Cli.Usage, bad);
    }

    private static string DocxText(byte[] bytes)
    {
        using var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        return doc.MainDocumentPart!.Document!.Body!.InnerText;
    }

    [GeneratedRegex("""id="task-overdue">[1-9]""")]
    private static partial Regex OverdueCount();
}
