using System.Net;
using Jianguan.Features.Firms;
using Jianguan.Features.Trading;
using Jianguan.Features.Warnings;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Documents;
using Jianguan.Tests.Security;
using Jianguan.Tests.Web;
using Microsoft.AspNetCore.Identity;
using MiniExcelLibs;

namespace Jianguan.Tests.Firms;

/// <summary>单位查询 over HTTP: search by name, credit code and code; the firm page in scope; audit; XLSX export.</summary>
[Trait("Category", "Database")]
public sealed class FirmWebTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    /// <summary>
    /// Two projects a month ago: one supervised by a housing unit, one by a transport unit. 甲 bids in both (and
    /// wins the housing one), 乙 only in housing, 丙 only in transport.
    /// </summary>
    private sealed record World(string Prefix, int Housing, long Jia, long Yi, long Bing, string JiaCode, long HousingSection, long TransportSection);

    private async Task<World> SeedAsync()
    {
        var prefix = "F" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var jiaCode = "91460108" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var opened = factory.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(-30);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        var housing = new Organisation { Code = prefix + "-zj", Name = prefix + "住房和城乡建设局", Kind = OrgKind.Industry, Sectors = "房屋建筑工程" };
        var transport = new Organisation { Code = prefix + "-jt", Name = prefix + "交通运输局", Kind = OrgKind.Industry, Sectors = "交通工程" };
        db.Organisations.AddRange(housing, transport);
        await db.SaveChangesAsync();
        var jia = new MarketEntity { Key = prefix + "-jia", Name = $"{prefix}甲建设工程有限公司", CreditCode = jiaCode, LegalRepresentative = "张三" };
        var yi = new MarketEntity { Key = prefix + "-yi", Name = $"{prefix}乙建设工程有限公司" };
        var bing = new MarketEntity { Key = prefix + "-bing", Name = $"{prefix}丙路桥工程有限公司" };
        var housingProject = new TradingProject
        {
            Code = $"{prefix}-HP",
            Name = "住宅小区配套工程",
            Category = TradingCategory.Construction,
            SupervisingOrganisationId = housing.Id,
            Region = "460108",
            PublishedAt = opened.AddDays(-20),
        };
        var housingSection = new Section { Code = $"{prefix}-HS01", Name = "施工", ControlPrice = 1_000_000m, BidOpenAt = opened, Winner = jia, AwardAmount = 950_000m };
        housingSection.Bids.Add(new Bid { Bidder = jia, Price = 950_000m });
        housingSection.Bids.Add(new Bid { Bidder = yi, Price = 980_000m });
        housingProject.Sections.Add(housingSection);
        var transportProject = new TradingProject
        {
            Code = $"{prefix}-TP",
            Name = "乡村公路工程",
            Category = TradingCategory.Construction,
            SupervisingOrganisationId = transport.Id,
            PublishedAt = opened.AddDays(-20),
        };
        var transportSection = new Section { Code = $"{prefix}-TS01", Name = "路基", BidOpenAt = opened.AddDays(1), Winner = bing, AwardAmount = 500_000m };
        transportSection.Bids.Add(new Bid { Bidder = jia, Price = 520_000m });
        transportSection.Bids.Add(new Bid { Bidder = bing, Price = 500_000m });
        transportProject.Sections.Add(transportSection);
        db.Projects.AddRange(housingProject, transportProject);
        await db.SaveChangesAsync();
        return new World(prefix, housing.Id, jia.Id, yi.Id, bing.Id, jiaCode, housingSection.Id, transportSection.Id);
    }

    private async Task<(HttpClient Client, string UserName)> LoginAsync(string role, int? organisationId = null)
    {
        var userName = "f" + Guid.NewGuid().ToString("N")[..12];
        await factory.CreateUserAsync(userName, role);
        if (organisationId is not null)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByNameAsync(userName);
            user!.OrganisationId = organisationId;
            Assert.True((await users.UpdateAsync(user)).Succeeded);
        }

        return (await factory.LoginAsync(userName), userName);
    }

    private async Task<List<AuditEntry>> AuditAsync(string userName, string action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        return await db.AuditEntries.AsNoTracking().Where(e => e.UserName == userName && e.Action == action).OrderBy(e => e.Seq).ToListAsync();
    }

    [Fact]
    public async Task Search_NamePart_ListsFirmsWithCountAndRecordsTheQuery()
    {
        var w = await SeedAsync();
        var (client, user) = await LoginAsync(Roles.Discipline);

        var all = await client.GetStringAsync($"/Firms?q={w.Prefix}");
        var html = await client.GetStringAsync($"/Firms?q={w.Prefix}乙建设");

        Assert.Contains("共 <strong>3</strong> 家单位", all, StringComparison.Ordinal);
        Assert.Contains("海南省海口市美兰区", all, StringComparison.Ordinal);
        Assert.Contains("共 <strong>1</strong> 家单位", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Firms/{w.Yi}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/Firms/{w.Jia}\"", html, StringComparison.Ordinal);
        var entries = await AuditAsync(user, "firm.search");
        Assert.Equal(2, entries.Count);
        Assert.Contains($"{w.Prefix}乙建设", entries[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_CreditCode_FindsTheFirm()
    {
        var w = await SeedAsync();
        var (client, _) = await LoginAsync(Roles.OfficeAdmin);

        var html = await client.GetStringAsync($"/Firms?q={w.JiaCode.ToLowerInvariant()}");

        Assert.Contains("共 <strong>1</strong> 家单位", html, StringComparison.Ordinal);
        Assert.Contains($"{w.Prefix}甲建设工程有限公司", html, StringComparison.Ordinal);
        Assert.Contains(w.JiaCode, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_SectionCode_ListsItsBiddersAndLinksTheSection()
    {
        var w = await SeedAsync();
        var (client, _) = await LoginAsync(Roles.Audit);

        var html = await client.GetStringAsync($"/Firms?q={w.Prefix}-TS01");

        Assert.Contains("共 <strong>2</strong> 家单位", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Firms/{w.Jia}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Firms/{w.Bing}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Trading/Sections/{w.TransportSection}\"", html, StringComparison.Ordinal);
        var project = await client.GetStringAsync($"/Firms?q={w.Prefix}-HP");
        Assert.Contains("住宅小区配套工程", project, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirmPage_Oversight_ShowsTendersCoBiddersAndChartsAndRecordsTheView()
    {
        var w = await SeedAsync();
        var (client, user) = await LoginAsync(Roles.Discipline);

        var html = await client.GetStringAsync($"/Firms/{w.Jia}");

        Assert.Contains($"{w.Prefix}-HS01", html, StringComparison.Ordinal);
        Assert.Contains($"{w.Prefix}-TS01", html, StringComparison.Ordinal);
        Assert.Contains("共 2 个标段", html, StringComparison.Ordinal);
        Assert.Contains("95.00", html, StringComparison.Ordinal); // 950,000 元 in 万元
        Assert.Contains($"href=\"/Firms/{w.Yi}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Firms/{w.Bing}\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"timeline\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"network\"", html, StringComparison.Ordinal);
        Assert.Contains("海南省海口市美兰区", html, StringComparison.Ordinal);
        Assert.DoesNotContain("460108", html.Replace(w.JiaCode, "", StringComparison.Ordinal), StringComparison.Ordinal);
        var entry = Assert.Single(await AuditAsync(user, "firm.view"));
        Assert.Equal($"entity:{w.Jia}", entry.Target);
    }

    [Fact]
    public async Task FirmPage_SectorSupervisor_SeesOnlyItsSectorsTenders()
    {
        var w = await SeedAsync();
        var (client, _) = await LoginAsync(Roles.MemberSupervisor, w.Housing);

        var html = await client.GetStringAsync($"/Firms/{w.Jia}");
        var search = await client.GetStringAsync($"/Firms?q={w.Prefix}");

        Assert.Contains($"{w.Prefix}-HS01", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"{w.Prefix}-TS01", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"{w.Prefix}丙", html, StringComparison.Ordinal);
        Assert.Contains("共 <strong>2</strong> 家单位", search, StringComparison.Ordinal);
        Assert.DoesNotContain($"{w.Prefix}丙", search, StringComparison.Ordinal);
        Assert.DoesNotContain($"{w.Prefix}-TS01", search, StringComparison.Ordinal);
        // A firm with nothing in the sector is not found at all.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Firms/{w.Bing}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Firms/{w.Bing}?handler=Export")).StatusCode);
    }

    [Fact]
    public async Task Export_Xlsx_OpensWithTheTendersInWanAndIsRecorded()
    {
        var w = await SeedAsync();
        var (client, user) = await LoginAsync(Roles.Police);

        var response = await client.GetAsync($"/Firms/{w.Jia}?handler=Export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(XlsxDocument.ContentType, response.Content.Headers.ContentType?.MediaType);
        await using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = MiniExcel.Query(stream, useHeaderRow: true, sheetName: FirmWorkbook.SheetName)
            .Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal([$"{w.Prefix}-HS01", $"{w.Prefix}-TS01"], rows.Select(r => (string)r["标段编号"]).Order(StringComparer.Ordinal));
        var won = rows.Single(r => (string)r["标段编号"] == $"{w.Prefix}-HS01");
        Assert.Equal("中标", won["是否中标"]);
        Assert.Equal(95m, Convert.ToDecimal(won["投标报价（万元）"], System.Globalization.CultureInfo.InvariantCulture));
        var entry = Assert.Single(await AuditAsync(user, "firm.export"));
        Assert.Contains("\"rows\":2", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirmPage_PeriodWithoutTenders_ShowsNone()
    {
        var w = await SeedAsync();
        var (client, _) = await LoginAsync(Roles.OfficeAdmin);

        var html = await client.GetStringAsync($"/Firms/{w.Jia}?from=2001-01-01&to=2001-12-31");

        Assert.Contains("共 0 个标段", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"{w.Prefix}-HS01", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Justice)]
    [InlineData(Roles.SystemAdmin)]
    [InlineData(Roles.AuditAdmin)]
    public async Task Pages_RoleWithoutTradingRead_AreDenied(string role)
    {
        var w = await SeedAsync();
        var (client, _) = await LoginAsync(role);

        foreach (var url in new[] { $"/Firms?q={w.Prefix}", $"/Firms/{w.Jia}", $"/Firms/{w.Jia}?handler=Export" })
        {
            var response = await client.GetAsync(url);
            var location = SecurityFactory.PathOf(response.Headers.Location);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden
                || (response.StatusCode == HttpStatusCode.Redirect && location.StartsWith("/Account/Denied", StringComparison.Ordinal)),
                $"{url} as {role}: {(int)response.StatusCode} {location}");
        }

        var home = await client.GetStringAsync("/");
        Assert.DoesNotContain("header-search", home, StringComparison.Ordinal);
    }

    [Fact]
    public void PriceAxis_CloseBids_StartsAtARoundValueBelowTheLowest()
    {
        var (low, high, step) = Charts.PriceAxis(950_000, 1_010_000);

        Assert.Equal(20_000, step);
        Assert.Equal(940_000, low);
        Assert.True(high >= 1_010_000);
        Assert.Equal(0, (high - low) % step);
        Assert.Equal((0.0, 0.0), (Charts.PriceAxis(100_000, 1_000_000).Low, 0.0));
        Assert.Equal("海南甲建设工程", Charts.ShortName("海南甲建设工程有限公司"));
    }
}
