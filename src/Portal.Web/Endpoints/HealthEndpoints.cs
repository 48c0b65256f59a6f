using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Portal.Infrastructure.Health;

namespace Portal.Web.Endpoints;

/// <summary>
/// Probes for a load balancer or orchestrator: live (the process answers) and ready (it can store a report and
/// alerts are getting out). /health is ready's older name.
/// </summary>
public static class PortalHealth
{
    /// <summary>Probes come over plain HTTP from the inside network: they are not redirected to HTTPS.</summary>
    public static bool IsProbe(PathString path) => path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");

    public static IEndpointRouteBuilder MapPortalHealth(this IEndpointRouteBuilder app)
    {
        var ready = new HealthCheckOptions { Predicate = check => check.Tags.Contains(PortalHealthChecks.Ready) };
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", ready).AllowAnonymous();
        app.MapHealthChecks("/health", ready).AllowAnonymous();
        return app;
    }
}
