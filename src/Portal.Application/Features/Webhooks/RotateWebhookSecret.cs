using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Webhooks;

namespace Portal.Application.Features.Webhooks;

public sealed record RotateWebhookSecretCommand(Guid EndpointId);

/// <summary>
/// A new signing secret, shown once. For a day deliveries carry a signature by the old secret too, so the receiver
/// can be switched without a delivery it would refuse.
/// </summary>
public sealed class RotateWebhookSecretHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, IWebhookSecretProtector secrets, TimeProvider clock)
{
    public async Task<Result<WebhookSecretShown>> HandleAsync(RotateWebhookSecretCommand command, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        var found = await WebhookAccess.EndpointAsync(db, currentUser, command.EndpointId, cancellationToken);
        if (found is not { IsOk: true, Value: ({ } actor, { } endpoint) })
        {
            return found.As<WebhookSecretShown>();
        }

        var now = clock.GetUtcNow();
        var secret = endpoint.RotateSecret(secrets, now);
        db.Record(actor, now, AuditAction.WebhookSecretRotated, nameof(WebhookEndpoint), endpoint.Id.ToString(), null, null, new { endpoint.Name, endpoint.PreviousSecretUntil });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result.Conflict(ErrorCodes.ChangedMeanwhile).As<WebhookSecretShown>();
        }

        return new WebhookSecretShown(endpoint.Id, secret);
    }
}
