using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Webhooks;

namespace Portal.Application.Features.Webhooks;

/// <summary>
/// Tells webhooks of maintenance windows that started or ended since the last run (a centre job). Only windows of
/// support IDs with an endpoint are read. The first run starts the cursor at now: nothing from before is told.
/// </summary>
public sealed class RaiseMaintenanceWebhooksHandler(IPortalDbContextFactory dbFactory, TimeProvider clock)
{
    public const string Cursor = "maintenance-webhooks";

    /// <returns>How many deliveries were added.</returns>
    public async Task<int> HandleAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = dbFactory.Create();
        if (await db.EventCursors.SingleOrDefaultAsync(c => c.Name == Cursor, cancellationToken) is not { } cursor)
        {
            db.EventCursors.Add(new EventCursor(Cursor, now));
            await SaveAsync(db, cancellationToken);
            return 0;
        }

        var since = cursor.HandledUntil;
        var windows = await (
            from w in db.MaintenanceWindows
            where w.CancelledAt == null && ((w.StartsAt > since && w.StartsAt <= now) || (w.EndsAt > since && w.EndsAt <= now))
            join d in db.Devices on w.DeviceId equals d.Id
            where db.WebhookEndpoints.Any(e => e.SupportAccountId == d.SupportAccountId)
            select new { Window = w, Device = d }).AsNoTracking().ToListAsync(cancellationToken);
        var events = new List<WebhookEvent>();
        foreach (var (window, device) in windows.Select(x => (x.Window, x.Device)))
        {
            var told = new WebhookWindow(window.Id, window.StartsAt, window.EndsAt, window.Reason);
            if (window.StartsAt > since && window.StartsAt <= now)
            {
                events.Add(new WebhookEvent(WebhookEvents.MaintenanceStarted, device.SupportAccountId, WebhookDevice.Of(device), window.StartsAt, Maintenance: told));
            }

            if (window.EndsAt > since && window.EndsAt <= now)
            {
                events.Add(new WebhookEvent(WebhookEvents.MaintenanceEnded, device.SupportAccountId, WebhookDevice.Of(device), window.EndsAt, Maintenance: told));
            }
        }

        var added = await WebhookOutbox.RaiseAsync(db, events, now, cancellationToken);
        cursor.MoveTo(now);
        if (added > 0)
        {
            db.Record(null, now, "MaintenanceWebhooksRaised", nameof(EventCursor), Cursor, null, new { HandledUntil = since }, new { HandledUntil = now, Windows = windows.Count, Deliveries = added });
        }

        return await SaveAsync(db, cancellationToken) ? added : 0;
    }

    /// <summary>False when another run moved the cursor first: it told of the same windows, so this one adds nothing.</summary>
    private static async Task<bool> SaveAsync(IPortalDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }
}
