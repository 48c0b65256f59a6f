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
    public sealed record ManagedEndpoint(Actor Actor, WebhookEndpoint Endpoint);

    /// <summary>The signed-in administrator of the support ID.</summary>
    public static async Task<Result<Actor>> AdministratorAsync(IPortalDbContext db, ICurrentUser currentUser, Guid supportAccountId, CancellationToken cancellationToken)
    {
        var signedIn = await currentUser.SignedInAsync();
        return signedIn is { IsOk: true, Value: { } actor } ? await AdministratorAsync(db, actor, supportAccountId, cancellationToken) : signedIn;
    }

    /// <summary>The endpoint, when the signed-in person administers its support ID.</summary>
    public static async Task<Result<ManagedEndpoint>> EndpointAsync(IPortalDbContext db, ICurrentUser currentUser, Guid endpointId, CancellationToken cancellationToken)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<ManagedEndpoint>();
        }

        if (await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == endpointId, cancellationToken) is not { } endpoint)
        {
            return Result.NotFound().As<ManagedEndpoint>();
        }

        var administrator = await AdministratorAsync(db, actor, endpoint.SupportAccountId, cancellationToken);
        return administrator.IsOk ? new ManagedEndpoint(actor, endpoint) : administrator.As<ManagedEndpoint>();
    }

    private static async Task<Result<Actor>> AdministratorAsync(IPortalDbContext db, Actor actor, Guid supportAccountId, CancellationToken cancellationToken) =>
        await Membership.RoleAsync(db, actor, supportAccountId, cancellationToken) switch
        {
            null when !actor.IsStaff => Result.NotFound().As<Actor>(),
            MemberRole.Administrator when actor.Token is null => actor,
            _ => Result.Forbidden(ErrorCodes.WebhooksRequireAdministrator).As<Actor>(),
        };

    /// <summary>What the audit trail keeps of an endpoint: never its secrets, nor the path of its address.</summary>
    public static object Snapshot(WebhookEndpoint endpoint) => new { endpoint.Name, Url = Redacted(endpoint.Url), endpoint.Format, endpoint.Events, endpoint.Culture, endpoint.PausedAt };

    /// <summary>
    /// An address without its path and query: a Slack, Teams or Workflows URL carries its own credential there, so
    /// the audit trail and mails show only where it points.
    /// </summary>
    public static string Redacted(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.GetLeftPart(UriPartial.Authority)}/…" : "…";
}
