using Jianguan.Data;
using Jianguan.Features.Complaints;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Auth;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Jianguan.BrowserTests;

/// <summary>
/// The public complaint journey in Chromium: a member of the public files a complaint on the open form and gets a
/// receipt code; the department's officer accepts, suspends (expert review) and resumes, decides and gives feedback;
/// the public follows it with the receipt code. The handled complaint was filed on the same public form ten days
/// earlier (seeded through the same intake), because a suspension starts after the clock's start day.
/// </summary>
public sealed class ComplaintJourneyTests : BrowserJourneyTest
{
    private const string Department = "海口市住房和城乡建设局";

    private static string earlierCode = "";

    protected override JourneyUser User { get; } = new("zhujianju", "住建局监管员", Roles.MemberSupervisor);

    protected override async Task SeedAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<JianguanDbContext>();
        var org = new Organisation { Code = "zhujianju", Name = Department, Kind = OrgKind.Industry };
        db.Organisations.Add(org);
        await db.SaveChangesAsync();
        var user = await db.Users.SingleAsync(u => u.UserName == "zhujianju");
        user.OrganisationId = org.Id;
        await db.SaveChangesAsync();
        var today = ChinaTime.Today(TimeProvider.System);
        var (_, code) = await ComplaintWorkflow.FileAsync(db, services.GetRequiredService<AuditTrail>(), AuditActor.System, WorkingCalendar.Embedded,
            new ComplaintInput(ComplaintKind.Complaint, ComplaintProcedure.Procurement, org.Id, "采购文件设置不合理资格条件", "要求供应商具有本地业绩。",
                null, null, null, "旅程投诉人", null, "13800001111", null, null, today.AddDays(-10)),
            ComplaintChannelKind.Public, DateTimeOffset.UtcNow);
        earlierCode = code;
    }

    [Fact]
    public async Task Public_FilesComplaint_StaffAcceptSuspendResumeDecide_PublicFollowsByReceiptCode()
    {
        var page = Session.Page;

        // The public: the form, no login.
        await page.GotoAsync(Session.BaseUrl + "/Public/Complaints/New");
        await page.GetByLabel("类别").SelectOptionAsync(new SelectOptionValue { Label = "投诉" });
        await page.GetByLabel("适用程序").SelectOptionAsync(new SelectOptionValue { Label = "工程建设" });
        await page.GetByLabel("受理部门").SelectOptionAsync(new SelectOptionValue { Label = Department });
        await page.GetByLabel("事项标题").FillAsync("评标委员会未按评标办法评审");
        await page.GetByLabel("事实和理由").FillAsync("第二名的技术分明显偏高。");
        await page.GetByLabel("姓名或名称").FillAsync("旅程公众");
        await page.GetByLabel("联系电话").FillAsync("13900002222");
        await Session.ScreenshotAsync("complaint-public-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Assertions.Expect(page.Locator("#receipt-code")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[A-Z2-9]{16}$"));
        var code = (await page.Locator("#receipt-code").InnerTextAsync()).Trim();
        await Session.ScreenshotAsync("complaint-receipt");

        await page.GotoAsync(Session.BaseUrl + "/Public/Complaints/Track");
        await page.GetByLabel("查询码").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Assertions.Expect(page.Locator("#track-state")).ToHaveTextAsync("已收到待受理");

        // The officer: the register, then the complaint received ten days ago.
        await Session.LoginAsync("/Complaints");
        await Assertions.Expect(page.Locator("#complaints")).ToContainTextAsync("评标委员会未按评标办法评审");
        await Assertions.Expect(page.Locator("#complaints")).ToContainTextAsync("旅*");
        await page.GetByRole(AriaRole.Link, new() { Name = "TS-", Exact = false }).Last.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("采购文件设置不合理资格条件");
        await page.GetByRole(AriaRole.Button, new() { Name = "受理", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#complaint-state")).ToHaveTextAsync("已受理处理中");
        await Assertions.Expect(page.Locator("#clocks")).ToContainTextAsync("政府采购投诉处理决定");

        await page.Locator("#action-suspend textarea").FillAsync("专家评审");
        await page.GetByRole(AriaRole.Button, new() { Name = "中止计时", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#complaint-state")).ToHaveTextAsync("中止计时");
        await Assertions.Expect(page.Locator("#clocks")).ToContainTextAsync("已中止");
        await Session.ScreenshotAsync("complaint-suspended");

        await page.GetByRole(AriaRole.Button, new() { Name = "恢复计时", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#complaint-state")).ToHaveTextAsync("已受理处理中");
        await Assertions.Expect(page.Locator("#clocks")).ToContainTextAsync("专家评审");

        await page.Locator("#action-decide textarea").FillAsync("投诉成立，责令采购人修改采购文件。");
        await page.GetByRole(AriaRole.Button, new() { Name = "作出决定", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#complaint-state")).ToHaveTextAsync("已作出决定");
        await page.Locator("#action-feedback textarea").FillAsync("已书面告知投诉人。");
        await page.GetByRole(AriaRole.Button, new() { Name = "反馈投诉人", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#complaint-state")).ToHaveTextAsync("已反馈");
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync("住建局监管员");
        await Session.ScreenshotAsync("complaint-detail");
        await Session.LogoutAsync();

        // The public follows the handled complaint by its receipt code: state only.
        await page.GotoAsync(Session.BaseUrl + "/Public/Complaints/Track");
        await page.GetByLabel("查询码").FillAsync(earlierCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Assertions.Expect(page.Locator("#track-state")).ToHaveTextAsync("已反馈");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("采购文件设置不合理资格条件");
        await page.GetByLabel("查询码").FillAsync("AAAAAAAAAAAAAAAA");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Assertions.Expect(page.Locator("#track-none")).ToBeVisibleAsync();
        Assert.Empty(Session.ConsoleErrors);
    }
}
