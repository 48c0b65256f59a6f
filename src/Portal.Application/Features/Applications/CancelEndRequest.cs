using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Features.Notifications;

namespace Portal.Application.Features.Applications;

public sealed record CancelEndRequestCommand(Guid DeviceId);

/// <summary>
/// サービスの終了 (FAQ Q3-7): an administrator or deputy takes back the request to end the service, which then goes
/// on as before.
/// </summary>
public sealed class CancelEndRequestHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public Task<Result> HandleAsync(CancelEndRequestCommand command, CancellationToken cancellationToken = default) =>
        ServiceChange.RunAsync(dbFactory, currentUser, clock, command.DeviceId, AuditAction.CancelEndRequest, ServiceChange.Managers, c => c.Registration.CancelEndRequest(c.Actor.UserId, c.Now), MailKind.EndRequestCancelled, cancellationToken);
}
