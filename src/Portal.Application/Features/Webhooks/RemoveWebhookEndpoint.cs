using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Webhooks;

namespace Portal.Application.Features.Webhooks;

public sealed record RemoveWebhookEndpointCommand(Guid EndpointId);

/// <summary>An administrator removes an endpoint, with its delivery log and whatever still waited for it.</summary>
public sealed class RemoveWebhookEndpointHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result> HandleAsync(RemoveWebhookEndpointCommand command, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        var found = await WebhookAccess.EndpointAsync(db, currentUser, command.EndpointId, cancellationToken);
        if (found is not { IsOk: true, Value: ({ } actor, { } endpoint) })
        {
            return found;
        }

        var now = clock.GetUtcNow();
        db.WebhookEndpoints.Remove(endpoint);
        db.Record(actor, now, AuditAction.WebhookRemoved, nameof(WebhookEndpoint), endpoint.Id.ToString(), null, WebhookAccess.Snapshot(endpoint), new { endpoint.Name, RemovedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        return Result.Ok();
    }
}
