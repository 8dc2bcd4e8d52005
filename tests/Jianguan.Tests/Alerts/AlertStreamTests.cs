using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Jianguan.Features.Warnings;
using Jianguan.Platform.Tokens;
using Jianguan.Tests.Web;

namespace Jianguan.Tests.Alerts;

/// <summary>
/// Push → stored alert → the signed-in reader's event stream (issue 16, item 3): a bid opening pushed through the
/// import API with a machine token becomes a red alert that arrives on <c>/api/alerts/stream</c> of a reader whose
/// scope holds it, and not on the stream of a reader whose scope does not.
/// </summary>
[Trait("Category", "Database")]
public sealed class AlertStreamTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    [Fact]
    public async Task Push_RedAlert_ArrivesOnTheStreamOfAReaderInScopeOnly()
    {
        var reader = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);
        // A member supervisor without a unit: an empty scope.
        var outsider = await factory.CreateUserAndLoginAsync(Roles.MemberSupervisor);
        using var inScope = await OpenAsync(reader);
        using var outOfScope = await OpenAsync(outsider);

        var prefix = "SSE" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var response = await PushAsync(prefix);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The wait is an upper bound for a loaded CI machine, not a speed target (bench/cluster.sh measures that).
        var data = await NextEventAsync(inScope, TimeSpan.FromSeconds(120));
        Assert.NotNull(data);
        Assert.Contains(prefix + "-S1", data, StringComparison.Ordinal);
        Assert.Contains("\"url\":\"/Alerts/", data, StringComparison.Ordinal);
        Assert.Null(await NextEventAsync(outOfScope, TimeSpan.FromSeconds(3)));
    }

    /// <summary>
    /// <c>?after=</c> (the /Alerts page's position, or the last alert a tab saw when it takes the account's stream over
    /// from another tab): the red alerts above that id in the reader's scope come first, even those stored before the
    /// stream opened.
    /// </summary>
    [Fact]
    public async Task Stream_After_SendsTheRedAlertsStoredAboveThatIdFirst()
    {
        var reader = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);
        var prefix = "SSA" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        long before = 0;
        await factory.SeedAsync(async db => before = await AlertEvents.MaxIdAsync(db, CancellationToken.None));
        Assert.Equal(HttpStatusCode.OK, (await PushAsync(prefix)).StatusCode);

        using var stream = await OpenAsync(reader, "/api/alerts/stream?after=" + before.ToString(CultureInfo.InvariantCulture));

        // An upper bound for a loaded CI machine, not a speed target.
        var data = await NextEventAsync(stream, TimeSpan.FromSeconds(120));
        Assert.NotNull(data);
        Assert.Contains(prefix + "-S1", data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_PlainGet_EndsAfterTheOpeningLines()
    {
        var reader = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);

        var response = await reader.GetAsync("/api/alerts/stream");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/event-stream", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Contains(": connected", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<StreamReader> OpenAsync(HttpClient client, string path = "/api/alerts/stream")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        // The stream has fixed its starting point once it says so; only alerts stored after it are sent.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith(": connected", StringComparison.Ordinal))
            {
                return reader;
            }
        }

        throw new InvalidOperationException("the stream ended before it connected");
    }

    /// <summary>The data of the next red-alert event, or null when none comes within <paramref name="wait"/>.</summary>
    private static async Task<string?> NextEventAsync(StreamReader stream, TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        var isAlert = false;
        try
        {
            while (await stream.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line == "event: " + AlertEvents.EventName)
                {
                    isAlert = true;
                }
                else if (isAlert && line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    return line["data: ".Length..];
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return null;
    }

    private async Task<HttpResponseMessage> PushAsync(string prefix)
    {
        var now = factory.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var unit = new Organisation { Code = "tc-" + prefix, Name = "交易中心" + prefix, Kind = OrgKind.TradingCenter };
        await factory.SeedAsync(db =>
        {
            db.Organisations.Add(unit);
            return Task.CompletedTask;
        });
        var (token, text) = MachineTokens.Create("push-" + prefix, [Jianguan.Platform.Auth.Scopes.TradingPush], unit.Id, "test", now, now.AddDays(1));
        await factory.SeedAsync(db =>
        {
            db.MachineTokens.Add(token);
            return Task.CompletedTask;
        });
        var client = factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", text);
        using var content = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(AlertMarket.Bids(prefix).Replace("海南", prefix, StringComparison.Ordinal))), "files", "bids.csv" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(AlertMarket.Awards(prefix).Replace("海南", prefix, StringComparison.Ordinal))), "files", "awards.csv" },
        };
        return await client.PostAsync("/api/trading/import", content);
    }
}
