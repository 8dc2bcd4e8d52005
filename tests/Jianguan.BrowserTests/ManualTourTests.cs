using System.Globalization;
using System.Text;
using Jianguan.Data;
using Jianguan.Features.Demo;
using Jianguan.Features.Focus;
using Jianguan.Features.Sampling;
using Jianguan.Features.Sampling.Draw;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Auth;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Time;
using Jianguan.Analytics.Input;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Jianguan.BrowserTests;

/// <summary>
/// The tour of the user manual (docs/zh-CN/用户手册.md): the demo city of `serve --demo`, one plan with a draw, and the main pages as the demo account of the role that uses them. Every page must answer 200 with its
/// heading; with JIANGUAN_SCREENSHOTS set to a directory, each is also saved there as a full-page PNG 1280 px wide,
/// which is how the manual's images are made.
/// </summary>
public sealed class ManualTourTests : BrowserJourneyTest
{
    private const string PublicInput = "03 17 29 41";
    private const int MaxShotHeight = 1800;

    private static readonly string? ScreenshotDir = Environment.GetEnvironmentVariable("JIANGUAN_SCREENSHOTS") is { Length: > 0 } dir ? dir : null;

    private string _upload = "";

    // Deleted again by the seed: the tour signs in only with the demo city's accounts.
    protected override JourneyUser User { get; } = new("manual-tour", "手册", Roles.OfficeAdmin);

    protected override async Task SeedAsync(IServiceProvider services)
    {
        // `serve --demo`: the demo city and its market (1,500 sections, fewer find no bidder groups), analysed.
        await DemoSeeder.SeedAsync(services, TextWriter.Null);
        var users = services.GetRequiredService<UserManager<AppUser>>();
        foreach (var (userName, _, _, _) in DemoCity.AccountPlan)
        {
            var account = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException(userName);
            var token = await users.GeneratePasswordResetTokenAsync(account);
            Assert.True((await users.ResetPasswordAsync(account, token, JourneyUser.Password)).Succeeded);
        }

        Assert.True((await users.DeleteAsync((await users.FindByNameAsync(User.UserName))!)).Succeeded);
        await SeedDrawAsync(services);
        _upload = await OpeningsCsvAsync(services);
    }

