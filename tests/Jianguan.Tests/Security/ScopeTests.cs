using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Jianguan.Features.Trading;
using Jianguan.Platform.Scopes;
using Jianguan.Tests.Web;
using Microsoft.AspNetCore.Identity;

namespace Jianguan.Tests.Security;

/// <summary>Data scopes are enforced in the queries: lists, details, pages and API (SQLite, and PostgreSQL when configured).</summary>
[Trait("Category", "Database")]
public class ScopeTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Three projects: one supervised by 住建, one by 交通 (both construction), one government procurement.</summary>
    private sealed record World(
        string Prefix, int Housing, int Transport, int Finance,
        long HousingProject, long TransportProject, long ProcurementProject,
        long HousingSection, long TransportSection, long ProcurementSection);

    private async Task<World> SeedAsync()
    {
        var prefix = "S" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        var housing = new Organisation { Code = prefix + "-zj", Name = prefix + "住房和城乡建设局", Kind = OrgKind.Industry, Sectors = "房屋建筑工程|市政工程" };
        var transport = new Organisation { Code = prefix + "-jt", Name = prefix + "交通运输局", Kind = OrgKind.Industry, Sectors = "交通工程|港航工程" };
        var finance = new Organisation { Code = prefix + "-cz", Name = prefix + "财政局", Kind = OrgKind.Industry, Sectors = "政府采购" };
        db.Organisations.AddRange(housing, transport, finance);
        await db.SaveChangesAsync();
        TradingProject Project(string suffix, TradingCategory category, int? organisation)
        {
            var project = new TradingProject { Code = $"{prefix}-{suffix}", Name = $"{prefix}{suffix}工程", Category = category, SupervisingOrganisationId = organisation };
            var section = new Section { Code = "01", Name = "施工" };
            section.Bids.Add(new Bid
            {
                Bidder = new MarketEntity { Key = $"{prefix}-{suffix}-b", Name = $"{prefix}{suffix}建设有限公司" },
                Price = 100m,
                ContactPhone = "13812345678",
                PmCertificate = "琼1462023000123",
            });
            section.Bids.Add(new Bid
            {
                Bidder = new MarketEntity { Key = $"{prefix}-{suffix}-c", Name = $"{prefix}{suffix}工程有限公司" },
                Price = 101m,
                ContactPhone = "138-1234-5678",
            });
            project.Sections.Add(section);
            db.Projects.Add(project);
            return project;
        }

        var a = Project("housing", TradingCategory.Construction, housing.Id);
        var b = Project("transport", TradingCategory.Construction, transport.Id);
        var c = Project("goods", TradingCategory.GovernmentProcurement, null);
        await db.SaveChangesAsync();
        return new World(prefix, housing.Id, transport.Id, finance.Id, a.Id, b.Id, c.Id,
            a.Sections[0].Id, b.Sections[0].Id, c.Sections[0].Id);
    }

    private async Task<HttpClient> LoginAsync(string role, int? organisationId)
    {
        var userName = "s" + Guid.NewGuid().ToString("N")[..12];
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

    private static async Task<List<string>> ProjectCodesAsync(HttpClient client, World w) =>
        [.. (await client.GetFromJsonAsync<PagedResult<ProjectListItem>>($"/api/trading/projects?q={w.Prefix}", Json))!
            .Items.Select(p => p.Code).Order(StringComparer.Ordinal)];

    private static async Task<List<string>> SectionProjectCodesAsync(HttpClient client, World w) =>
        [.. (await client.GetFromJsonAsync<PagedResult<SectionListItem>>($"/api/trading/sections?q={w.Prefix}", Json))!
            .Items.Select(s => s.ProjectCode).Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData(Roles.MemberSupervisor)]
    [InlineData(Roles.MemberLeader)]
    public async Task ProjectsApi_HousingMember_ListsOnlyHousingProjects(string role)
    {
        var w = await SeedAsync();
        var client = await LoginAsync(role, w.Housing);

        Assert.Equal([$"{w.Prefix}-housing"], await ProjectCodesAsync(client, w));
        Assert.Equal([$"{w.Prefix}-housing"], await SectionProjectCodesAsync(client, w));
        var page = await client.GetStringAsync($"/Trading/Projects?q={w.Prefix}");
        Assert.Contains($"{w.Prefix}-housing", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"{w.Prefix}-transport", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"{w.Prefix}-goods", page, StringComparison.Ordinal);
        var sections = await client.GetStringAsync($"/Trading/Sections?q={w.Prefix}");
        Assert.DoesNotContain($"{w.Prefix}-transport", sections, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SectionDetail_OtherSector_Returns404NotForbidden()
    {
        var w = await SeedAsync();
        var client = await LoginAsync(Roles.MemberSupervisor, w.Housing);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/trading/sections/{w.HousingSection}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/Trading/Sections/{w.HousingSection}")).StatusCode);
        foreach (var url in new[]
                 {
                     $"/api/trading/sections/{w.TransportSection}", $"/Trading/Sections/{w.TransportSection}",
                     $"/api/trading/projects/{w.TransportProject}", $"/Trading/Projects/{w.TransportProject}",
                     $"/api/trading/sections/{w.ProcurementSection}", $"/api/trading/projects/{w.ProcurementProject}",
                 })
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Import_SupervisingDepartmentNamesAUnit_ProjectJoinsTheUnitsScope()
    {
        var w = await SeedAsync();
        var center = await JianguanFactory.WithAntiforgeryHeaderAsync(await LoginAsync(Roles.TradingCenter, null));
        var csv = "TENDER_PROJECT_CODE,SUPERVISE_DEPT_NAME,BID_SECTION_CODE,BIDDER_NAME,BID_PRICE\n"
            + $"{w.Prefix}-imported,{w.Prefix}住房和城乡建设局,01,甲公司,100\n"
            + $"{w.Prefix}-elsewhere,{w.Prefix}交通运输局,01,乙公司,100\n";
        using var content = new MultipartFormDataContent { { new StringContent(csv), "files", "projects.csv" } };
        Assert.Equal(HttpStatusCode.OK, (await center.PostAsync("/api/trading/import", content)).StatusCode);

        var client = await LoginAsync(Roles.MemberSupervisor, w.Housing);

        Assert.Equal([$"{w.Prefix}-housing", $"{w.Prefix}-imported"], await ProjectCodesAsync(client, w));
    }

    [Fact]
    public async Task SectionsApi_ProjectIdOfOtherSector_ReturnsEmptyList()
    {
        var w = await SeedAsync();
        var client = await LoginAsync(Roles.MemberSupervisor, w.Housing);

        var list = await client.GetFromJsonAsync<PagedResult<SectionListItem>>($"/api/trading/sections?projectId={w.TransportProject}", Json);

        Assert.Equal(0, list!.Total);
        Assert.Empty(list.Items);
    }

    [Fact]
    public async Task ProjectsApi_UnitCoveringProcurementCategory_SeesAllProcurementProjects()
    {
        var w = await SeedAsync();
        var client = await LoginAsync(Roles.MemberSupervisor, w.Finance);

        // The procurement project names no supervising unit: the category alone puts it in the finance bureau's scope.
        Assert.Equal([$"{w.Prefix}-goods"], await ProjectCodesAsync(client, w));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/Trading/Sections/{w.ProcurementSection}")).StatusCode);
    }

    [Theory]
    [InlineData(Roles.OfficeAdmin)]
    [InlineData(Roles.TradingCenter)]
    [InlineData(Roles.Discipline)]
    [InlineData(Roles.Audit)]
    [InlineData(Roles.Police)]
    public async Task ProjectsApi_WholeDatabaseRoles_SeeEverySector(string role)
    {
        var w = await SeedAsync();
        // A unit on the account does not narrow a whole-database role.
        var client = await LoginAsync(role, w.Housing);

        Assert.Equal([$"{w.Prefix}-goods", $"{w.Prefix}-housing", $"{w.Prefix}-transport"], await ProjectCodesAsync(client, w));
        Assert.Equal(3, (await SectionProjectCodesAsync(client, w)).Count);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/trading/sections/{w.TransportSection}")).StatusCode);
    }

    [Fact]
    public async Task ProjectsApi_MemberWithoutUnit_SeesNothing()
    {
        var w = await SeedAsync();
        var client = await LoginAsync(Roles.MemberSupervisor, null);

        Assert.Empty(await ProjectCodesAsync(client, w));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/trading/sections/{w.HousingSection}")).StatusCode);
    }

    [Fact]
    public async Task ProjectsApi_Enforcement_SeesNoTradingDataUntilReferred()
    {
        var w = await SeedAsync();
        var client = await LoginAsync(Roles.Enforcement, null);

        Assert.Empty(await ProjectCodesAsync(client, w));
        Assert.Empty(await SectionProjectCodesAsync(client, w));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/trading/sections/{w.HousingSection}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Trading/Projects/{w.HousingProject}")).StatusCode);
    }

    [Fact]
    public async Task Apply_BidsOfSectorScope_FiltersThroughTheProject()
    {
        var w = await SeedAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        var housing = await db.Organisations.FindAsync(w.Housing);
        var dataScope = DataScope.ForOrganisation(housing!);

        var bids = dataScope.Apply(db.Bids).Where(b => b.Bidder!.Key.StartsWith(w.Prefix)).Select(b => b.Bidder!.Key).ToList();
        var projects = DataScope.None.Apply(db.Projects).Count(p => p.Code.StartsWith(w.Prefix));

        Assert.Equal([$"{w.Prefix}-housing-b", $"{w.Prefix}-housing-c"], bids.Order(StringComparer.Ordinal));
        Assert.Equal(0, projects);
    }

    [Theory]
    [InlineData(Roles.MemberSupervisor, false)]
    [InlineData(Roles.TradingCenter, false)]
    [InlineData(Roles.OfficeAdmin, true)]
    [InlineData(Roles.Discipline, true)]
    [InlineData(Roles.Police, true)]
    public async Task SectionDetail_PersonalData_MaskedUnlessTheRoleInvestigates(string role, bool full)
    {
        var w = await SeedAsync();
        var client = await LoginAsync(role, w.Housing);

        var detail = await client.GetFromJsonAsync<SectionDetail>($"/api/trading/sections/{w.HousingSection}", Json);
        var html = await client.GetStringAsync($"/Trading/Sections/{w.HousingSection}");

        var phones = detail!.Bids.SelectMany(b => b.Fingerprints).Where(f => f.Field == "contactPhone").ToList();
        Assert.Equal(2, phones.Count);
        Assert.All(phones, p => Assert.True(p.Shared));
        Assert.Equal("contactPhone", Assert.Single(detail.SharedFingerprints).Field);
        var cert = detail.Bids.SelectMany(b => b.Fingerprints).Single(f => f.Field == "pmCertificate").Value;
        if (full)
        {
            Assert.Contains(phones, p => p.Value == "13812345678");
            Assert.Equal("琼1462023000123", cert);
            Assert.Contains("13812345678", html, StringComparison.Ordinal);
        }
        else
        {
            Assert.All(phones, p => Assert.Equal("138****5678", p.Value));
            Assert.Equal("琼1********23", cert);
            Assert.DoesNotContain("12345678", html, StringComparison.Ordinal);
            Assert.DoesNotContain("1462023000123", html, StringComparison.Ordinal);
            Assert.Contains("138****5678", html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("房屋建筑工程|市政工程", new TradingCategory[0])]
    [InlineData("政府采购", new[] { TradingCategory.GovernmentProcurement })]
    [InlineData(" 工程建设项目招标投标 | 重点项目 |Construction", new[] { TradingCategory.Construction })]
    [InlineData(null, new TradingCategory[0])]
    public void ParseSectors_ChineseNamesAndCodes_YieldCategories(string? sectors, TradingCategory[] expected) =>
        Assert.Equal(expected, TradingScope.ParseSectors(sectors));
}
