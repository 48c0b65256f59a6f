using Microsoft.EntityFrameworkCore;
using Portal.Application.Domain.Webhooks;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Webhooks;

/// <summary>The centre's housekeeping of the webhook outbox: waiting deliveries given up, finished ones removed.</summary>
public static class WebhookHousekeeping
{
    /// <returns>How many deliveries were given up or removed.</returns>
    public static async Task<int> RunAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var waitingSince = now - WebhookDelivery.GivenUpAfter;
        var givenUp = await db.WebhookDeliveries
            .Where(d => d.State == WebhookDeliveryState.Pending && d.CreatedAt < waitingSince && (d.ClaimedUntil == null || d.ClaimedUntil <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, WebhookDeliveryState.Failed).SetProperty(d => d.LastError, WebhookFailures.GivenUp), cancellationToken);
        var finishedBefore = now - WebhookDelivery.KeptFor;
        var removed = await db.WebhookDeliveries
            .Where(d => d.State != WebhookDeliveryState.Pending && d.CreatedAt < finishedBefore)
            .ExecuteDeleteAsync(cancellationToken);
        return givenUp + removed;
    }
}
