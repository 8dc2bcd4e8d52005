using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Jianguan.Analytics.Data;
using Jianguan.Analytics.Input;
using Jianguan.Features.Trading;
using Jianguan.Features.Trading.Import;
using Jianguan.Platform.Tabular;
using Jianguan.Platform.Time;
using MiniExcelLibs;

namespace Jianguan.Tests.Web;

[Trait("Category", "Database")]
public class TradingWebTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static string NewPrefix() => "T" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    /// <summary>09:30 Beijing time, stored in UTC as every writer must (PostgreSQL takes offset 0 only).</summary>
    private static readonly DateTimeOffset Opened = new DateTimeOffset(2026, 3, 2, 9, 30, 0, ChinaTime.Offset).ToUniversalTime();

    [Fact]
    public async Task ProjectsPage_SignedInSupervisor_ListsSeededProjectsWithCounts()
    {
        var prefix = NewPrefix();
        await factory.SeedAsync(db =>
        {
            for (var i = 1; i <= 2; i++)
            {
                var project = new TradingProject { Code = $"{prefix}-{i}", Name = $"测试道路工程{i}", Category = TradingCategory.Construction, PublishedAt = Opened };
                project.Sections.Add(new Section { Code = "01" });
                db.Projects.Add(project);
            }

            return Task.CompletedTask;
        });
        var client = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);

        var html = await client.GetStringAsync($"/Trading/Projects?q={prefix}");

        Assert.Contains($"{prefix}-1", html, StringComparison.Ordinal);
        Assert.Contains($"{prefix}-2", html, StringComparison.Ordinal);
        Assert.Contains("测试道路工程1", html, StringComparison.Ordinal);
        Assert.Contains("共 <strong>2</strong> 个项目", html, StringComparison.Ordinal);
        Assert.Contains("工程建设项目招标投标", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProjectsApi_CategoryAndPaging_ReturnsFiftyPerPage()
    {
        var prefix = NewPrefix();
        await factory.SeedAsync(db =>
        {
            for (var i = 0; i < 55; i++)
            {
                db.Projects.Add(new TradingProject
                {
                    Code = $"{prefix}-{i:D3}",
                    Category = TradingCategory.GovernmentProcurement,
                    PublishedAt = Opened.AddDays(-i),
                });
            }

            db.Projects.Add(new TradingProject { Code = $"{prefix}-land", Category = TradingCategory.LandAndMining });
            return Task.CompletedTask;
        });
        var client = await factory.CreateUserAndLoginAsync(Roles.Discipline);

        var first = await client.GetFromJsonAsync<PagedResult<ProjectListItem>>($"/api/trading/projects?q={prefix}&category=GovernmentProcurement", Json);
        var second = await client.GetFromJsonAsync<PagedResult<ProjectListItem>>($"/api/trading/projects?q={prefix}&category=governmentprocurement&page=2", Json);
        var dated = await client.GetFromJsonAsync<PagedResult<ProjectListItem>>($"/api/trading/projects?q={prefix}&from=2026-02-28&to=2026-03-01", Json);

        Assert.Equal(55, first!.Total);
        Assert.Equal(50, first.Items.Count);
        Assert.Equal($"{prefix}-000", first.Items[0].Code);
        Assert.Equal(5, second!.Items.Count);
        Assert.Equal(2, second.Page);
        Assert.All(first.Items, p => Assert.Equal(TradingCategory.GovernmentProcurement, p.Category));
        Assert.Equal([$"{prefix}-001", $"{prefix}-002"], dated!.Items.Select(p => p.Code).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ProjectsApi_UnknownCategory_Returns400Problem()
    {
        var client = await factory.CreateUserAndLoginAsync(Roles.Discipline);
        var response = await client.GetAsync("/api/trading/projects?category=7");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Api_MissingIds_Return404()
    {
        var client = await factory.CreateUserAndLoginAsync(Roles.Discipline);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/trading/projects/987654321")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/trading/sections/987654321")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Trading/Sections/987654321")).StatusCode);
    }

    [Fact]
    public async Task Section_SharedFingerprints_MarkedInApiAndHighlightedOnPage()
    {
        var prefix = NewPrefix();
        long sectionId = 0;
        await factory.SeedAsync(async db =>
        {
            var a = new MarketEntity { Key = prefix + "A", Name = "甲建设有限公司", CreditCode = "91460000MA5T000001", CreditCodeValid = false };
            var b = new MarketEntity { Key = prefix + "B", Name = "乙建设有限公司" };
            var c = new MarketEntity { Key = prefix + "C", Name = "丙建设有限公司" };
            var project = new TradingProject { Code = prefix, Name = "学校改扩建工程" };
            var section = new Section { Code = "01", Name = "施工", ControlPrice = 1_000_000m, Winner = b, AwardAmount = 950_000m };
            section.Bids.Add(new Bid { Bidder = a, Price = 960_000m, Mac = "00-1A-2B-3C-4D-5E", DepositAccount = "6222 0000 1111", SubmittedAt = Opened });
            section.Bids.Add(new Bid { Bidder = b, Price = 950_000m, Mac = "001a2b3c4d5e", DepositAccount = "6222000099", SubmittedAt = Opened });
            section.Bids.Add(new Bid { Bidder = c, Price = 1_010_000m, Mac = "AA-BB-CC-DD-EE-FF", Status = BidStatus.Disqualified });
            section.Candidates.Add(new Candidate { Entity = b, Rank = 1, Price = 950_000m });
            project.Sections.Add(section);
            db.Projects.Add(project);
            await db.SaveChangesAsync();
            sectionId = section.Id;
        });
        var client = await factory.CreateUserAndLoginAsync(Roles.Police);

        var detail = await client.GetFromJsonAsync<SectionDetail>($"/api/trading/sections/{sectionId}", Json);
        var html = await client.GetStringAsync($"/Trading/Sections/{sectionId}");

        var shared = Assert.Single(detail!.SharedFingerprints);
        Assert.Equal("mac", shared.Field);
        Assert.Equal(2, shared.BidIds.Count);
        var bidA = detail.Bids.Single(x => x.Bidder.Name == "甲建设有限公司");
        Assert.True(bidA.Fingerprints.Single(f => f.Field == "mac").Shared);
        Assert.False(bidA.Fingerprints.Single(f => f.Field == "depositAccount").Shared);
        Assert.False(bidA.Bidder.CreditCodeValid);
        Assert.Equal(4.00m, bidA.DiscountPercent);
        Assert.Equal(-1.00m, detail.Bids.Single(x => x.Bidder.Name == "丙建设有限公司").DiscountPercent);
        Assert.Equal(["乙建设有限公司", "甲建设有限公司", "丙建设有限公司"], detail.Bids.Select(x => x.Bidder.Name));
        Assert.Single(detail.Candidates);

        Assert.Equal(2, CountOccurrences(html, "fp-shared"));
        Assert.Contains("⚠ 代码无效", html, StringComparison.Ordinal);
        Assert.Contains("1,000,000.00", html, StringComparison.Ordinal);
        Assert.Contains("无效/否决", html, StringComparison.Ordinal);
        Assert.Contains("2026-03-02 09:30", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProjectDetail_SignedIn_ListsItsSections()
    {
        var prefix = NewPrefix();
        long projectId = 0;
        await factory.SeedAsync(async db =>
        {
            var project = new TradingProject { Code = prefix, Name = "污水处理厂工程" };
            project.Sections.Add(new Section { Code = "BD-01", Name = "土建" });
            project.Sections.Add(new Section { Code = "BD-02", Name = "设备" });
            db.Projects.Add(project);
            await db.SaveChangesAsync();
            projectId = project.Id;
        });
        var client = await factory.CreateUserAndLoginAsync(Roles.Audit);

        var html = await client.GetStringAsync($"/Trading/Projects/{projectId}");
        var api = await client.GetFromJsonAsync<ProjectDetail>($"/api/trading/projects/{projectId}", Json);

        Assert.Contains("BD-01", html, StringComparison.Ordinal);
        Assert.Contains("BD-02", html, StringComparison.Ordinal);
        Assert.Equal(["BD-01", "BD-02"], api!.Sections.Select(s => s.Code));
    }

    [Fact]
    public async Task ImportApi_RoleWithoutTradingImport_Returns403()
    {
        var client = await factory.CreateUserAndLoginAsync(Roles.MemberSupervisor);
        using var content = new MultipartFormDataContent { { new StringContent("a,b\n1,2\n"), "files", "x.csv" } };
        var response = await client.PostAsync("/api/trading/import", content);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task ImportApi_UnsupportedFileType_Returns400WithChineseMessage()
    {
        var client = await JianguanFactory.WithAntiforgeryHeaderAsync(await factory.CreateUserAndLoginAsync(Roles.TradingCenter));
        using var content = new MultipartFormDataContent { { new StringContent("MZ"), "files", "virus.exe" } };
        var response = await client.PostAsync("/api/trading/import", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("不支持的文件类型", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportPage_PostWithoutAntiforgeryToken_Returns400()
    {
        var client = await factory.CreateUserAndLoginAsync(Roles.TradingCenter);
        using var content = new MultipartFormDataContent { { new StringContent(SmallCsv(NewPrefix())), "files", "bids.csv" } };
        var response = await client.PostAsync("/Trading/Import", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ImportPage_ErrorDownload_IsXlsxWithFormulaLikeCellsNeutralised()
    {
        var name = await factory.CreateUserAsync("u" + Guid.NewGuid().ToString("N")[..12], Roles.TradingCenter);
        var client = await factory.LoginAsync(name);
        // Sealed as the page seals it after an import (issue 17, low: the download accepts nothing else).
        var errors = ImportModel.ProtectErrors(factory.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(), name,
        [
            new ImportError("bids.csv", 3, "BID_PRICE", "=HYPERLINK(\"http://x\")"),
            new ImportError("bids.csv", 4, "BIDDER_NAME", "投标人名称为空"),
        ]);
        var response = await JianguanFactory.PostFormAsync(client, "/Trading/Import?handler=Errors",
            new Dictionary<string, string> { ["errorsJson"] = errors }, "/Trading/Import");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ImportErrorWorkbook.ContentType, response.Content.Headers.ContentType?.MediaType);
        await using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("'=HYPERLINK(\"http://x\")", rows[0]["原因"]);
        Assert.Equal("投标人名称为空", rows[1]["原因"]);
    }

    [Theory]
    [InlineData("[{\"File\":\"x.csv\",\"Line\":1,\"Field\":\"F\",\"Message\":\"=cmd|' /C calc'!A0\"}]")]
    [InlineData("[]")]
    public async Task ImportPage_ErrorDownload_ClientMadeListRefused(string posted)
    {
        var client = await factory.CreateUserAndLoginAsync(Roles.TradingCenter);
        var response = await JianguanFactory.PostFormAsync(client, "/Trading/Import?handler=Errors",
            new Dictionary<string, string> { ["errorsJson"] = posted }, "/Trading/Import");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ImportPage_ErrorDownload_AnotherAccountsSealedListRefused()
    {
        var owner = await factory.CreateUserAsync("u" + Guid.NewGuid().ToString("N")[..12], Roles.TradingCenter);
        var errors = ImportModel.ProtectErrors(factory.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(), owner,
            [new ImportError("bids.csv", 3, "BID_PRICE", "金额无效")]);
        var other = await factory.CreateUserAndLoginAsync(Roles.TradingCenter);
        var response = await JianguanFactory.PostFormAsync(other, "/Trading/Import?handler=Errors",
            new Dictionary<string, string> { ["errorsJson"] = errors }, "/Trading/Import");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+86 138", "'+86 138")]
    [InlineData("-5", "'-5")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("价格为空", "价格为空")]
    [InlineData("", "")]
    public void ErrorWorkbookSafe_FormulaPrefixes_GetApostrophe(string value, string expected) =>
        Assert.Equal(expected, FormulaGuard.Safe(value));

    /// <summary>Needs the real importer (the import slice): CSV with the TradingFields column codes.</summary>
    [Fact]
    public async Task ImportPage_SmallCsv_ShowsSummaryAndItsSections()
    {
        var prefix = NewPrefix();
        var client = await factory.CreateUserAndLoginAsync(Roles.TradingCenter);
        var token = await JianguanFactory.GetAntiforgeryTokenAsync(client, "/Trading/Import");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(SmallCsv(prefix))), "files", "bids.csv" },
        };

        var response = await client.PostAsync("/Trading/Import", content);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("导入完成", html, StringComparison.Ordinal);
        var sections = await client.GetStringAsync($"/Trading/Sections?q={prefix}");
        Assert.Contains("共 <strong>2</strong> 个标段", sections, StringComparison.Ordinal);
        Assert.Contains($"{prefix}-P", sections, StringComparison.Ordinal);
        Assert.Contains("第一标段", sections, StringComparison.Ordinal);
        Assert.Contains("第二标段", sections, StringComparison.Ordinal);
    }

    /// <summary>Needs the real importer (the import slice).</summary>
    [Fact]
    public async Task ImportApi_SmallCsv_Returns200SummaryAndIsIdempotent()
    {
        var prefix = NewPrefix();
        var client = await JianguanFactory.WithAntiforgeryHeaderAsync(await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin));

        async Task<ImportSummary?> Upload()
        {
            using var content = new MultipartFormDataContent
            {
                { new ByteArrayContent(Encoding.UTF8.GetBytes(SmallCsv(prefix))), "files", "bids.csv" },
            };
            var response = await client.PostAsync("/api/trading/import", content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<ImportSummary>(Json);
        }

        var first = await Upload();
        await Upload();
        var list = await client.GetFromJsonAsync<PagedResult<SectionListItem>>($"/api/trading/sections?q={prefix}", Json);

        Assert.Equal(1, first!.Files);
        Assert.Equal(2, first.Sections);
        Assert.Equal(4, first.Bids);
        Assert.Empty(first.Errors);
        Assert.Equal(2, list!.Total);
        Assert.All(list.Items, s => Assert.Equal(2, s.BidCount));
    }

    /// <summary>Two sections, two bidders each; both bidders of the first section share a MAC address.</summary>
    internal static string SmallCsv(string prefix)
    {
        var header = string.Join(',', TradingFields.ProjectCode, TradingFields.ProjectName, TradingFields.SectionCode,
            TradingFields.SectionName, TradingFields.ControlPrice, TradingFields.BidderName, TradingFields.BidderOrgCode,
            TradingFields.BidPrice, TradingFields.MacAddress, TradingFields.BidOpenTime);
        return header + "\n"
            + $"{prefix}-P,测试市政道路工程,{prefix}-S1,第一标段,1000000,甲建设有限公司,91460100MA5T4XXXXX,950000,00-1A-2B-3C-4D-5E,2026-03-02 09:30:00\n"
            + $"{prefix}-P,测试市政道路工程,{prefix}-S1,第一标段,1000000,乙建设有限公司,,960000,00-1A-2B-3C-4D-5E,2026-03-02 09:30:00\n"
            + $"{prefix}-P,测试市政道路工程,{prefix}-S2,第二标段,500000,甲建设有限公司,91460100MA5T4XXXXX,480000,00-1A-2B-3C-4D-5E,2026-03-03 09:30:00\n"
            + $"{prefix}-P,测试市政道路工程,{prefix}-S2,第二标段,500000,丙建设有限公司,,490000,AA-BB-CC-DD-EE-FF,2026-03-03 09:30:00\n";
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
