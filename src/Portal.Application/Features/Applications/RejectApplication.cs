using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Registrations;
using Portal.Application.Features.Notifications;

namespace Portal.Application.Features.Applications;

public sealed record RejectApplicationCommand(Guid RegistrationId, string Reason);

/// <summary>
/// Staff reject an application with a reason shown to the customer. Rejecting an opened device's re-application
/// leaves the service as it was. The applicant and the contacts are mailed the reason.
/// </summary>
public sealed class RejectApplicationHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result> HandleAsync(RejectApplicationCommand command, CancellationToken cancellationToken = default)
    {
        var result = await ApplicationDecision.DecideAsync(
            dbFactory,
            currentUser,
            clock,
            command.RegistrationId,
            c => c.Registration.Status == ServiceStatus.Applied ? AuditAction.Reject : AuditAction.RejectReapplication,
            c => c.Registration.Reject(command.Reason, c.Actor.UserId, c.Now),
            _ => (MailKind.ApplicationSentBack, T => [$"{T("Label.Reason")}: {command.Reason.Trim()}"]),
            cancellationToken);
        return result.IsOk ? Result.Ok() : result;
    }
}
