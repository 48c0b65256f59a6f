using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Webhooks;

namespace Portal.Application.Features.Webhooks;

/// <param name="Paused">True pauses the endpoint; false resumes it, and what waited is sent.</param>
public sealed record PauseWebhookEndpointCommand(Guid EndpointId, bool Paused);

/// <summary>An administrator pauses an endpoint (its deliveries wait) or resumes one, also one the centre paused.</summary>
public sealed class PauseWebhookEndpointHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result> HandleAsync(PauseWebhookEndpointCommand command, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        var found = await WebhookAccess.EndpointAsync(db, currentUser, command.EndpointId, cancellationToken);
        if (found is not { IsOk: true, Value: ({ } actor, { } endpoint) })
        {
            return found;
        }

        var now = clock.GetUtcNow();
        var before = WebhookAccess.Snapshot(endpoint);
        var changed = command.Paused ? endpoint.Pause(now) : endpoint.Resume();
        if (!changed.IsOk)
        {
            return changed;
        }

        db.Record(actor, now, command.Paused ? AuditAction.WebhookPaused : AuditAction.WebhookResumed, nameof(WebhookEndpoint), endpoint.Id.ToString(), null, before, WebhookAccess.Snapshot(endpoint));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result.Conflict(ErrorCodes.ChangedMeanwhile);
        }

        return Result.Ok();
    }
}
