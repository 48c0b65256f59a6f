using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Webhooks;

namespace Portal.Application.Features.Webhooks;

public sealed record AddWebhookEndpointCommand(Guid SupportAccountId, string? Name, string? Url, WebhookFormat Format, WebhookEvents Events, string Culture);

/// <param name="Secret">The signing secret: shown this once (and again only by rotating it).</param>
public sealed record WebhookSecretShown(Guid EndpointId, string Secret);

/// <summary>An administrator adds an address where the centre posts the events chosen for their support ID.</summary>
public sealed class AddWebhookEndpointHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, IWebhookAddressPolicy addresses, IWebhookSecretProtector secrets, TimeProvider clock)
{
    public async Task<Result<WebhookSecretShown>> HandleAsync(AddWebhookEndpointCommand command, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        var administrator = await WebhookAccess.AdministratorAsync(db, currentUser, command.SupportAccountId, cancellationToken);
        if (administrator is not { IsOk: true, Value: { } actor })
        {
            return administrator.As<WebhookSecretShown>();
        }

        var url = await addresses.CheckAsync(command.Url, cancellationToken);
        if (!url.IsOk)
        {
            return url.As<WebhookSecretShown>();
        }

        var now = clock.GetUtcNow();
        var created = WebhookEndpoint.Create(command.SupportAccountId, command.Name, url.Value!, command.Format, command.Events, command.Culture, secrets, now);
        if (!created.IsOk)
        {
            return created.As<WebhookSecretShown>();
        }

        var (endpoint, secret) = created.Value;
        db.WebhookEndpoints.Add(endpoint);
        db.Record(actor, now, AuditAction.WebhookAdded, nameof(WebhookEndpoint), endpoint.Id.ToString(), null, null, WebhookAccess.Snapshot(endpoint));
        await db.SaveChangesAsync(cancellationToken);
        return new WebhookSecretShown(endpoint.Id, secret);
    }
}
