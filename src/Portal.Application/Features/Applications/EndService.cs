using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Notifications;
using Portal.Application.Domain.Audit;

namespace Portal.Application.Features.Applications;

/// <summary>
/// サービスの終了 (FAQ Q3-7). An administrator or deputy asks for the end (or takes the request back); the agent's end
/// report ends the service, or staff confirm the end with a reason when no such report will come. Until then reports
/// are handled as before.
/// </summary>
public sealed class EndServiceHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public Task<Result> RequestAsync(Guid deviceId, CancellationToken cancellationToken = default) =>
        RunAsync(deviceId, AuditAction.RequestEnd, ServiceChange.Managers, c => c.Registration.RequestEnd(c.Actor.UserId, c.Now), MailKind.EndRequested, cancellationToken);

    public Task<Result> CancelRequestAsync(Guid deviceId, CancellationToken cancellationToken = default) =>
        RunAsync(deviceId, AuditAction.CancelEndRequest, ServiceChange.Managers, c => c.Registration.CancelEndRequest(c.Actor.UserId, c.Now), MailKind.EndRequestCancelled, cancellationToken);

    /// <summary>Staff: the end was asked and the agent will not send its end report (the server is gone).</summary>
    public Task<Result> ConfirmAsync(Guid deviceId, string reason, CancellationToken cancellationToken = default) =>
        RunAsync(deviceId, AuditAction.ConfirmEnd, ServiceChange.Staff, c => c.Registration.ConfirmEnd(reason, c.Actor.UserId, c.Now), MailKind.ServiceEnded, cancellationToken);

    private async Task<Result> RunAsync(Guid deviceId, AuditAction action, Func<ServiceChangeContext, Result> authorize, Func<ServiceChangeContext, Result> change, MailKind mail, CancellationToken cancellationToken)
    {
        var result = await ServiceChange.RunAsync(dbFactory, currentUser, clock, deviceId, action, authorize, change, _ => (mail, null), cancellationToken);
        return result.IsOk ? Result.Ok() : result;
    }
}
