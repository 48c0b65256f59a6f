using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Maintenance;

namespace Portal.Application.Features.Maintenance;

public sealed record ScheduleMaintenanceCommand(IReadOnlyList<Guid> DeviceIds, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Reason);

/// <summary>
/// 定期メンテナンスの登録 for one or several devices, all or none; administrators and deputies of each
/// device's support ID. A window overlapping another of the same device is refused, naming the other.
/// </summary>
public sealed class ScheduleMaintenanceHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result<int>> HandleAsync(ScheduleMaintenanceCommand command, CancellationToken cancellationToken = default)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<int>();
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
}
