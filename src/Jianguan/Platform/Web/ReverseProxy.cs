using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Jianguan.Platform.Web;

/// <summary>
/// Trust in a TLS-terminating reverse proxy (docs/security.md §7). Only requests arriving from a configured proxy
/// address have their X-Forwarded-For (the client address written into the audit trail) and X-Forwarded-Proto (the
/// scheme HSTS and secure cookies depend on) applied. Nothing is trusted by default: with no proxy configured the
/// middleware is not even added, so a client cannot choose the address the audit trail records.
/// </summary>
public static class ReverseProxy
{
    /// <summary>Configuration section: <c>KnownProxies</c> (addresses) and <c>KnownNetworks</c> (CIDR ranges).</summary>
    public const string Section = "Jianguan:Proxy";

    public static IServiceCollection AddJianguanReverseProxy(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((o, configuration) => Apply(o, configuration.GetSection(Section)));
        return services;
    }

    /// <summary>Reads the trusted proxies; an entry that is not an address or a range stops the start.</summary>
    public static void Apply(ForwardedHeadersOptions options, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(section);
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        // The framework trusts loopback by default; here only what the operator names is trusted.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        // Every hop is checked against the lists, so a chain of known proxies (load balancer behind a CDN) is
        // walked back to the first address that is not one of them: that is the client.
        options.ForwardLimit = null;
        foreach (var entry in Entries(section, "KnownProxies"))
        {
            options.KnownProxies.Add(IPAddress.TryParse(entry, out var address)
                ? address
                : throw new InvalidOperationException(
                    $"{Section}:KnownProxies 中的“{entry}”不是 IP 地址 / '{entry}' in {Section}:KnownProxies is not an IP address"));
        }

        foreach (var entry in Entries(section, "KnownNetworks"))
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(entry, out var network)
                ? network
                : throw new InvalidOperationException(
                    $"{Section}:KnownNetworks 中的“{entry}”不是网段（如 10.0.0.0/8）/ '{entry}' in {Section}:KnownNetworks is not a CIDR range such as 10.0.0.0/8"));
        }
    }

    /// <summary>First in the pipeline, so that HSTS, cookies, authentication and the audit trail see the client's view.</summary>
    public static IApplicationBuilder UseJianguanForwardedHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ApplicationServices.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        // Without a trusted proxy the headers are not read at all: the framework would otherwise apply the first
        // entry when the server reports no peer address.
        return options.KnownProxies.Count == 0 && options.KnownIPNetworks.Count == 0 ? app : app.UseForwardedHeaders(options);
    }

    /// <summary>Comma-separated in one value (environment variables) or as an array (appsettings.json).</summary>
    private static IEnumerable<string> Entries(IConfigurationSection section, string key) =>
        new[] { section[key] }.Concat(section.GetSection(key).GetChildren().Select(c => c.Value))
            .SelectMany(v => (v ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
