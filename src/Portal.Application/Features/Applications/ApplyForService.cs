using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;
using Portal.Application.Features.Contacts;
using Portal.Application.Features.Notifications;

namespace Portal.Application.Features.Applications;

public sealed record ApplyForServiceCommand(Guid SupportAccountId, IReadOnlyList<Guid> DeviceIds, ContactRequest Contact1, ContactRequest? Contact2);

public sealed record ApplyForServiceResult(IReadOnlyList<Guid> DeviceIds, bool Accepted);

/// <summary>
/// 申込: applies for the report service for one or several devices of one support ID, all or none.
/// Only administrators and deputies may apply; every reason to refuse is named (never a bare "invalid").
/// </summary>
public sealed class ApplyForServiceHandler(
    IPortalDbContextFactory dbFactory,
    ICurrentUser currentUser,
    TimeProvider clock,
    KeyCodeIssuer keyCodes,
    IOptions<AcceptanceOptions> acceptance)
{
    public async Task<Result<ApplyForServiceResult>> HandleAsync(ApplyForServiceCommand command, CancellationToken cancellationToken = default)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<ApplyForServiceResult>();
        }

        await using var db = dbFactory.Create();
        var allowed = await Membership.RequireManagerAsync(db, actor, command.SupportAccountId, ErrorCodes.ApplyRequiresAdministrator, cancellationToken);
        if (!allowed.IsOk)
        {
            return allowed.As<ApplyForServiceResult>();
        }

        var applicant = await db.UserProfiles.AsNoTracking().SingleAsync(p => p.Id == actor.UserId, cancellationToken);
        if (!applicant.HasAffiliation)
        {
            return Result.Invalid(ErrorCodes.ApplicantAffiliationMissing, "Applicant").As<ApplyForServiceResult>();
        }

        var deviceIds = command.DeviceIds.Distinct().ToList();
        if (deviceIds.Count == 0)
        {
            return Result.Invalid(ErrorCodes.NoDevicesChosen, "Devices").As<ApplyForServiceResult>();
        }

        var contacts = await ContactChoices.ResolveAsync(db, command.SupportAccountId, command.Contact1, command.Contact2, cancellationToken);
        if (!contacts.IsOk)
        {
            return contacts.As<ApplyForServiceResult>();
        }

        var devices = await db.Devices
            .Where(d => d.SupportAccountId == command.SupportAccountId && deviceIds.Contains(d.Id))
            .ToListAsync(cancellationToken);
        if (devices.Count != deviceIds.Count)
        {
            return Result.NotFound().As<ApplyForServiceResult>();
        }

        var registrations = await db.Registrations.Include(r => r.Contacts)
            .Where(r => deviceIds.Contains(r.DeviceId))
            .ToDictionaryAsync(r => r.DeviceId, cancellationToken);
        var now = clock.GetUtcNow();
        var today = JapanTime.Today(clock);
        if (devices.Any(d => d.CheckEligibility(today) != Eligibility.Eligible))
        {
            return Result.Invalid(ErrorCodes.DeviceNotEligible, "Devices").As<ApplyForServiceResult>();
        }

        foreach (var device in devices)
        {
            if (!registrations.TryGetValue(device.Id, out var registration))
            {
                registration = new ServiceRegistration(Guid.NewGuid(), device.Id);
                db.Registrations.Add(registration);
            }

            var before = ServiceChange.Snapshot(registration);
            var applied = registration.Apply(actor.UserId, contacts.Value!, now);
            if (!applied.IsOk)
            {
                return (applied.Errors[0].Code == ErrorCodes.InvalidTransition ? Result.Conflict(ErrorCodes.AlreadyApplied) : applied).As<ApplyForServiceResult>();
            }

            db.Record(actor, now, AuditAction.Apply, nameof(ServiceRegistration), registration.Id.ToString(), device.Id, before, new { registration.Status, Contacts = registration.Contacts.Select(c => new { c.Priority, c.Name, c.Phone, c.Email, c.ReachableHours }) });
            if (acceptance.Value.AutoAccept)
            {
                registration.Accept(keyCodes.Issue(), device.Contract.OpeningMethod, null, now).OrThrow();
                db.Record(null, now, AuditAction.AutoAccept, nameof(ServiceRegistration), registration.Id.ToString(), device.Id, new { Status = ServiceStatus.Applied }, ServiceChange.Snapshot(registration));
                var (kind, lines) = ServiceChange.KeyIssuedMail(registration, firstKey: true);
                foreach (var to in await ContactRecipients.ApplicantAndContactsAsync(db, registration, cancellationToken))
                {
                    db.Notifications.Add(MailComposer.Compose(kind, to, device, now, lines));
                }
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another tab or a double click applied first, either bumping the registration's version or
            // inserting the device's first registration under its unique index: one application, not two.
            if (!await AppliedMeanwhileAsync(deviceIds, cancellationToken))
            {
                throw;
            }

            return Result.Conflict(ErrorCodes.AlreadyApplied).As<ApplyForServiceResult>();
        }

        return new ApplyForServiceResult(deviceIds, acceptance.Value.AutoAccept);
    }

    private async Task<bool> AppliedMeanwhileAsync(IReadOnlyList<Guid> deviceIds, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.Create();
        return await db.Registrations.AnyAsync(r => deviceIds.Contains(r.DeviceId) && !ServiceRegistration.ApplicableStatuses.Contains(r.Status), cancellationToken);
    }
}
