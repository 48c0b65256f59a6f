using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Registrations;

namespace Portal.Application.Features.Contacts;

public sealed record RefreshContactCommand(Guid DeviceId, int Priority);

/// <summary>
/// One click instead of re-choosing by hand (FAQ Q1-18): copies the current profile of the person already
/// chosen as a contact. Administrators and deputies, opened devices, people still on the support ID.
/// </summary>
public sealed class RefreshContactHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result> HandleAsync(RefreshContactCommand command, CancellationToken cancellationToken = default)
    {
        var (deviceId, priority) = command;
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn;
        }

        await using var db = dbFactory.Create();
        var accountId = await db.Devices.VisibleTo(db, actor).Where(d => d.Id == deviceId).Select(d => (Guid?)d.SupportAccountId).SingleOrDefaultAsync(cancellationToken);
        if (accountId is not { } supportAccountId)
        {
            return Result.NotFound();
        }

        var allowed = await Membership.RequireManagerAsync(db, actor, supportAccountId, ErrorCodes.ChangeRequiresAdministrator, cancellationToken);
        if (!allowed.IsOk)
        {
            return allowed;
        }

        var registration = await db.Registrations.Include(r => r.Contacts).SingleOrDefaultAsync(r => r.DeviceId == deviceId, cancellationToken);
        if (registration?.Contacts.SingleOrDefault(c => c.Priority == priority) is not { } contact)
        {
            return Result.NotFound();
        }

        // The copy is refreshed from a person who may still be chosen: a member with an affiliation.
        var current = await ContactChoices.ResolveAsync(db, supportAccountId, new ContactRequest(contact.UserId, contact.ReachableHours), null, cancellationToken);
        if (!current.IsOk)
        {
            return Result.Invalid(current.Errors[0].Code, $"Contact{priority}");
        }

        var before = ContactChoices.Snapshot(registration.Contacts);
        var refreshed = registration.RefreshContact(priority, current.Value![0], clock.GetUtcNow());
        if (!refreshed.IsOk)
        {
            return refreshed;
        }

        db.Record(actor, clock.GetUtcNow(), AuditAction.RefreshContact, nameof(ServiceRegistration), registration.Id.ToString(), deviceId, before, ContactChoices.Snapshot(registration.Contacts));
        return await ContactChoices.SaveAsync(db, cancellationToken);
    }
}
