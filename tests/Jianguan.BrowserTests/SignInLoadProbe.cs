using System.Collections.Concurrent;
using Jianguan.Platform.Auth;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Jianguan.BrowserTests;

/// <summary>
/// The diagnosis of "a complete page at the right address whose load event never fired" after sign-in, run many
/// rounds by bench/browser-signin-load.sh (JIANGUAN_BENCH_ROUNDS). Each round signs in exactly as the journeys did
/// before (click 登录, then <c>WaitForURLAsync(…, Load)</c>) and, when that wait times out, asks the page itself
/// (document.readyState, the navigation timing's loadEventEnd), counts the <c>load</c> events Playwright delivered
/// to <see cref="IPage.Load"/> and lists the requests still pending. In the ordinary run it does one round per path
/// and checks that each page reached its load event.
/// </summary>
[Trait("Category", "Bench")]
public sealed class SignInLoadProbe(ITestOutputHelper output) : BrowserJourneyTest
{
    private static readonly string[] Paths = ["/Alerts", "/Account"];

    protected override JourneyUser User { get; } = new("office-probe", "公管办监管员", Roles.OfficeAdmin);

    [Fact]
    public async Task SignIn_ThenLoad_ReportsWhatWasPendingWhenTheWaitTimedOut()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("JIANGUAN_BENCH_ROUNDS"), out var r) ? r : 1;
        var page = Session.Page;
        var pending = new ConcurrentDictionary<IRequest, DateTime>();
        page.Request += (_, q) => pending[q] = DateTime.UtcNow;
        page.RequestFinished += (_, q) => pending.TryRemove(q, out DateTime _);
        page.RequestFailed += (_, q) => pending.TryRemove(q, out DateTime _);
        var loads = 0;
        page.Load += (_, _) => Interlocked.Increment(ref loads);

        int waits = 0, timeouts = 0, lostWakeups = 0, notLoaded = 0;
        var lines = new List<string>();
        for (var i = 0; i < rounds; i++)
        {
            foreach (var path in Paths)
            {
                await page.Context.ClearCookiesAsync();
                await page.GotoAsync(Session.BaseUrl + path);
                await page.GetByLabel("用户名").FillAsync(User.UserName);
                await page.GetByLabel("密码").FillAsync(JourneyUser.Password);
                var loadsBefore = Volatile.Read(ref loads);
                pending.Clear();
                await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
                waits++;
                try
                {
                    await page.WaitForURLAsync("**" + path, new() { WaitUntil = WaitUntilState.Load, Timeout = 10_000 });
                    continue;
                }
                catch (TimeoutException)
                {
                    timeouts++;
                }

                var state = await page.EvaluateAsync<string>("document.readyState");
                var loadEnd = await page.EvaluateAsync<double>("(performance.getEntriesByType('navigation')[0] || {}).loadEventEnd || -1");
                var delivered = Volatile.Read(ref loads) - loadsBefore;
                var open = string.Join(", ", pending.Select(p => $"{p.Key.Method} {p.Key.Url} ({p.Key.ResourceType}, {(DateTime.UtcNow - p.Value).TotalSeconds:0.0} s)"));
                if (state == "complete" && delivered > 0 && page.Url.EndsWith(path, StringComparison.Ordinal))
                {
                    lostWakeups++;
                }

                if (state != "complete")
                {
                    notLoaded++;
                }

                var text = await page.Locator("main").InnerTextAsync();
                lines.Add($"round {i} {path}: wait timed out at {page.Url} (\"{text[..Math.Min(60, text.Length)].ReplaceLineEndings(" ")}\"); readyState={state}, loadEventEnd={loadEnd:0} ms, "
                    + $"load events delivered to IPage.Load since the click={delivered}; pending requests: [{open}]");
            }
        }

        var summary = $"sign-in waits {waits}, timed out {timeouts}: page loaded and IPage.Load delivered (wait lost the event) {lostWakeups}, "
            + $"page not loaded {notLoaded}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}";
        foreach (var line in lines.Append(summary))
        {
            output.WriteLine(line);
            if (Environment.GetEnvironmentVariable("JIANGUAN_BENCH_OUT") is { Length: > 0 } file)
            {
                await File.AppendAllTextAsync(file, line + Environment.NewLine);
            }
        }

        Assert.Equal(0, notLoaded);
    }
}
