using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Features.Notifications;

namespace Portal.Application.Features.Applications;

public sealed record ConfirmEndCommand(Guid DeviceId, string Reason);

/// <summary>
/// サービスの終了 (FAQ Q3-7), staff: the end was asked and the agent will not send its end report (the server is
/// gone), so staff confirm the end with a reason.
/// </summary>
public sealed class ConfirmEndHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public Task<Result> HandleAsync(ConfirmEndCommand command, CancellationToken cancellationToken = default) =>
        ServiceChange.RunAsync(dbFactory, currentUser, clock, command.DeviceId, AuditAction.ConfirmEnd, ServiceChange.Staff, c => c.Registration.ConfirmEnd(command.Reason, c.Actor.UserId, c.Now), MailKind.ServiceEnded, cancellationToken);
}
