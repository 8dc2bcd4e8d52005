using System.Net;
using System.Text.RegularExpressions;
using Jianguan.Features.Demo;
using Microsoft.AspNetCore.Identity;

namespace Jianguan.Tests.Web;

/// <summary>The demo city with its market, as `serve --demo` builds it, shared by the crawls of every role.</summary>
public sealed class DemoCityFactory : JianguanFactory
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = Services.CreateAsyncScope();
        await DemoSeeder.SeedAsync(scope.ServiceProvider, TextWriter.Null);

        // The demo prints fresh passwords; the crawl signs in with the test password instead.
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        foreach (var user in users.Users.ToList())
        {
            await users.RemovePasswordAsync(user);
            await users.AddPasswordAsync(user, Password);
        }
    }
}

/// <summary>
/// Every page a role can reach from its menu speaks Chinese: no English word outside a short allow-list (acronyms
/// and names a Chinese civil servant reads as such), no rule, permission, role or audit-action code, no raw JSON.
/// Each demo account walks the links of its pages (GET only, same origin) as far as <see cref="PagesPerRole"/>.
/// </summary>
[Trait("Category", "Database")]
[Trait("Category", "SqliteOnly")]
public sealed partial class ChineseTextTests(DemoCityFactory factory) : IClassFixture<DemoCityFactory>
{
    private const int PagesPerRole = 60;

    // Text in <code>, <pre> and elements marked translate="no" is machine text by intent (keys, commands, headers,
    // file formats, identifiers) and is left out.

    /// <summary>Words a Chinese page may show: acronyms in everyday official use, formats, units and brand names.</summary>
    private static readonly HashSet<string> Allowed = new(StringComparer.OrdinalIgnoreCase)
    {
        "API", "ID", "IP", "MAC", "CPU", "CA", "URL", "XLSX", "CSV", "OCDS", "JSON", "PDF", "Excel", "SM3", "SM4", "HMAC",
        "CV", "RD", "DIFFP", "Jianguan", "PM", "TOTP", "HTTPS", "OK", "GB", "HTML", "UTC", "SVG", "PNG", "JSONL", "MB", "KB",
        "HHI", "CR4",
    };

    public static TheoryData<string> DemoAccounts() =>
    [
        "gongguanban", "zhujianju", "zhujianju-leader", "jiaoyizhongxin", "sifaju", "zhifa", "jijian", "shenji", "gongan",
        "sysadmin", "secadmin", "auditadmin", "zhujianju-zf1", "shizhengfu",
    ];

    [Theory]
    [MemberData(nameof(DemoAccounts))]
    public async Task EveryPageTheRoleReaches_ShowsNoEnglishOrCodes(string userName)
    {
        var client = await factory.LoginAsync(userName);
        var queue = new Queue<string>(["/"]);
        var seen = new HashSet<string>(StringComparer.Ordinal) { "/" };
        var perPath = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        var visited = 0;
        while (queue.Count > 0 && visited < PagesPerRole)
        {
            var url = queue.Dequeue();
            using var response = await client.GetAsync(url);
            visited++;
            if (response.StatusCode != HttpStatusCode.OK
                || response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                Assert.True((int)response.StatusCode < 500, $"{userName} {url}: HTTP {(int)response.StatusCode}");
                continue;
            }

            var html = await response.Content.ReadAsStringAsync();
            // Login names are what people type to sign in: shown as they are.
            problems.AddRange(Problems(LoginName().Replace(html, " ")).Select(p => $"{url}: {p}"));
            foreach (Match link in Link().Matches(html))
            {
                var target = WebUtility.HtmlDecode(link.Groups[1].Value);
                var path = target.Split('?')[0];
                if (Skipped(path) || !seen.Add(target))
                {
                    continue;
                }

                // Each list is walked a few times (its filters and pages), not once per row of it.
                var count = perPath.GetValueOrDefault(Shape(path));
                if (count < 3)
                {
                    perPath[Shape(path)] = count + 1;
                    queue.Enqueue(target);
                }
            }
        }

        Assert.True(visited > 3, $"{userName} reached only {visited} page(s)");
        Assert.True(problems.Count == 0, $"{userName}:\n" + string.Join("\n", problems.Distinct().Take(400)));
    }

