using System.Globalization;
using System.Text.RegularExpressions;
using Jianguan.Data;
using Jianguan.Features.Credit;
using Jianguan.Features.Governance;
using Jianguan.Features.Sampling;
using Jianguan.Features.Trading;
using Jianguan.Platform.Auth;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Jobs;
using Jianguan.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Jianguan.BrowserTests;

/// <summary>
/// The lists of the governance, credit, analysis, sampling and public modules (the first lists are walked by
/// <see cref="PagingJourneyTests"/>): each is walked to page 3 by clicking its pager's 下一页 twice, says how many rows
/// it has and offers a filter. 160 rows of each are seeded in this test's database only (not in the demo).
/// </summary>
public sealed class ListPagingJourneyTests : BrowserJourneyTest
{
    private const int Rows = 160;

    private static readonly int LastYear = ChinaTime.Today(TimeProvider.System).Year - 1;

    protected override JourneyUser User { get; } = new("lists", "列表", Roles.OfficeAdmin);

    protected override async Task SeedAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<JianguanDbContext>();
        var now = DateTimeOffset.UtcNow;
        var today = ChinaTime.Today(TimeProvider.System);
        var year = new DateOnly(LastYear, 3, 2);
        var office = new Organisation { Code = "pager-office", Name = "分页公管办", Kind = OrgKind.Lead };
        db.Organisations.Add(office);
        var units = Enumerable.Range(0, Rows)
            .Select(i => new Organisation { Code = $"pager-unit-{i:D3}", Name = $"分页成员单位{i:D3}", Kind = OrgKind.Industry })
            .ToList();
        db.Organisations.AddRange(units);
        await db.SaveChangesAsync();
        (await db.Users.SingleAsync(u => u.UserName == User.UserName)).OrganisationId = office.Id;

        var meeting = new Meeting { Number = "PAGER-M", Title = "分页会议", RequestedAt = now, StateChangedAt = now };
        var decision = new MeetingDecision { Number = "PAGER-D", Text = "分页决定", Meeting = meeting, CreatedAt = now };
        db.Add(decision);
        var plan = new SamplingPlan { Year = LastYear, Title = "分页测试" };
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
        var project = new TradingProject { Code = "PAGER-P", Category = TradingCategory.Construction, PublishedAt = new DateTimeOffset(year.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) };
        db.Projects.Add(project);
        for (var i = 0; i < Rows; i++)
        {
            var at = now.AddMinutes(-i);
            db.Add(new Meeting { Number = $"PAGER-M{i:D3}", Title = $"分页会议{i:D3}", RequestedAt = at, StateChangedAt = at });
            db.Add(new MeetingTask { Decision = decision, Title = $"分页任务{i:D3}", OwnerUnit = units[i], StartedOn = today, DueOn = today.AddDays(30 + i) });
            db.Add(new PowerItem
            {
                ItemKey = $"PAGER-W{i:D3}",
                Version = 1,
                Department = units[i],
                Kind = PowerKind.Inspection,
                Name = $"分页权责事项{i:D3}",
                LegalBasis = "《中华人民共和国招标投标法》",
                ResponsibleUnit = units[i].Name,
                Responsibilities = "监督检查",
                Accountability = "依法追责",
                EffectiveFrom = new DateOnly(2020, 1, 1),
                CreatedAt = now,
            });
            db.Add(new BlacklistEntry
            {
                Number = $"PAGER-B{i:D3}",
                Name = $"分页失信单位{i:D3}",
                Reason = "串通投标",
                Basis = "《中华人民共和国招标投标法》第五十三条",
                Severity = BlacklistSeverity.Serious,
                StartOn = today.AddDays(-i),
                EndOn = today.AddYears(1),
                State = BlacklistState.Active,
                Published = true,
                CreatedBy = "lists",
                CreatedAt = now,
            });
            db.Add(new PenaltyDecision
            {
                Number = $"PAGER-F{i:D3}",
                DocumentNumber = $"琼分页罚〔{LastYear}〕{i + 1}号",
                EntityName = $"分页受罚单位{i:D3}",
                Facts = "串通投标",
                LegalBasis = "《中华人民共和国招标投标法》第五十三条",
                Result = "罚款",
                DecidedOn = today.AddDays(-i),
                Organisation = office,
                State = PenaltyState.Published,
                PublishedAt = now,
                CreatedBy = "lists",
                CreatedAt = now,
            });
            db.Add(new InfoRequest
            {
                Number = $"PAGER-Q{i:D3}",
                FromOrganisation = office,
                ToOrganisation = units[i],
                Subject = $"分页申请{i:D3}",
                Purpose = "核查",
                RequestedBy = "lists",
                RequestedAt = at,
            });
            db.SamplingPlans.Add(new SamplingPlan { Year = LastYear - 1 - (i % 3), Title = $"分页抽查计划{i:D3}" });
            db.Add(new JobRun { Job = "clock-sweep", Node = "本机", StartedAt = at, EndedAt = at, Outcome = JobOutcome.Succeeded });
            // A published inspection result whose publication was 3 working days late last year (an accountability duty).
            var completed = year.AddDays(i);
            var clock = new StatutoryClock
            {
                SubjectKind = "sampling.assignment",
                SubjectId = $"pending-{i}",
                RuleCode = "sampling.publish",
                StartedOn = completed,
                Due = completed.AddDays(28),
                State = ClockState.Stopped,
                StoppedOn = completed.AddDays(33),
                UpdatedAt = now,
            };
            draw.Assignments.Add(new SamplingAssignment
            {
                Order = i,
                ObjectKey = $"PAGER-R{i:D3}",
                ObjectName = $"分页检查对象{i:D3}",
                ObjectKind = "entity",
                Department = units[i].Name,
                Status = Features.Sampling.Draw.Selection.Assigned,
                Method = "书面检查",
                Result = InspectionResults.NoProblem,
                Findings = "未发现问题",
                CompletedOn = completed,
                PublishClock = clock,
                PublishedAt = now,
            });
            var winner = new MarketEntity { Key = $"PAGER-E{i:D3}", Name = $"分页投标单位{i:D3}" };
            var open = new DateTimeOffset(year.AddDays(i).ToDateTime(new TimeOnly(9, 30)), TimeSpan.FromHours(8));
            var section = new Section
            {
                Code = $"PAGER-S{i:D3}",
                Name = $"分页标段{i:D3}",
                ControlPrice = 1_000_000m,
                NoticeAt = open.AddDays(-20),
                BidOpenAt = open,
                AwardAt = open.AddDays(7),
                AwardAmount = 900_000m,
                Winner = winner,
            };
            section.Bids.Add(new Bid { Bidder = winner, Price = 900_000m });
            project.Sections.Add(section);
        }

