using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;

namespace Portal.E2E.Support;

/// <summary>
/// A real reverse proxy (YARP) on loopback in front of portal instances, as a load balancer runs in production:
/// round robin, X-Forwarded-For/Proto/Host added, and an instance that stops answering its liveness probe (or
/// refuses connections) taken out of rotation.
/// </summary>
public sealed class LoadBalancer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoadBalancer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static async Task<LoadBalancer> StartAsync(params PortalServer[] portals)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "portal", ClusterId = "portal", Match = new RouteMatch { Path = "{**rest}" } }],
            [
                new ClusterConfig
                {
                    ClusterId = "portal",
                    LoadBalancingPolicy = LoadBalancingPolicies.RoundRobin,
                    Destinations = portals.Select((p, i) => (Name: $"instance-{i}", Config: new DestinationConfig { Address = p.BaseUrl.ToString() }))
                        .ToDictionary(d => d.Name, d => d.Config),
                    HealthCheck = new HealthCheckConfig
                    {
                        Active = new ActiveHealthCheckConfig
                        {
                            Enabled = true,
                            Interval = TimeSpan.FromSeconds(1),
                            Timeout = TimeSpan.FromSeconds(1),
                            Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                            Path = "/health/live",
                        },
                        Passive = new PassiveHealthCheckConfig
                        {
                            Enabled = true,
                            Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                            ReactivationPeriod = TimeSpan.FromSeconds(30),
                        },
                    },
                },
            ]);
        var app = builder.Build();
        app.MapReverseProxy();
        await app.StartAsync();
        return new LoadBalancer(app, new Uri(app.Urls.Single()));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