    [Fact]
    public async Task DemoCity_MainPagesAsTheirRoles_AnswerWithTheirHeadings()
    {
        var page = Session.Page;
        await page.SetViewportSizeAsync(1280, 800);

        await VisitAsync("/Account/Login", "工作人员登录", "login");

        // 交易中心: trading data and its import.
        await Session.LoginAsync("/Trading/Projects", "jiaoyizhongxin");
        await ShotAsync("交易项目", "projects");
        await VisitAsync("/Trading/Sections", "标段（包）", "sections");
        await VisitAsync("/Trading/Import", "交易数据导入", null);
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "开标数据.csv",
            MimeType = "text/csv",
            Buffer = new UTF8Encoding(false).GetBytes(_upload),
        });
        await page.GetByLabel("部分导入").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "导入", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#import-errors tbody tr")).ToHaveCountAsync(1);
        await ShotAsync("交易数据导入", "import");
        await Session.LogoutAsync();

        // 住建局监管员: the alerts of the sector, one red alert, its section.
        await Session.LoginAsync("/Alerts?level=red", "zhujianju");
        await ShotAsync("预警", "alerts");
        var alert = await page.Locator("#alerts tbody a[href^='/Alerts/']").First.GetAttributeAsync("href");
        await VisitAsync(alert!, null, "alert");
        await Assertions.Expect(page.Locator("#why")).ToBeVisibleAsync();
        var section = await page.Locator("a[href^='/Trading/Sections/']").First.GetAttributeAsync("href");
        await VisitAsync(section!, null, "section");
        await Assertions.Expect(page.Locator("#bids tbody tr").First).ToBeVisibleAsync();
        await Session.LogoutAsync();

        // 公管办: home, account security, groups, focus list, tracking notices, the random inspections.
        await Session.LoginAsync("/Groups", "gongguanban");
        await ShotAsync("投标团体", "groups");
        var group = await page.Locator("#groups tbody a[href^='/Groups/']").First.GetAttributeAsync("href");
        await VisitAsync(group!, "投标团体", "group");
        await VisitAsync("/Focus", "重点关注对象名单", "focus");
        await VisitAsync("/Focus/Tracking", "跟踪提示", "tracking");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("MANUAL-S1");
        await VisitAsync("/", "公共资源交易协同监管平台", "home");
        await VisitAsync("/Account", "账户安全", null);
        await VisitAsync("/Account/TwoFactor", "两步验证", "two-factor");
        await VisitAsync("/Sampling", "双随机、一公开", "sampling");
        var plan = await page.Locator("a[href^='/Sampling/Plans/Detail']").First.GetAttributeAsync("href");
        await VisitAsync(plan!, "双随机抽查", "plan");
        var draw = await page.Locator("a[href^='/Sampling/Draws/Detail']").First.GetAttributeAsync("href");
        await VisitAsync(draw!, "第一批", "draw");
        await Assertions.Expect(page.Locator("#public-input")).ToHaveTextAsync(PublicInput);
        await VisitAsync(draw!.Replace("/Detail", "/Print", StringComparison.Ordinal), "抽取记录", "draw-print");
        await VisitAsync("/Sampling/Results", "检查结果与公示", "results");
        await VisitAsync("/Sampling/Objects", "检查对象名录库", null);
        await VisitAsync("/Admin", "系统管理", null);
        await Session.LogoutAsync();

        // 司法局: the inspector pool.
        await Session.LoginAsync("/Sampling/Inspectors", "sifaju");
        await ShotAsync("执法人员名录库", "inspectors");
        await Session.LogoutAsync();

        // 三员分立: accounts and the calendar; roles and tokens; the audit trail.
        await Session.LoginAsync("/Admin", "sysadmin");
        await ShotAsync("系统管理", "admin");
        await VisitAsync("/Admin/Users", "账户管理", "users");
        await NoVisibleEmptyErrorAsync();
        await VisitAsync("/Admin/Calendar", "工作日日历", null);
        await Session.LogoutAsync();
        await Session.LoginAsync("/Admin/Roles", "secadmin");
        await ShotAsync("角色与权限", "roles");
        await VisitAsync("/Admin/Tokens", "接口令牌", "tokens");
        await NoVisibleEmptyErrorAsync();
        await Session.LogoutAsync();
        await Session.LoginAsync("/Admin/Audit", "auditadmin");
        await ShotAsync("审计日志", "audit");

    }

    /// <summary>
    /// A form's error summary without errors shows nothing: its placeholder item's inline style is blocked by the CSP,
    /// which used to leave a stray red bullet.
    /// </summary>
    private async Task NoVisibleEmptyErrorAsync() =>
        await Assertions.Expect(Session.Page.Locator(".errors li:visible")).ToHaveCountAsync(0);

    /// <summary>Opens a page and checks its status and heading (any heading when <paramref name="heading"/> is null).</summary>
    private async Task VisitAsync(string path, string? heading, string? shot)
    {
        var response = await Session.Page.GotoAsync(Session.BaseUrl + path);
        Assert.Equal(200, response?.Status);
        await ShotAsync(heading, shot);
    }

    /// <summary>Checks the heading of the page shown and saves it as <paramref name="shot"/>.png when asked to.</summary>
    private async Task ShotAsync(string? heading, string? shot)
    {
        var h1 = Session.Page.Locator("h1");
        if (heading is null)
        {
            await Assertions.Expect(h1).Not.ToBeEmptyAsync();
        }
        else
        {
            await Assertions.Expect(h1).ToContainTextAsync(heading);
        }

        if (shot is not null && ScreenshotDir is not null)
        {
            // Long lists are cut: the manual shows how a page looks, not all of its rows.
            var height = await Session.Page.EvaluateAsync<int>("document.documentElement.scrollHeight");
            await Session.Page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = Path.Combine(ScreenshotDir, shot + ".png"),
                FullPage = true,
                Clip = new Clip { X = 0, Y = 0, Width = 1280, Height = Math.Min(height, MaxShotHeight) },
            });
        }
    }

    /// <summary>
    /// An approved plan of the office with one drawn batch and one published result, made through the same service
    /// as the pages (the sampling journey drives those steps in the browser).
    /// </summary>
    internal static async Task SeedDrawAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<JianguanDbContext>();
        var audit = services.GetRequiredService<AuditTrail>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var today = ChinaTime.DateOf(now);
        var office = new AuditActor(null, "gongguanban", Roles.OfficeAdmin, "127.0.0.1");
        var department = DemoCity.SupervisingDepartments[0];
        string[] names = ["王海", "李敏", "陈立", "林芳", "吴强", "黄静"];
        for (var i = 0; i < names.Length; i++)
        {
            db.Inspectors.Add(new Inspector
            {
                Code = $"ZF{i + 1:D3}",
                Name = names[i],
                Department = i < 3 ? department : "联合检查组",
                CertificateNumber = $"琼执 4601{i + 1:D4}",
                CertificateValidUntil = new DateOnly(2029, 12, 31),
                Specialties = "工程建设项目招标投标",
                UpdatedAt = now,
            });
        }

        await db.SaveChangesAsync();
        await SamplingService.RefreshObjectsAsync(db, audit, office, now);
        var plan = await SamplingService.CreatePlanAsync(db, audit, office,
            new SamplingPlan
            {
                Year = today.Year,
                Title = $"{today.Year} 年度工程建设领域双随机抽查",
                Scope = "房屋建筑和市政工程招标投标活动",
                Departments = department,
                CreatedAt = now,
                CreatedBy = office.UserName,
            },
            new SamplingBatch
            {
                Name = "第一批",
                Month = today.Month,
                RatioHigh = 0.1m,
                RatioMediumHigh = 0.05m,
                RatioMedium = 0.01m,
                RatioLow = 0.005m,
                FilterDepartments = department,
                JointDepartments = "联合检查组",
            });
        await SamplingService.ApprovePlanAsync(db, audit, office, plan.Id, $"联席〔{today.Year}〕1号", today);
        var draw = await SamplingService.CommitAsync(db, audit, office, plan.Batches[0].Id, now);
        await SamplingService.ExecuteAsync(db, audit, office, draw.Id, PublicInput, now);
        var assignment = await db.SamplingAssignments.Where(a => a.DrawId == draw.Id && a.Status == Selection.Assigned)
            .OrderBy(a => a.Order).FirstAsync();
        var calendar = await services.GetRequiredService<CalendarService>().GetAsync();
        await SamplingService.RecordResultAsync(db, audit, office, assignment.Id,
            new SamplingService.InspectionInput("书面检查", "未按规定公示中标候选人", InspectionResults.Problem, null, today, false, null, true),
            calendar, now);
    }

    /// <summary>
    /// Last night's openings as the trading center would upload them: a new section in which a firm of the focus
    /// list bids (so a tracking notice follows), and one row with an unreadable price (so the error list shows).
    /// </summary>
    internal static async Task<string> OpeningsCsvAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<JianguanDbContext>();
        var focus = await db.Set<FocusEntry>().AsNoTracking().Where(f => f.Active).OrderBy(f => f.Id)
            .Select(f => new { f.Entity!.Name, f.Entity.CreditCode }).FirstAsync();
        var today = ChinaTime.Today(services.GetRequiredService<TimeProvider>());
        var open = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 09:30";
        var section = $"MANUAL-P1,美兰区道路提升工程,施工,{DemoCity.SupervisingDepartments[0]},MANUAL-S1,第一标段,3000000,{open}";
        var header = string.Join(',', TradingFields.ProjectCode, TradingFields.ProjectName, TradingFields.ProjectType, TradingFields.SuperviseDeptName,
            TradingFields.SectionCode, TradingFields.SectionName, TradingFields.ControlPrice, TradingFields.BidOpenTime, TradingFields.BidderName,
            TradingFields.BidderOrgCode, TradingFields.BidPrice);
        return header + "\n"
            + $"{section},{focus.Name},{focus.CreditCode},2890000\n"
            + $"{section},海南椰城市政工程有限公司,,2935000\n"
            + $"{section},海南南渡江建设工程有限公司,,二百九十万\n";
    }
}
