using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Registrations;
using Portal.Application.Features.Notifications;

namespace Portal.Application.Features.Applications;

public sealed record KeyCodeIssued(string KeyCode, DateTimeOffset IssuedAt, DateTimeOffset OpeningPossibleFrom);

/// <summary>
/// Staff decisions on an application: accept (issues the key code), reject with a reason shown to the
/// customer, or re-issue the key code of an accepted one (the old code stops working; the hour restarts).
/// The applicant and the device's contacts are mailed each decision, with the reason or the time opening works.
/// </summary>
public sealed class DecideApplicationHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock, KeyCodeIssuer keyCodes)
{
    public Task<Result<KeyCodeIssued>> AcceptAsync(Guid registrationId, CancellationToken cancellationToken = default) =>
        IssueAsync(registrationId, "Accept", MailKind.ApplicationAccepted, (registration, code, actor, now) => registration.Accept(code, actor.UserId, now), cancellationToken);

    public Task<Result<KeyCodeIssued>> ReissueKeyAsync(Guid registrationId, CancellationToken cancellationToken = default) =>
        IssueAsync(registrationId, "ReissueKey", MailKind.KeyReissued, (registration, code, actor, now) => registration.ReissueKey(code, actor.UserId, now), cancellationToken);

    public async Task<Result> RejectAsync(Guid registrationId, string reason, CancellationToken cancellationToken = default)
    {
        var result = await ChangeAsync(
            registrationId,
            "Reject",
            MailKind.ApplicationSentBack,
            _ => T => [$"{T("Label.Reason")}: {reason}"],
            (registration, _, actor, now) => Task.FromResult(registration.Reject(reason, actor.UserId, now)),
            cancellationToken);
        return result.IsOk ? Result.Ok() : result;
    }

    private async Task<Result<KeyCodeIssued>> IssueAsync(
        Guid registrationId,
        string action,
        MailKind mail,
        Func<ServiceRegistration, KeyCode, Actor, DateTimeOffset, Result> change,
        CancellationToken cancellationToken)
    {
        var result = await ChangeAsync(
            registrationId,
            action,
            mail,
            registration => MailComposer.OpeningFromLines(registration.OpeningPossibleFrom!.Value),
            (registration, db, actor, now) => Task.FromResult(change(registration, keyCodes.Issue(), actor, now)),
            cancellationToken);
        return result.IsOk
            ? new KeyCodeIssued(result.Value!.KeyCode!, result.Value.KeyIssuedAt!.Value, result.Value.OpeningPossibleFrom!.Value)
            : result.As<KeyCodeIssued>();
    }

    private async Task<Result<ServiceRegistration>> ChangeAsync(
        Guid registrationId,
        string action,
        MailKind mail,
        Func<ServiceRegistration, Func<Func<string, string>, IEnumerable<string>>> mailLines,
        Func<ServiceRegistration, IPortalDbContext, Actor, DateTimeOffset, Task<Result>> change,
        CancellationToken cancellationToken)
    {
        if (await currentUser.GetActorAsync() is not { IsStaff: true } actor)
        {
            return Result.Forbidden(ErrorCodes.StaffOnly).As<ServiceRegistration>();
        }

        await using var db = dbFactory.Create();
        var registration = await db.Registrations.Include(r => r.Contacts).SingleOrDefaultAsync(r => r.Id == registrationId, cancellationToken);
        if (registration is null)
        {
            return Result.NotFound().As<ServiceRegistration>();
        }

        var before = new { registration.Status, registration.KeyIssuedAt };
        var now = clock.GetUtcNow();
        var changed = await change(registration, db, actor, now);
        if (!changed.IsOk)
        {
            return changed.As<ServiceRegistration>();
        }

        db.Record(actor, now, action, nameof(ServiceRegistration), registration.Id.ToString(), registration.DeviceId, before, new { registration.Status, registration.KeyIssuedAt, registration.RejectionReason });
        var device = await db.Devices.AsNoTracking().SingleAsync(d => d.Id == registration.DeviceId, cancellationToken);
        foreach (var to in await ContactRecipients.ApplicantAndContactsAsync(db, registration, cancellationToken))
        {
            db.Notifications.Add(MailComposer.Compose(mail, to, device, now, mailLines(registration)));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result.Conflict(ErrorCodes.ChangedMeanwhile).As<ServiceRegistration>();
        }

        return registration;
    }
}
