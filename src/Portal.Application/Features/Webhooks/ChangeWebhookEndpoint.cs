using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Webhooks;

namespace Portal.Application.Features.Webhooks;

/// <param name="Version">The endpoint's version the form was read at: a change made meanwhile is not overwritten.</param>
public sealed record ChangeWebhookEndpointCommand(Guid EndpointId, int Version, string? Name, string? Url, WebhookFormat Format, WebhookEvents Events, string Culture);

/// <summary>An administrator changes an endpoint's name, address, format, events or language; its secret stays.</summary>
public sealed class ChangeWebhookEndpointHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, IWebhookAddressPolicy addresses, TimeProvider clock)
{
    public async Task<Result> HandleAsync(ChangeWebhookEndpointCommand command, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        var found = await WebhookAccess.EndpointAsync(db, currentUser, command.EndpointId, cancellationToken);
        if (found is not { IsOk: true, Value: ({ } actor, { } endpoint) })
        {
            return found;
        }

        if (endpoint.Version != command.Version)
        {
            return Result.Conflict(ErrorCodes.ChangedMeanwhile);
        }

        var url = await addresses.CheckAsync(command.Url, cancellationToken);
        if (!url.IsOk)
        {
            return url;
        }

        var before = WebhookAccess.Snapshot(endpoint);
        var changed = endpoint.Change(command.Name, url.Value!, command.Format, command.Events, command.Culture);
        if (!changed.IsOk)
        {
            return changed;
        }

        db.Record(actor, clock.GetUtcNow(), AuditAction.WebhookChanged, nameof(WebhookEndpoint), endpoint.Id.ToString(), null, before, WebhookAccess.Snapshot(endpoint));
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
