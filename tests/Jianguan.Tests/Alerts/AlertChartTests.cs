using System.Text.RegularExpressions;
using Jianguan.Features.Profiles;
using Jianguan.Features.Sampling;
using Jianguan.Features.Sampling.Draw;
using Jianguan.Features.Trading;
using Jianguan.Features.Warnings;
using Jianguan.Tests.Web;
using Microsoft.AspNetCore.Identity;

namespace Jianguan.Tests.Alerts;

/// <summary>
/// The charts of issue 12, item 7, rendered by the pages: the alert list's trend by level and by rule (the list's
/// filters and the reader's scope), who won when on a rotation alert and its group, the ring of a cross-section alert
/// (masked outside the scope), and sampling results by risk grade. Labels are Chinese, never rule codes.
/// </summary>
[Trait("Category", "Database")]
public partial class AlertChartTests(JianguanFactory factory) : IClassFixture<JianguanFactory>, IAsyncLifetime
{
    private const string Prefix = "图表";
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static World? _world;

    /// <summary>
    /// Housing: sections H1–H3 (2026-01, -02, -03) where 甲, 乙 and 丙 bid and win in turn; transport: T1 (2026-03)
    /// where 甲 and 丁 bid. Alerts: red file code on H1 (January), yellow price steps on H2 (February), red file code
    /// on T1 (March), orange rotation of the group (section-less, March), red cross-section link of 甲 and 丁 over H1
    /// and T1 (March).
    /// </summary>
    private sealed record World(int Housing, long Group, long Rotation, long Cross, long H1, long T1, long Jia, long Ding);

