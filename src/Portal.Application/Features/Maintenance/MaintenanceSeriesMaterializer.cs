using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Maintenance;

namespace Portal.Application.Features.Maintenance;

internal static class MaintenanceSeriesMaterializer
{
    /// <summary>How far ahead occurrences become windows.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(42);

    /// <summary>
    /// Creates the series' windows that start between three days and six weeks from now and do not exist
    /// yet; an occurrence that would overlap another window of the device is skipped.
    /// </summary>
    public static async Task<int> MaterializeAsync(IPortalDbContext db, MaintenanceSeries series, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var earliest = MaintenanceWindow.EarliestStart(now);
        var from = DateOnly.FromDateTime(JapanTime.ToJapan(earliest).DateTime);
        var to = DateOnly.FromDateTime(JapanTime.ToJapan(now + Horizon).DateTime);
        var existing = await db.MaintenanceWindows.AsNoTracking()
            .Where(w => w.DeviceId == series.DeviceId && (w.EndsAt > earliest || w.OccurrenceStart >= earliest))
            .ToListAsync(cancellationToken);
        existing.AddRange(db.MaintenanceWindows.Local.Where(w => w.DeviceId == series.DeviceId));
        var created = 0;
        foreach (var (start, end) in series.Occurrences(from, to).Where(o => o.StartsAt >= earliest))
        {
            if (existing.Any(w => (w.SeriesId == series.Id && w.OccurrenceStart == start) || w.Overlaps(start, end)))
            {
                continue;
            }

            var window = MaintenanceWindow.Schedule(series.DeviceId, start, end, series.Reason, series.CreatedByUserId, now, series.Id).Value!;
            db.MaintenanceWindows.Add(window);
            existing.Add(window);
            db.Record(null, now, AuditAction.ScheduleMaintenance, nameof(MaintenanceWindow), window.Id.ToString(), window.DeviceId, null, Snapshot(window));
            created++;
        }

        return created;

        static object Snapshot(MaintenanceWindow w) => MaintenanceAccess.Snapshot(w);
    }
}
