using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Registrations;

namespace Portal.Application.Features.Contacts;

public sealed record ChangeContactsCommand(IReadOnlyList<Guid> DeviceIds, ContactRequest? Contact1, ContactRequest? Contact2);

/// <summary>
/// 連絡先の変更 for one or several opened devices of one support ID, all or none; administrators and
/// deputies only (FAQ Q1-18, Q3-6). The chosen people's details are copied now.
/// </summary>
public sealed class ChangeContactsHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result> HandleAsync(ChangeContactsCommand command, CancellationToken cancellationToken = default)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn;
        }

        var deviceIds = command.DeviceIds.Distinct().ToList();
        if (deviceIds.Count == 0)
        {
            return Result.Invalid(ErrorCodes.NoDevicesChosen, "Devices");
        }

        await using var db = dbFactory.Create();
        var accounts = await db.Devices.VisibleTo(db, actor)
            .Where(d => deviceIds.Contains(d.Id))
            .Select(d => new { d.Id, d.SupportAccountId })
            .ToListAsync(cancellationToken);
        if (accounts.Count != deviceIds.Count)
        {
            return Result.NotFound();
        }

        if (accounts.Select(a => a.SupportAccountId).Distinct().Count() != 1)
        {
            return Result.Invalid(ErrorCodes.DevicesOfOneSupportId, "Devices");
        }

        var supportAccountId = accounts[0].SupportAccountId;
        var allowed = await Membership.RequireManagerAsync(db, actor, supportAccountId, ErrorCodes.ChangeRequiresAdministrator, cancellationToken);
        if (!allowed.IsOk)
        {
            return allowed;
        }

        var contacts = await ContactChoices.ResolveAsync(db, supportAccountId, command.Contact1, command.Contact2, cancellationToken);
        if (!contacts.IsOk)
        {
            return contacts;
        }

        var registrations = await db.Registrations.Include(r => r.Contacts)
            .Where(r => deviceIds.Contains(r.DeviceId))
            .ToListAsync(cancellationToken);
        if (registrations.Count != deviceIds.Count || registrations.Any(r => r.Status != ServiceStatus.Opened))
        {
            return Result.Conflict(ErrorCodes.ContactsChangeNeedsOpenedService);
        }

        var now = clock.GetUtcNow();
        foreach (var registration in registrations)
        {
            var before = ContactChoices.Snapshot(registration.Contacts);
            var changed = registration.ChangeContacts(contacts.Value!, now);
            if (!changed.IsOk)
            {
                return changed;
            }

            db.Record(actor, now, AuditAction.ChangeContacts, nameof(ServiceRegistration), registration.Id.ToString(), registration.DeviceId, before, ContactChoices.Snapshot(registration.Contacts));
        }

        return await ContactChoices.SaveAsync(db, cancellationToken);
    }
}
