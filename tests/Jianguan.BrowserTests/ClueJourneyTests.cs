using System.Text;
using Jianguan.Analytics.Input;
using Jianguan.Data;
using Jianguan.Features.Trading.Import;
using Jianguan.Features.Warnings;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Jianguan.BrowserTests;

/// <summary>
/// An officer of the supervision office converts a red alert into a clue, verifies and concludes it and refers it to
/// discipline inspection with a reply deadline; the 纪检监察 officer signs the receipt, the sender sees it signed; the
/// 纪检监察 officer then finds every tender of a firm over the last three years with one search, and the search is on
/// the audit trail.
/// </summary>
public sealed class ClueJourneyTests : BrowserJourneyTest
{
    private const string Jijian = "jijian-officer";

    protected override JourneyUser User { get; } = new("office-officer", "公管办监管员", Roles.OfficeAdmin);

    protected override async Task SeedAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<JianguanDbContext>();
        var office = new Organisation { Code = "gongguanban", Name = "海口市公共资源交易管理委员会办公室", Kind = OrgKind.Lead };
        var jiwei = new Organisation { Code = "jiwei", Name = "海口市纪委监委", Kind = OrgKind.Discipline };
        db.Organisations.AddRange(office, jiwei);
        await db.SaveChangesAsync();
        await db.Users.Where(u => u.UserName == User.UserName).ExecuteUpdateAsync(s => s.SetProperty(u => u.OrganisationId, office.Id));
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        await roles.CreateAsync(new IdentityRole(Roles.Discipline));
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var officer = new AppUser { UserName = Jijian, DisplayName = "纪检监察员", OrganisationId = jiwei.Id };
        Assert.True((await users.CreateAsync(officer, JourneyUser.Password)).Succeeded);
        await users.AddToRoleAsync(officer, Roles.Discipline);

