using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Jianguan.Features.Reports;
using Jianguan.Features.Trading;
using Jianguan.Features.Warnings;
using Jianguan.Platform.Inbox;
using Jianguan.Tests.Calendar;
using Jianguan.Tests.Sampling;
using Jianguan.Tests.Web;
using MiniExcelLibs;
using Wp = DocumentFormat.OpenXml.Wordprocessing;

namespace Jianguan.Tests.Reports;

/// <summary>
/// The trading center's monthly report: figures from a seeded month equal hand counts; the page, the .docx, the
/// workbook and the command line show the same numbers; the workflow (four eyes, returns with a reason, forwarding
/// with read receipts) and who sees what.
/// </summary>
[Trait("Category", "Database")]
public sealed partial class MonthlyReportTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static DateTimeOffset At(int y, int m, int d, int h = 10, int min = 0) => new(y, m, d, h, min, 0, Beijing);

    /// <summary>
    /// A month of data (May 2024 unless told): in it, project A (工程建设, 美兰区) with sections opened on the 10th and at
    /// 23:30 on the 31st, project B (政府采购, no district) with one opened at midnight on the 1st; project C's sections
    /// open a minute before and exactly at the month's ends (outside). Alerts: three in the month (one market-wide,
    /// dated by first sight), two outside.
    /// </summary>
    private async Task SeedMonthAsync(string prefix, int year = 2024, int month = 5)
    {
        var next = new DateOnly(year, month, 1).AddMonths(1);
        await factory.SeedAsync(async db =>
        {
            var firms = Enumerable.Range(1, 3).Select(i => new MarketEntity { Key = $"{prefix}-E{i}", Name = $"{prefix}建设{i}有限公司" }).ToList();
            db.MarketEntities.AddRange(firms);
            var a = new TradingProject { Code = $"{prefix}-A", Name = "道路改造工程", Category = TradingCategory.Construction, Region = "460108" };
            var s1 = new Section { Code = "01", ControlPrice = 1_000_000m, AwardAmount = 950_000m, Winner = firms[0], BidOpenAt = At(year, month, 10) };
            s1.Bids.AddRange(firms.Select(f => new Bid { Bidder = f, Price = 950_000m }));
            var s2 = new Section { Code = "02", ControlPrice = 500_000m, BidOpenAt = At(year, month, DateTime.DaysInMonth(year, month), 23, 30) };
            s2.Bids.AddRange(firms.Take(2).Select(f => new Bid { Bidder = f, Price = 480_000m }));
            a.Sections.AddRange([s1, s2]);
            var b = new TradingProject { Code = $"{prefix}-B", Name = "办公设备采购", Category = TradingCategory.GovernmentProcurement };
            var s3 = new Section { Code = "01", ControlPrice = 2_345_600m, AwardAmount = 2_000_000m, Winner = firms[1], BidOpenAt = At(year, month, 1, 0) };
            s3.Bids.Add(new Bid { Bidder = firms[1], Price = 2_000_000m });
            b.Sections.Add(s3);
            var c = new TradingProject { Code = $"{prefix}-C", Name = "月外工程", Category = TradingCategory.Construction, Region = "460108" };
            var before = new Section { Code = "01", ControlPrice = 7_000_000m, AwardAmount = 6_000_000m, Winner = firms[2], BidOpenAt = At(year, month, 1, 0).AddMinutes(-1) };
            before.Bids.Add(new Bid { Bidder = firms[2], Price = 6_000_000m });
            var after = new Section { Code = "02", ControlPrice = 9_000_000m, BidOpenAt = new DateTimeOffset(next.Year, next.Month, 1, 0, 0, 0, Beijing) };
            after.Bids.Add(new Bid { Bidder = firms[2], Price = 8_000_000m });
            c.Sections.AddRange([before, after]);
            db.Projects.AddRange(a, b, c);
            await db.SaveChangesAsync();

            RiskAlert Alert(string rule, AlertLevel level, DateTimeOffset? occurred, DateTimeOffset firstSeen, long? section) => new()
            {
                Key = $"{prefix}-{Guid.NewGuid():N}",
                RuleCode = rule,
                RuleCategory = "fingerprint",
                Level = level,
                Basis = "《招标投标法实施条例》第四十条",
                Evidence = "{}",
                SectionId = section,
                OccurredAt = occurred,
                FirstSeenAt = firstSeen,
                LastSeenAt = firstSeen,
            };
            db.Set<RiskAlert>().AddRange(
                Alert("a40.1.file_code", AlertLevel.Red, s1.BidOpenAt, At(year, month, 11), s1.Id),
                Alert("a40.2.upload_ip", AlertLevel.Orange, s2.BidOpenAt, At(year, month, 28), s2.Id),
                Alert("a40.2.upload_ip", AlertLevel.Yellow, null, At(year, month, 15), null),
                Alert("a40.1.file_code", AlertLevel.Yellow, after.BidOpenAt, At(year, month, 20), after.Id),
                Alert("a40.1.file_code", AlertLevel.Red, before.BidOpenAt, At(year, month, 2), before.Id));
        });
    }

    private async Task<T> InScopeAsync<T>(Func<JianguanDbContext, Task<T>> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<JianguanDbContext>());
    }

    [Fact]
    public async Task Figures_SeededMonth_EqualHandCounts()
    {
        await SeedMonthAsync("FIG", 2023, 5);

        var f = await InScopeAsync(db => MonthlyReportQuery.ComputeAsync(db, new ReportMonth(2023, 5), DateTimeOffset.UtcNow));

        Assert.Equal("2023-05", f.Month);
        // Sections 01, 02 of A and 01 of B; C's sections fall a minute before and exactly at the month's ends.
        Assert.Equal(new MonthlyActivity("合计", 2, 3, 6, 3_845_600m, 2, 2_950_000m), f.Total);
        Assert.Equal(
        [
            new MonthlyActivity("工程建设项目招标投标", 1, 2, 5, 1_500_000m, 1, 950_000m),
            new MonthlyActivity("政府采购", 1, 1, 1, 2_345_600m, 1, 2_000_000m),
        ], f.ByCategory);
        Assert.Equal(
        [
            new MonthlyActivity("海南省海口市美兰区", 1, 2, 5, 1_500_000m, 1, 950_000m),
            new MonthlyActivity(MonthlyReportQuery.NoDistrict, 1, 1, 1, 2_345_600m, 1, 2_000_000m),
        ], f.ByDistrict);
        Assert.Equal(3, f.Alerts);
        Assert.Equal([new MonthlyAlertLevel("红色", 1), new MonthlyAlertLevel("橙色", 1), new MonthlyAlertLevel("黄色", 1)], f.AlertsByLevel);
        Assert.Equal(
        [
            new MonthlyAlertRule(AlertLabels.RuleName("a40.2.upload_ip"), 2, 0, 1, 1),
            new MonthlyAlertRule(AlertLabels.RuleName("a40.1.file_code"), 1, 1, 0, 0),
        ], f.AlertsByRule);
        Assert.Equal("384.56", MonthlyText.Wan(f.Total.ControlPrice));
        Assert.Contains("收到投标 6 份", f.Overview(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_PageDocxXlsxAndCli_ShowTheSameFigures_FrozenAfterwards()
    {
        await SeedMonthAsync("GEN", 2022, 3);
        var center = await factory.CreateUserAndLoginAsync(Roles.TradingCenter);

        var generated = await JianguanFactory.PostFormAsync(center, "/Reports/Monthly?handler=Generate",
            new Dictionary<string, string> { ["Month"] = "2022-03" }, "/Reports/Monthly");
        Assert.Equal(HttpStatusCode.Redirect, generated.StatusCode);
        var page = generated.Headers.Location!.ToString();
        var report = await InScopeAsync(db => db.Set<MonthlyReport>().SingleAsync(r => r.Month == "2022-03"));
        Assert.Equal($"/Reports/Monthly/{report.Id}", page);
        Assert.Matches(@"^YB-\d{4}-\d{6}$", report.Number);

        // Data arriving later does not change the generated report.
        await SeedMonthAsync("LATE", 2022, 3);

        var html = await center.GetStringAsync(page);
        var pageCategory = TableCells(html, "by-category");
        string[][] expectedCategory =
        [
            ["交易类别", "项目数", "标段（包）数", "投标数", "招标控制价（万元）", "已定标标段数", "中标金额（万元）"],
            ["工程建设项目招标投标", "1", "2", "5", "150.00", "1", "95.00"],
            ["政府采购", "1", "1", "1", "234.56", "1", "200.00"],
            ["合计", "2", "3", "6", "384.56", "2", "295.00"],
        ];
        Assert.Equal(expectedCategory, pageCategory);
        var pageDistrict = TableCells(html, "by-district");
        Assert.Equal(["海南省海口市美兰区", "1", "2", "5", "150.00", "1", "95.00"], pageDistrict[1]);
        var pageRules = TableCells(html, "alerts-by-rule");
        Assert.Equal([AlertLabels.RuleName("a40.2.upload_ip"), "2", "0", "1", "1"], pageRules[1]);
        Assert.Equal("3", Regex.Match(html, "id=\"alert-total\">(\\d+)<").Groups[1].Value);

        // The Word document: the same tables, valid OpenXML.
        var docx = await center.GetByteArrayAsync(page + "?handler=Docx");
        var docTables = DocxTables(docx, out var docText);
        Assert.Equal(pageCategory, docTables[0]);
        Assert.Equal(pageDistrict, docTables[1]);
        Assert.Equal(pageRules, docTables[3]);
        Assert.Contains(report.Number, docText, StringComparison.Ordinal);
        Assert.Contains("公共资源交易中心2022年3月月度报告", docText, StringComparison.Ordinal);

        // The workbook: the same numbers, as numbers.
        using var xlsx = new MemoryStream(await center.GetByteArrayAsync(page + "?handler=Xlsx"));
        var sheet = xlsx.Query(useHeaderRow: true, sheetName: "按交易类别").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(pageCategory.Skip(1).Select(r => r[0]), sheet.Select(r => (string)r["交易类别"]!));
        for (var i = 0; i < sheet.Count; i++)
        {
            Assert.Equal(decimal.Parse(pageCategory[i + 1][4], CultureInfo.InvariantCulture), Number(sheet[i]["招标控制价（万元）"]));
            Assert.Equal(decimal.Parse(pageCategory[i + 1][6], CultureInfo.InvariantCulture), Number(sheet[i]["中标金额（万元）"]));
            Assert.Equal(decimal.Parse(pageCategory[i + 1][3], CultureInfo.InvariantCulture), Number(sheet[i]["投标数"]));
        }

        xlsx.Position = 0;
        var levels = xlsx.Query(useHeaderRow: true, sheetName: "预警按等级").Cast<IDictionary<string, object?>>()
            .ToDictionary(r => (string)r["预警等级"]!, r => Number(r["条数"]));
        Assert.Equal(new Dictionary<string, decimal> { ["红色"] = 1, ["橙色"] = 1, ["黄色"] = 1 }, levels);

        // The command line prints the stored report: the same tables.
        using var dir = new TempDir();
        var (exit, output, error) = await DrawCliTests.RunAsync("report", "monthly", "--month", "2022-03", "--db", factory.Database.ConnectionString,
            "--out", dir.File("月报.docx"));
        Assert.True(exit == 0, error);
        Assert.Contains("标段 3 个", output, StringComparison.Ordinal);
        var cliTables = DocxTables(await File.ReadAllBytesAsync(dir.File("月报.docx")), out _);
        Assert.Equal(docTables, cliTables);

        // Views and downloads are on the audit chain.
        var actions = await InScopeAsync(db => db.AuditEntries.Where(e => e.Target == $"monthly-report:{report.Id}").Select(e => e.Action).ToListAsync());
        Assert.Contains("monthly.generate", actions);
        Assert.Contains("monthly.view", actions);
        Assert.Equal(3, actions.Count(a => a == "monthly.download"));
    }

    [Fact]
    public async Task Cli_MonthWithoutReport_ComputesNow_BadMonthIsUsageError()
    {
        await SeedMonthAsync("CLI", 2021, 8);
        using var dir = new TempDir();

        var (exit, _, error) = await DrawCliTests.RunAsync("report", "monthly", "--month", "2021-08", "--db", factory.Database.ConnectionString,
            "--out", dir.File("r.docx"));

        Assert.True(exit == 0, error);
        var tables = DocxTables(await File.ReadAllBytesAsync(dir.File("r.docx")), out var text);
        Assert.Equal(["合计", "2", "3", "6", "384.56", "2", "295.00"], tables[0][^1]);
        Assert.Contains("尚未生成报告", text, StringComparison.Ordinal);

        foreach (var bad in new[] { "2021-13", "2021/08", "21-08", "1999-12", "八月" })
        {
            var (code, _, message) = await DrawCliTests.RunAsync("report", "monthly", "--month", bad, "--db", factory.Database.ConnectionString,
                "--out", dir.File("x.docx"));
            Assert.Equal(Cli.Usage, code);
            Assert.Contains("报告月份无效", message, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(dir.File("x.docx")));
        var (missingOut, _, _) = await DrawCliTests.RunAsync("report", "monthly", "--month", "2021-08");
        Assert.Equal(Cli.Usage, missingOut);
    }

    [Fact]
    public async Task Generate_BadMonth_ClearErrorKeepsInput_NothingSaved()
    {
        var center = await factory.CreateUserAndLoginAsync(Roles.TradingCenter);
        var before = await InScopeAsync(db => db.Set<MonthlyReport>().CountAsync());

        foreach (var (month, message) in new[] { ("2020-13", "不是有效的月份"), ("2199-01", "尚未开始"), ("", "必填") })
        {
            var response = await JianguanFactory.PostFormAsync(center, "/Reports/Monthly?handler=Generate",
                new Dictionary<string, string> { ["Month"] = month }, "/Reports/Monthly");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains(message, html, StringComparison.Ordinal);
            if (month.Length > 0)
            {
                Assert.Contains($"value=\"{month}\"", html, StringComparison.Ordinal);
            }
        }

        await JianguanFactory.PostFormAsync(center, "/Reports/Monthly?handler=Generate", new Dictionary<string, string> { ["Month"] = "2020-01" }, "/Reports/Monthly");
        var twice = await JianguanFactory.PostFormAsync(center, "/Reports/Monthly?handler=Generate",
            new Dictionary<string, string> { ["Month"] = "2020-01" }, "/Reports/Monthly");
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Contains("已经生成", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before + 1, await InScopeAsync(db => db.Set<MonthlyReport>().CountAsync()));
    }

    [Fact]
    public async Task Workflow_FourEyesReturnSubmitForward_ReadReceiptsShowWhoReadWhen()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var unitId = await InScopeAsync(async db =>
        {
            var unit = new Organisation { Code = "jw" + suffix, Name = "测试市纪委监委", Kind = OrgKind.Discipline };
            db.Organisations.Add(unit);
            await db.SaveChangesAsync();
            return unit.Id;
        });
        var editor = await factory.CreateUserAndLoginAsync(Roles.TradingCenter);
        var reviewer = await factory.CreateUserAndLoginAsync(Roles.TradingCenter);
        var office = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);
        var supervisor = await factory.CreateUserAndLoginAsync(Roles.MemberSupervisor);
        var police = await factory.CreateUserAndLoginAsync(Roles.Police);
        var disciplineName = "jj" + suffix;
        await factory.CreateUserAsync(disciplineName, Roles.Discipline);
        await InScopeAsync(db => db.Users.Where(u => u.UserName == disciplineName).ExecuteUpdateAsync(s => s.SetProperty(u => u.OrganisationId, unitId)));
        var discipline = await factory.LoginAsync(disciplineName);

        var generated = await JianguanFactory.PostFormAsync(editor, "/Reports/Monthly?handler=Generate",
            new Dictionary<string, string> { ["Month"] = "2019-02" }, "/Reports/Monthly");
        var page = generated.Headers.Location!.ToString();
        async Task<HttpResponseMessage> Post(HttpClient client, string handler, Dictionary<string, string>? fields = null) =>
            await JianguanFactory.PostFormAsync(client, $"{page}?handler={handler}", fields ?? [], page);

        // Drafts are the trading center's: nobody else sees them.
        Assert.Equal(HttpStatusCode.NotFound, (await office.GetAsync(page)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync(page)).StatusCode);
        Assert.DoesNotContain("2019年2月", await supervisor.GetStringAsync("/Reports/Monthly"), StringComparison.Ordinal);

        // An item too long: refused by field, what was typed is shown again, nothing saved.
        var longItem = new string('问', MonthlyReportService.MaxProblemLineLength + 1);
        var refused = await Post(editor, "Save", new() { ["Problems"] = "开标现场秩序混乱\n" + longItem, ["Remarks"] = "备注文字" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Contains("发现的问题：第 2 条", refusedHtml, StringComparison.Ordinal);
        Assert.Contains(longItem, refusedHtml, StringComparison.Ordinal);
        Assert.Contains("备注文字", refusedHtml, StringComparison.Ordinal);
        Assert.Null((await InScopeAsync(db => db.Set<MonthlyReport>().SingleAsync(r => r.Month == "2019-02"))).Remarks);

        Assert.Equal(HttpStatusCode.Redirect, (await Post(editor, "Save", new()
        {
            ["Problems"] = "开标现场秩序混乱\n\n  某代理机构未按时上传开标记录  ",
            ["Summary"] = "本月总体平稳。",
            ["Remarks"] = "备注文字",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Post(editor, "SendForReview")).StatusCode);

        // Four eyes: who sent it for review cannot approve it; a return needs a reason.
        var self = await Post(editor, "Approve");
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Contains("不能审核自己的报告", await self.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var noReason = await Post(reviewer, "Return", new() { ["Reason"] = " " });
        Assert.Contains("须填写理由", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await Post(reviewer, "Return", new() { ["Reason"] = "请补充预警核查情况" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Post(editor, "SendForReview")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Post(reviewer, "Approve")).StatusCode);
        // Approved reports cannot be edited any more.
        Assert.Equal(HttpStatusCode.BadRequest, (await Post(editor, "Save", new() { ["Problems"] = "改" })).StatusCode);
        // Only the office forwards, and only what was submitted.
        Assert.Contains("/Account/Denied", (await Post(editor, "Forward")).Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await Post(editor, "Submit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync(page)).StatusCode);
        Assert.Contains("已报送，待转送", await office.GetStringAsync("/api/inbox"), StringComparison.Ordinal);
        Assert.Contains("被审核人退回", await editor.GetStringAsync("/api/inbox"), StringComparison.Ordinal);
        Assert.DoesNotContain("2019年2月", await supervisor.GetStringAsync("/api/inbox"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync(page)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Post(office, "Forward")).StatusCode);

        var stored = await InScopeAsync(db => db.Set<MonthlyReport>().SingleAsync(r => r.Month == "2019-02"));
        Assert.Equal(MonthlyReportState.Forwarded, stored.State);
        Assert.Equal("开标现场秩序混乱\n某代理机构未按时上传开标记录", stored.Problems);
        var history = await InScopeAsync(db => db.Set<MonthlyReportTransition>().Where(t => t.ReportId == stored.Id).OrderBy(t => t.Id).ToListAsync());
        Assert.Equal(
        [
            (MonthlyReportState.Draft, MonthlyReportState.UnderReview), (MonthlyReportState.UnderReview, MonthlyReportState.Draft),
            (MonthlyReportState.Draft, MonthlyReportState.UnderReview), (MonthlyReportState.UnderReview, MonthlyReportState.Reviewed),
            (MonthlyReportState.Reviewed, MonthlyReportState.Submitted), (MonthlyReportState.Submitted, MonthlyReportState.Forwarded),
        ], history.Select(h => (h.From, h.To)));
        Assert.Equal("请补充预警核查情况", history[1].Reason);

        // One notification per addressee: the discipline unit by its unit, member units and police by role here.
        var recipients = await InScopeAsync(db => db.Set<MonthlyReportRecipient>().Where(r => r.ReportId == stored.Id).Select(r => r.Name).ToListAsync());
        Assert.Contains("测试市纪委监委", recipients);
        Assert.Contains("公安", recipients);
        var inbox = await police.GetStringAsync("/api/inbox");
        Assert.Contains($"/Reports/Monthly/{stored.Id}", inbox, StringComparison.Ordinal);

        // Opening the report is reading it: the receipts show who and when; police has not read it yet.
        var disciplineHtml = await discipline.GetStringAsync(page);
        Assert.Contains("开标现场秩序混乱", disciplineHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync(page)).StatusCode);
        var receipts = TableCells(await office.GetStringAsync(page), "receipts");
        var row = receipts.Single(r => r[0] == "测试市纪委监委");
        Assert.Equal("测试用户" + disciplineName + "（测试市纪委监委）", row[1]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$", row[2]);
        Assert.Equal(["公安", "未读", "—"], receipts.Single(r => r[0] == "公安"));
        Assert.Contains(receipts, r => r[0] == "成员单位监管员" && r[1].StartsWith("测试用户", StringComparison.Ordinal));
        var reads = await InScopeAsync(db => db.Set<NotificationRead>().CountAsync(r =>
            db.Set<MonthlyReportRecipient>().Any(x => x.ReportId == stored.Id && x.NotificationId == r.NotificationId)));
        Assert.Equal(2, reads);

        // The API answers the same report to an addressee.
        Assert.Contains("\"state\":\"Forwarded\"", await discipline.GetStringAsync("/api/reports/monthly/2019-02"), StringComparison.Ordinal);

        var actions = await InScopeAsync(db => db.AuditEntries.Where(e => e.Target == $"monthly-report:{stored.Id}").Select(e => e.Action).ToListAsync());
        foreach (var action in new[] { "monthly.edit", "monthly.send_review", "monthly.return", "monthly.approve", "monthly.submit", "monthly.forward" })
        {
            Assert.Contains(action, actions);
        }
    }

    [Fact]
    public void Workflow_EveryTransition_HasAPolicyTheModuleDefinesAndANamedAuditAction()
    {
        Assert.All(MonthlyReportService.Table.Rows, r =>
        {
            Assert.True(Jianguan.Platform.Audit.AuditLabels.Actions.ContainsKey(r.AuditAction), r.AuditAction);
            Assert.True(ReportPolicies.RolesByPolicy.ContainsKey(r.Policy), r.Policy);
        });
        Assert.Equal(ReportPolicies.RolesByPolicy.Keys.Order(StringComparer.Ordinal), ReportPolicies.Names.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Access_AnonymousToLogin_OthersCannotWrite()
    {
        var anonymous = factory.CreateAnonymousClient();
        foreach (var path in new[] { "/Reports/Monthly", "/Reports/Monthly/2020-01" })
        {
            var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/Account/Login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/reports/monthly")).StatusCode);
        var enforcement = await factory.CreateUserAndLoginAsync(Roles.Enforcement);
        Assert.Contains("/Account/Denied", (await enforcement.GetAsync("/Reports/Monthly")).Headers.Location!.ToString(), StringComparison.Ordinal);

        var supervisor = await factory.CreateUserAndLoginAsync(Roles.MemberSupervisor);
        var listing = await supervisor.GetStringAsync("/Reports/Monthly");
        Assert.DoesNotContain("generate-form", listing, StringComparison.Ordinal);
        var generate = await JianguanFactory.PostFormAsync(supervisor, "/Reports/Monthly?handler=Generate",
            new Dictionary<string, string> { ["Month"] = "2018-01" }, "/Reports/Monthly");
        Assert.NotEqual(HttpStatusCode.OK, generate.StatusCode);
        Assert.False(await InScopeAsync(db => db.Set<MonthlyReport>().AnyAsync(r => r.Month == "2018-01")));
    }

    [Fact]
    public async Task SubmittedReport_ProblemItems_BecomeOneClueEach_LinkedBothWays()
    {
        var editor = await factory.CreateUserAndLoginAsync(Roles.TradingCenter);
        var reviewer = await factory.CreateUserAndLoginAsync(Roles.TradingCenter);
        var office = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);
        var supervisor = await factory.CreateUserAndLoginAsync(Roles.MemberSupervisor);
        var generated = await JianguanFactory.PostFormAsync(editor, "/Reports/Monthly?handler=Generate",
            new Dictionary<string, string> { ["Month"] = "2015-08" }, "/Reports/Monthly");
        var page = generated.Headers.Location!.ToString();
        async Task<HttpResponseMessage> Post(HttpClient client, string handler, Dictionary<string, string>? fields = null) =>
            await JianguanFactory.PostFormAsync(client, $"{page}?handler={handler}", fields ?? [], page);
        Task<HttpResponseMessage> ToClue(HttpClient client, int item) => JianguanFactory.PostFormAsync(client, $"{page}?handler=Clue",
            new Dictionary<string, string> { ["item"] = item.ToString(CultureInfo.InvariantCulture) }, "/Reports/Monthly");

        Assert.Equal(HttpStatusCode.Redirect, (await Post(editor, "Save", new() { ["Problems"] = "开标现场秩序混乱\n某代理机构未按时上传开标记录" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Post(editor, "SendForReview")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Post(reviewer, "Approve")).StatusCode);
        var report = await InScopeAsync(db => db.Set<MonthlyReport>().AsNoTracking().SingleAsync(r => r.Month == "2015-08"));
        var prefix = report.Id.ToString(CultureInfo.InvariantCulture) + "/";
        Task<List<Features.Clues.Clue>> Clues() => InScopeAsync(db => db.Set<Features.Clues.Clue>().AsNoTracking()
            .Where(c => c.Source == Features.Clues.ClueSource.MonthlyReport && c.SourceId!.StartsWith(prefix)).OrderBy(c => c.Id).ToListAsync());

        // Not before it is submitted to the office: no button, and a direct post is refused with nothing saved.
        Assert.DoesNotContain("problem-clue-form", await editor.GetStringAsync(page), StringComparison.Ordinal);
        var early = await ToClue(editor, 1);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("报送公管办后才能将问题转为线索", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await Clues());

        Assert.Equal(HttpStatusCode.Redirect, (await Post(editor, "Submit")).StatusCode);
        Assert.Contains("problem-clue-form", await office.GetStringAsync(page), StringComparison.Ordinal);
        // A member unit does not see a submitted report; an item that is not on the report is refused by field.
        Assert.Equal(HttpStatusCode.NotFound, (await ToClue(supervisor, 1)).StatusCode);
        var missing = await ToClue(office, 3);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("问题序号：报告中没有该条问题", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await Clues());

        var made = await ToClue(office, 2);
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        Assert.EndsWith("#problem-2", made.Headers.Location!.ToString(), StringComparison.Ordinal);
        var clue = Assert.Single(await Clues());
        Assert.Equal(prefix + "2", clue.SourceId);
        Assert.Equal($"/Reports/Monthly/{report.Id}#problem-2", clue.SourceLink);
        Assert.Contains("某代理机构未按时上传开标记录", clue.Title, StringComparison.Ordinal);
        Assert.Contains(report.Number, clue.Title, StringComparison.Ordinal);

        // Once per item: the trading center's second try is refused, naming the clue.
        var again = await ToClue(editor, 2);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("该条问题已转为线索 " + clue.Number, await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // After forwarding, the trading center turns the other item; readers see both numbers, only the office and the center get buttons.
        Assert.Equal(HttpStatusCode.Redirect, (await Post(office, "Forward")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ToClue(editor, 1)).StatusCode);
        var clues = await Clues();
        Assert.Equal(2, clues.Count);
        var html = await supervisor.GetStringAsync(page);
        foreach (var c in clues)
        {
            Assert.Contains($"<a href=\"/Clues/{c.Id}\">{c.Number}</a>", html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("problem-clue-form", html, StringComparison.Ordinal);
        Assert.Contains("/Account/Denied", (await ToClue(supervisor, 1)).Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Equal(2, (await Clues()).Count);
        var cluePage = await office.GetStringAsync($"/Clues/{clue.Id}");
        Assert.Contains($"href=\"/Reports/Monthly/{report.Id}#problem-2\"", cluePage, StringComparison.Ordinal);
        Assert.Contains("交易中心月报", cluePage, StringComparison.Ordinal);
        var officeHtml = await office.GetStringAsync(page);
        Assert.Empty(ChineseTextTests.Problems(officeHtml));
    }

    [Fact]
    public async Task Pages_SpeakChinese()
    {
        await SeedMonthAsync("ZH", 2017, 6);
        var centerName = "zx" + Guid.NewGuid().ToString("N")[..8];
        await factory.CreateUserAsync(centerName, Roles.TradingCenter);
        var center = await factory.LoginAsync(centerName);
        var generated = await JianguanFactory.PostFormAsync(center, "/Reports/Monthly?handler=Generate",
            new Dictionary<string, string> { ["Month"] = "2017-06" }, "/Reports/Monthly");
        var page = generated.Headers.Location!.ToString();
        await JianguanFactory.PostFormAsync(center, page + "?handler=Save", new Dictionary<string, string> { ["Problems"] = "开标延迟半小时" }, page);

        foreach (var path in new[] { page, "/Reports/Monthly", "/Reports/Monthly?State=Draft&Year=2017" })
        {
            var html = (await center.GetStringAsync(path)).Replace(centerName, " ", StringComparison.Ordinal);
            var problems = ChineseTextTests.Problems(html).ToList();
            Assert.True(problems.Count == 0, path + ":\n" + string.Join("\n", problems));
        }
    }

    private static decimal Number(object? value) => Convert.ToDecimal(value, CultureInfo.InvariantCulture);

    /// <summary>The text of each cell, row by row, of the table with this id.</summary>
    private static string[][] TableCells(string html, string id)
    {
        var table = Regex.Match(html, $"<table[^>]*id=\"{id}\"[^>]*>(.*?)</table>", RegexOptions.Singleline);
        Assert.True(table.Success, $"no table {id}");
        return [.. Row().Matches(table.Groups[1].Value).Select(r => Cell().Matches(r.Groups[1].Value)
            .Select(c => WebUtility.HtmlDecode(Tag().Replace(c.Groups[1].Value, "")).Trim()).ToArray())];
    }

    private static List<string[][]> DocxTables(byte[] bytes, out string text)
    {
        using var stream = new MemoryStream(bytes);
        using var document = WordprocessingDocument.Open(stream, false);
        Assert.Empty(new OpenXmlValidator().Validate(document));
        var body = document.MainDocumentPart!.Document.Body!;
        text = body.InnerText;
        return [.. body.Elements<Wp.Table>().Select(t => t.Elements<Wp.TableRow>()
            .Select(r => r.Elements<Wp.TableCell>().Select(c => c.InnerText.Trim()).ToArray()).ToArray())];
    }

    [GeneratedRegex("<tr[^>]*>(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex Row();

    [GeneratedRegex("<t[dh][^>]*>(.*?)</t[dh]>", RegexOptions.Singleline)]
    private static partial Regex Cell();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();
}
