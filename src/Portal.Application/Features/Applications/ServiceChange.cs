using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Webhooks;
using Portal.Application.Features.Notifications;
using Portal.Application.Features.Webhooks;

namespace Portal.Application.Features.Applications;

/// <summary>What a change of a device's service sees: the device (visible to the actor), its registration, the actor's role on its support ID.</summary>
internal sealed record ServiceChangeContext(IPortalDbContext Db, Actor Actor, Device Device, ServiceRegistration Registration, MemberRole? Role, DateTimeOffset Now);

/// <summary>
/// The one way a person changes a device's service (withdraw, re-apply, end, staff decisions): the device found as
/// the actor may see it, the role checked, the state machine's transition, one audit entry with the registration
/// before and after, the mail to the applicant and the contacts, and one save that fails if anyone changed the
/// registration meanwhile.
/// </summary>
internal static class ServiceChange
{
    /// <summary>A change that mails one kind of notice whatever it finds, for a use case that needs only whether it succeeded.</summary>
    public static async Task<Result> RunAsync(
        IPortalDbContextFactory dbFactory,
        ICurrentUser currentUser,
        TimeProvider clock,
        Guid deviceId,
        AuditAction action,
        Func<ServiceChangeContext, Result> authorize,
        Func<ServiceChangeContext, Result> change,
        MailKind mail,
        CancellationToken cancellationToken)
    {
        var result = await RunAsync(dbFactory, currentUser, clock, deviceId, _ => action, authorize, c => Task.FromResult(change(c)), _ => (mail, null), cancellationToken);
        return result.IsOk ? Result.Ok() : result;
    }

    /// <param name="action">The audit action, named from the state before the change.</param>
    public static async Task<Result<ServiceRegistration>> RunAsync(
        IPortalDbContextFactory dbFactory,
        ICurrentUser currentUser,
        TimeProvider clock,
        Guid deviceId,
        Func<ServiceChangeContext, AuditAction> action,
        Func<ServiceChangeContext, Result> authorize,
        Func<ServiceChangeContext, Task<Result>> change,
        Func<ServiceChangeContext, (MailKind Kind, Func<Func<string, string>, IEnumerable<string>>? Lines)?> mail,
        CancellationToken cancellationToken)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<ServiceRegistration>();
        }

        await using var db = dbFactory.Create();
        var device = await db.Devices.VisibleTo(db, actor).SingleOrDefaultAsync(d => d.Id == deviceId, cancellationToken);
        if (device is null)
        {
            return Result.NotFound().As<ServiceRegistration>();
        }

        var registration = await db.Registrations.Include(r => r.Contacts).SingleOrDefaultAsync(r => r.DeviceId == deviceId, cancellationToken)
            ?? new ServiceRegistration(Guid.Empty, deviceId);
        var context = new ServiceChangeContext(db, actor, device, registration, await Membership.RoleAsync(db, actor, device.SupportAccountId, cancellationToken), clock.GetUtcNow());
        var allowed = authorize(context);
        if (!allowed.IsOk)
        {
            return allowed.As<ServiceRegistration>();
        }

        var before = Snapshot(registration);
        var name = action(context);
        var changed = await change(context);
        if (!changed.IsOk)
        {
            return changed.As<ServiceRegistration>();
        }

        db.Record(actor, context.Now, name, nameof(ServiceRegistration), registration.Id.ToString(), device.Id, before, Snapshot(registration));
        if (mail(context) is { } notice)
        {
            foreach (var to in await ContactRecipients.ApplicantAndContactsAsync(db, registration, cancellationToken))
            {
                db.Notifications.Add(MailComposer.Compose(notice.Kind, to, device, context.Now, notice.Lines));
            }

            await WebhookOutbox.RaiseAsync(db, WebhookOf(notice.Kind, context), context.Now, cancellationToken);
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

    /// <summary>A decision on an application is told to the webhooks that chose it, as the mail tells the people.</summary>
    private static WebhookEvent[] WebhookOf(MailKind kind, ServiceChangeContext c) => kind switch
    {
        MailKind.ApplicationAccepted or MailKind.ApplicationAcceptedKeyFile =>
            [new(WebhookEvents.ApplicationAccepted, c.Device.SupportAccountId, WebhookDevice.Of(c.Device), c.Now, OpeningPossibleFrom: c.Registration.OpeningPossibleFrom)],
        MailKind.ApplicationSentBack =>
            [new(WebhookEvents.ApplicationSentBack, c.Device.SupportAccountId, WebhookDevice.Of(c.Device), c.Now, Reason: c.Registration.RejectionReason)],
        _ => [],
    };

    /// <summary>Administrators and deputies of the device's support ID; a user-role member is told why, anyone else learns nothing.</summary>
    public static Result Managers(ServiceChangeContext context) => Membership.RequireManager(context.Actor, context.Role, ErrorCodes.ChangeRequiresAdministrator);

    public static Result Staff(ServiceChangeContext context) => context.Actor.IsStaff ? Result.Ok() : Result.Forbidden(ErrorCodes.StaffOnly);

    /// <summary>The registration as the audit trail shows it before and after a change.</summary>
    public static object Snapshot(ServiceRegistration registration) => new
    {
        registration.Status,
        registration.PendingReapplication,
        registration.ReapplicationNote,
        registration.EndRequestedAt,
        registration.KeyMethod,
        registration.KeyIssuedAt,
        registration.RejectionReason,
    };

    /// <summary>The mail that tells of a newly issued key, by its method: a code shown on the page, or a file to download.</summary>
    public static (MailKind, Func<Func<string, string>, IEnumerable<string>>?) KeyIssuedMail(ServiceRegistration registration, bool firstKey) =>
        (
            (registration.KeyMethod, firstKey) switch
            {
                (OpeningMethod.KeyFile, true) => MailKind.ApplicationAcceptedKeyFile,
                (OpeningMethod.KeyFile, false) => MailKind.KeyFileReissued,
                (_, true) => MailKind.ApplicationAccepted,
                _ => MailKind.KeyReissued,
            },
            MailComposer.OpeningFromLines(registration.OpeningPossibleFrom!.Value));
}
