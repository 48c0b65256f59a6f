using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;

namespace Portal.Application.Features.Maintenance;

/// <param name="IfVersion">The window's version the caller read (the API's If-Match); null cancels it as it is now.</param>
public sealed record CancelMaintenanceCommand(Guid WindowId, int? IfVersion = null);

/// <summary>Cancels a window: reports during its time are acted on again.</summary>
public sealed class CancelMaintenanceHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public Task<Result> HandleAsync(CancelMaintenanceCommand command, CancellationToken cancellationToken = default) =>
        MaintenanceWindowChange.RunAsync(dbFactory, currentUser, clock, command.WindowId, command.IfVersion, AuditAction.CancelMaintenance, (_, window, now) => Task.FromResult(window.Cancel(now)), cancellationToken);
}
