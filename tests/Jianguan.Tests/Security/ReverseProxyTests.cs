using System.Net;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Web;
using Jianguan.Tests.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;

namespace Jianguan.Tests.Security;

/// <summary>
/// The application as it runs behind a proxy: every request arrives from <see cref="Proxy"/> (the test server has
/// no socket, so a startup filter sets the peer address; <see cref="PeerHeader"/> makes a request come from
/// elsewhere, as a client reaching the server directly).
/// </summary>
public class ProxyFactory : JianguanFactory
{
    public const string Proxy = "10.0.0.5";
    public const string PeerHeader = "X-Test-Peer";
    public const string Client = "203.0.113.7";

    protected virtual Dictionary<string, string?> Settings => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(Settings))
            .ConfigureTestServices(s => s.AddTransient<IStartupFilter, PeerAddressFilter>());

    /// <summary>A client addressing a public host name (HSTS is never sent to localhost), cookies kept.</summary>
    public HttpClient CreatePublicClient(params (string Name, string Value)[] headers)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            BaseAddress = new Uri("http://jianguan.example.gov.cn/"),
        });
        foreach (var (name, value) in headers)
        {
            client.DefaultRequestHeaders.Add(name, value);
        }

        return client;
    }

    public async Task<List<AuditEntry>> EntriesAsync(string userName)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        return await db.AuditEntries.AsNoTracking().Where(e => e.UserName == userName).OrderBy(e => e.Seq).ToListAsync();
    }

    /// <summary>Logs in and reads a page with the given headers; returns the sources the audit trail recorded.</summary>
    public async Task<List<string>> AuditedSourcesAsync(params (string Name, string Value)[] headers)
    {
        var user = await CreateUserAsync("proxy" + Guid.NewGuid().ToString("N")[..8], Roles.Police);
        var client = CreatePublicClient(headers);
        var login = await PostFormAsync(client, "/Account/Login", new Dictionary<string, string>
        {
            ["Input.UserName"] = user,
            ["Input.Password"] = Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Trading/Projects")).StatusCode);
        var entries = await EntriesAsync(user);
        Assert.Contains(entries, e => e.Action == "login.success");
        // A police officer's read of trading data is audited as an oversight query (AuditRequests).
        Assert.Contains(entries, e => e.Action == "oversight.query");
        return [.. entries.Select(e => e.Source).Distinct()];
    }

    private sealed class PeerAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                var peer = context.Request.Headers[PeerHeader].ToString();
                context.Connection.RemoteIpAddress = IPAddress.Parse(peer.Length > 0 ? peer : Proxy);
                return following(context);
            });
            next(app);
        };
    }
}

public sealed class TrustedProxyFactory : ProxyFactory
{
    protected override Dictionary<string, string?> Settings => new()
    {
        [ReverseProxy.Section + ":KnownProxies"] = "192.0.2.1, " + Proxy,
    };
}

[Trait("Category", "Database")]
public sealed class TrustedProxyTests(TrustedProxyFactory factory) : IClassFixture<TrustedProxyFactory>
{
    [Fact]
    public async Task ForwardedProtoHttps_FromKnownProxy_GetsHsts()
    {
        var forwarded = await factory.CreatePublicClient(("X-Forwarded-Proto", "https")).GetAsync("/healthz");
        var plain = await factory.CreatePublicClient().GetAsync("/healthz");

        Assert.True(forwarded.Headers.Contains("Strict-Transport-Security"));
        Assert.Contains("max-age=31536000", forwarded.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task ForwardedFor_FromKnownProxy_AuditRecordsClientAddress()
    {
        var sources = await factory.AuditedSourcesAsync(("X-Forwarded-For", "198.51.100.200, " + ProxyFactory.Client));

        // The right-most entry was added by the trusted proxy; the one to its left came from the client itself.
        Assert.Equal([ProxyFactory.Client], sources);
    }

    [Fact]
    public async Task ForwardedHeaders_FromUnknownPeer_Ignored()
    {
        const string direct = "198.51.100.9";
        var hsts = await factory.CreatePublicClient((ProxyFactory.PeerHeader, direct), ("X-Forwarded-Proto", "https")).GetAsync("/healthz");
        var sources = await factory.AuditedSourcesAsync((ProxyFactory.PeerHeader, direct), ("X-Forwarded-For", ProxyFactory.Client));

        Assert.False(hsts.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal([direct], sources);
    }
}

[Trait("Category", "Database")]
public sealed class UntrustedProxyTests(ProxyFactory factory) : IClassFixture<ProxyFactory>
{
    [Fact]
    public async Task ForwardedHeaders_NothingConfigured_IgnoredEvenFromProxyAddress()
    {
        var hsts = await factory.CreatePublicClient(("X-Forwarded-Proto", "https")).GetAsync("/healthz");
        var sources = await factory.AuditedSourcesAsync(("X-Forwarded-For", ProxyFactory.Client), ("X-Forwarded-Proto", "https"));

        Assert.Equal(HttpStatusCode.OK, hsts.StatusCode);
        Assert.False(hsts.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal([ProxyFactory.Proxy], sources);
    }
}

public class ReverseProxyOptionsTests
{
    private static ForwardedHeadersOptions Read(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(ReverseProxy.Section + ":" + s.Key, s.Value)))
            .Build();
        var options = new ForwardedHeadersOptions();
        ReverseProxy.Apply(options, configuration.GetSection(ReverseProxy.Section));
        return options;
    }

    [Fact]
    public void Apply_NothingConfigured_TrustsNobodyNotEvenLoopback()
    {
        var options = Read();
        Assert.Empty(options.KnownProxies);
        Assert.Empty(options.KnownIPNetworks);
        Assert.Equal(ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, options.ForwardedHeaders);
    }

    [Fact]
    public void Apply_ListsAndArrays_AllRead()
    {
        var options = Read(("KnownProxies", "10.0.0.5,fd00::1"), ("KnownNetworks:0", "10.1.0.0/16"), ("KnownNetworks:1", "172.16.0.0/12"));
        Assert.Equal([IPAddress.Parse("10.0.0.5"), IPAddress.Parse("fd00::1")], options.KnownProxies);
        Assert.Equal(2, options.KnownIPNetworks.Count);
        Assert.Contains(options.KnownIPNetworks, n => n.Contains(IPAddress.Parse("10.1.2.3")));
    }

    [Theory]
    [InlineData("KnownProxies", "proxy.example")]
    [InlineData("KnownNetworks", "10.0.0.0/33")]
    public void Apply_InvalidEntry_Throws(string key, string value)
    {
        var e = Assert.Throws<InvalidOperationException>(() => Read((key, value)));
        Assert.Contains(value, e.Message, StringComparison.Ordinal);
    }
}
