using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;
using Portal.Application.Features.Notifications;
using Portal.Application.Domain.Audit;

namespace Portal.Application.Features.Devices;

public sealed record ChangeContractCommand(Guid DeviceId, ContractType Type, DateOnly? Date, bool SupportPackConfirmed);

/// <summary>
/// Staff correct a device's record from the centre's data, audited: the model number (an ExpressSelectionPack "NP"
/// number replaced by the "N8" warranty number, FAQ Q1-11) and the contract (type, last day, a support pack's
/// confirmation). When a new contract opens by the other method (a free warranty became a maintenance contract,
/// Q4-11), the applicant and contacts are asked to apply again; the current key works until the new one is issued.
/// </summary>
public sealed class CorrectDeviceRecordHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result> CorrectModelNumberAsync(Guid deviceId, string modelNumber, CancellationToken cancellationToken = default)
    {
        return await ChangeAsync(deviceId, AuditAction.CorrectModelNumber, async (db, device, registration) =>
        {
            // Opening reports find the device by model and serial number: not while a key is in force or awaited.
            if (registration is { HoldsKey: true } or { IsAwaitingAcceptance: true })
            {
                return Result.Conflict(ErrorCodes.ModelNumberFixedInService).As<(object Before, object After)>();
            }

            var before = device.ModelNumber;
            var corrected = device.CorrectModelNumber(modelNumber);
            if (!corrected.IsOk)
            {
                return corrected.As<(object Before, object After)>();
            }

            if (await db.Devices.AnyAsync(d => d.Id != device.Id && d.SerialNumber == device.SerialNumber && d.ModelNumber == device.ModelNumber, cancellationToken))
            {
                return Result.Invalid(ErrorCodes.ModelNumberInUse, nameof(Device.ModelNumber)).As<(object Before, object After)>();
            }

            return Result<(object Before, object After)>.Ok((new { ModelNumber = before }, new { device.ModelNumber }));
        }, cancellationToken);
    }

    public async Task<Result> ChangeContractAsync(ChangeContractCommand command, CancellationToken cancellationToken = default)
    {
        return await ChangeAsync(command.DeviceId, AuditAction.ChangeContract, async (db, device, registration) =>
        {
            if (command.Date is not { } date)
            {
                return Result.Invalid(ErrorCodes.DateRequired, nameof(Contract.ValidUntil)).As<(object Before, object After)>();
            }

            if (!Enum.IsDefined(command.Type))
            {
                return Result.Invalid(ErrorCodes.InvalidTransition, nameof(Contract.Type)).As<(object Before, object After)>();
            }

            var before = device.Contract;
            var changed = device.ChangeContract(Contract.Of(command.Type, date, command.SupportPackConfirmed));
            if (!changed.IsOk)
            {
                return changed.As<(object Before, object After)>();
            }

            if (registration is { HoldsKey: true, KeyMethod: { } method } && method != device.Contract.OpeningMethod)
            {
                foreach (var to in await ContactRecipients.ApplicantAndContactsAsync(db, registration, cancellationToken))
                {
                    db.Notifications.Add(MailComposer.Compose(MailKind.ContractChanged, to, device, clock.GetUtcNow()));
                }
            }

            return Result<(object Before, object After)>.Ok((Describe(before), Describe(device.Contract)));
        }, cancellationToken);
    }

    private static object Describe(Contract contract) => new { Contract = contract.Type, contract.ValidUntil, contract.SupportPackConfirmed };

    private async Task<Result> ChangeAsync(Guid deviceId, AuditAction action, Func<IPortalDbContext, Device, ServiceRegistration?, Task<Result<(object Before, object After)>>> change, CancellationToken cancellationToken)
    {
        if (await currentUser.GetActorAsync() is not { IsStaff: true } actor)
        {
            return Result.Forbidden(ErrorCodes.StaffOnly);
        }

        await using var db = dbFactory.Create();
        var device = await db.Devices.SingleOrDefaultAsync(d => d.Id == deviceId, cancellationToken);
        if (device is null)
        {
            return Result.NotFound();
        }

        var registration = await db.Registrations.Include(r => r.Contacts).SingleOrDefaultAsync(r => r.DeviceId == deviceId, cancellationToken);
        var changed = await change(db, device, registration);
        if (!changed.IsOk)
        {
            return changed;
        }

        db.Record(actor, clock.GetUtcNow(), action, nameof(Device), device.Id.ToString(), device.Id, changed.Value.Before, changed.Value.After);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique (serial, model) index: another device took that model and serial number meanwhile.
            return Result.Invalid(ErrorCodes.ModelNumberInUse, nameof(Device.ModelNumber));
        }

        return Result.Ok();
    }
}
