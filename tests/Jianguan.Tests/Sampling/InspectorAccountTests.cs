using System.Net;
using Jianguan.Features.Sampling;
using Jianguan.Features.Sampling.Draw;
using Jianguan.Platform.Documents;
using Jianguan.Tests.Web;

namespace Jianguan.Tests.Sampling;

/// <summary>
/// Issue 17 item 2 and issue 12 item 5: results are written only by the assignment's own inspectors (linked accounts)
/// and the plan department's supervisors; a recorded result is corrected with a reason and every version is kept;
/// the inspector sheet resolves department short names and codes, refuses unknown units and flags missing
/// certificate numbers per row; a batch with objects that cannot be staffed is not published without a warning.
/// </summary>
[Trait("Category", "Database")]
public sealed class InspectorAccountTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    private const string FullName = "海口市住房和城乡建设局";

    private sealed record Seeded(long AssignmentId, string Assigned, string Other, string Supervisor, string Outsider);

    /// <summary>A drawn assignment of 住建局 staffed by I1 and I2; I1's account is assigned, I3's is not.</summary>
    private async Task<Seeded> SeedAssignmentAsync(string prefix)
    {
        var assigned = await factory.CreateUserAsync(prefix + "-a", Roles.Enforcement);
        var other = await factory.CreateUserAsync(prefix + "-b", Roles.Enforcement);
        var supervisor = await factory.CreateUserAsync(prefix + "-s", Roles.MemberSupervisor);
        var outsider = await factory.CreateUserAsync(prefix + "-o", Roles.MemberSupervisor);
        long id = 0;
        await factory.SeedAsync(async db =>
        {
            var unit = await db.Organisations.FirstOrDefaultAsync(o => o.Name == FullName)
                ?? db.Organisations.Add(new Organisation { Code = prefix + "-zj", Name = FullName, Kind = OrgKind.Industry }).Entity;
            var elsewhere = db.Organisations.Add(new Organisation { Code = prefix + "-sw", Name = $"海口市{prefix}水务局", Kind = OrgKind.Industry }).Entity;
            await db.SaveChangesAsync();
            var users = await db.Users.Where(u => u.UserName!.StartsWith(prefix)).ToDictionaryAsync(u => u.UserName!);
            users[supervisor].OrganisationId = unit.Id;
            users[outsider].OrganisationId = elsewhere.Id;
            for (var i = 1; i <= 3; i++)
            {
                db.Inspectors.Add(new Inspector
                {
                    Code = $"{prefix}-I{i}",
                    Name = $"执法员{i}",
                    Department = FullName,
                    UserId = i == 1 ? users[assigned].Id : i == 3 ? users[other].Id : null,
                    CertificateValidUntil = new DateOnly(2099, 12, 31),
                });
            }

            var plan = new SamplingPlan { Year = 2026, Title = prefix + " 计划", Departments = "住建局", ApprovedOn = new DateOnly(2026, 1, 5), DecisionRef = "联席〔2026〕1号" };
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
                Commitment = prefix,
            };
            var assignment = new SamplingAssignment
            {
                Order = 1,
                ObjectKey = $"E:{prefix}",
                ObjectName = $"海南{prefix}建设有限公司",
                ObjectKind = "entity",
                EntityKey = $"E:{prefix}",
                Department = "住建局",
                Grade = SamplingGrades.Low,
                Status = Selection.Assigned,
                Inspectors = $"{prefix}-I1|{prefix}-I2",
                InspectorNames = "执法员1、执法员2",
            };
            draw.Assignments.Add(assignment);
            db.SamplingDraws.Add(draw);
            await db.SaveChangesAsync();
            id = assignment.Id;
        });
        return new Seeded(id, assigned, other, supervisor, outsider);
    }

    private static Dictionary<string, string> Form(string findings, string completedOn = "2026-03-02", string result = InspectionResults.NoProblem, string? reason = null)
    {
        var form = new Dictionary<string, string>
        {
            ["Method"] = "书面检查",
            ["Result"] = result,
            ["Findings"] = findings,
            ["CompletedOn"] = completedOn,
        };
        if (reason is not null)
        {
            form["CorrectionReason"] = reason;
        }

        return form;
    }

    private static Task<HttpResponseMessage> SaveAsync(HttpClient client, long id, Dictionary<string, string> form) =>
        JianguanFactory.PostFormAsync(client, $"/Sampling/Assignments/Edit?id={id}", form, $"/Sampling/Assignments/Edit?id={id}");

    private static void AssertDenied(HttpResponseMessage response) =>
        Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/Account/Denied", StringComparison.Ordinal),
            $"expected a denial, got {(int)response.StatusCode} {response.Headers.Location}");

    [Fact]
    public async Task ResultWrites_AssignedInspectorAndPlanDepartment_OthersDenied()
    {
        var prefix = "IA" + Guid.NewGuid().ToString("N")[..6];
        var seeded = await SeedAssignmentAsync(prefix);
        var page = $"/Sampling/Assignments/Edit?id={seeded.AssignmentId}";
        var assigned = await factory.LoginAsync(seeded.Assigned);
        var other = await factory.LoginAsync(seeded.Other);
        var outsider = await factory.LoginAsync(seeded.Outsider);
        var office = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);

        // Another inspector, a supervisor of another unit and the office (not the plan's department) are refused,
        // reading and writing; the denial page answers 403.
        foreach (var client in new[] { other, outsider, office })
        {
            AssertDenied(await client.GetAsync(page));
        }

        var token = await JianguanFactory.GetAntiforgeryTokenAsync(other, "/Sampling");
        var forged = await other.PostAsync(page, new FormUrlEncodedContent(new Dictionary<string, string>(Form("他人代填")) { ["__RequestVerificationToken"] = token }));
        AssertDenied(forged);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/Account/Denied")).StatusCode);
        Assert.Null((await LoadAsync(seeded.AssignmentId)).Result);

        // The draw page offers 登记结果 only to those who may write it.
        var drawPage = $"/Sampling/Draws/Detail?id={(await LoadAsync(seeded.AssignmentId)).DrawId}";
        Assert.DoesNotContain(page, await other.GetStringAsync(drawPage), StringComparison.Ordinal);
        Assert.Contains(page, await assigned.GetStringAsync(drawPage), StringComparison.Ordinal);

        // The assigned inspector records it.
        Assert.Equal(HttpStatusCode.OK, (await assigned.GetAsync(page)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(assigned, seeded.AssignmentId, Form("现场核查未见异常"))).StatusCode);
        var stored = await LoadAsync(seeded.AssignmentId);
        Assert.Equal(("现场核查未见异常", seeded.Assigned), (stored.Findings, stored.RecordedBy));

        // The plan department's supervisor (住建局 in the plan = 海口市住房和城乡建设局 as a unit) corrects it.
        var supervisor = await factory.LoginAsync(seeded.Supervisor);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(supervisor, seeded.AssignmentId, Form("复核后补充说明", reason: "补充复核情况"))).StatusCode);
        Assert.Equal("复核后补充说明", (await LoadAsync(seeded.AssignmentId)).Findings);
    }

    [Fact]
    public async Task Corrections_NeedAReason_KeepEveryVersion_ErrorsKeepTypedValues()
    {
        var prefix = "IC" + Guid.NewGuid().ToString("N")[..6];
        var seeded = await SeedAssignmentAsync(prefix);
        var assigned = await factory.LoginAsync(seeded.Assigned);
        var id = seeded.AssignmentId;

        // A refused first save (completion date in the future) shows the form again with the typed findings, in Chinese.
        var refused = await SaveAsync(assigned, id, Form("输入后不应丢失的检查情况", completedOn: "2099-01-01"));
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("完成日期：不能晚于今天", html, StringComparison.Ordinal);
        Assert.Contains("输入后不应丢失的检查情况", html, StringComparison.Ordinal);
        Assert.Contains("2099-01-01", html, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot", html, StringComparison.OrdinalIgnoreCase);
        Assert.Null((await LoadAsync(id)).Result);

        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(assigned, id, Form("第一次登记的情况"))).StatusCode);

        // Changing a recorded result without a reason is refused; the typed text stays, nothing is saved.
        var noReason = await SaveAsync(assigned, id, Form("未写理由的更正", result: InspectionResults.Problem));
        html = await noReason.Content.ReadAsStringAsync();
        Assert.Contains("更正理由：结果已登记，更正须写明理由", html, StringComparison.Ordinal);
        Assert.Contains("未写理由的更正", html, StringComparison.Ordinal);
        Assert.Equal("第一次登记的情况", (await LoadAsync(id)).Findings);
        Assert.Equal(0, await CountRevisionsAsync(id));

        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(assigned, id, Form("发现未公示中标候选人", result: InspectionResults.Problem, reason: "补录发现的问题"))).StatusCode);
        var supervisor = await factory.LoginAsync(seeded.Supervisor);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(supervisor, id, Form("发现未公示中标候选人，已责令改正", result: InspectionResults.Problem, reason: "写明处理情况"))).StatusCode);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        var revisions = await db.SamplingResultRevisions.Where(r => r.AssignmentId == id).OrderBy(r => r.Version).ToListAsync();
        Assert.Equal([1, 2], revisions.Select(r => r.Version));
        Assert.Equal(("第一次登记的情况", InspectionResults.NoProblem, seeded.Assigned, seeded.Assigned, "补录发现的问题"),
            (revisions[0].Findings, revisions[0].Result, revisions[0].RecordedBy, revisions[0].CorrectedBy, revisions[0].Reason));
        Assert.Equal(("发现未公示中标候选人", seeded.Assigned, seeded.Supervisor, "写明处理情况"),
            (revisions[1].Findings, revisions[1].RecordedBy, revisions[1].CorrectedBy, revisions[1].Reason));
        var current = await db.SamplingAssignments.SingleAsync(a => a.Id == id);
        Assert.Equal(("发现未公示中标候选人，已责令改正", seeded.Supervisor), (current.Findings, current.RecordedBy));
        var target = $"sampling/assignments/{id}";
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == "sampling.result.correct" && e.Target == target));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "sampling.result.record" && e.Target == target));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "sampling.result.view" && e.Target == target));

        // The result page lists every earlier version with display names and reasons.
        var shown = await supervisor.GetStringAsync($"/Sampling/Assignments/Edit?id={id}");
        Assert.Contains("更正记录", shown, StringComparison.Ordinal);
        Assert.Contains("补录发现的问题", shown, StringComparison.Ordinal);
        Assert.Contains("写明处理情况", shown, StringComparison.Ordinal);
        Assert.Contains("测试用户" + seeded.Supervisor, shown, StringComparison.Ordinal);
        Assert.Contains("第一次登记的情况", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InspectorImport_ShortNamesAndCodesResolve_UnknownUnitsAndMissingCertificatesFlaggedPerRow()
    {
        var prefix = "II" + Guid.NewGuid().ToString("N")[..6];
        var coded = $"海口市{prefix}监督局";
        await factory.SeedAsync(async db =>
        {
            if (!await db.Organisations.AnyAsync(o => o.Name == FullName))
            {
                db.Organisations.Add(new Organisation { Code = prefix + "-zj", Name = FullName, Kind = OrgKind.Industry });
            }

            db.Organisations.Add(new Organisation { Code = prefix + "-jd", Name = coded, Kind = OrgKind.Industry });
        });
        var justice = await factory.CreateUserAndLoginAsync(Roles.Justice);
        var account = await factory.CreateUserAsync(prefix + "-zf", Roles.Enforcement);

        string[] good1 = [$"{prefix}-1", "甲", "住建局", "琼A1234567", "2028-12-31", "工程建设项目招标投标", "", "是", account];
        string[] good2 = [$"{prefix}-2", "乙", $"{prefix}-JD".ToUpperInvariant(), "琼A7654321", "2028-12-31", "政府采购", "", "是", ""];
        string[] unknown = [$"{prefix}-3", "丙", "规划建设局", "琼A1111111", "2028-12-31", "", "", "是", ""];
        string[] noCertificate = [$"{prefix}-4", "丁", "住建局", "", "2028-12-31", "", "", "是", ""];
        string[] badDate = [$"{prefix}-5", "戊", "住建局", "琼A2222222", "2028-13-45", "", "", "是", ""];
        string[] badCertificate = [$"{prefix}-6", "己", "住建局", "琼 A 1", "2028-12-31", "", "", "是", ""];

        var preview = await PreviewAsync(justice, "名录.xlsx", good1, good2, unknown, noCertificate, badDate, badCertificate);
        Assert.Contains("文件 名录.xlsx，第 4 行，部门：“规划建设局”不是已知的单位", preview, StringComparison.Ordinal);
        Assert.Contains("文件 名录.xlsx，第 5 行，执法证号：未填写", preview, StringComparison.Ordinal);
        Assert.Contains("文件 名录.xlsx，第 6 行，执法证有效期至：“2028-13-45”无法识别", preview, StringComparison.Ordinal);
        Assert.Contains("文件 名录.xlsx，第 7 行，执法证号：“琼 A 1”格式不正确", preview, StringComparison.Ordinal);
        Assert.Contains("没有导入任何数据", preview, StringComparison.Ordinal);
        Assert.DoesNotContain(">确认导入</button>", preview, StringComparison.Ordinal);

        var fixedPreview = await PreviewAsync(justice, "名录.xlsx", good1, good2);
        Assert.Contains(">确认导入</button>", fixedPreview, StringComparison.Ordinal);
        var json = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(fixedPreview, "name=\"previewJson\" value=\"([^\"]*)\"").Groups[1].Value);
        var applied = await JianguanFactory.PostFormAsync(justice, "/Sampling/Inspectors?handler=Apply", new Dictionary<string, string> { ["previewJson"] = json }, "/Sampling/Inspectors");
        Assert.Contains("已导入：新增 2 名", await applied.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The same file again changes nothing, and the page says so instead of silently hiding the button.
        Assert.Contains("表格与名录库完全相同，没有需要导入的变更", await PreviewAsync(justice, "名录.xlsx", good1, good2), StringComparison.Ordinal);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        var stored = await db.Inspectors.Where(i => i.Code.StartsWith(prefix)).OrderBy(i => i.Code).ToListAsync();
        Assert.Equal([FullName, coded], stored.Select(i => i.Department));
        var user = await db.Users.SingleAsync(u => u.UserName == account);
        Assert.Equal(user.Id, stored[0].UserId);
        Assert.Null(stored[1].UserId);
    }

    [Fact]
    public async Task Template_OffersTheRealUnitNamesAsADropDown()
    {
        var justice = await factory.CreateUserAndLoginAsync(Roles.Justice);
        var bytes = await justice.GetByteArrayAsync("/Sampling/Inspectors?handler=Template");
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
        using var reader = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        var sheet = await reader.ReadToEndAsync();
        Assert.Contains("dataValidation type=\"list\"", sheet, StringComparison.Ordinal);
        Assert.Contains("'单位列表'!$A$2", sheet, StringComparison.Ordinal);
        Assert.NotNull(zip.GetEntry("xl/worksheets/sheet2.xml"));

        // The template reads back with no error: its example row names a known unit.
        var token = await JianguanFactory.GetAntiforgeryTokenAsync(justice, "/Sampling/Inspectors");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(bytes), "file", "模板.xlsx" },
        };
        var preview = await (await justice.PostAsync("/Sampling/Inspectors?handler=Preview", form)).Content.ReadAsStringAsync();
        Assert.Contains("错误 0 条", preview, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccountLink_ByUserName_OnlyInspectionAccounts_Audited()
    {
        var prefix = "IL" + Guid.NewGuid().ToString("N")[..6];
        var inspector = await factory.CreateUserAsync(prefix + "-zf", Roles.Enforcement);
        var reader = await factory.CreateUserAsync(prefix + "-rd", Roles.Discipline);
        await factory.SeedAsync(db =>
        {
            db.Inspectors.Add(new Inspector { Code = prefix, Name = "执法员", Department = FullName });
            return Task.CompletedTask;
        });
        var justice = await factory.CreateUserAndLoginAsync(Roles.Justice);

        var refused = await JianguanFactory.PostFormAsync(justice, "/Sampling/Inspectors?handler=Link",
            new Dictionary<string, string> { ["LinkCode"] = prefix, ["LinkUserName"] = reader }, "/Sampling/Inspectors");
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("没有执法检查权限", html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{reader}\"", html, StringComparison.Ordinal);

        var linked = await JianguanFactory.PostFormAsync(justice, "/Sampling/Inspectors?handler=Link",
            new Dictionary<string, string> { ["LinkCode"] = prefix, ["LinkUserName"] = inspector }, "/Sampling/Inspectors");
        Assert.Contains($"已为 {prefix} 关联登录账号", await linked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        var user = await db.Users.SingleAsync(u => u.UserName == inspector);
        Assert.Equal(user.Id, (await db.Inspectors.SingleAsync(i => i.Code == prefix)).UserId);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "sampling.inspectors.link" && e.Target == $"sampling/inspectors/{prefix}"));
    }

    [Fact]
    public async Task Commitment_WithUnstaffableObjects_WarnsAndNeedsAcknowledgement()
    {
        var prefix = "IS" + Guid.NewGuid().ToString("N")[..6];
        var department = $"海口市{prefix}局";
        long planId = 0, batchId = 0;
        await factory.SeedAsync(async db =>
        {
            for (var i = 1; i <= 2; i++)
            {
                db.SamplingObjects.Add(new SamplingObject
                {
                    Key = $"E:{prefix}-{i}",
                    Kind = "entity",
                    Name = $"海南{prefix}无人可查{i}公司",
                    EntityKey = $"E:{prefix}-{i}",
                    Department = department,
                    Category = "工程建设项目招标投标",
                });
            }

            // One officer of the department, and one more who declared a conflict with the first object.
            db.Inspectors.Add(new Inspector { Code = $"{prefix}-I1", Name = "甲", Department = department, Specialties = "工程建设项目招标投标", CertificateValidUntil = new DateOnly(2099, 12, 31) });
            db.Inspectors.Add(new Inspector { Code = $"{prefix}-I2", Name = "乙", Department = department, Specialties = "工程建设项目招标投标", Conflicts = $"E:{prefix}-1", CertificateValidUntil = new DateOnly(2099, 12, 31) });
            var plan = new SamplingPlan { Year = 2026, Title = prefix + " 计划", Departments = department, ApprovedOn = new DateOnly(2026, 1, 5), DecisionRef = "联席〔2026〕2号" };
            var batch = new SamplingBatch { Name = "第一批", Month = 3, RatioLow = 1m, FilterDepartments = department };
            plan.Batches.Add(batch);
            db.SamplingPlans.Add(plan);
            await db.SaveChangesAsync();
            (planId, batchId) = (plan.Id, batch.Id);
        });
        var office = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);
        var page = $"/Sampling/Plans/Detail?id={planId}";

        var html = await office.GetStringAsync(page);
        Assert.Contains($"id=\"staffing-warning-{batchId}\"", html, StringComparison.Ordinal);
        Assert.Contains("有 1 个检查对象无法配足 2 名执法人员", html, StringComparison.Ordinal);
        Assert.Contains($"海南{prefix}无人可查1公司", html, StringComparison.Ordinal);
        Assert.Contains("利害关系回避 1 名", html, StringComparison.Ordinal);

        var refused = await JianguanFactory.PostFormAsync(office, $"{page}&handler=Commit", new Dictionary<string, string> { ["batchId"] = $"{batchId}" }, page);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("请先补充执法人员名录", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.False(await scope.ServiceProvider.GetRequiredService<JianguanDbContext>().SamplingDraws.AnyAsync(d => d.BatchId == batchId));
        }

        var accepted = await JianguanFactory.PostFormAsync(office, $"{page}&handler=Commit",
            new Dictionary<string, string> { ["batchId"] = $"{batchId}", ["acknowledgeUnstaffable"] = "true" }, page);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
    }

    private async Task<string> PreviewAsync(HttpClient justice, string fileName, params string[][] rows)
    {
        using var xlsx = new MemoryStream();
        await XlsxDocument.WriteAsync(xlsx, "执法人员名录", rows,
            [.. SamplingWorkbooks.InspectorColumns.Select((header, n) => new XlsxColumn<string[]>(header, r => r[n]))]);
        var token = await JianguanFactory.GetAntiforgeryTokenAsync(justice, "/Sampling/Inspectors");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(xlsx.ToArray()), "file", fileName },
        };
        return await (await justice.PostAsync("/Sampling/Inspectors?handler=Preview", form)).Content.ReadAsStringAsync();
    }

    private async Task<SamplingAssignment> LoadAsync(long id)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<JianguanDbContext>().SamplingAssignments.AsNoTracking().SingleAsync(a => a.Id == id);
    }

    private async Task<int> CountRevisionsAsync(long id)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<JianguanDbContext>().SamplingResultRevisions.CountAsync(r => r.AssignmentId == id);
    }
}

