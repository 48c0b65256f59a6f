using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;

namespace Portal.Application.Features.Maintenance;

public sealed record MaintenanceWindowRow(
    Guid Id,
    Guid DeviceId,
    string DeviceManagementNumber,
    string ModelNumber,
    string HostName,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string Reason);

/// <summary>Windows that have not ended yet, for the devices the user can see, soonest first.</summary>
public sealed class ListMaintenanceWindowsHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result<IReadOnlyList<MaintenanceWindowRow>>> HandleAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { } actor)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn).As<IReadOnlyList<MaintenanceWindowRow>>();
        }

        var now = clock.GetUtcNow();
        await using var db = dbFactory.Create();
        var rows = await (
            from w in db.MaintenanceWindows
            where w.CancelledAt == null && w.EndsAt > now
            join d in db.Devices.VisibleTo(db, actor) on w.DeviceId equals d.Id
            orderby w.StartsAt
            select new MaintenanceWindowRow(w.Id, d.Id, d.DeviceManagementNumber, d.ModelNumber, d.HostName, w.StartsAt, w.EndsAt, w.Reason))
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return rows;
    }
}
