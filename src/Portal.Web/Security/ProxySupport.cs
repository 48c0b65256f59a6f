using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Portal.Web.Security;

/// <summary>Configuration section "Proxy": the reverse proxies or load balancers in front of the portal.</summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>Addresses of the proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (loopback always is).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of such proxies in CIDR form, e.g. 10.0.0.0/8 for a load balancer with changing addresses.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row may add to X-Forwarded-For.</summary>
    public int ForwardLimit { get; set; } = 1;
}

/// <summary>
/// Behind a TLS-terminating proxy the request arrives over plain HTTP from the proxy's address. The forwarded
/// headers of a known proxy give back the client's scheme and address, so HTTPS redirection, secure cookies
/// and antiforgery see HTTPS, and the sign-in limit counts per client instead of per proxy. Headers from any
/// other address are ignored: a client cannot claim to be someone else.
/// </summary>
public static class ProxySupport
{
    public static IServiceCollection AddProxySupport(this IServiceCollection services, IConfiguration configuration)
    {
        var proxy = configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        return services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = proxy.ForwardLimit;
            foreach (var address in proxy.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(address));
            }

            foreach (var network in proxy.KnownNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
    }
}
