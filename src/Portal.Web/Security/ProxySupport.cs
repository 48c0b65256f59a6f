using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Portal.Web.Security;

/// <summary>
/// Behind a TLS-terminating proxy the request arrives over plain HTTP from the proxy's address. The forwarded
/// headers of a known proxy give back the client's scheme and address, so HTTPS redirection, secure cookies
/// and antiforgery see HTTPS, and the sign-in limit counts per client instead of per proxy. Headers from any
/// other address are ignored: a client cannot claim to be someone else.
/// </summary>
public static class ProxySupport
{
    public static IServiceCollection AddProxySupport(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((options, settings) =>
        {
            var proxy = settings.Value;
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
        return services;
    }
}
