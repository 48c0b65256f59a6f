using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Maintenance;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Audit;

namespace Portal.Application.Features.Maintenance;

public sealed record ScheduleMaintenanceCommand(IReadOnlyList<Guid> DeviceIds, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Reason);

/// <param name="StartTime">Japan time of day.</param>
/// <param name="Windows">Occurrences created at once (three days ahead or more); later ones come with the centre's job.</param>
public sealed record ScheduledSeries(int Windows, IReadOnlyList<Guid> SeriesIds);

public sealed record ScheduleRecurringMaintenanceCommand(IReadOnlyList<Guid> DeviceIds, RecurrenceKind Kind, int Ordinal, DayOfWeek DayOfWeek, TimeOnly StartTime, TimeSpan Duration, string? Reason);

/// <summary>
/// 定期メンテナンスの登録 for one or several devices, all or none; administrators and deputies of each
/// device's support ID. A window overlapping another of the same device is refused, naming the other.
/// </summary>
public sealed class ScheduleMaintenanceHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result<int>> ScheduleAsync(ScheduleMaintenanceCommand command, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { } actor)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn).As<int>();
        }

        await using var db = dbFactory.Create();
        var allowed = await MaintenanceAccess.RequireManagerOfAllAsync(db, actor, command.DeviceIds, cancellationToken);
        if (!allowed.IsOk)
        {
            return allowed.As<int>();
        }

        var now = clock.GetUtcNow();
        var ids = command.DeviceIds.Distinct().ToList();
        var overlapping = await MaintenanceAccess.OverlapsAsync(db, ids, command.StartsAt, command.EndsAt, exceptId: null, cancellationToken);
        var overlaps = new List<Error>();
        foreach (var deviceId in ids)
        {
            // The times are the same for every device: an error in them is the request's, answered at once.
            var window = MaintenanceWindow.Schedule(deviceId, command.StartsAt, command.EndsAt, command.Reason, actor.UserId, now);
            if (!window.IsOk)
            {
                return window.As<int>();
            }

            // An overlap is one device's: every such device is named, and none of the windows is stored.
            if (overlapping.GetValueOrDefault(deviceId) is { } other)
            {
                overlaps.Add(MaintenanceAccess.OverlapError(other).Errors[0] with { Subject = deviceId });
                continue;
            }

            db.MaintenanceWindows.Add(window.Value!);
            db.Record(actor, now, AuditAction.ScheduleMaintenance, nameof(MaintenanceWindow), window.Value!.Id.ToString(), deviceId, null, MaintenanceAccess.Snapshot(window.Value));
        }

        if (overlaps.Count > 0)
        {
            return Result.Invalid([.. overlaps]).As<int>();
        }

        await db.SaveChangesAsync(cancellationToken);
        return ids.Count;
    }

    /// <summary>A recurring window per device; occurrences at least three days ahead are created at once, later ones by the job.</summary>
    public async Task<Result<ScheduledSeries>> ScheduleRecurringAsync(ScheduleRecurringMaintenanceCommand command, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { } actor)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn).As<ScheduledSeries>();
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
