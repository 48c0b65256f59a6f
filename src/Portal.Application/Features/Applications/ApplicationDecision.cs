using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Registrations;
using Portal.Application.Features.Notifications;

namespace Portal.Application.Features.Applications;

public sealed record KeyCodeIssued(string KeyCode, DateTimeOffset IssuedAt, DateTimeOffset OpeningPossibleFrom, OpeningMethod Method);

/// <summary>
/// What staff decisions on an application share (<see cref="AcceptApplicationHandler"/>,
/// <see cref="ReissueKeyHandler"/>, <see cref="RejectApplicationHandler"/>): staff only, the application found by
/// its registration, then <see cref="ServiceChange"/>'s one path. An opened device's re-application is decided the
/// same way as a first application. The applicant and the contacts are mailed each decision.
/// </summary>
internal static class ApplicationDecision
{
    /// <summary>
    /// Issues a key, by the method of the device's contract: accepting the application (the first key, or the key
    /// of an opened device's re-application), or re-issuing the key in force (the old code or file stops working;
    /// the hour restarts).
    /// </summary>
    public static async Task<Result<KeyCodeIssued>> IssueKeyAsync(
        IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock, KeyCodeIssuer keyCodes, Guid registrationId, bool accept, CancellationToken cancellationToken)
    {
        var firstKey = false;
        var result = await DecideAsync(
            dbFactory,
            currentUser,
            clock,
            registrationId,
            c => (accept, c.Registration.Status) switch
            {
                (false, _) => AuditAction.ReissueKey,
                (true, ServiceStatus.Applied) => AuditAction.Accept,
                _ => AuditAction.AcceptReapplication,
            },
            c =>
            {
                firstKey = c.Registration.Status == ServiceStatus.Applied;
                var method = c.Device.Contract.OpeningMethod;
                return accept
                    ? c.Registration.Accept(keyCodes.Issue(), method, c.Actor.UserId, c.Now)
                    : c.Registration.ReissueKey(keyCodes.Issue(), method, c.Actor.UserId, c.Now);
            },
            c => ServiceChange.KeyIssuedMail(c.Registration, firstKey),
            cancellationToken);
        return result.IsOk
            ? new KeyCodeIssued(result.Value!.KeyCode!, result.Value.KeyIssuedAt!.Value, result.Value.OpeningPossibleFrom!.Value, result.Value.KeyMethod!.Value)
            : result.As<KeyCodeIssued>();
    }

    public static async Task<Result<ServiceRegistration>> DecideAsync(
        IPortalDbContextFactory dbFactory,
        ICurrentUser currentUser,
        TimeProvider clock,
        Guid registrationId,
        Func<ServiceChangeContext, AuditAction> action,
        Func<ServiceChangeContext, Result> change,
        Func<ServiceChangeContext, (MailKind Kind, Func<Func<string, string>, IEnumerable<string>>? Lines)?> mail,
        CancellationToken cancellationToken)
    {
        var staff = await currentUser.StaffAsync();
        if (!staff.IsOk)
        {
            return staff.As<ServiceRegistration>();
        }

        Guid deviceId;
        await using (var db = dbFactory.Create())
        {
            deviceId = await db.Registrations.Where(r => r.Id == registrationId).Select(r => r.DeviceId).SingleOrDefaultAsync(cancellationToken);
        }

        if (deviceId == Guid.Empty)
        {
            return Result.NotFound().As<ServiceRegistration>();
        }

        return await ServiceChange.RunAsync(dbFactory, currentUser, clock, deviceId, action, ServiceChange.Staff, c => Task.FromResult(change(c)), mail, cancellationToken);
    }
}
