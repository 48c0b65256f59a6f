using Microsoft.EntityFrameworkCore;
using Portal.Application.Domain.Webhooks;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Webhooks;

/// <summary>
/// Takes a batch of due deliveries for one sender in one UPDATE, as the mail outbox's claim does (alerts first, no
/// delivery held by two senders, SQL Server's hints added by <see cref="Mail.SqlServerClaimHints"/>). A paused
/// endpoint's deliveries wait, except a test event, which is how an administrator checks it before resuming.
/// </summary>
internal static class WebhookClaim
{
    public const string Tag = "webhook claim";

    public static async Task<List<WebhookDelivery>> TakeAsync(PortalDbContext db, int count, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid();
        var until = now + lease;
        var due = db.WebhookDeliveries
            .Where(WebhookDelivery.Claimable.For(now))
            .Where(d => db.WebhookEndpoints.Any(e => e.Id == d.EndpointId && (e.PausedAt == null || d.Event == WebhookEventNames.Test)))
            .OrderBy(d => d.Lane).ThenBy(d => d.NextAttemptAt)
            .Take(count)
            .Select(d => d.Id);
        await db.WebhookDeliveries
            .TagWith(Tag)
            .Where(WebhookDelivery.Claimable.For(now))
            .Where(d => due.Contains(d.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimToken, token).SetProperty(d => d.ClaimedUntil, until), cancellationToken);
        return await db.WebhookDeliveries
            .Where(d => d.ClaimToken == token)
            .OrderBy(d => d.Lane).ThenBy(d => d.NextAttemptAt)
            .ToListAsync(cancellationToken);
    }
}
