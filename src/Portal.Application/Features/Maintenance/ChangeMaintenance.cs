using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;

namespace Portal.Application.Features.Maintenance;

/// <param name="IfVersion">The window's version the caller read (the API's If-Match); null changes it as it is now.</param>
public sealed record ChangeMaintenanceCommand(Guid WindowId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int? IfVersion = null);

/// <summary>Shortens, extends or moves a window; a window overlapping another of the same device is refused, naming the other.</summary>
public sealed class ChangeMaintenanceHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public Task<Result> HandleAsync(ChangeMaintenanceCommand command, CancellationToken cancellationToken = default) =>
        MaintenanceWindowChange.RunAsync(dbFactory, currentUser, clock, command.WindowId, command.IfVersion, AuditAction.ChangeMaintenance, async (db, window, now) =>
        {
            if (await MaintenanceAccess.OverlapAsync(db, window.DeviceId, command.StartsAt, command.EndsAt, window.Id, cancellationToken) is { } other)
            {
                return MaintenanceAccess.OverlapError(other);
            }

            return window.Change(command.StartsAt, command.EndsAt, now);
        }, cancellationToken);
}
