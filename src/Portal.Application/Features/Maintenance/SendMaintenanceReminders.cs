using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Maintenance;
using Portal.Application.Features.Notifications;

namespace Portal.Application.Features.Maintenance;

public sealed record SendMaintenanceRemindersCommand;

/// <summary>
/// The centre's job reminds the contacts the day before a window starts, once per window: windows starting tomorrow
/// (Japan date) or sooner that have not been reminded, one e-mail per contact.
/// </summary>
public sealed class SendMaintenanceRemindersHandler(IPortalDbContextFactory dbFactory, TimeProvider clock)
{
    public async Task<int> HandleAsync(SendMaintenanceRemindersCommand command, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        var now = clock.GetUtcNow();
        var today = JapanTime.Today(clock);
        var startOfDayAfterTomorrow = new DateTimeOffset(today.AddDays(2).ToDateTime(TimeOnly.MinValue), JapanTime.Zone.BaseUtcOffset).ToUniversalTime();
        var due = await db.MaintenanceWindows
            .Where(w => w.CancelledAt == null && w.ReminderSentAt == null && w.StartsAt > now && w.StartsAt < startOfDayAfterTomorrow)
            .ToListAsync(cancellationToken);
        // The devices, registrations and contacts' languages of all due windows at once, not per window.
        var deviceIds = due.Select(w => w.DeviceId).Distinct().ToList();
        var devices = await db.Devices.AsNoTracking().Where(d => deviceIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        var registrations = await db.Registrations.AsNoTracking().Include(r => r.Contacts).Where(r => deviceIds.Contains(r.DeviceId)).ToDictionaryAsync(r => r.DeviceId, cancellationToken);
        var cultures = await ContactRecipients.CulturesAsync(db, registrations.Values, cancellationToken);
        foreach (var window in due)
        {
            var device = devices[window.DeviceId];
            var registration = registrations.GetValueOrDefault(window.DeviceId);
            var period = $"{Jst(window.StartsAt)} - {Jst(window.EndsAt)}";
            foreach (var to in registration is null ? [] : ContactRecipients.For(registration, cultures))
            {
                db.Notifications.Add(MailComposer.Compose(MailKind.MaintenanceReminder, to, device, now, T => [$"{T("Label.Reason")}: {window.Reason}"], bodyArgument: period));
            }

            window.MarkReminded(now);
            db.Record(null, now, AuditAction.MaintenanceReminder, nameof(MaintenanceWindow), window.Id.ToString(), window.DeviceId, null, new { window.ReminderSentAt });
        }

        await db.SaveChangesAsync(cancellationToken);
        return due.Count;
    }

    private static string Jst(DateTimeOffset instant) => JapanTime.ToJapan(instant).ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture);
}
