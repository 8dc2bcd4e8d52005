using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Jianguan.Data;
using Jianguan.Features.Demo;
using Jianguan.Features.Sampling;
using Jianguan.Features.Sampling.Draw;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Auth;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Jianguan.BrowserTests;

/// <summary>
/// The demo city of `serve --demo` with a drawn plan and a published result, shared by the role journeys: seeding it
/// takes a while, and the journeys only read it (each signs in and out with its role's demo account).
/// </summary>
public sealed class DemoCityFixture : IAsyncLifetime
{
    public BrowserSession Session { get; private set; } = null!;

    /// <summary>Last night's openings as the trading center would upload them (one unreadable price).</summary>
    public string Upload { get; private set; } = "";

    public async Task InitializeAsync() =>
        Session = await BrowserSession.StartAsync(new JourneyUser("role-tour", "角色", Roles.OfficeAdmin), async services =>
        {
            await DemoSeeder.SeedAsync(services, TextWriter.Null);
            var users = services.GetRequiredService<UserManager<AppUser>>();
            foreach (var userName in DemoCity.AccountPlan.Select(a => a.UserName).Concat(DemoInspectors.AccountPlan.Select(a => a.UserName)))
            {
                var account = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException(userName);
                var token = await users.GeneratePasswordResetTokenAsync(account);
                Assert.True((await users.ResetPasswordAsync(account, token, JourneyUser.Password)).Succeeded);
            }

            Assert.True((await users.DeleteAsync((await users.FindByNameAsync("role-tour"))!)).Succeeded);
            await ManualTourTests.SeedDrawAsync(services);
            await GiveInspectorATaskAsync(services);
            Upload = await ManualTourTests.OpeningsCsvAsync(services);
        });

    /// <summary>
    /// The inspector journey signs in as zhujianju-zf1. The draw is random, so when none of its open assignments names
    /// that account's inspector, the account is linked to an inspector who has one, as the justice bureau links
    /// accounts on the inspector pool.
    /// </summary>
    private static async Task GiveInspectorATaskAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<JianguanDbContext>();
        var userId = (await db.Users.SingleAsync(u => u.UserName == "zhujianju-zf1")).Id;
        var mine = await db.Inspectors.Where(i => i.UserId == userId).Select(i => i.Code).SingleAsync();
        var open = await db.SamplingAssignments.Where(a => a.Status == Selection.Assigned && a.CompletedOn == null && a.Inspectors != "")
            .OrderBy(a => a.Order).Select(a => a.Inspectors).ToListAsync();
        if (open.Any(i => SamplingService.SplitList(i).Contains(mine)))
        {
            return;
        }

        var codes = open.SelectMany(SamplingService.SplitList).ToList();
        var target = await db.Inspectors.Where(i => codes.Contains(i.Code) && i.UserId == null).OrderBy(i => i.Code).FirstAsync();
        var audit = services.GetRequiredService<AuditTrail>();
        var justice = new AuditActor(null, "sifaju", Roles.Justice, "127.0.0.1");
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var current = await db.Inspectors.SingleAsync(i => i.Code == mine);
        await InspectorAccounts.LinkAsync(db, audit, justice, current.Id, null, true, now, default);
        await db.SaveChangesAsync();
        await InspectorAccounts.LinkAsync(db, audit, justice, target.Id, "zhujianju-zf1", false, now, default);
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await Session.DisposeAsync();
}

