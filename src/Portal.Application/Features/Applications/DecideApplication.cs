using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Registrations;
using Portal.Application.Features.Notifications;
using Portal.Application.Domain.Audit;

namespace Portal.Application.Features.Applications;

public sealed record KeyCodeIssued(string KeyCode, DateTimeOffset IssuedAt, DateTimeOffset OpeningPossibleFrom, OpeningMethod Method);

/// <summary>
/// Staff decisions on an application: accept (issues the key, by the method of the device's contract), reject with
/// a reason shown to the customer, or re-issue the key in force (the old code or file stops working; the hour
/// restarts). An opened device's re-application is decided the same way: accepting it replaces the key, rejecting
/// it leaves the service as it was. The applicant and the contacts are mailed each decision.
/// </summary>
public sealed class DecideApplicationHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock, KeyCodeIssuer keyCodes)
{
    public Task<Result<KeyCodeIssued>> AcceptAsync(Guid registrationId, CancellationToken cancellationToken = default) =>
        IssueAsync(registrationId, accept: true, cancellationToken);

    public Task<Result<KeyCodeIssued>> ReissueKeyAsync(Guid registrationId, CancellationToken cancellationToken = default) =>
        IssueAsync(registrationId, accept: false, cancellationToken);

    public async Task<Result> RejectAsync(Guid registrationId, string reason, CancellationToken cancellationToken = default)
    {
        var result = await DecideAsync(
            registrationId,
            c => c.Registration.Status == ServiceStatus.Applied ? AuditAction.Reject : AuditAction.RejectReapplication,
            c => c.Registration.Reject(reason, c.Actor.UserId, c.Now),
            _ => (MailKind.ApplicationSentBack, T => [$"{T("Label.Reason")}: {reason.Trim()}"]),
            cancellationToken);
        return result.IsOk ? Result.Ok() : result;
    }

    private async Task<Result<KeyCodeIssued>> IssueAsync(Guid registrationId, bool accept, CancellationToken cancellationToken)
    {
        var firstKey = false;
        var result = await DecideAsync(
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

    private async Task<Result<ServiceRegistration>> DecideAsync(
        Guid registrationId,
        Func<ServiceChangeContext, AuditAction> action,
        Func<ServiceChangeContext, Result> change,
        Func<ServiceChangeContext, (MailKind Kind, Func<Func<string, string>, IEnumerable<string>>? Lines)?> mail,
        CancellationToken cancellationToken)
    {
        if (await currentUser.GetActorAsync() is not { IsStaff: true })
        {
            return Result.Forbidden(ErrorCodes.StaffOnly).As<ServiceRegistration>();
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
