using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Features.Notifications;

namespace Portal.Application.Features.Applications;

public sealed record RequestEndCommand(Guid DeviceId);

/// <summary>
/// サービスの終了 (FAQ Q3-7): an administrator or deputy asks for the end of the service. The agent's end report then
/// ends it, or staff confirm the end (<see cref="ConfirmEndHandler"/>) when no such report will come; until then
/// reports are handled as before.
/// </summary>
public sealed class RequestEndHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public Task<Result> HandleAsync(RequestEndCommand command, CancellationToken cancellationToken = default) =>
        ServiceChange.RunAsync(dbFactory, currentUser, clock, command.DeviceId, AuditAction.RequestEnd, ServiceChange.Managers, c => c.Registration.RequestEnd(c.Actor.UserId, c.Now), MailKind.EndRequested, cancellationToken);
}