        await db.SaveChangesAsync();
        foreach (var a in draw.Assignments)
        {
            a.PublishClock!.SubjectId = a.Id.ToString(CultureInfo.InvariantCulture);
        }

        await db.SaveChangesAsync();
    }

    /// <summary>Path, the list's table, its rows on a full page, the total the page must state.</summary>
    private static readonly (string Path, string Table, int PerPage, int Total)[] Lists =
    [
        ("/Meetings", "#meetings", 50, Rows + 1),
        ("/Meetings/Tasks", "#tasks", 50, Rows),
        ("/PowerList", "#power-items", 50, Rows),
        ("/Public/PowerList", "#power-items", 50, Rows),
        // Two rows a unit (responsible leader, liaison); the office is a unit too.
        ("/Directory", "#directory", 100, Rows + 1),
        ("/Credit", "#blacklist", 50, Rows),
        ("/Public/Blacklist", "#public-blacklist", 50, Rows),
        ("/Penalties", "#penalties", 50, Rows),
        ("/Public/Penalties", "#public-penalties", 50, Rows),
        ("/Penalties/Requests", "#requests", 50, Rows),
        ($"/Accountability?year={LastYear}", "#accountability-duties", 50, Rows),
        ("/Admin/Jobs", "#runs", 50, Rows),
        ($"/Analysis/Prices?from={LastYear}-01-01&to={LastYear}-12-31&by=category&key=Construction", "#drill-table", 50, Rows),
        ("/Public/Inspections", "#public-results", 50, Rows),
        // The plan the draw belongs to is one more.
        ("/Sampling", "#plans", 50, Rows + 1),
        ("/Firms?q=" + Uri.EscapeDataString("分页投标单位"), "#firms", 50, Rows),
    ];

    [Fact]
    public async Task EveryList_PagerClickedTwice_ShowsPageThree_CountAndFilter()
    {
        var page = Session.Page;
        await Session.LoginAsync("/Meetings");
        var failures = new List<string>();
        foreach (var (path, table, perPage, total) in Lists)
        {
            try
            {
                var response = await page.GotoAsync(Session.BaseUrl + path);
                Assert.Equal(200, response?.Status);
                await Assertions.Expect(page.Locator("main .count", new() { HasTextString = total.ToString(CultureInfo.InvariantCulture) })).Not.ToHaveCountAsync(0);
                Assert.True(await page.Locator("main form[method=get]").CountAsync() > 0, "no filter form");
                for (var n = 2; n <= 3; n++)
                {
                    await page.Locator("nav.pager").GetByRole(AriaRole.Link, new() { Name = "下一页" }).ClickAsync();
                    await Assertions.Expect(page.Locator("nav.pager span")).ToHaveTextAsync(new Regex($"^第 {n} / \\d+ 页$"));
                }

                Assert.Contains("p=3", page.Url, StringComparison.Ordinal);
                await Assertions.Expect(page.Locator(table).Locator("tbody > tr")).ToHaveCountAsync(perPage);
                await Assertions.Expect(page.Locator("[role=alert]")).ToHaveCountAsync(0);
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException or PlaywrightException or TimeoutException)
            {
                failures.Add($"{path}: {e.Message.Split('\n')[0]}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Empty(Session.ConsoleErrors);
    }
}
