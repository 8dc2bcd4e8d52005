using Jianguan.Data;
using Jianguan.Features.Sampling;
using Jianguan.Features.Trading;
using Jianguan.Platform.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Jianguan.BrowserTests;

/// <summary>
/// The office runs a random draw in Chromium: refresh the object pool, create and approve a plan, publish the
/// commitment, type the public numbers, see the assignments. An inspector signs in with their own account, records
/// the result of their assignment (a refused save keeps the typed findings), corrects it with a reason and sees the
/// earlier version in the history; the office publishes it and it is on the public page.
/// </summary>
public sealed class SamplingJourneyTests : BrowserJourneyTest
{
    protected override JourneyUser User { get; } = new("office-admin", "公管办管理员", Roles.OfficeAdmin);

    protected override async Task SeedAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<JianguanDbContext>();
        for (var i = 1; i <= 3; i++)
        {
            var entity = new MarketEntity { Key = $"JOURNEY-E{i}", Name = $"海南旅程{i}建设有限公司" };
            var project = new TradingProject { Code = $"JOURNEY-P{i}", Name = $"滨海大道{i}期", Category = TradingCategory.Construction, SupervisingDepartment = "住建局" };
            var section = new Section { Code = "01", Name = "施工", Winner = entity };
            section.Bids.Add(new Bid { Bidder = entity, Price = 1000m });
            project.Sections.Add(section);
            db.Projects.Add(project);
        }

        for (var i = 1; i <= 4; i++)
        {
            db.Inspectors.Add(new Inspector
            {
                Code = $"ZF{i:D3}",
                Name = $"执法员{i}",
                Department = i <= 3 ? "住建局" : "联合检查组",
                Specialties = "工程建设项目招标投标",
                CertificateValidUntil = new DateOnly(2099, 12, 31),
            });
        }

        await db.SaveChangesAsync();

