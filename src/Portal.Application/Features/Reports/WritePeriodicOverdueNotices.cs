using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Webhooks;
using Portal.Application.Features.Notifications;
using Portal.Application.Features.Webhooks;

namespace Portal.Application.Features.Reports;

public sealed record WritePeriodicOverdueNoticesCommand;

/// <summary>
/// Writes the "periodic report not received" e-mail (FAQ Q1-10) to each contact of every device the overdue scan
/// marked, in the contact's language, and records it in the device's audit trail.
/// </summary>
public sealed class WritePeriodicOverdueNoticesHandler(IPortalDbContextFactory dbFactory, TimeProvider clock)
{
    // Each commit writes every index page its rows touched, so bigger batches share pages; but on SQLite a batch
    // holds the one write lock the intake needs while it saves. A thousand devices hold it about half a second
    // (overdue bench at 1,000,000 devices, 100,000 overdue).
    private const int BatchSize = 1000;

    // A contact change racing a batch fails its save on the row version; the batch is read again.
    private const int MaxConflictsInARow = 3;

    /// <returns>How many devices' notices were written.</returns>
    public async Task<int> HandleAsync(WritePeriodicOverdueNoticesCommand command, CancellationToken cancellationToken = default)
    {
        var total = 0;
        var conflicts = 0;
        while (true)
        {
            try
            {
                var written = await WriteBatchAsync(cancellationToken);
                if (written == 0)
                {
                    return total;
                }

                total += written;
                conflicts = 0;
            }
            catch (DbUpdateConcurrencyException) when (++conflicts < MaxConflictsInARow)
            {
            }
        }
    }

    private async Task<int> WriteBatchAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = dbFactory.Create();
        var batch = await db.Registrations.Include(r => r.Contacts)
            .Where(r => r.PeriodicNoticeFor != null)
            .OrderBy(r => r.PeriodicNoticeFor)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        if (batch.Count == 0)
        {
            return 0;
        }

        var deviceIds = batch.Select(r => r.DeviceId).ToList();
        var devices = await db.Devices.AsNoTracking().Where(d => deviceIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        var cultures = await ContactRecipients.CulturesAsync(db, batch, cancellationToken);
        var webhooks = new List<WebhookEvent>();
        foreach (var registration in batch)
        {
            var marked = registration.PeriodicNoticeFor;
            var device = devices[registration.DeviceId];
            var mailed = 0;
            if (registration.TakePeriodicOverdueNotice() is { } missed)
            {
                foreach (var to in ContactRecipients.For(registration, cultures))
                {
                    db.Notifications.Add(MailComposer.Compose(MailKind.PeriodicOverdue, to, device, now, bodyArgument: missed.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture)));
                    mailed++;
                }

                webhooks.Add(new WebhookEvent(WebhookEvents.PeriodicOverdue, device.SupportAccountId, WebhookDevice.Of(device), now, MissedDueOn: missed));
            }

            db.Record(null, now, AuditAction.PeriodicOverdue, nameof(ServiceRegistration), registration.Id.ToString(), device.Id, null, new { MissedDueOn = marked, registration.PeriodicOverdueSince, registration.NextPeriodicDueOn, Mailed = mailed });
        }

        await WebhookOutbox.RaiseAsync(db, webhooks, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return batch.Count;
    }
}
