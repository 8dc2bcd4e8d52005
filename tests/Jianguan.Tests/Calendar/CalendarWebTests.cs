using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jianguan.Tests.Calendar;

/// <summary>Signs the request in from an <c>X-Test-Roles</c> header (comma-separated roles); anonymous without it.</summary>
internal sealed class TestAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Name = "Test";
    public const string Header = "X-Test-Roles";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var roles))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, "tester"), new(ClaimTypes.NameIdentifier, "tester") };
        claims.AddRange(roles.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => new Claim(ClaimTypes.Role, r)));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, Name)), Name)));
    }
}

public sealed class CalendarWebTests : IAsyncLifetime, IDisposable
{
    private readonly TempDir _dir = new();
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    // November 2026 in Beijing: 2027 is neither built in nor loaded, and it is not yet time to warn.
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        _app = WebApp.Build(new WebAppOptions($"Data Source={_dir.File("web.db")}"), builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Configuration["Jobs:Enabled"] = "false";
            builder.Services.AddSingleton<TimeProvider>(_clock);
            builder.Services.AddAuthentication(o =>
                {
                    o.DefaultScheme = TestAuthHandler.Name;
                    o.DefaultAuthenticateScheme = TestAuthHandler.Name;
                    o.DefaultChallengeScheme = TestAuthHandler.Name;
                })
                .AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(TestAuthHandler.Name, _ => { });
        });
        await WebApp.PrepareAsync(_app);
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public void Dispose() => _dir.Dispose();

    private HttpRequestMessage Get(string url, string? roles = Roles.MemberSupervisor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (roles is not null)
        {
            request.Headers.Add(TestAuthHandler.Header, roles);
        }

        return request;
    }

    [Fact]
    public async Task WorkingDay_MakeUpSaturday_TrueWithHolidayName()
    {
        var response = await _client.SendAsync(Get("/api/calendar/working-day?date=2026-10-10"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("2026-10-10", json.RootElement.GetProperty("date").GetString());
        Assert.True(json.RootElement.GetProperty("isWorkingDay").GetBoolean());
        Assert.Equal("make-up-working-day", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal("国庆节", json.RootElement.GetProperty("holiday").GetString());
    }

    [Fact]
    public async Task CalendarPage_DecemberWithoutNextYear_WarnsUntilTheYearIsLoaded()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 2, 0, 0, TimeSpan.Zero));
        var before = await (await _client.SendAsync(Get("/Admin/Calendar", Roles.OfficeAdmin))).Content.ReadAsStringAsync();
        Assert.Contains("2027 年的节假日安排尚未载入", before, StringComparison.Ordinal);

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Jianguan.Platform.Calendar.CalendarService>().LoadYearAsync(
                """{"year": 2027, "papers": ["https://www.gov.cn/"], "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}""");
        }

        var after = await (await _client.SendAsync(Get("/Admin/Calendar", Roles.OfficeAdmin))).Content.ReadAsStringAsync();
        Assert.DoesNotContain("next-year-missing", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CalendarPage_November_NoWarningYet()
    {
        var html = await (await _client.SendAsync(Get("/Admin/Calendar", Roles.OfficeAdmin))).Content.ReadAsStringAsync();
        Assert.DoesNotContain("next-year-missing", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/calendar/working-day")]
    [InlineData("/api/calendar/working-day?date=10/10/2026")]
    [InlineData("/api/deadlines/complaint.accept?start=2026-13-01")]
    public async Task Api_BadDate_400NamingFormat(string url)
    {
        var response = await _client.SendAsync(Get(url));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("YYYY-MM-DD", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deadline_KnownRule_DueDateAndBasis()
    {
        var response = await _client.SendAsync(Get("/api/deadlines/complaint.accept?start=2026-09-30"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("2026-10-10", json.RootElement.GetProperty("due").GetString());
        Assert.Equal("working", json.RootElement.GetProperty("unit").GetString());
        Assert.Contains("第六十一条", json.RootElement.GetProperty("basis").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deadline_UnknownRule_404ListingCodes()
    {
        var response = await _client.SendAsync(Get("/api/deadlines/nope?start=2026-09-30"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("penalty.decide", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deadlines_List_AllRules()
    {
        var rules = await (await _client.SendAsync(Get("/api/deadlines"))).Content.ReadFromJsonAsync<JsonElement[]>();
        Assert.NotNull(rules);
        Assert.Equal(11, rules.Length);
    }

    [Theory]
    [InlineData("/api/calendar/working-day?date=2026-10-10")]
    [InlineData("/api/deadlines/complaint.accept?start=2026-09-30")]
    [InlineData("/api/deadlines")]
    [InlineData("/Admin/Calendar")]
    public async Task Anonymous_Refused(string url) =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendAsync(Get(url, roles: null))).StatusCode);

    [Fact]
    public async Task AdminPage_NonAdmin_Forbidden() =>
        Assert.Equal(HttpStatusCode.Forbidden, (await _client.SendAsync(Get("/Admin/Calendar", Roles.MemberSupervisor))).StatusCode);

    [Fact]
    public async Task AdminPage_UploadYear_ListedAndApiAnswerChanges()
    {
        Assert.True(await IsWorkingDayAsync("2027-01-01"));

        var page = await _client.SendAsync(Get("/Admin/Calendar", Roles.SystemAdmin));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("尚未载入任何年度文件", html, StringComparison.Ordinal);

        var response = await PostFileAsync(page, html, HolidayFileParserTests.Valid2027);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var after = await (await _client.SendAsync(Get("/Admin/Calendar", Roles.SystemAdmin))).Content.ReadAsStringAsync();
        Assert.Contains("<td>2027</td>", after, StringComparison.Ordinal);
        Assert.False(await IsWorkingDayAsync("2027-01-01"));
    }

    [Fact]
    public async Task AdminPage_BadFile_400WithReason()
    {
        var page = await _client.SendAsync(Get("/Admin/Calendar", Roles.OfficeAdmin));
        var html = await page.Content.ReadAsStringAsync();
        var response = await PostFileAsync(page, html, """{"year":2027,"papers":[],"days":[{"name":"元旦","date":"2027-01-01","isOffDay":"yes"}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("isOffDay", body, StringComparison.Ordinal);
        Assert.Contains("尚未载入任何年度文件", body, StringComparison.Ordinal);
    }

    private async Task<bool> IsWorkingDayAsync(string date)
    {
        using var json = JsonDocument.Parse(await (await _client.SendAsync(Get($"/api/calendar/working-day?date={date}"))).Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("isWorkingDay").GetBoolean();
    }

    private async Task<HttpResponseMessage> PostFileAsync(HttpResponseMessage page, string html, string json)
    {
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        var request = new HttpRequestMessage(HttpMethod.Post, "/Admin/Calendar");
        request.Headers.Add(TestAuthHandler.Header, Roles.SystemAdmin);
        request.Headers.Add("Cookie", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(json)), "file", "2027.json" },
        };
        request.Content = form;
        return await _client.SendAsync(request);
    }
}
