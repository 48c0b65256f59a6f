using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;

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
    [Range(1, int.MaxValue)]
    public int ForwardLimit { get; set; } = 1;
}

/// <summary>Each proxy an address and each network a CIDR range, as the forwarded headers' options take them.</summary>
public sealed class ProxyOptionsValidator : IValidateOptions<ProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.KnownProxies.Length; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i], out _))
            {
                failures.Add($"Proxy:KnownProxies:{i} ({options.KnownProxies[i]}) is not an IP address.");
            }
        }

        for (var i = 0; i < options.KnownNetworks.Length; i++)
        {
            if (!System.Net.IPNetwork.TryParse(options.KnownNetworks[i], out _))
            {
                failures.Add($"Proxy:KnownNetworks:{i} ({options.KnownNetworks[i]}) is not a network in CIDR form (10.0.0.0/8).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
