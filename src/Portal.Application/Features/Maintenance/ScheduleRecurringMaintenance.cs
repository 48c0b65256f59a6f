using System.Globalization;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Maintenance;

namespace Portal.Application.Features.Maintenance;

/// <param name="StartTime">Japan time of day.</param>
public sealed record ScheduleRecurringMaintenanceCommand(IReadOnlyList<Guid> DeviceIds, RecurrenceKind Kind, int Ordinal, DayOfWeek DayOfWeek, TimeOnly StartTime, TimeSpan Duration, string? Reason);

/// <param name="Windows">Occurrences created at once (three days ahead or more); later ones come with the centre's job.</param>
public sealed record ScheduledSeries(int Windows, IReadOnlyList<Guid> SeriesIds);

/// <summary>
/// A recurring window (weekly, or monthly on the Nth weekday) per device, all or none, by the administrators and
/// deputies of each device's support ID; occurrences at least three days ahead are created at once, later ones by
/// the centre's job.
/// </summary>
public sealed class ScheduleRecurringMaintenanceHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result<ScheduledSeries>> HandleAsync(ScheduleRecurringMaintenanceCommand command, CancellationToken cancellationToken = default)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<ScheduledSeries>();
        }

        await using var db = dbFactory.Create();
        var allowed = await MaintenanceAccess.RequireManagerOfAllAsync(db, actor, command.DeviceIds, cancellationToken);
        if (!allowed.IsOk)
        {
            return allowed.As<ScheduledSeries>();
        }

        var now = clock.GetUtcNow();
        var created = 0;
        var seriesIds = new List<Guid>();
        foreach (var deviceId in command.DeviceIds.Distinct())
        {
            var series = MaintenanceSeries.Create(deviceId, command.Kind, command.Ordinal, command.DayOfWeek, command.StartTime, command.Duration, command.Reason, actor.UserId, now);
            if (!series.IsOk)
            {
                return series.As<ScheduledSeries>();
            }

            db.MaintenanceSeries.Add(series.Value!);
            seriesIds.Add(series.Value!.Id);
            db.Record(actor, now, AuditAction.ScheduleMaintenanceSeries, nameof(MaintenanceSeries), series.Value!.Id.ToString(), deviceId, null, new { series.Value.Kind, series.Value.Ordinal, series.Value.DayOfWeek, StartTime = series.Value.StartTime.ToString("HH:mm", CultureInfo.InvariantCulture), series.Value.DurationMinutes, series.Value.Reason });
            created += await MaintenanceSeriesMaterializer.MaterializeAsync(db, series.Value, now, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new ScheduledSeries(created, seriesIds);
    }
}