/// <summary>
/// One journey per role of JOURNEYS.md (issue 12, "done when"), each with its demo account: every step's page must
/// answer with its heading and show no English word outside <see cref="AllowedWords"/> and no raw rule, permission or
/// role code. With JIANGUAN_SCREENSHOTS set to a directory (docs/zh-CN/screenshots for the user guides), each step is
/// saved there as <c>role-step.png</c> at 1280×800.
/// </summary>
public sealed partial class RoleJourneyTests(DemoCityFixture city) : IClassFixture<DemoCityFixture>
{
    /// <summary>
    /// English a user may meet in a Chinese page: file formats, brand and standard names, technical terms that have
    /// no usual Chinese form (MAC address, IP, HHI), the draw algorithm's published name, and (as single letters) credit grades.
    /// </summary>
    public static readonly IReadOnlySet<string> AllowedWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "API", "ID", "IDs", "OCDS", "XLSX", "CSV", "DOCX", "PDF", "SM3", "SM4", "MAC", "CPU", "IP", "CA", "URL", "HTTPS", "JSON",
        "jianguan-draw", "JSONL", "MB", "KB", "Excel", "Word", "WPS", "TOTP", "Google", "Microsoft", "Authenticator", "Chromium", "Chrome", "Edge", "Firefox",
        // The market-concentration index's standard name (Herfindahl-Hirschman), as on the analysis pages.
        "HHI",
    };

    /// <summary>The demo city's account names.</summary>
    private static readonly HashSet<string> AccountNames =
        DemoCity.AccountPlan.Select(a => a.UserName).Concat(DemoInspectors.AccountPlan.Select(a => a.UserName)).ToHashSet(StringComparer.Ordinal);

    private BrowserSession Session => city.Session;

    private IPage Page => city.Session.Page;

    [Fact]
    public async Task DataOfficer_UploadsOpenings_ReadsReceipt()
    {
        await WalkAsync("jiaoyizhongxin", "data-officer", async step =>
        {
            await step("/Trading/Import", "交易数据导入", "import");
            await Page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
            {
                Name = "开标数据.csv",
                MimeType = "text/csv",
                Buffer = new UTF8Encoding(false).GetBytes(city.Upload),
            });
            await Page.GetByLabel("部分导入").CheckAsync();
            await Page.GetByRole(AriaRole.Button, new() { Name = "导入", Exact = true }).ClickAsync();
            await Assertions.Expect(Page.Locator("#import-errors tbody tr")).ToHaveCountAsync(1);
            await CheckAsync("交易数据导入", "data-officer-receipt");
            await step("/Trading/Sections", "标段（包）", "sections");
        });
    }

    [Fact]
    public async Task SectorSupervisor_ReadsRedAlerts_AndWhy()
    {
        await WalkAsync("zhujianju", "supervisor", async step =>
        {
            await step("/Alerts?level=red", "预警", "alerts");
            await Assertions.Expect(Page.Locator("#alert-trend svg rect.seg").First).ToBeVisibleAsync();
            var alert = await Page.Locator("#alerts tbody a[href^='/Alerts/']").First.GetAttributeAsync("href");
            await step(alert!, null, "alert");
            await Assertions.Expect(Page.Locator("#why")).ToBeVisibleAsync();
            var section = await Page.Locator("a[href^='/Trading/Sections/']").First.GetAttributeAsync("href");
            await step(section!, null, "section");
            await step("/Groups", "投标团体", "groups");
            var group = await Page.Locator("#groups tbody a[href^='/Groups/']").First.GetAttributeAsync("href");
            await step(group!, "投标团体", "group");
        });
    }

    [Fact]
    public async Task OfficeLeader_MondayOverview()
    {
        await WalkAsync("gongguanban", "leader", async step =>
        {
            await step("/", "公共资源交易协同监管平台", "home");
            await step("/Alerts", "预警", "alerts");
            await Assertions.Expect(Page.Locator("#alert-rules")).ToBeVisibleAsync();
            await step("/Reports/Monthly", "月度报告", "monthly");
            await step("/Sampling/Results", "检查结果与公示", "results");
            await Assertions.Expect(Page.Locator("#grade-chart")).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task JusticeClerk_InspectorPool()
    {
        await WalkAsync("sifaju", "justice", async step =>
        {
            await step("/Sampling/Inspectors", "执法人员名录库", "inspectors");
        });
    }

    [Fact]
    public async Task Office_RandomDraw_InPublic()
    {
        await WalkAsync("gongguanban", "draw", async step =>
        {
            await step("/Sampling", "双随机、一公开", "sampling");
            var plan = await Page.Locator("a[href^='/Sampling/Plans/Detail']").First.GetAttributeAsync("href");
            await step(plan!, "双随机抽查", "plan");
            var draw = await Page.Locator("a[href^='/Sampling/Draws/Detail']").First.GetAttributeAsync("href");
            await step(draw!, "第一批", "draw");
            await step(draw!.Replace("/Detail", "/Print", StringComparison.Ordinal), "抽取记录", "print");
        });
    }

    [Fact]
    public async Task Inspector_RecordsResultOfAssignedInspection()
    {
        await WalkAsync("zhujianju-zf1", "inspector", async step =>
        {
            await step("/Sampling", "双随机、一公开", "sampling");
            var task = Page.Locator("#mine tbody tr").Filter(new() { HasText = "未登记" }).First;
            var objectName = (await task.Locator("td").Nth(1).InnerTextAsync()).Trim();
            await task.GetByRole(AriaRole.Link, new() { Name = "登记结果" }).ClickAsync();
            await CheckAsync(objectName, "inspector-assignment");
            await Page.GetByLabel("检查方式").SelectOptionAsync("网络监测");
            await Page.GetByLabel("检查结果").SelectOptionAsync("未发现问题");
            await Page.GetByLabel("检查情况与发现的问题").FillAsync("核查开标记录和投标文件，未发现异常。");
            await Page.GetByLabel("完成日期").FillAsync(ChinaTime.Today(TimeProvider.System).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await CheckAsync(objectName, "inspector-result-form");
            await Page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
            await Assertions.Expect(Page.Locator("#assignments tbody tr").Filter(new() { HasText = objectName }).First).ToContainTextAsync("未发现问题");
            await CheckAsync(null, "inspector-saved");
            await step("/Sampling", "双随机、一公开", "sampling-done");
            await Assertions.Expect(Page.Locator("#mine tbody tr").Filter(new() { HasText = objectName }).First).ToContainTextAsync("未发现问题");
            await step("/Sampling/Results", "检查结果与公示", "results");
        });
    }

    [Fact]
    public async Task Complainant_FilesComplaint_FollowsItByReceiptCode()
    {
        await EnsureSignedOutAsync();
        await StepAsync("/Public/Channels", null, "public-channels");
        await StepAsync("/Public/Complaints/New", "提交异议、投诉或举报", "public-complaint");
        await Page.GetByLabel("类别").SelectOptionAsync(new SelectOptionValue { Label = "投诉" });
        await Page.GetByLabel("适用程序").SelectOptionAsync(new SelectOptionValue { Label = "工程建设" });
        await Page.GetByLabel("受理部门").SelectOptionAsync(new SelectOptionValue { Label = "海口市住房和城乡建设局" });
        await Page.GetByLabel("事项标题").FillAsync("评标委员会未按评标办法评审");
        await Page.GetByLabel("事实和理由").FillAsync("第二名的技术分明显偏高，请核查评标过程。");
        await Page.GetByLabel("姓名或名称").FillAsync("公众甲");
        await Page.GetByLabel("联系电话").FillAsync("13900002222");
        await Page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#receipt-code")).ToHaveTextAsync(new Regex("^[A-Z2-9]{16}$"));
        var code = (await Page.Locator("#receipt-code").InnerTextAsync()).Trim();
        await CheckAsync(null, "public-receipt");
        await StepAsync("/Public/Complaints/Track", null, "public-track");
        await Page.GetByLabel("查询码").FillAsync(code);
        await Page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#track-state")).ToHaveTextAsync("已收到待受理");
        await CheckAsync(null, "public-track-result");
    }

    [Fact]
    public async Task Public_ReadsInspectionResults_Blacklist_Penalties_PowerList()
    {
        await EnsureSignedOutAsync();
        await StepAsync("/Public/Inspections", "抽查结果", "public-inspections");
        await Page.GetByLabel("检查结果").SelectOptionAsync("发现问题");
        await Page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#public-results")).ToContainTextAsync("未按规定公示中标候选人");
        await Assertions.Expect(Page.Locator("#public-results tbody tr td:nth-child(5)")).ToHaveTextAsync(new Regex("^发现问题$"));
        await CheckAsync("抽查结果", "public-inspections-problems");
        await StepAsync("/Public/Blacklist", "失信主体名单", "public-blacklist");
        await StepAsync("/Public/Penalties", "行政处罚决定", "public-penalties");
        await StepAsync("/Public/PowerList", null, "public-powerlist");
    }

    [Fact]
    public async Task MemberLiaison_UpdatesDirectory_ReadsPenaltyCopy_RequestsInformation()
    {
        await WalkAsync("zhujianju", "liaison", async step =>
        {
            await step("/Directory", "联络通讯录", "directory");
            var form = Page.Locator("#report-form");
            await form.GetByLabel("职责").SelectOptionAsync(new SelectOptionValue { Label = "联络员" });
            await form.GetByLabel("调整生效日期").FillAsync(ChinaTime.Today(TimeProvider.System).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await form.GetByLabel("姓名").FillAsync("周联络");
            await form.GetByLabel("职务").FillAsync("科员");
            await form.GetByLabel("办公电话").FillAsync("0898-66668888");
            await form.GetByLabel("手机").FillAsync("13800138000");
            await form.GetByLabel("电子邮箱").FillAsync("zhou@example.cn");
            await CheckAsync("联络通讯录", "liaison-report");
            await form.GetByRole(AriaRole.Button, new() { Name = "报送" }).ClickAsync();
            await Assertions.Expect(Page.Locator("#directory tbody tr").Filter(new() { HasText = "周联络" })).ToHaveCountAsync(1);
            await Assertions.Expect(Page.Locator("#directory-error")).ToHaveCountAsync(0);
            await CheckAsync("联络通讯录", "liaison-directory-updated");

            // A published penalty decision is copied to every member unit: opening it is reading the copy.
            await step("/Penalties", "处罚决定", "penalties");
            var penalty = await Page.Locator("#penalties tbody tr").Filter(new() { HasText = "已公开" }).First
                .Locator("a[href^='/Penalties/']").First.GetAttributeAsync("href");
            await step(penalty!, null, "penalty");
            await Assertions.Expect(Page.Locator("#receipts tbody tr").Filter(new() { HasText = "海口市住房和城乡建设局" }).Locator(".receipt-reads"))
                .ToContainTextAsync("住建局监管员");

            await step("/Penalties/Requests", "非公开信息共享申请", "requests");
            var request = Page.Locator("#request-form");
            await request.GetByLabel("信息所属单位").SelectOptionAsync(new SelectOptionValue { Label = "海口市公共资源交易中心" });
            await request.GetByLabel("申请的信息").FillAsync("某标段投标文件的制作机器码");
            await request.GetByLabel("用途").FillAsync("核查串通投标线索");
            await request.GetByRole(AriaRole.Button, new() { Name = "提交申请" }).ClickAsync();
            await Assertions.Expect(Page.Locator("#requests tbody tr").Filter(new() { HasText = "某标段投标文件的制作机器码" }).Locator(".request-state"))
                .ToHaveTextAsync("待审批");
            await CheckAsync("非公开信息共享申请", "liaison-request-sent");
        });
    }

    [Fact]
    public async Task CityGovernment_ReceivesAnnualAndAccountabilityReports()
    {
        // The city government's own read-only account (ADR-022): the overview's figures without the sections behind
        // them, the two reports as documents, and no other page.
        await WalkAsync("shizhengfu", "city", async step =>
        {
            await step("/Analysis", "监管大数据分析", "overview");
            await Assertions.Expect(Page.Locator("#overview-figures .card")).Not.ToHaveCountAsync(0);
            await Assertions.Expect(Page.Locator("main a[href^='/Analysis/'], main a[href^='/Trading/']")).ToHaveCountAsync(0);
            await step("/Reports/City", "报送市政府的报告", "reports");
            var annual = await DocumentTextAsync(Page.Locator("#annual-docx"));
            Assert.Contains("协同监管工作报告", annual, StringComparison.Ordinal);
            var accountability = await DocumentTextAsync(Page.Locator("#accountability-docx"));
            Assert.Contains("处理建议", accountability, StringComparison.Ordinal);
            foreach (var refused in new[] { "/Analysis/Prices", "/Accountability", "/Meetings/AnnualReport", "/Trading/Sections", "/Complaints" })
            {
                await Page.GotoAsync(Session.BaseUrl + refused);
                Assert.StartsWith("/Account/Denied", new Uri(Page.Url).AbsolutePath, StringComparison.Ordinal);
            }
        });
    }

    [Fact]
    public async Task ComplaintHandler_Register()
    {
        await WalkAsync("zhujianju-leader", "complaints", async step =>
        {
            await step("/Complaints", "投诉举报登记", "list");
            await step("/Complaints/New", null, "new");
        });
    }

    [Fact]
    public async Task DisciplineOfficer_LooksUpFirm_ReadsClues()
    {
        await WalkAsync("jijian", "discipline", async step =>
        {
            var firm = await FirstFirmNameAsync();
            await step("/Firms?q=" + Uri.EscapeDataString(firm), "单位查询", "search");
            var href = await Page.Locator("main a[href^='/Firms/']").First.GetAttributeAsync("href");
            await step(href!, null, "firm");
            await Assertions.Expect(Page.Locator("#timeline")).ToBeVisibleAsync();
            await step("/Clues", "问题线索", "clues");
        });
    }

    [Fact]
    public async Task AuditAdministrator_AuditTrail()
    {
        await WalkAsync("auditadmin", "audit-admin", async step =>
        {
            await step("/Admin/Audit", "审计日志", "audit");
        });
    }

    [Fact]
    public void EnglishCheck_FlagsCodesAndWords_AllowsBrandsAndDataCodes()
    {
        Assert.Equal(["link.cross_section", "alerts-read", "Pending"], Offending("规则 link.cross_section，权限 alerts-read，状态 Pending"));
        Assert.Empty(Offending("导出 XLSX，OCDS 标准，标段 HK-2026-0012，信用代码 91460100MA5T1234X，等级 A，MAC 地址"));
    }

    /// <summary>Signs in as <paramref name="userName"/>, runs the steps (shots named <c>role-step</c>), signs out.</summary>
    private async Task WalkAsync(string userName, string role, Func<Func<string, string?, string, Task>, Task> steps)
    {
        await Page.SetViewportSizeAsync(1280, 800);
        await EnsureSignedOutAsync();

        await Session.LoginAsync("/Account", userName);
        try
        {
            await steps((path, heading, step) => StepAsync(path, heading, role + "-" + step));
        }
        finally
        {
            await Session.LogoutAsync();
        }
    }

    private async Task StepAsync(string path, string? heading, string shot)
    {
        await Page.SetViewportSizeAsync(1280, 800);
        var response = await Page.GotoAsync(Session.BaseUrl + path);
        Assert.True(response?.Status == 200, $"{path}: {response?.Status}");
        await CheckAsync(heading, shot);
    }

    /// <summary>Checks the heading and the words of the page shown, then saves it when screenshots are asked for.</summary>
    private async Task CheckAsync(string? heading, string shot)
    {
        var h1 = Page.Locator("h1");
        if (heading is null)
        {
            await Assertions.Expect(h1.First).Not.ToBeEmptyAsync();
        }
        else
        {
            await Assertions.Expect(h1.First).ToContainTextAsync(heading);
        }

        // The page's text as a user reads it, tooltips included, without what is marked as not to translate
        // (a paper's citation, an address), commands to type (code) and the values typed into fields.
        var text = await Page.EvaluateAsync<string>("""
            () => {
              const body = document.body.cloneNode(true);
              body.querySelectorAll('script, style, code, kbd, [translate=no], input, textarea').forEach(e => e.remove());
              const titles = [...document.querySelectorAll('[title]')].map(e => e.getAttribute('title')).join(' ');
              return body.textContent + ' ' + titles;
            }
            """);
        var bad = Offending(text);
        Assert.True(bad.Count == 0, $"{Page.Url} shows English or codes: {string.Join(", ", bad.Distinct().Take(20))}");
        await Session.SaveForManualAsync(shot);
    }

    /// <summary>Signs out when a journey before this one left an account signed in (the public journeys have none).</summary>
    private async Task EnsureSignedOutAsync()
    {
        await Page.GotoAsync(Session.BaseUrl + "/");
        if (await Page.Locator(".site-header .account .user").CountAsync() > 0)
        {
            await Session.LogoutAsync();
        }
    }

    /// <summary>Clicks a download link and returns the text of the Word document it gives.</summary>
    private async Task<string> DocumentTextAsync(ILocator link)
    {
        var download = await Page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.EndsWith(".docx", download.SuggestedFilename, StringComparison.Ordinal);
        await using var stream = await download.CreateReadStreamAsync();
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        buffer.Position = 0;
        using var zip = new ZipArchive(buffer, ZipArchiveMode.Read);
        using var reader = new StreamReader(zip.GetEntry("word/document.xml")!.Open());
        return XmlTags().Replace(await reader.ReadToEndAsync(), "");
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex XmlTags();

    /// <summary>
    /// Words a Chinese page should not show: a latin word (two letters or more, no digit) outside the allow-list,
    /// which also catches rule codes (<c>link.cross_section</c>) and permission or role codes (<c>alerts-read</c>).
    /// Tokens with digits are data (section codes, credit codes) and stay.
    /// </summary>
    public static List<string> Offending(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<string>();
        foreach (Match m in LatinToken().Matches(text))
        {
            var token = m.Value.Trim('.', '-', '_');
            // Account names (who did what, who is signed in) are identifiers the users type, not English.
            if (token.Length < 2 || token.Any(char.IsAsciiDigit) || AllowedWords.Contains(token) || AccountNames.Contains(token))
            {
                continue;
            }

            found.Add(token);
        }

        return found;
    }

    [GeneratedRegex(@"[A-Za-z0-9][A-Za-z0-9._\-]*[A-Za-z0-9]|[A-Za-z]")]
    private static partial Regex LatinToken();

    private async Task<string> FirstFirmNameAsync()
    {
        await using var scope = Session.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        return await db.Bids.AsNoTracking().OrderBy(b => b.Id).Select(b => b.Bidder!.Name).FirstAsync();
    }
}
