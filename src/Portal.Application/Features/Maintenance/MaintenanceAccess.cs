using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Maintenance;

namespace Portal.Application.Features.Maintenance;

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
