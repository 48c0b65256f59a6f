using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Features.Notifications;

namespace Portal.Application.Features.Applications;

public sealed record WithdrawApplicationCommand(Guid DeviceId);

/// <summary>
/// 申込の取り下げ: while staff have not decided, the applicant, an administrator or a deputy takes an application (or
/// an opened device's re-application) back. A first application returns the device to not applied and leaves the
/// staff queue; a re-application leaves the service and its key as they were.
/// </summary>
public sealed class WithdrawApplicationHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public Task<Result> HandleAsync(WithdrawApplicationCommand command, CancellationToken cancellationToken = default) =>
        ServiceChange.RunAsync(dbFactory, currentUser, clock, command.DeviceId, AuditAction.WithdrawApplication, ApplicantOrManager, c => c.Registration.Withdraw(c.Actor.UserId, c.Now), MailKind.ApplicationWithdrawn, cancellationToken);

    private static Result ApplicantOrManager(ServiceChangeContext context)
    {
        var manager = ServiceChange.Managers(context);
        if (manager.IsOk || context.Role is null)
        {
            return manager;
        }

        // A member in the user role who applied (and was a manager then) may still take their own application back.
        return context.Registration.AppliedByUserId == context.Actor.UserId ? Result.Ok() : Result.Forbidden(ErrorCodes.WithdrawNotAllowed);
    }
}