/// <summary>The department resolver alone: full names, codes, short names, the city prefix, unknown and ambiguous names.</summary>
public sealed class SamplingDepartmentsTests
{
    private static readonly SamplingDepartments Known = SamplingDepartments.From(
        [new("海口市住房和城乡建设局", "zhujianju"), new("海口市水务局", "shuiwuju"), new("海口市交通运输和港航管理局", "jiaotongju")],
        ["联合检查组"]);

    [Theory]
    [InlineData("海口市住房和城乡建设局", "海口市住房和城乡建设局")]
    [InlineData("住建局", "海口市住房和城乡建设局")]
    [InlineData("海口市住建局", "海口市住房和城乡建设局")]
    [InlineData("住房和城乡建设局", "海口市住房和城乡建设局")]
    [InlineData("ZHUJIANJU", "海口市住房和城乡建设局")]
    [InlineData("水务局", "海口市水务局")]
    [InlineData("交通局", "海口市交通运输和港航管理局")]
    [InlineData("联合检查组", "联合检查组")]
    public void Resolve_KnownForms_GiveTheFullName(string input, string expected) =>
        Assert.Equal((expected, (string?)null), Known.Resolve(input));

    [Theory]
    [InlineData("规划建设局", "不是已知的单位")]
    [InlineData("", "未填写")]
    public void Resolve_UnknownOrEmpty_IsRefusedWithAReason(string input, string reason)
    {
        var (name, error) = Known.Resolve(input);
        Assert.Null(name);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void SameUnit_ShortAndFullNames_Match_OtherUnitsDoNot()
    {
        Assert.True(SamplingDepartments.SameUnit("住建局", "海口市住房和城乡建设局"));
        Assert.False(SamplingDepartments.SameUnit("水务局", "海口市住房和城乡建设局"));
        Assert.False(SamplingDepartments.SameUnit("", "海口市住房和城乡建设局"));
    }
}
