using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;

namespace Portal.Application.Features.Applications;

public sealed record ReapplyCommand(Guid DeviceId, ReapplicationReason Reason, string? Note);

/// <summary>
/// 再申込み of an opened device (FAQ Q4-1, Q4-3, Q4-8, Q4-11): administrators and deputies, with the reason. It waits
/// in the staff queue like any application; the device stays opened on its old key until the new one is issued.
/// </summary>
public sealed class ReapplyHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result> HandleAsync(ReapplyCommand command, CancellationToken cancellationToken = default)
    {
        var today = JapanTime.Today(clock);
        var result = await ServiceChange.RunAsync(
            dbFactory,
            currentUser,
            clock,
            command.DeviceId,
            _ => AuditAction.Reapply,
            ServiceChange.Managers,
            async c =>
            {
                // The same conditions as a first application: the applicant's details, the device's contract.
                var applicant = await c.Db.UserProfiles.AsNoTracking().SingleAsync(p => p.Id == c.Actor.UserId, cancellationToken);
                if (!applicant.HasAffiliation)
                {
                    return Result.Invalid(ErrorCodes.ApplicantAffiliationMissing, "Applicant");
                }

                return c.Device.CheckEligibility(today) != Eligibility.Eligible
                    ? Result.Invalid(ErrorCodes.DeviceNotEligible, "Devices")
                    : c.Registration.Reapply(c.Actor.UserId, command.Reason, command.Note, c.Device.Contract.OpeningMethod, c.Now);
            },
            _ => null,
            cancellationToken);
        return result.IsOk ? Result.Ok() : result;
    }
}
