using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Notifications;
using Portal.Application.Domain.Webhooks;

namespace Portal.Application.Features.Webhooks;

public sealed record SendTestWebhookEventCommand(Guid EndpointId);

/// <summary>
/// "Send test event": one delivery of the event "test" through the outbox like any other, so its row in the delivery
/// log shows whether the receiver took it. It goes out even while the endpoint is paused, to check it before resuming.
/// </summary>
public sealed class SendTestWebhookEventHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public static readonly TimeSpan TestInterval = TimeSpan.FromSeconds(30);

    public async Task<Result<Guid>> HandleAsync(SendTestWebhookEventCommand command, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        var found = await WebhookAccess.EndpointAsync(db, currentUser, command.EndpointId, cancellationToken);
        if (found is not { IsOk: true, Value: ({ } actor, { } endpoint) })
        {
            return found.As<Guid>();
        }

        // A test is for checking a receiver, not for flooding it (or the senders, which post it before bulk events).
        var now = clock.GetUtcNow();
        var recent = now - TestInterval;
        if (await db.WebhookDeliveries.AnyAsync(d => d.EndpointId == endpoint.Id && d.Event == WebhookEventNames.Test && d.CreatedAt > recent, cancellationToken))
        {
            return Result.Conflict(ErrorCodes.WebhookTestTooSoon).As<Guid>();
        }

        var supportId = await db.SupportAccounts.Where(a => a.Id == endpoint.SupportAccountId).Select(a => a.SupportId).SingleAsync(cancellationToken);
        var data = WebhookOutbox.DataOf(new WebhookEvent(WebhookEvents.None, endpoint.SupportAccountId, null, now, Reason: actor.Name), supportId);
        var delivery = new WebhookDelivery(endpoint.Id, WebhookEventNames.Test, MailLane.Alert, data, null, now);
        db.WebhookDeliveries.Add(delivery);
        db.Record(actor, now, AuditAction.WebhookTestSent, nameof(WebhookEndpoint), endpoint.Id.ToString(), null, null, new { endpoint.Name, Delivery = delivery.MessageId });
        await db.SaveChangesAsync(cancellationToken);
        return delivery.Id;
    }
}
