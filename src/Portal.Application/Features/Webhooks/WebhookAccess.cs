using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Webhooks;

namespace Portal.Application.Features.Webhooks;

/// <summary>
/// Who manages a support ID's webhook endpoints: its administrators, signed in themselves (an endpoint's secret
/// is shown, so an access token or a deputy may not). A deputy or user is told why; anyone else learns nothing.
/// </summary>
internal static class WebhookAccess
{
    public static async Task<Result> RequireAdministratorAsync(IPortalDbContext db, Actor actor, Guid supportAccountId, CancellationToken cancellationToken)
    {
        var role = await Membership.RoleAsync(db, actor, supportAccountId, cancellationToken);
        return role switch
        {
            null when !actor.IsStaff => Result.NotFound(),
            MemberRole.Administrator when actor.Token is null => Result.Ok(),
            _ => Result.Forbidden(ErrorCodes.WebhooksRequireAdministrator),
        };
    }

    /// <summary>The endpoint, when the actor administers its support ID.</summary>
    public static async Task<Result<WebhookEndpoint>> EndpointAsync(IPortalDbContext db, Actor actor, Guid endpointId, CancellationToken cancellationToken)
    {
        if (await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == endpointId, cancellationToken) is not { } endpoint)
        {
            return Result.NotFound().As<WebhookEndpoint>();
        }

        var allowed = await RequireAdministratorAsync(db, actor, endpoint.SupportAccountId, cancellationToken);
        return allowed.IsOk ? endpoint : allowed.As<WebhookEndpoint>();
    }

    /// <summary>What the audit trail keeps of an endpoint: never its secrets, nor the path of its address.</summary>
    public static object Snapshot(WebhookEndpoint endpoint) => new { endpoint.Name, Url = Redacted(endpoint.Url), endpoint.Format, endpoint.Events, endpoint.Culture, endpoint.PausedAt };

    /// <summary>
    /// An address without its path and query: a Slack, Teams or Workflows URL carries its own credential there, so
    /// the audit trail and mails show only where it points.
    /// </summary>
    public static string Redacted(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.GetLeftPart(UriPartial.Authority)}/…" : "…";
}