    public async Task InitializeAsync()
    {
        await Once.WaitAsync();
        try
        {
            _world ??= await SeedAsync();
        }
        finally
        {
            Once.Release();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<World> SeedAsync()
    {
        World? world = null;
        await factory.SeedAsync(async db =>
        {
            var housing = new Organisation { Code = "chart-zj", Name = Prefix + "住房和城乡建设局", Kind = OrgKind.Industry, Sectors = "房屋建筑工程" };
            var transport = new Organisation { Code = "chart-jt", Name = Prefix + "交通运输局", Kind = OrgKind.Industry, Sectors = "交通工程" };
            db.Organisations.AddRange(housing, transport);
            MarketEntity Firm(string name) => new() { Key = Prefix + name, Name = "海南" + name + "建设有限公司" };
            var (jia, yi, bing, ding) = (Firm("甲"), Firm("乙"), Firm("丙"), Firm("丁"));
            await db.SaveChangesAsync();

            static Section Section(string code, int month, MarketEntity winner, params MarketEntity[] bidders)
            {
                var section = new Section { Code = code, Name = code + "标段", BidOpenAt = new DateTimeOffset(2026, month, 10, 1, 30, 0, TimeSpan.Zero), Winner = winner };
                var price = 100m;
                foreach (var bidder in bidders)
                {
                    section.Bids.Add(new Bid { Bidder = bidder, Price = price++ });
                }

                return section;
            }

            var h1 = Section("CH-H1", 1, jia, jia, yi, bing);
            var h2 = Section("CH-H2", 2, yi, jia, yi, bing);
            var h3 = Section("CH-H3", 3, bing, jia, yi, bing);
            var t1 = Section("CH-T1", 3, ding, jia, ding);
            var hp = new TradingProject { Code = "CH-PH", Name = "住建图表工程", Category = TradingCategory.Construction, SupervisingOrganisationId = housing.Id, SupervisingDepartment = housing.Name };
            hp.Sections.AddRange([h1, h2, h3]);
            var tp = new TradingProject { Code = "CH-PT", Name = "交通图表秘密工程", Category = TradingCategory.Construction, SupervisingOrganisationId = transport.Id, SupervisingDepartment = transport.Name };
            tp.Sections.Add(t1);
            db.Projects.AddRange(hp, tp);
            await db.SaveChangesAsync();

            var group = new RiskGroup { Key = "chart-g1", Score = 80, Level = AlertLevel.Orange, Rules = "network", FirstSeenAt = h3.BidOpenAt!.Value, LastSeenAt = h3.BidOpenAt!.Value, JointSections = 3 };
            group.Members.AddRange([new RiskGroupMember { EntityId = jia.Id }, new RiskGroupMember { EntityId = yi.Id }, new RiskGroupMember { EntityId = bing.Id }]);
            db.Set<RiskGroup>().Add(group);
            RiskAlert Alert(string key, string rule, AlertLevel level, int month, long? section, string evidence, string? groupKey, params MarketEntity[] bidders)
            {
                var at = new DateTimeOffset(2026, month, 12, 0, 0, 0, TimeSpan.Zero);
                var alert = new RiskAlert
                {
                    Key = key,
                    RuleCode = rule,
                    RuleCategory = rule.StartsWith("net.", StringComparison.Ordinal) ? "network" : "fingerprint",
                    Level = level,
                    Basis = "第四十条",
                    Score = level == AlertLevel.Red ? 90 : 60,
                    SectionId = section,
                    GroupKey = groupKey,
                    Evidence = evidence,
                    OccurredAt = at,
                    FirstSeenAt = at,
                    LastSeenAt = at,
                };
                alert.Bidders.AddRange(bidders.Select(b => new RiskAlertBidder { EntityId = b.Id }));
                db.Set<RiskAlert>().Add(alert);
                return alert;
            }

            Alert("c-h1", "a40.1.file_code", AlertLevel.Red, 1, h1.Id, "{}", null, jia, yi);
            Alert("c-h2", "a40.4.price_steps", AlertLevel.Yellow, 2, h2.Id, "{}", null, jia, yi, bing);
            Alert("c-t1", "a40.1.file_code", AlertLevel.Red, 3, t1.Id, "{}", null, jia, ding);
            var rotation = Alert("c-rot", "net.rotation", AlertLevel.Orange, 3, null,
                """{"category":"network","joint_sections":3,"group_wins":3,"distinct_winners":3}""", group.Key, jia, yi, bing);
            var cross = Alert("c-x", "link.cross_section", AlertLevel.Red, 3, null,
                $$"""{"category":"fingerprint","sections":["{{h1.Id}}","{{t1.Id}}"],"section_count":2,"fields":["mac"]}""", null, jia, ding);
            await db.SaveChangesAsync();

            var plan = new SamplingPlan { Year = 2026, Title = "图表计划", Departments = "住建局", ApprovedOn = new DateOnly(2026, 1, 5), DecisionRef = "联席〔2026〕9号" };
            var batch = new SamplingBatch { Name = "第一批", Month = 3 };
            plan.Batches.Add(batch);
            db.SamplingPlans.Add(plan);
            var draw = new SamplingDraw
            {
                Batch = batch,
                Status = SamplingDraw.Drawn,
                PoolJson = "{}",
                ParametersJson = "{}",
                ServerSeed = "00",
                PoolHash = "00",
                ParametersHash = "00",
                ServerSeedHash = "00",
                Commitment = "chart",
            };
            (string Grade, string? Result)[] objects =
            [
                (SamplingGrades.High, InspectionResults.Problem), (SamplingGrades.High, InspectionResults.NoProblem),
                (SamplingGrades.Medium, null), (SamplingGrades.Low, InspectionResults.NoProblem),
            ];
            for (var i = 0; i < objects.Length; i++)
            {
                draw.Assignments.Add(new SamplingAssignment
                {
                    Order = i + 1,
                    ObjectKey = $"E:chart{i}",
                    ObjectName = i == 0 ? "海南图表甲检查对象有限公司" : $"海南图表检查对象{i}有限公司",
                    ObjectKind = "entity",
                    EntityKey = $"E:chart{i}",
                    Department = "住建局",
                    Grade = objects[i].Grade,
                    Status = Selection.Assigned,
                    Result = objects[i].Result,
                    Inspectors = "I1",
                    InspectorNames = "执法员1",
                });
            }

            db.SamplingDraws.Add(draw);
            await db.SaveChangesAsync();
            world = new World(housing.Id, group.Id, rotation.Id, cross.Id, h1.Id, t1.Id, jia.Id, ding.Id);
        });
        return world!;
    }

    private static World W => _world!;

    private async Task<HttpClient> LoginAsync(string role, int? organisationId = null)
    {
        var userName = "c" + Guid.NewGuid().ToString("N")[..12];
        await factory.CreateUserAsync(userName, role);
        if (organisationId is not null)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByNameAsync(userName);
            user!.OrganisationId = organisationId;
            Assert.True((await users.UpdateAsync(user)).Succeeded);
        }

        return await factory.LoginAsync(userName);
    }

    /// <summary>The markup of the figure with this id.</summary>
    private static string Figure(string page, string id)
    {
        var start = page.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no chart #{id}");
        var end = page.IndexOf("</figure>", start, StringComparison.Ordinal);
        return page[start..end];
    }

    /// <summary>The tooltips of the stacked chart's segments: "2026年1月：红色 1 条".</summary>
    private static List<string> Segments(string figure) =>
        [.. SegmentTitle().Matches(figure).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))];

    [GeneratedRegex("<rect class=\"seg [^\"]+\"[^>]*><title>([^<]+)</title>")]
    private static partial Regex SegmentTitle();

    [Fact]
    public async Task AlertList_Office_ChartsByLevelAndRuleInChinese()
    {
        var office = await LoginAsync(Roles.OfficeAdmin);
        var page = await office.GetStringAsync("/Alerts");
        var trend = Figure(page, "alert-trend");
        // The list leaves data quality out; the chart counts what the list counts, month by month.
        Assert.Equal(["2026年1月：红色 1 条", "2026年2月：黄色 1 条", "2026年3月：红色 2 条", "2026年3月：橙色 1 条"], Segments(trend));
        Assert.Contains("共 5 条", trend, StringComparison.Ordinal);
        var rules = Figure(page, "alert-rules");
        foreach (var name in new[] { "不同投标人投标文件创建标识码相同", "团体内轮流中标", "同一组投标人在多个标段共享相同投标特征" })
        {
            Assert.Contains(name, rules, StringComparison.Ordinal);
        }

        foreach (var code in new[] { "a40.1.file_code>", "net.rotation<", "link.cross_section<", ">a40.", ">net.", ">link." })
        {
            Assert.DoesNotContain(code, rules, StringComparison.Ordinal);
        }

        // A month's bar opens that month's alerts; a rule's row opens that rule's.
        Assert.Contains("href=\"/Alerts?from=2026-03-01&amp;to=2026-03-31\"", trend, StringComparison.Ordinal);
        Assert.Contains("href=\"/Alerts?rule=net.rotation\"", rules, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertList_Filters_ChartFollowsThem()
    {
        var office = await LoginAsync(Roles.OfficeAdmin);
        var red = Figure(await office.GetStringAsync("/Alerts?level=red"), "alert-trend");
        Assert.Equal(["2026年1月：红色 1 条", "2026年3月：红色 2 条"], Segments(red));

        var february = Figure(await office.GetStringAsync("/Alerts?from=2026-02-01&to=2026-03-31"), "alert-trend");
        Assert.Equal(["2026年2月：黄色 1 条", "2026年3月：红色 2 条", "2026年3月：橙色 1 条"], Segments(february));
        Assert.Contains("2026年2月1日至2026年3月31日", february, StringComparison.Ordinal);

        var rule = await office.GetStringAsync("/Alerts?rule=a40.1.file_code&department=" + Uri.EscapeDataString(Prefix + "住房和城乡建设局"));
        Assert.Equal(["2026年1月：红色 1 条"], Segments(Figure(rule, "alert-trend")));
        // The rule's row keeps the other filters.
        Assert.Matches("href=\"/Alerts\\?department=[^\"]+&amp;rule=a40\\.1\\.file_code\"", Figure(rule, "alert-rules"));

        // Nothing matches: no chart, the list says so.
        var none = await office.GetStringAsync("/Alerts?from=2020-01-01&to=2020-12-31");
        Assert.DoesNotContain("id=\"alert-trend\"", none, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertList_SectorSupervisor_ChartCountsOnlyTheScope()
    {
        var housing = await LoginAsync(Roles.MemberSupervisor, W.Housing);
        var trend = Figure(await housing.GetStringAsync("/Alerts"), "alert-trend");
        // Not the transport section's alert; the rotation (housing group) and the cross-section link (H1) touch the sector.
        Assert.Equal(["2026年1月：红色 1 条", "2026年2月：黄色 1 条", "2026年3月：红色 1 条", "2026年3月：橙色 1 条"], Segments(trend));
        Assert.Contains("共 4 条", trend, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotationAlertAndGroup_WhoWonWhen()
    {
        var office = await LoginAsync(Roles.OfficeAdmin);
        foreach (var url in new[] { $"/Alerts/{W.Rotation}", $"/Groups/{W.Group}" })
        {
            var chart = Figure(await office.GetStringAsync(url), "rotation-chart");
            foreach (var name in new[] { "海南甲建设有限公司", "海南乙建设有限公司", "海南丙建设有限公司" })
            {
                Assert.Contains(name, chart, StringComparison.Ordinal);
            }

            Assert.Contains("2026-01-10 CH-H1标段：海南甲建设有限公司中标", chart, StringComparison.Ordinal);
            Assert.Contains("2026-03-10 CH-H3标段：海南丙建设有限公司中标", chart, StringComparison.Ordinal);
            Assert.Contains("2026-02-10 CH-H2标段：海南甲建设有限公司参与投标", chart, StringComparison.Ordinal);
            Assert.Contains("成员中标 3 次，由 3 家轮流取得", chart, StringComparison.Ordinal);
            Assert.Equal(3, Regex.Count(chart, "class=\"dot won\""));
            Assert.Contains("class=\"win-path\"", chart, StringComparison.Ordinal);
        }

        // Other alerts have no such chart.
        Assert.DoesNotContain("rotation-chart", await office.GetStringAsync($"/Alerts/{W.Cross}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrossSectionAlert_RingOfSections_MaskedOutsideTheScope()
    {
        var office = await LoginAsync(Roles.OfficeAdmin);
        var ring = Figure(await office.GetStringAsync($"/Alerts/{W.Cross}"), "ring-chart");
        Assert.Contains("CH-H1标段", ring, StringComparison.Ordinal);
        Assert.Contains("CH-T1标段", ring, StringComparison.Ordinal);
        Assert.Contains("海南甲建设有限公司", ring, StringComparison.Ordinal);
        Assert.Contains("海南丁建设有限公司", ring, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Trading/Sections/{W.T1}\"", ring, StringComparison.Ordinal);
        Assert.Equal(4, Regex.Count(ring, "<line class=\"link\""));

        var housing = await LoginAsync(Roles.MemberSupervisor, W.Housing);
        var masked = Figure(await housing.GetStringAsync($"/Alerts/{W.Cross}"), "ring-chart");
        Assert.Contains("CH-H1标段", masked, StringComparison.Ordinal);
        Assert.Contains(AlertQueries.MaskedSection, masked, StringComparison.Ordinal);
        Assert.Contains("其中 1 个标段不在本单位监管范围内", masked, StringComparison.Ordinal);
        foreach (var hidden in new[] { "CH-T1", "海南丁建设有限公司", $"/Trading/Sections/{W.T1}", $"/Bidders/{W.Ding}" })
        {
            Assert.DoesNotContain(hidden, masked, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SamplingResults_ChartByRiskGrade_FollowsTheKeyword()
    {
        var office = await LoginAsync(Roles.OfficeAdmin);
        var chart = Figure(await office.GetStringAsync("/Sampling/Results"), "grade-chart");
        Assert.Equal(["高风险对象：发现问题 1 个", "高风险对象：未发现问题 1 个", "一般风险对象：待检查 1 个", "低风险对象：未发现问题 1 个"], Segments(chart));
        foreach (var label in new[] { "高风险", "较高风险", "一般风险", "低风险", "共 4 个，其中发现问题 1 个" })
        {
            Assert.Contains(label, chart, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(">high<", chart, StringComparison.Ordinal);
        var filtered = Figure(await office.GetStringAsync("/Sampling/Results?q=" + Uri.EscapeDataString("图表甲")), "grade-chart");
        Assert.Equal(["高风险对象：发现问题 1 个"], Segments(filtered));
    }
}
