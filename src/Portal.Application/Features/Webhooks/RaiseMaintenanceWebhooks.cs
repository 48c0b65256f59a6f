using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Webhooks;

namespace Portal.Application.Features.Webhooks;

public sealed record RaiseMaintenanceWebhooksCommand;

/// <summary>
/// Tells webhooks of maintenance windows that started or ended since the last run (a centre job). Only windows of
/// support IDs with an endpoint are read. The first run starts the cursor at now: nothing from before is told.
/// </summary>
public sealed class RaiseMaintenanceWebhooksHandler(IPortalDbContextFactory dbFactory, TimeProvider clock)
{
    public const string Cursor = "maintenance-webhooks";

    /// <returns>How many deliveries were added.</returns>
    public async Task<int> HandleAsync(RaiseMaintenanceWebhooksCommand command, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = dbFactory.Create();
        if (await db.EventCursors.SingleOrDefaultAsync(c => c.Name == Cursor, cancellationToken) is not { } cursor)
        {
            try
            {
                db.EventCursors.Add(new EventCursor(Cursor, now));
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another instance started it at the same moment, which is as good; anything else is a failure.
                await using var again = dbFactory.Create();
                if (!await again.EventCursors.AnyAsync(c => c.Name == Cursor, cancellationToken))
                {
                    throw;
                }
            }

            return 0;
        }

        var since = cursor.HandledUntil;
        bool InRange(DateTimeOffset? at) => at > since && at <= now;
        var windows = await (
            from w in db.MaintenanceWindows
            where (w.StartsAt > since && w.StartsAt <= now) || (w.EndsAt > since && w.EndsAt <= now) || (w.CancelledAt > since && w.CancelledAt <= now)
            join d in db.Devices on w.DeviceId equals d.Id
            where db.WebhookEndpoints.Any(e => e.SupportAccountId == d.SupportAccountId)
            select new { Window = w, Device = d }).AsNoTracking().ToListAsync(cancellationToken);
        var events = new List<WebhookEvent>();
        foreach (var (window, device) in windows.Select(x => (x.Window, x.Device)))
        {
            // A window cancelled before it started never started; one cancelled while in force ended then.
            var started = window.CancelledAt is not { } cancelled || cancelled > window.StartsAt;
            var endedAt = window.CancelledAt is { } c && c < window.EndsAt ? (started ? c : (DateTimeOffset?)null) : window.EndsAt;
            var told = new WebhookWindow(window.Id, window.StartsAt, endedAt ?? window.EndsAt, window.Reason);
            if (started && InRange(window.StartsAt))
            {
                events.Add(new WebhookEvent(WebhookEvents.MaintenanceStarted, device.SupportAccountId, WebhookDevice.Of(device), window.StartsAt, Maintenance: told));
            }

            if (endedAt is { } end && InRange(end))
            {
                events.Add(new WebhookEvent(WebhookEvents.MaintenanceEnded, device.SupportAccountId, WebhookDevice.Of(device), end, Maintenance: told));
            }
        }

        var added = await WebhookOutbox.RaiseAsync(db, events, now, cancellationToken);
        cursor.MoveTo(now);
        if (added > 0)
        {
            db.Record(null, now, AuditAction.MaintenanceWebhooksRaised, nameof(EventCursor), Cursor, null, new { HandledUntil = since }, new { HandledUntil = now, Windows = windows.Count, Deliveries = added });
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
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }
}
