using Jianguan.Data;
using Jianguan.Features.Governance.Meetings;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Auth;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Jianguan.BrowserTests;

/// <summary>
/// The joint-meeting journey in Chromium: a member unit requests an extra meeting; the office schedules it, records
/// that it was held (three weeks ago, with attendance and minutes) and a decision with a task for the unit due a
/// week ago. Time has thus passed the due day: after the clock sweep the task shows as overdue on the meeting, in
/// the tasks list and in the annual report's overdue duties, naming the unit.
/// </summary>
public sealed class MeetingJourneyTests : BrowserJourneyTest
{
    private const string Unit = "海口市住房和城乡建设局";
    private const string UnitUser = "zhujianju-meeting";

    protected override JourneyUser User { get; } = new("office-meeting", "公管办经办人", Roles.OfficeAdmin);

    protected override async Task SeedAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<JianguanDbContext>();
        var office = new Organisation { Code = "gongguanban", Name = "海口市公共资源交易管理委员会办公室", Kind = OrgKind.Lead };
        var unit = new Organisation { Code = "zhujianju", Name = Unit, Kind = OrgKind.Industry };
        db.Organisations.AddRange(office, unit);
        await db.SaveChangesAsync();
        await db.Users.Where(u => u.UserName == User.UserName).ExecuteUpdateAsync(s => s.SetProperty(u => u.OrganisationId, office.Id));
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        await roles.CreateAsync(new IdentityRole(Roles.MemberSupervisor));
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var member = new AppUser { UserName = UnitUser, DisplayName = "住建局监管员", OrganisationId = unit.Id };
        Assert.True((await users.CreateAsync(member, JourneyUser.Password)).Succeeded);
        await users.AddToRoleAsync(member, Roles.MemberSupervisor);
    }

    [Fact]
    public async Task Unit_RequestsMeeting_OfficeHoldsAndDecides_TaskGoesOverdue()
    {
        var page = Session.Page;
        var today = ChinaTime.Today(TimeProvider.System);
        var held = today.AddDays(-21);
        var due = today.AddDays(-7);
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        // The member unit asks for an extra meeting.
        await Session.LoginAsync("/Meetings/New", UnitUser);
        await page.GetByLabel("提请事由").SelectOptionAsync(new SelectOptionValue { Label = "突出问题" });
        await page.GetByLabel("会议议题").FillAsync("投标保证金异常集中问题");
        await page.GetByLabel("提请理由").FillAsync("多个标段的投标保证金由同一账户缴纳，需协同研判。");
        await page.GetByRole(AriaRole.Button, new() { Name = "提请" }).ClickAsync();
        await Assertions.Expect(page.Locator("#meeting-state")).ToHaveTextAsync("待召集");
        var link = new Uri(page.Url).AbsolutePath;
        await Session.LogoutAsync();

        // The office schedules it, records it as held three weeks ago, and decides with a task due a week ago.
        await Session.LoginAsync("/Meetings");
        await Assertions.Expect(page.Locator("#meetings")).ToContainTextAsync("投标保证金异常集中问题");
        await page.GotoAsync(Session.BaseUrl + link);
        await page.Locator("#schedule-form input[name=on]").FillAsync(Day(held));
        await page.Locator("#schedule-form input[name=location]").FillAsync("市政务服务中心三楼会议室");
        await page.Locator("#schedule-form textarea[name=agenda]").FillAsync("研判投标保证金异常集中问题");
        await page.GetByRole(AriaRole.Button, new() { Name = "安排会议" }).ClickAsync();
        await Assertions.Expect(page.Locator("#meeting-state")).ToHaveTextAsync("已安排");
        await page.Locator("#hold-form input[name=heldOn]").FillAsync(Day(held));
        await page.Locator("#hold-form textarea[name=minutes]").FillAsync("会议明确由住建局核查保证金来源。");
        await page.GetByRole(AriaRole.Button, new() { Name = "记录召开情况" }).ClickAsync();
        await Assertions.Expect(page.Locator("#meeting-state")).ToHaveTextAsync("已召开");
        await Assertions.Expect(page.Locator("#attendance")).ToContainTextAsync(Unit);
        await page.Locator("#decide-form textarea[name=text]").FillAsync("由住建局核查投标保证金来源并报告。");
        await page.Locator("#decide-form input[name=task-title-0]").FillAsync("核查保证金来源并书面报告");
        await page.Locator("#decide-form select[name=task-unit-0]").SelectOptionAsync(new SelectOptionValue { Label = Unit });
        await page.Locator("#decide-form input[name=task-due-0]").FillAsync(Day(due));
        await page.GetByRole(AriaRole.Button, new() { Name = "记录决定" }).ClickAsync();
        await Assertions.Expect(page.Locator(".tasks")).ToContainTextAsync("核查保证金来源并书面报告");

        // The due day has passed: the sweep flags the clock, and the pages show the task overdue.
        DateOnly clockDue;
        await using (var scope = Session.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
            await Clocks.SweepAsync(db, scope.ServiceProvider.GetRequiredService<AuditTrail>(), WorkingCalendar.Embedded, DateTimeOffset.UtcNow);
            clockDue = await db.Set<StatutoryClock>().Where(c => c.SubjectKind == MeetingService.TaskClockKind && c.State == ClockState.Overdue)
                .Select(c => c.Due).SingleAsync();
        }

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".tasks .task-state")).ToHaveTextAsync("已逾期");
        await Session.ScreenshotAsync("meeting-detail");
        await page.GotoAsync(Session.BaseUrl + "/Meetings/Tasks?overdue=true");
        await Assertions.Expect(page.Locator("#task-overdue")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#tasks")).ToContainTextAsync(Unit);
        await page.GotoAsync(Session.BaseUrl + "/Meetings/AnnualReport?year=" + held.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("核查保证金来源并书面报告");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("联席会议交办任务");
        await Session.ScreenshotAsync("meeting-annual-report");

        // The accountability view of 公管办 counts it against the owner unit (issue 14 item 7).
        await page.GotoAsync(Session.BaseUrl + "/Accountability?year=" + clockDue.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("联席会议议定事项");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(Unit);
        Assert.Empty(Session.ConsoleErrors);
    }
}
