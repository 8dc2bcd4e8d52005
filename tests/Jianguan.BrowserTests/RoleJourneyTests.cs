using System.Text;
using System.Text.RegularExpressions;
using Jianguan.Data;
using Jianguan.Features.Demo;
using Jianguan.Platform.Auth;
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
            Upload = await ManualTourTests.OpeningsCsvAsync(services);
        });

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
    private static readonly string? ScreenshotDir = Environment.GetEnvironmentVariable("JIANGUAN_SCREENSHOTS") is { Length: > 0 } dir ? dir : null;

    /// <summary>
    /// English a user may meet in a Chinese page: file formats, brand and standard names, technical terms that have
    /// no usual Chinese form (MAC address, IP), the draw algorithm's published name, and (as single letters) credit grades.
    /// </summary>
    public static readonly IReadOnlySet<string> AllowedWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "API", "ID", "IDs", "OCDS", "XLSX", "CSV", "DOCX", "PDF", "SM3", "SM4", "MAC", "CPU", "IP", "CA", "URL", "HTTPS", "JSON",
        "jianguan-draw", "JSONL", "MB", "KB", "Excel", "Word", "WPS", "TOTP", "Google", "Microsoft", "Authenticator", "Chromium", "Chrome", "Edge", "Firefox",
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
    public async Task Inspector_AssignedInspections()
    {
        await WalkAsync("zhujianju-zf1", "inspector", async step =>
        {
            await step("/Sampling", null, "sampling");
            await step("/Sampling/Results", "检查结果与公示", "results");
        });
    }

    [Fact]
    public async Task Public_FilesComplaint_ReadsInspections()
    {
        await StepAsync("/Public/Complaints/New", "提交异议、投诉或举报", "public-complaint");
        await StepAsync("/Public/Complaints/Track", null, "public-track");
        await StepAsync("/Public/Inspections", "抽查结果", "public-inspections");
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
        await Page.GotoAsync(Session.BaseUrl + "/");
        if (await Page.Locator(".site-header .account .user").CountAsync() > 0)
        {
            await Session.LogoutAsync();
        }

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
        if (ScreenshotDir is not null)
        {
            Directory.CreateDirectory(ScreenshotDir);
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, shot + ".png") });
        }
    }

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
