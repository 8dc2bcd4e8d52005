using System.Globalization;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using Jianguan.Platform.Scopes;
using Jianguan.Tests.Web;

namespace Jianguan.Tests.Reports;

/// <summary>
/// The city government's read-only account (ADR-022): the overview's figures without the sections behind them, the
/// annual and accountability reports as documents (each download audited), the whole city in its aggregates.
/// </summary>
[Trait("Category", "Database")]
public sealed class CityReportsTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    private static string DocumentText(byte[] bytes)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        return document.MainDocumentPart!.Document.Body!.InnerText;
    }

    [Fact]
    public async Task CityGovernment_DownloadsBothReports_EachDownloadAudited()
    {
        var userName = "city" + Guid.NewGuid().ToString("N")[..8];
        await factory.CreateUserAsync(userName, Roles.CityGovernment);
        var city = await factory.LoginAsync(userName);
        var year = DateTime.UtcNow.AddHours(8).Year.ToString(CultureInfo.InvariantCulture);

        var page = await city.GetStringAsync("/Reports/City");
        using var annual = await city.GetAsync($"/Reports/City?handler=Annual&year={year}");
        using var accountability = await city.GetAsync($"/Reports/City?handler=Accountability&year={year}&quarter=4");
        using var badQuarter = await city.GetAsync($"/Reports/City?handler=Accountability&year={year}&quarter=5");

        Assert.Contains("报送市政府的报告", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, annual.StatusCode);
        Assert.Contains("协同监管工作报告", DocumentText(await annual.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, accountability.StatusCode);
        Assert.Contains("第四季度", DocumentText(await accountability.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badQuarter.StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        var actions = await scope.ServiceProvider.GetRequiredService<JianguanDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.UserName == userName).Select(e => e.Action).ToListAsync();
        Assert.Contains("annual.download", actions);
        Assert.Contains("accountability.download", actions);
    }

    [Fact]
    public async Task CityGovernment_Overview_ShowsFiguresWithoutLinksOrSections()
    {
        var city = await factory.CreateUserAndLoginAsync(Roles.CityGovernment);
        var office = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);

        var overview = await city.GetStringAsync("/Analysis?by=category&key=Construction");
        var officeOverview = await office.GetStringAsync("/Analysis?by=category&key=Construction");
        using var prices = await city.GetAsync("/Analysis/Prices");

        Assert.Contains("overview-figures", overview, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Analysis/", overview, StringComparison.Ordinal);
        Assert.DoesNotContain("drill-count", overview, StringComparison.Ordinal);
        Assert.Contains("href=\"/Analysis/Prices", officeOverview, StringComparison.Ordinal);
        Assert.Contains("drill-count", officeOverview, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, prices.StatusCode);
        Assert.Contains("/Account/Denied", prices.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CityGovernment_ScopeIsTheWholeCityMasked()
    {
        var identity = new System.Security.Claims.ClaimsIdentity(
            [new(System.Security.Claims.ClaimTypes.NameIdentifier, "city"), new(System.Security.Claims.ClaimTypes.Role, Roles.CityGovernment)], "test");
        await using var scope = factory.Services.CreateAsyncScope();

        var resolved = await DataScope.ResolveAsync(scope.ServiceProvider.GetRequiredService<JianguanDbContext>(), new System.Security.Claims.ClaimsPrincipal(identity));

        Assert.Same(DataScope.AllMasked, resolved);
    }
}
