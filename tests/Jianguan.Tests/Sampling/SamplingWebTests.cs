using System.Net;
using System.Text.RegularExpressions;
using Jianguan.Features.Sampling;
using Jianguan.Features.Sampling.Draw;
using Jianguan.Features.Trading;
using Jianguan.Tests.Calendar;
using Jianguan.Tests.Web;

namespace Jianguan.Tests.Sampling;

[Trait("Category", "Database")]
public partial class SamplingWebTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    private async Task SeedPoolsAsync(string prefix)
    {
        await factory.SeedAsync(db =>
        {
            for (var i = 1; i <= 6; i++)
            {
                var entity = new MarketEntity { Key = $"{prefix}-E{i}", Name = $"海南{prefix}建设{i}有限公司" };
                var project = new TradingProject { Code = $"{prefix}-P{i}", Name = $"道路工程{i}", Category = TradingCategory.Construction, SupervisingDepartment = "住建局" };
                var section = new Section { Code = "01", Winner = entity };
                section.Bids.Add(new Bid { Bidder = entity, Price = 1000m });
                project.Sections.Add(section);
                db.Projects.Add(project);
            }

            for (var i = 1; i <= 4; i++)
            {
                db.Inspectors.Add(new Inspector
                {
                    Code = $"{prefix}-I{i}",
                    Name = $"执法员{i}",
                    Department = i <= 3 ? "住建局" : "联合检查组",
                    Specialties = "工程建设项目招标投标",
                    CertificateValidUntil = new DateOnly(2099, 12, 31),
                });
            }

            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task DrawJourney_CommitDrawRecordPublish_ExportVerifiesAndResultIsPublic()
    {
        var prefix = "W" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        await SeedPoolsAsync(prefix);
        var office = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);

        var refresh = await JianguanFactory.PostFormAsync(office, "/Sampling/Objects?handler=Refresh", new Dictionary<string, string>(), "/Sampling/Objects");
        Assert.Contains("已从交易数据更新", await refresh.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var create = await JianguanFactory.PostFormAsync(office, "/Sampling/Plans/Create", new Dictionary<string, string>
        {
            ["Year"] = "2026",
            ["Title"] = $"{prefix} 年度抽查计划",
            ["Departments"] = "住建局",
            ["Batch.Name"] = "第一批",
            ["Batch.Month"] = "3",
            ["Batch.High"] = "100",
            ["Batch.MediumHigh"] = "100",
            ["Batch.Medium"] = "100",
            ["Batch.Low"] = "100",
            ["Batch.Departments"] = "住建局",
            ["Batch.Joint"] = "联合检查组",
        });
        Assert.Equal(HttpStatusCode.Redirect, create.StatusCode);
        var planPage = create.Headers.Location!.ToString();
        var planId = planPage.Split("id=")[1];

        // Not approved yet: no draw.
        var batchId = await ScalarAsync(db => db.SamplingBatches.Where(b => b.Plan!.Title.StartsWith(prefix)).Select(b => b.Id).SingleAsync());
        var early = await JianguanFactory.PostFormAsync(office, $"/Sampling/Plans/Detail?id={planId}&handler=Commit", new Dictionary<string, string> { ["batchId"] = $"{batchId}" }, planPage);
        Assert.Contains("尚未经联席会议批准", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await JianguanFactory.PostFormAsync(office, $"/Sampling/Plans/Detail?id={planId}&handler=Approve", new Dictionary<string, string> { ["decisionRef"] = "联席〔2026〕1号" }, planPage);
        var commit = await JianguanFactory.PostFormAsync(office, $"/Sampling/Plans/Detail?id={planId}&handler=Commit", new Dictionary<string, string> { ["batchId"] = $"{batchId}" }, planPage);
        Assert.Equal(HttpStatusCode.Redirect, commit.StatusCode);
        var drawPage = commit.Headers.Location!.ToString();
        var drawId = long.Parse(drawPage.Split("id=")[1], System.Globalization.CultureInfo.InvariantCulture);

        // The commitment is public before the draw; the record is not there yet.
        var anonymous = factory.CreateAnonymousClient();
        var commitment = await anonymous.GetStringAsync($"/api/sampling/draws/{drawId}/commitment");
        var value = CommitmentPattern().Match(commitment).Groups[1].Value;
        Assert.Equal(64, value.Length);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/sampling/draws/{drawId}/record")).StatusCode);

        var drawn = await JianguanFactory.PostFormAsync(office, $"/Sampling/Draws/Detail?id={drawId}&handler=Draw", new Dictionary<string, string> { ["publicInput"] = "03 17 29 41" }, drawPage);
        Assert.Equal(HttpStatusCode.Redirect, drawn.StatusCode);
        var html = await office.GetStringAsync(drawPage);
        Assert.Contains("03 17 29 41", html, StringComparison.Ordinal);
        var assignments = await ScalarAsync(db => db.SamplingAssignments.Where(a => a.DrawId == drawId).ToListAsync());
        Assert.True(assignments.Count >= 12, $"{assignments.Count} drawn"); // 6 entities + 6 sections at 100 %
        Assert.All(assignments, a => Assert.Equal(Selection.Assigned, a.Status));
        Assert.All(assignments, a => Assert.Equal(2, a.Inspectors.Split('|').Length));

        // Exported by the command line and by the API: both verify against the published commitment.
        using var dir = new TempDir();
        var (exit, _, error) = await DrawCliTests.RunAsync("draw", "export", $"{drawId}", "--out", dir.File("draw.json"), "--db", factory.Database.ConnectionString);
        Assert.True(exit == 0, error);
        var (verifyExit, verifyOut, _) = await DrawCliTests.RunAsync("draw", "verify", dir.File("draw.json"), "--commitment", value);
        Assert.Equal((0, "verified"), (verifyExit, verifyOut.Trim()));
        var viaApi = await office.GetStringAsync($"/api/sampling/draws/{drawId}/record");
        Assert.True(DrawVerifier.Verify(viaApi, value).Verified);

        // The first assignment's own inspector records the result (through the linked account); the office publishes it.
        var first = assignments.OrderBy(a => a.Order).First();
        var inspectorName = "insp" + Guid.NewGuid().ToString("N")[..10];
        await factory.CreateUserAsync(inspectorName, Roles.Enforcement);
        var code = first.Inspectors.Split('|')[0];
        await factory.SeedAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.UserName == inspectorName);
            (await db.Inspectors.SingleAsync(i => i.Code == code)).UserId = user.Id;
        });
        var inspector = await factory.LoginAsync(inspectorName);
        var editPage = $"/Sampling/Assignments/Edit?id={first.Id}";
        Assert.Contains("/Account/Denied", (await office.GetAsync(editPage)).Headers.Location!.ToString(), StringComparison.Ordinal);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await JianguanFactory.GetAntiforgeryTokenAsync(inspector, editPage)), "__RequestVerificationToken" },
            { new StringContent("书面检查"), "method" },
            { new StringContent(InspectionResults.Problem), "result" },
            { new StringContent($"{prefix} 未按规定公示中标候选人"), "findings" },
            { new StringContent("2026-03-02"), "completedOn" },
            { new StringContent("1"), "publish" },
            { new ByteArrayContent("检查记录"u8.ToArray()), "attachments", "记录.pdf" },
        };
        var saved = await inspector.PostAsync(editPage, form);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var stored = await ScalarAsync(db => db.SamplingAssignments.SingleAsync(a => a.Id == first.Id));
        Assert.Equal(new DateOnly(2026, 3, 30), stored.PublishDue); // 20 working days after 2026-03-02
        Assert.Null(stored.PublishedAt); // an inspector records; publication is the office's
        Assert.StartsWith("记录.pdf|", stored.Attachments, StringComparison.Ordinal);
        var published = await JianguanFactory.PostFormAsync(office, $"/Sampling/Results?handler=Publish&id={first.Id}", new Dictionary<string, string>(), "/Sampling/Results");
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.NotNull((await ScalarAsync(db => db.SamplingAssignments.SingleAsync(a => a.Id == first.Id))).PublishedAt);

        var publicHtml = await anonymous.GetStringAsync("/Public/Inspections");
        Assert.Contains($"{prefix} 未按规定公示中标候选人", publicHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("执法员", publicHtml, StringComparison.Ordinal);
        Assert.Contains($"{prefix} 未按规定公示中标候选人", await anonymous.GetStringAsync("/api/sampling/results"), StringComparison.Ordinal);

        // The audit chain holds the commitment, the draw and the result.
        var actions = await ScalarAsync(db => db.AuditEntries.Where(e => e.Action.StartsWith("sampling.")).Select(e => e.Action).ToListAsync());
        Assert.Contains("sampling.draw.commit", actions);
        Assert.Contains("sampling.draw.execute", actions);
        Assert.Contains("sampling.result.record", actions);

        // The finding becomes a clue (source 抽查检查发现), once.
        var toClue = await JianguanFactory.PostFormAsync(office, $"/Sampling/Results?handler=Clue&id={first.Id}", new Dictionary<string, string>(), "/Sampling/Results");
        var again = await JianguanFactory.PostFormAsync(office, $"/Sampling/Results?handler=Clue&id={first.Id}", new Dictionary<string, string>(), "/Sampling/Results");
        var clue = await ScalarAsync(db => db.Set<Jianguan.Features.Clues.Clue>().SingleAsync(c => c.Source == Jianguan.Features.Clues.ClueSource.Inspection && c.SourceId == first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.Redirect, toClue.StatusCode);
        Assert.Equal($"/Clues/{clue.Id}", toClue.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("未按规定公示中标候选人", clue.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policies_JusticeKeepsInspectorsButCannotPlan_SupervisorCannotImportInspectors()
    {
        var justice = await factory.CreateUserAndLoginAsync(Roles.Justice);
        var supervisor = await factory.CreateUserAndLoginAsync(Roles.MemberSupervisor);

        Assert.Equal(HttpStatusCode.OK, (await justice.GetAsync("/Sampling/Inspectors")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await justice.GetAsync("/Sampling/Inspectors?handler=Template")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await justice.GetAsync("/Sampling/Plans/Create")).StatusCode);
        Assert.Contains("/Account/Denied", (await justice.GetAsync("/Sampling/Plans/Create")).Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Contains("/Account/Denied", (await supervisor.GetAsync("/Sampling/Inspectors")).Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateAnonymousClient().GetAsync("/Public/Inspections")).StatusCode);
    }

    [Fact]
    public async Task InspectorImport_TemplateRoundTrip_PreviewsThenApplies()
    {
        // The template's example names a known unit; alone (not after the class's other tests) the database has none.
        await ScalarAsync(async db =>
        {
            if (!await db.Organisations.AnyAsync(o => o.Name == "海口市住房和城乡建设局"))
            {
                db.Organisations.Add(new Organisation { Code = "sampling-web-zj", Name = "海口市住房和城乡建设局", Kind = OrgKind.Industry });
                await db.SaveChangesAsync();
            }

            return true;
        });
        var justice = await factory.CreateUserAndLoginAsync(Roles.Justice);
        var template = await justice.GetByteArrayAsync("/Sampling/Inspectors?handler=Template");

        var token = await JianguanFactory.GetAntiforgeryTokenAsync(justice, "/Sampling/Inspectors");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(template), "file", "名录.xlsx" },
        };
        var preview = await (await justice.PostAsync("/Sampling/Inspectors?handler=Preview", form)).Content.ReadAsStringAsync();
        Assert.Contains("新增 1 名", preview, StringComparison.Ordinal);
        var json = System.Net.WebUtility.HtmlDecode(PreviewPattern().Match(preview).Groups[1].Value);

        var applied = await JianguanFactory.PostFormAsync(justice, "/Sampling/Inspectors?handler=Apply", new Dictionary<string, string> { ["previewJson"] = json }, "/Sampling/Inspectors");
        Assert.Contains("已导入：新增 1 名", await applied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var inspector = await ScalarAsync(db => db.Inspectors.SingleAsync(i => i.Code == "ZF0001"));
        Assert.Equal("工程建设项目招标投标|政府采购", inspector.Specialties);
        Assert.Equal(new DateOnly(2028, 12, 31), inspector.CertificateValidUntil);
    }

    private async Task<T> ScalarAsync<T>(Func<Data.JianguanDbContext, Task<T>> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<Data.JianguanDbContext>());
    }

    [GeneratedRegex("\"commitment\":\"([0-9a-f]{64})\"")]
    private static partial Regex CommitmentPattern();

    [GeneratedRegex("name=\"previewJson\" value=\"([^\"]*)\"")]
    private static partial Regex PreviewPattern();
}