    /// <summary>
    /// The monthly report's page is reached only once a report exists: the trading center generates the month of the
    /// demo market's latest bid opening (real districts, categories and alert rules), and its page speaks Chinese.
    /// </summary>
    [Fact]
    public async Task MonthlyReportOfTheDemoMarket_ShowsNoEnglishOrCodes()
    {
        DateTimeOffset? latest;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
            latest = await db.Sections.MaxAsync(s => s.BidOpenAt);
        }

        Assert.NotNull(latest);
        var month = Jianguan.Features.Reports.ReportMonth.Of(Jianguan.Platform.Time.ChinaTime.DateOf(latest.Value)).ToString();
        var client = await factory.LoginAsync("jiaoyizhongxin");
        var generated = await JianguanFactory.PostFormAsync(client, "/Reports/Monthly?handler=Generate",
            new Dictionary<string, string> { ["Month"] = month }, "/Reports/Monthly");
        var page = generated.StatusCode == HttpStatusCode.Redirect ? generated.Headers.Location!.ToString() : "/Reports/Monthly/" + month;
        var html = await client.GetStringAsync(page);
        Assert.Contains("by-category", html, StringComparison.Ordinal);
        var problems = Problems(LoginName().Replace(html, " ")).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>The public power list (no login, so no role's crawl reaches it) and a governance page of each kind speak Chinese.</summary>
    [Fact]
    public async Task GovernancePages_PublicAndStaff_ShowNoEnglishOrCodes()
    {
        var anonymous = factory.CreateAnonymousClient();
        var problems = new List<string>();
        foreach (var url in new[] { "/Public/PowerList", "/Public/PowerList?kind=Inspection" })
        {
            problems.AddRange(Problems(await anonymous.GetStringAsync(url)).Select(p => $"{url}: {p}"));
        }

        var office = await factory.LoginAsync("gongguanban");
        foreach (var url in new[] { "/Meetings", "/Meetings/Tasks", "/Meetings/AnnualReport", "/PowerList", "/Directory", "/Meetings/New" })
        {
            var html = await office.GetStringAsync(url);
            problems.AddRange(Problems(LoginName().Replace(html, " ")).Select(p => $"{url}: {p}"));
            foreach (Match link in Link().Matches(html).Where(m => m.Groups[1].Value.StartsWith("/Meetings/", StringComparison.Ordinal)
                || m.Groups[1].Value.StartsWith("/PowerList/", StringComparison.Ordinal)).Take(3))
            {
                var target = WebUtility.HtmlDecode(link.Groups[1].Value);
                if (!target.Contains("handler", StringComparison.Ordinal))
                {
                    problems.AddRange(Problems(LoginName().Replace(await office.GetStringAsync(target), " ")).Select(p => $"{target}: {p}"));
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
    }

    /// <summary>The analysis pages of the demo market, and a drill-down list of each, speak Chinese (issue 15).</summary>
    [Fact]
    public async Task AnalysisPagesOfTheDemoMarket_ShowNoEnglishOrCodes()
    {
        var client = await factory.LoginAsync("gongguanban");
        var problems = new List<string>();
        foreach (var page in new[]
        {
            "/Analysis", "/Analysis?by=category&key=Construction", "/Analysis/Prices?by=bin&key=3", "/Analysis/Prices?by=outlier",
            "/Analysis/Market?by=local&key=local", "/Analysis/Efficiency?by=failed", "/Analysis/Efficiency?by=stage&key=notice-award",
        })
        {
            var html = await client.GetStringAsync(page);
            problems.AddRange(Problems(LoginName().Replace(html, " ")).Select(p => $"{page}: {p}"));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct().Take(100)));
    }

    /// <summary>The credit pages (issue 14 items 4-6) with the demo records, and one record of each kind, speak Chinese.</summary>
    [Fact]
    public async Task CreditPagesOfTheDemoCity_ShowNoEnglishOrCodes()
    {
        var client = await factory.LoginAsync("gongguanban");
        var anonymous = factory.CreateAnonymousClient();
        var problems = new List<string>();
        var pages = new List<string> { "/Credit", "/Credit/New", "/Penalties", "/Penalties/New", "/Penalties/Requests", "/Accountability", "/Accountability?quarter=4" };
        foreach (var list in new[] { "/Credit", "/Penalties" })
        {
            var html = await client.GetStringAsync(list);
            pages.AddRange(Link().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))
                .Where(h => Regex.IsMatch(h, "^" + list + @"/\d+$")).Distinct().Take(3));
        }

        foreach (var url in pages)
        {
            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: HTTP {(int)response.StatusCode}");
            problems.AddRange(Problems(LoginName().Replace(await response.Content.ReadAsStringAsync(), " ")).Select(p => $"{url}: {p}"));
        }

        foreach (var url in new[] { "/Public/Blacklist", "/Public/Penalties" })
        {
            using var response = await anonymous.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: HTTP {(int)response.StatusCode}");
            problems.AddRange(Problems(await response.Content.ReadAsStringAsync()).Select(p => $"{url}: {p}"));
        }

        Assert.True(pages.Count > 8, "the demo city has no credit records");
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
    }

    /// <summary>The visible text (and titles, placeholders, labels) of a page, with what in it is not Chinese.</summary>
    internal static IEnumerable<string> Problems(string html)
    {
        var text = Visible(html);
        foreach (Match m in Code().Matches(text))
        {
            yield return $"code «{m.Value}» in «{Around(text, m)}»";
        }

        foreach (Match m in Word().Matches(text))
        {
            if (!Allowed.Contains(m.Value) && !Code().IsMatch(m.Value))
            {
                yield return $"English «{m.Value}» in «{Around(text, m)}»";
            }
        }
    }

    internal static string Visible(string html)
    {
        var body = Hidden().Replace(html, " ");
        var attributes = string.Join(" ", ReadAttribute().Matches(body).Select(m => m.Groups[2].Value));
        var text = Tag().Replace(body, " ") + " " + attributes;
        return Space().Replace(WebUtility.HtmlDecode(text), " ");
    }

    private static string Around(string text, Match m)
    {
        var start = Math.Max(0, m.Index - 20);
        return text.Substring(start, Math.Min(text.Length, m.Index + m.Length + 20) - start).Trim();
    }

    private static bool Skipped(string path) =>
        path.Length == 0 || path[0] != '/' || path.StartsWith("//", StringComparison.Ordinal)
        || path.StartsWith("/api", StringComparison.OrdinalIgnoreCase)
        || path.StartsWith("/scalar", StringComparison.OrdinalIgnoreCase)
        || path.StartsWith("/openapi", StringComparison.OrdinalIgnoreCase)
        || path.StartsWith("/css", StringComparison.Ordinal) || path.StartsWith("/js", StringComparison.Ordinal)
        || path.Contains("Logout", StringComparison.OrdinalIgnoreCase)
        || path.Contains("Export", StringComparison.OrdinalIgnoreCase)
        || path.Contains("Download", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".svg", StringComparison.Ordinal) || path.EndsWith(".xlsx", StringComparison.Ordinal);

    /// <summary>A path with its numbers taken out: /Alerts/17 and /Alerts/18 are the same page.</summary>
    private static string Shape(string path) => Digits().Replace(path, "#");

    [GeneratedRegex("""href="([^"#]*)""")]
    private static partial Regex Link();

    [GeneratedRegex("""<(script|style|svg|head|textarea|code|pre)\b.*?</\1>|<(\w+)\b[^>]*\btranslate="no"[^>]*>.*?</\2>|<!--.*?-->|<input[^>]*type="hidden"[^>]*>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Hidden();

    [GeneratedRegex("""\b(title|placeholder|aria-label|alt)="([^"]*)""")]
    private static partial Regex ReadAttribute();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();

    [GeneratedRegex(@"\b(gongguanban|zhujianju-leader|zhujianju-zf\d|zhujianju|jiaoyizhongxin|sifaju|zhifa|jijian|shenji|gongan|sysadmin|secadmin|auditadmin|shizhengfu)\b")]
    private static partial Regex LoginName();

    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f-]+|\d+")]
    private static partial Regex Digits();

    /// <summary>Rule codes (link.cross_section), permission and role codes (alerts-read), snake_case keys.</summary>
    [GeneratedRegex(@"(?<![A-Za-z0-9/])[a-z][a-z0-9]*(?:[._-][a-z0-9]+)+(?![A-Za-z0-9/])")]
    private static partial Regex Code();

    // A word glued to digits, hyphens, dots, slashes or colons is part of an identifier (MAC address, disk serial, path).
    [GeneratedRegex(@"(?<![A-Za-z0-9_\-./:])[A-Za-z][A-Za-z]+(?![A-Za-z0-9_\-./:])")]
    private static partial Regex Word();
}
