using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Maintenance;
using Portal.Application.Domain.Registrations;

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
            db.Record(actor, now, "ScheduleMaintenance", nameof(MaintenanceWindow), window.Value!.Id.ToString(), deviceId, null, MaintenanceAccess.Snapshot(window.Value));
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
            db.Record(actor, now, "ScheduleMaintenanceSeries", nameof(MaintenanceSeries), series.Value!.Id.ToString(), deviceId, null, new { series.Value.Kind, series.Value.Ordinal, series.Value.DayOfWeek, StartTime = series.Value.StartTime.ToString("HH:mm", CultureInfo.InvariantCulture), series.Value.DurationMinutes, series.Value.Reason });
            created += await MaintenanceSeriesMaterializer.MaterializeAsync(db, series.Value, now, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new ScheduledSeries(created, seriesIds);
    }
}

internal static class MaintenanceAccess
{
    /// <summary>The most devices one announcement names: a change-management run over a site, not a whole fleet at once.</summary>
    public const int MaxDevices = 1000;

    public static async Task<Result> RequireManagerOfAllAsync(IPortalDbContext db, Actor actor, IReadOnlyList<Guid> deviceIds, CancellationToken cancellationToken)
    {
        var ids = deviceIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return Result.Invalid(ErrorCodes.NoDevicesChosen, "Devices");
        }

        if (ids.Count > MaxDevices)
        {
            return Result.Invalid(new Error(ErrorCodes.TooManyDevices, "Devices", MaxDevices.ToString(CultureInfo.InvariantCulture)));
        }

        var accounts = await db.Devices.VisibleTo(db, actor).Where(d => ids.Contains(d.Id)).Select(d => d.SupportAccountId).ToListAsync(cancellationToken);
        if (accounts.Count != ids.Count)
        {
            return Result.NotFound();
        }

        foreach (var accountId in accounts.Distinct())
        {
            var allowed = await Membership.RequireManagerAsync(db, actor, accountId, ErrorCodes.MaintenanceRequiresAdministrator, cancellationToken);
            if (!allowed.IsOk)
            {
                return allowed;
            }
        }

        var opened = await db.Registrations.CountAsync(r => ids.Contains(r.DeviceId) && r.Status == MaintenanceWindow.AnnouncedFor, cancellationToken);
        return opened == ids.Count ? Result.Ok() : Result.Conflict(ErrorCodes.InvalidTransition);
    }

    public static async Task<MaintenanceWindow?> OverlapAsync(IPortalDbContext db, Guid deviceId, DateTimeOffset start, DateTimeOffset end, Guid? exceptId, CancellationToken cancellationToken) =>
        (await OverlapsAsync(db, [deviceId], start, end, exceptId, cancellationToken)).GetValueOrDefault(deviceId);

    /// <summary>For each of the devices that has one, the earliest live window overlapping the time: one query for any number of devices.</summary>
    public static async Task<Dictionary<Guid, MaintenanceWindow>> OverlapsAsync(IPortalDbContext db, IReadOnlyCollection<Guid> deviceIds, DateTimeOffset start, DateTimeOffset end, Guid? exceptId, CancellationToken cancellationToken) =>
        (await db.MaintenanceWindows.AsNoTracking()
            .Where(w => deviceIds.Contains(w.DeviceId) && w.CancelledAt == null && w.StartsAt < end && start < w.EndsAt && w.Id != exceptId)
            .ToListAsync(cancellationToken))
        .GroupBy(w => w.DeviceId)
        .ToDictionary(g => g.Key, g => g.MinBy(w => w.StartsAt)!);

    public static Result OverlapError(MaintenanceWindow other) =>
        Result.Invalid(new Error(ErrorCodes.MaintenanceOverlap, "StartsAt", other.StartsAt.ToString("o", CultureInfo.InvariantCulture)));

    public static object Snapshot(MaintenanceWindow window) => new { window.StartsAt, window.EndsAt, window.Reason };
}

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
            db.Record(null, now, "ScheduleMaintenance", nameof(MaintenanceWindow), window.Id.ToString(), window.DeviceId, null, Snapshot(window));
            created++;
        }

        return created;

        static object Snapshot(MaintenanceWindow w) => MaintenanceAccess.Snapshot(w);
    }
}