        var csv = Path.Combine(Path.GetTempPath(), $"jianguan-clue-journey-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, MarketCsv(), new UTF8Encoding(false));
        try
        {
            var summary = await TradingImporter.ImportAsync(db, [new ImportSource("market.csv", csv)], new ImportOptions());
            Assert.Empty(summary.Errors);
            await services.GetRequiredService<AlertAnalysis>().AfterImportAsync(db, summary.SectionIds, AuditActor.System);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task AlertToClue_ReferredToDiscipline_SignedAndSeenBySender_ThenFirmSearchAudited()
    {
        var page = Session.Page;
        await Session.LoginAsync("/Alerts");

        // Alert → clue.
        await page.Locator("#alerts").GetByRole(AriaRole.Link, new() { Name = "不同投标人投标文件创建标识码相同" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "开始核查" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "转为线索" }).ClickAsync();
        await Assertions.Expect(page.Locator("#clue-number")).ToContainTextAsync("XS-");
        var number = (await page.Locator("#clue-number").InnerTextAsync()).Trim();

        // The clue register → the clue: verify, conclude, refer to discipline inspection.
        await page.GotoAsync(Session.BaseUrl + "/Clues");
        await Assertions.Expect(page.Locator("#clue-total")).ToHaveTextAsync("1");
        await page.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await Assertions.Expect(page.Locator("#clue-state")).ToHaveTextAsync("已登记");
        await page.GetByRole(AriaRole.Button, new() { Name = "开始联合核查" }).ClickAsync();
        await Assertions.Expect(page.Locator("#clue-state")).ToHaveTextAsync("联合核查中");
        await page.GetByLabel("核查结论或理由").FillAsync("两家投标文件由同一台电脑制作，涉嫌公职人员干预");
        await page.GetByRole(AriaRole.Button, new() { Name = "形成核查结论" }).ClickAsync();
        await Assertions.Expect(page.Locator("#clue-state")).ToHaveTextAsync("已形成结论");
        await page.Locator("#kind").SelectOptionAsync("Discipline");
        await page.Locator("#due-days").FillAsync("10");
        await page.GetByLabel("移送说明").FillAsync("请依纪依法处理并于期限内答复");
        await page.GetByRole(AriaRole.Button, new() { Name = "移送", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#clue-state")).ToHaveTextAsync("已移送");
        await Assertions.Expect(page.Locator("#referrals .referral-state")).ToHaveTextAsync("待签收");
        await Assertions.Expect(page.Locator("#referrals")).ToContainTextAsync("剩 10 个工作日");
        await Assertions.Expect(page.Locator("#history tbody tr")).ToHaveCountAsync(4);
        await Session.ScreenshotAsync("clue-referred");
        await Session.LogoutAsync();

        // The 纪检监察 officer signs the receipt.
        await Session.LoginAsync("/Referrals", Jijian);
        await Assertions.Expect(page.Locator("#referral-list .referral-state")).ToHaveTextAsync("待签收");
        await page.GetByRole(AriaRole.Button, new() { Name = "签收" }).ClickAsync();
        await Assertions.Expect(page.Locator("#referral-list .referral-state")).ToHaveTextAsync("已签收");
        await Assertions.Expect(page.Locator("#referral-list .referral-receipt")).ToContainTextAsync("纪检监察员");
        await Session.ScreenshotAsync("referral-signed");

        // One search in the header box finds the firm; its page lists every tender of the last three years.
        await page.Locator("#header-search input[name=q]").FillAsync("海南甲建设");
        await page.Locator("#header-search input[name=q]").PressAsync("Enter");
        await page.WaitForURLAsync("**/Firms?q=*");
        await page.GetByRole(AriaRole.Link, new() { Name = "海南甲建设工程有限公司" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("海南甲建设工程有限公司");
        await Assertions.Expect(page.Locator("#firm-tenders tbody tr")).ToHaveCountAsync(1);
        await Session.ScreenshotAsync("oversight-firm");
        await Session.LogoutAsync();

        // The sender sees the receipt.
        await Session.LoginAsync("/Referrals?box=sent");
        await Assertions.Expect(page.Locator("#referral-list .referral-state")).ToHaveTextAsync("已签收");
        await Assertions.Expect(page.Locator("#referral-list .referral-receipt")).ToContainTextAsync("纪检监察员");
        Assert.Empty(Session.ConsoleErrors);

        await using var scope = Session.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        var actions = await db.AuditEntries.Where(e => e.UserName == Jijian).Select(e => new { e.Action, e.Detail }).ToListAsync();
        Assert.Contains(actions, e => e.Action == "firm.search" && e.Detail.Contains("海南甲建设", StringComparison.Ordinal));
        Assert.Contains(actions, e => e.Action == "firm.view");
        Assert.Contains(actions, e => e.Action == "referral.receive");
    }

    private static string MarketCsv()
    {
        var header = string.Join(',', TradingFields.ProjectCode, TradingFields.ProjectName, TradingFields.ProjectType, TradingFields.SuperviseDeptName,
            TradingFields.SectionCode, TradingFields.SectionName, TradingFields.ControlPrice, TradingFields.BidOpenTime, TradingFields.BidderName,
            TradingFields.BidPrice, TradingFields.FileCreationCode, TradingFields.MacAddress);
        var opened = DateTime.UtcNow.AddMonths(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + " 09:30";
        return header + "\n"
            + $"CJ-P1,滨海大道改造工程,施工,海口市住房和城乡建设局,CJ-S1,第一标段,1000000,{opened},海南甲建设工程有限公司,950000,FC-7C743C5A3596,00-1A-2B-3C-4D-5E\n"
            + $"CJ-P1,滨海大道改造工程,施工,海口市住房和城乡建设局,CJ-S1,第一标段,1000000,{opened},海南乙建设工程有限公司,962000.5,fc-7c743c5a3596,AA-BB-CC-DD-EE-01\n"
            + $"CJ-P1,滨海大道改造工程,施工,海口市住房和城乡建设局,CJ-S1,第一标段,1000000,{opened},海南丙建设工程有限公司,981000,FC-OTHER-1,AA-BB-CC-DD-EE-02\n";
    }
}