        // 执法员1 signs in with an account of their own, linked to their pool entry.
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(Roles.Enforcement))
        {
            await roles.CreateAsync(new IdentityRole(Roles.Enforcement));
        }

        var users = services.GetRequiredService<UserManager<AppUser>>();
        var inspector = new AppUser { UserName = Inspector, DisplayName = "执法员一号" };
        Assert.True((await users.CreateAsync(inspector, JourneyUser.Password)).Succeeded);
        await users.AddToRoleAsync(inspector, Roles.Enforcement);
        (await db.Inspectors.SingleAsync(i => i.Code == "ZF001")).UserId = inspector.Id;
        await db.SaveChangesAsync();
    }

    private const string Inspector = "zf-inspector";

    [Fact]
    public async Task Office_RunsDrawWithPublicInput_RecordsResult_SeesItPublished()
    {
        var page = Session.Page;
        await Session.LoginAsync("/Sampling/Objects");
        await page.GetByRole(AriaRole.Button, new() { Name = "从交易数据更新" }).ClickAsync();
        await Assertions.Expect(page.Locator("#objects-message")).ToContainTextAsync("新增 6 个");

        await page.GotoAsync(Session.BaseUrl + "/Sampling/Plans/Create");
        await page.GetByLabel("计划名称").FillAsync("2026 年度工程建设领域双随机抽查");
        await page.GetByLabel("低风险比例（%）").FillAsync("100");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存计划" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("2026 年度工程建设领域双随机抽查");
        await page.GetByLabel("联席会议纪要编号").FillAsync("联席〔2026〕1号");
        await page.GetByRole(AriaRole.Button, new() { Name = "记录批准" }).ClickAsync();
        await Assertions.Expect(page.Locator("#approval")).ToContainTextAsync("联席〔2026〕1号");

        await page.GetByRole(AriaRole.Button, new() { Name = "公布承诺，准备抽取" }).ClickAsync();
        await Assertions.Expect(page.Locator("#draw-status")).ToHaveTextAsync("已公布承诺，等待现场抽取");
        var commitment = await page.Locator("#commitment-value").InnerTextAsync();
        Assert.Equal(64, commitment.Trim().Length);
        await Session.ScreenshotAsync("draw-commitment");

        await page.GetByLabel("公开随机输入").FillAsync("03 17 29 41");
        await page.GetByRole(AriaRole.Button, new() { Name = "开始抽取" }).ClickAsync();
        await Assertions.Expect(page.Locator("#draw-status")).ToHaveTextAsync("已抽取");
        await Assertions.Expect(page.Locator("#public-input")).ToHaveTextAsync("03 17 29 41");
        await Assertions.Expect(page.Locator("#assignments tbody tr")).ToHaveCountAsync(6);
        await Assertions.Expect(page.Locator("#assignments td.inspectors").First).ToContainTextAsync("执法员");
        await Session.ScreenshotAsync("draw-result");

        var drawPath = new Uri(page.Url).PathAndQuery;

        // The inspector signs in and opens the assignment that names them.
        await Session.LogoutAsync();
        await Session.LoginAsync(drawPath, Inspector);
        var mine = page.Locator("#assignments tbody tr").Filter(new() { HasText = "执法员1" }).First;
        var objectName = (await mine.Locator("td").Nth(1).InnerTextAsync()).Split('\n')[0].Trim();
        await mine.GetByRole(AriaRole.Link, new() { Name = "登记结果" }).ClickAsync();
        await page.GetByLabel("检查方式").SelectOptionAsync("书面检查");
        await page.GetByLabel("检查结果").SelectOptionAsync("发现问题");
        await page.GetByLabel("检查情况与发现的问题").FillAsync("未按规定公示中标候选人");
        await page.GetByLabel("完成日期").FillAsync("2099-01-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("p.errors")).ToContainTextAsync("完成日期：不能晚于今天");
        await Assertions.Expect(page.GetByLabel("检查情况与发现的问题")).ToHaveValueAsync("未按规定公示中标候选人");
        await Assertions.Expect(page.GetByLabel("检查结果")).ToHaveValueAsync("发现问题");
        await Session.ScreenshotAsync("result-error-keeps-input");

        var today = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await page.GetByLabel("完成日期").FillAsync(today);
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#assignments")).ToContainTextAsync("发现问题");

        // A correction needs a reason; the earlier version is listed with who recorded it.
        await page.Locator("#assignments tbody tr").Filter(new() { HasText = objectName }).First.GetByRole(AriaRole.Link, new() { Name = "登记结果" }).ClickAsync();
        await page.GetByLabel("检查情况与发现的问题").FillAsync("未按规定公示中标候选人，已责令改正");
        await page.GetByLabel("更正理由").FillAsync("补充处理情况");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存更正" }).ClickAsync();
        await Assertions.Expect(page.Locator("#assignments")).ToContainTextAsync("发现问题");
        await page.Locator("#assignments tbody tr").Filter(new() { HasText = objectName }).First.GetByRole(AriaRole.Link, new() { Name = "登记结果" }).ClickAsync();
        await Assertions.Expect(page.Locator("#revisions")).ToContainTextAsync("补充处理情况");
        await Assertions.Expect(page.Locator("#revisions")).ToContainTextAsync("执法员一号");
        await Assertions.Expect(page.Locator("#revisions")).ToContainTextAsync("未按规定公示中标候选人");
        await Session.ScreenshotAsync("result-correction-history");

        // The office publishes it.
        await Session.LogoutAsync();
        await Session.LoginAsync("/Sampling/Results");
        await page.GetByRole(AriaRole.Button, new() { Name = "公示", Exact = true }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "公示", Exact = true })).ToHaveCountAsync(0);
        await page.GotoAsync(Session.BaseUrl + drawPath);

        await page.GetByRole(AriaRole.Link, new() { Name = "打印抽取记录" }).ClickAsync();
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await Assertions.Expect(page.Locator(".main-nav")).ToBeHiddenAsync();
        await Session.ScreenshotAsync("draw-print");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });

        var anonymous = await Session.Browser.NewPageAsync();
        await anonymous.GotoAsync(Session.BaseUrl + "/Public/Inspections");
        await Assertions.Expect(anonymous.Locator("#public-results")).ToContainTextAsync("未按规定公示中标候选人，已责令改正");
        await Assertions.Expect(anonymous.Locator("#public-results")).ToContainTextAsync("书面检查");
        Assert.Empty(Session.ConsoleErrors);
    }

}
