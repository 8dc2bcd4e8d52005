using System.Net;
using Jianguan.Features.Trading.Import;
using Jianguan.Tests.Import;
using Jianguan.Tests.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Jianguan.Tests.Security;

/// <summary>Issue 17, item 11: out-of-range dates are row errors and filter messages; requests that throw are audited.</summary>
[Trait("Category", "Database")]
public sealed class OutOfRangeDateTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    [Fact]
    public async Task Import_Year1DateWithPartial_RowErrorWithLineAndFieldOtherRowsLand()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var path = t.File("dates.csv",
            "TENDER_PROJECT_CODE,BID_SECTION_CODE,BIDDER_NAME,BID_PRICE,BID_OPEN_TIME\n" +
            "P1,S1,甲公司,100,2023-08-30\n" +
            "P2,S1,乙公司,200,0001-01-01\n" +
            "P3,S1,丙公司,300,9999-12-31 23:59:59\n");

        var summary = await t.ImportAsync(new ImportOptions(Partial: true), path);

        Assert.Equal(1, summary.Files);
        Assert.Equal(["P1"], await t.Db.Projects.Select(p => p.Code).ToListAsync());
        Assert.Equal(2, summary.Errors.Count);
        Assert.Equal(("dates.csv", 3L, "BID_OPEN_TIME"), (summary.Errors[0].File, summary.Errors[0].Line, summary.Errors[0].Field));
        Assert.StartsWith("开标时间超出有效日期范围（1901–2199 年）", summary.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Equal((4L, "BID_OPEN_TIME"), (summary.Errors[1].Line, summary.Errors[1].Field));
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("0001-01-01 08:00")]
    [InlineData("0001/1/1")]
    [InlineData("1年1月1日")]
    public void ParseDate_Year1_OutOfRangeNotThrown(string text) =>
        Assert.NotEqual(ValueParser.DateParse.Ok, ValueParser.ParseDate(text, out _));

    [Fact]
    public async Task Ocds_Year1Date_RowErrorNotStored()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var path = t.File("r.json",
            """{"uri":"x","publishedDate":"2023-01-01T00:00:00Z","releases":[{"ocid":"ocds-1","id":"r1","date":"2023-01-01T00:00:00Z","tender":{"id":"T1","title":"x","tenderPeriod":{"endDate":"0001-01-01T00:00:00Z"}}}]}""");

        var summary = await t.ImportAsync(new ImportOptions(Partial: true), path);

        Assert.Contains(summary.Errors, e => e.Reason.Contains("超出有效日期范围", StringComparison.Ordinal));
        Assert.DoesNotContain(await t.Db.Sections.Select(s => s.BidOpenAt).ToListAsync(), d => d != null && d.Value.Year < 1901);
    }

    [Theory]
    [InlineData("/api/trading/projects?from=0001-01-01", "from")]
    [InlineData("/api/trading/projects?to=9999-12-31", "to")]
    [InlineData("/api/alerts?from=0001-01-01&to=9999-12-31", "from")]
    public async Task Api_OutOfRangeDateFilter_ChineseValidationMessage(string url, string field)
    {
        var client = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains($"\"{field}\"", body, StringComparison.Ordinal);
        Assert.Contains("超出可查询范围", body, StringComparison.Ordinal);
        Assert.DoesNotContain("UTC time", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Trading/Projects?from=0001-01-01&to=9999-12-31")]
    [InlineData("/Alerts?from=0001-01-01&to=9999-12-31")]
    public async Task Pages_OutOfRangeDateFilter_Clamped(string url)
    {
        var client = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task AuditPage_OutOfRangeDateFilter_Clamped()
    {
        var client = await factory.CreateUserAndLoginAsync(Roles.AuditAdmin);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Admin/Audit?from=0001-01-01&to=9999-12-31")).StatusCode);
    }

    [Fact]
    public async Task RequestThatThrows_IsAudited()
    {
        // Configure names the test assembly as the application (where Razor Pages are looked for): name the product again.
        using var probe = factory.WithWebHostBuilder(b => b
            .Configure(app => WebApp.ConfigurePipelineWith(app, e =>
                e.MapGet("/api/probe/throws", IResult () => throw new InvalidOperationException("secret detail"))
                    .RequireAuthorization(Policies.TradingRead)))
            .UseSetting(WebHostDefaults.ApplicationKey, typeof(WebApp).Assembly.GetName().Name));
        var user = await factory.CreateUserAsync("throws-" + Guid.NewGuid().ToString("N")[..6], Roles.OfficeAdmin);
        var client = probe.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await JianguanFactory.PostFormAsync(client, "/Account/Login", new Dictionary<string, string>
        {
            ["Input.UserName"] = user,
            ["Input.Password"] = JianguanFactory.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        var response = await client.GetAsync("/api/probe/throws?x=1");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        var entry = Assert.Single(await db.AuditEntries.AsNoTracking().Where(e => e.UserName == user && e.Target == "/api/probe/throws?x=1").ToListAsync());
        Assert.Equal("http.get", entry.Action);
        Assert.Equal("{\"status\":500,\"exception\":\"InvalidOperationException\"}", entry.Detail);
    }
}
