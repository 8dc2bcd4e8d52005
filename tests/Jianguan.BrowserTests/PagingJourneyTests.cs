using System.Text.RegularExpressions;
using Jianguan.Data;
using Jianguan.Features.Focus;
using Jianguan.Features.Profiles;
using Jianguan.Features.Sampling;
using Jianguan.Features.Trading;
using Jianguan.Features.Warnings;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Jianguan.BrowserTests;

/// <summary>
/// Every paged list, walked to page 3 by clicking its pager's 下一页 twice: the pager says 第 3 / N 页 and the
/// table holds the 50 rows of that page. 160 rows of each list are seeded in one save.
/// </summary>
public sealed class PagingJourneyTests : BrowserJourneyTest
{
    private const int Rows = 160;

    protected override JourneyUser User { get; } = new("pager", "分页", Roles.OfficeAdmin);

    protected override async Task SeedAsync(IServiceProvider services)
    {
        // The audit trail and the inspector pool are other roles': the same account gets those roles too.
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        await roles.CreateAsync(new IdentityRole(Roles.AuditAdmin));
        await roles.CreateAsync(new IdentityRole(Roles.Justice));
        var users = services.GetRequiredService<UserManager<AppUser>>();
        await users.AddToRolesAsync((await users.FindByNameAsync(User.UserName))!, [Roles.AuditAdmin, Roles.Justice]);

        var db = services.GetRequiredService<JianguanDbContext>();
        var at = new DateTimeOffset(2026, 3, 2, 1, 30, 0, TimeSpan.Zero);
        var project = new TradingProject { Code = "PAGER-P", Category = TradingCategory.Construction, PublishedAt = at };
        db.Projects.Add(project);
        var firm = new MarketEntity { Key = "PAGER-E", Name = "分页测试单位" };
        var focus = new FocusEntry { Entity = firm, Origin = FocusOrigin.Manual, Reason = "测试", AddedAt = at, AddedBy = "test" };
        db.Set<FocusEntry>().Add(focus);
        var plan = new SamplingPlan { Year = 2026, Title = "分页测试" };
        var batch = new SamplingBatch { Name = "第一批", Month = 3 };
        plan.Batches.Add(batch);
        db.SamplingPlans.Add(plan);
        var draw = new SamplingDraw
        {
            Batch = batch,
            PoolJson = "[]",
            ParametersJson = "{}",
            ServerSeed = "s",
            PoolHash = "h",
            ParametersHash = "h",
            ServerSeedHash = "h",
            Commitment = "c",
            Status = SamplingDraw.Drawn,
        };
        db.Set<SamplingDraw>().Add(draw);
        for (var i = 0; i < Rows; i++)
        {
            draw.Assignments.Add(new SamplingAssignment { Order = i, ObjectKey = $"PAGER-R{i:D3}", ObjectName = $"抽查对象{i:D3}", Status = Features.Sampling.Draw.Selection.Assigned });
            db.Inspectors.Add(new Inspector { Code = $"PAGER-I{i:D3}", Name = $"执法人员{i:D3}", Department = "住建局", UpdatedAt = at });
            db.Projects.Add(new TradingProject { Code = $"PAGER-P{i:D3}", Category = TradingCategory.Construction, PublishedAt = at.AddDays(-i) });
            var section = new Section { Code = $"PAGER-S{i:D3}", BidOpenAt = at.AddDays(-i) };
            project.Sections.Add(section);
            db.Set<RiskAlert>().Add(new RiskAlert
            {
                Key = $"PAGER-A{i:D3}",
                RuleCode = "a40.1.file_code",
                RuleCategory = "fingerprint",
                Level = AlertLevel.Red,
                Basis = "第四十条",
                Score = 90,
                Section = section,
                Evidence = "{}",
                FirstSeenAt = at,
                LastSeenAt = at,
            });
            db.Set<RiskGroup>().Add(new RiskGroup { Key = $"PAGER-G{i:D3}", Score = i, Level = AlertLevel.Yellow, Rules = "", FirstSeenAt = at, LastSeenAt = at });
            var member = new MarketEntity { Key = $"PAGER-E{i:D3}", Name = $"分页测试单位{i:D3}" };
            db.Set<FocusEntry>().Add(new FocusEntry { Entity = member, Origin = FocusOrigin.Manual, Reason = "测试", AddedAt = at, AddedBy = "test" });
            db.SamplingObjects.Add(new SamplingObject { Key = $"PAGER-O{i:D3}", Kind = "entity", Name = $"检查对象{i:D3}", UpdatedAt = at });
        }

        await db.SaveChangesAsync();
        foreach (var section in project.Sections)
        {
            db.Set<TrackingNotice>().Add(new TrackingNotice { SectionId = section.Id, EntityId = firm.Id, FocusEntryId = focus.Id, CreatedAt = at });
        }

        await db.SaveChangesAsync();
        // One transaction for the chain: each entry on its own would commit (and sync) 160 times.
        var audit = services.GetRequiredService<AuditTrail>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        for (var i = 0; i < Rows; i++)
        {
            await audit.RecordAsync(db, AuditActor.System, "test.paging", $"PAGER-{i:D3}");
        }

        await transaction.CommitAsync();
    }

    [Fact]
    public async Task EveryPagedList_PagerClickedTwice_ShowsPageThree()
    {
        var page = Session.Page;
        await Session.LoginAsync("/Trading/Projects");
        foreach (var (path, table) in new[]
                 {
                     ("/Trading/Projects", "main table.data"), ("/Trading/Sections", "main table.data"), ("/Alerts", "#alerts"),
                     ("/Groups", "#groups"), ("/Focus", "#focus-list"), ("/Focus/Tracking", "#tracking"),
                     ("/Sampling/Objects", "#objects"), ("/Sampling/Results", "#results"), ("/Sampling/Inspectors", "#inspectors"),
                     ("/Admin/Audit", "main table.data"),
                 })
        {
            await page.GotoAsync(Session.BaseUrl + path);
            for (var n = 2; n <= 3; n++)
            {
                await page.Locator("nav.pager").GetByRole(AriaRole.Link, new() { Name = "下一页" }).ClickAsync();
                await Assertions.Expect(page.Locator("nav.pager span")).ToHaveTextAsync(new Regex($"^第 {n} / \\d+ 页$"));
            }

            Assert.Contains("p=3", page.Url, StringComparison.Ordinal);
            await Assertions.Expect(page.Locator(table).First.Locator("tbody > tr")).ToHaveCountAsync(50);
            await Assertions.Expect(page.Locator("[role=alert]")).ToHaveCountAsync(0);
        }

        Assert.Empty(Session.ConsoleErrors);
    }
}
