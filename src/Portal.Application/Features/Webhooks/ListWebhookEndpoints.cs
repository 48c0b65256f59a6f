using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Webhooks;

namespace Portal.Application.Features.Webhooks;

public sealed record ListWebhookEndpointsQuery(Guid SupportAccountId);

/// <summary>One try's outcome as the delivery log shows it.</summary>
public sealed record WebhookDeliveryView(Guid Id, string MessageId, string Event, DateTimeOffset CreatedAt, WebhookDeliveryState State, int Attempts, int? StatusCode, int? LatencyMs, string? Error, DateTimeOffset NextAttemptAt, DateTimeOffset? DeliveredAt);

public sealed record WebhookEndpointView(
    Guid Id,
    string Name,
    string Url,
    WebhookFormat Format,
    WebhookEvents Events,
    string Culture,
    int Version,
    DateTimeOffset? PausedAt,
    DateTimeOffset? FailingSince,
    int Waiting,
    IReadOnlyList<WebhookDeliveryView> Deliveries);

/// <summary>A support ID's endpoints for its administrators, each with its latest deliveries (never a secret).</summary>
public sealed class ListWebhookEndpointsHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser)
{
    public const int DeliveriesShown = 20;

    public async Task<Result<IReadOnlyList<WebhookEndpointView>>> HandleAsync(ListWebhookEndpointsQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        var administrator = await WebhookAccess.AdministratorAsync(db, currentUser, query.SupportAccountId, cancellationToken);
        if (administrator is not { IsOk: true, Value: { } actor })
        {
            return administrator.As<IReadOnlyList<WebhookEndpointView>>();
        }

        var endpoints = await db.WebhookEndpoints.AsNoTracking()
            .Where(e => e.SupportAccountId == query.SupportAccountId)
            .OrderBy(e => e.CreatedAt)
            .Select(e => new
            {
                Endpoint = e,
                Waiting = db.WebhookDeliveries.Count(d => d.EndpointId == e.Id && d.State == WebhookDeliveryState.Pending),
                Deliveries = db.WebhookDeliveries
                    .Where(d => d.EndpointId == e.Id)
                    .OrderByDescending(d => d.CreatedAt)
                    .Take(DeliveriesShown)
                    .Select(d => new WebhookDeliveryView(d.Id, string.Empty, d.Event, d.CreatedAt, d.State, d.Attempts, d.LastStatusCode, d.LastLatencyMs, d.LastError, d.NextAttemptAt, d.DeliveredAt))
                    .ToList(),
            })
            .ToListAsync(cancellationToken);
        return endpoints.Select(x => new WebhookEndpointView(
            x.Endpoint.Id, x.Endpoint.Name, x.Endpoint.Url, x.Endpoint.Format, x.Endpoint.Events, x.Endpoint.Culture, x.Endpoint.Version, x.Endpoint.PausedAt, x.Endpoint.FailingSince, x.Waiting,
            [.. x.Deliveries.Select(d => d with { MessageId = $"msg_{d.Id:N}" })])).ToList();
    }
}
