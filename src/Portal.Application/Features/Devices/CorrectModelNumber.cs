using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Devices;

namespace Portal.Application.Features.Devices;

public sealed record CorrectModelNumberCommand(Guid DeviceId, string ModelNumber);

/// <summary>
/// Staff correct a device's model number from the centre's data, audited: an ExpressSelectionPack "NP" number
/// replaced by the "N8" warranty number (FAQ Q1-11).
/// </summary>
public sealed class CorrectModelNumberHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public Task<Result> HandleAsync(CorrectModelNumberCommand command, CancellationToken cancellationToken = default) =>
        DeviceRecordCorrection.ChangeAsync(dbFactory, currentUser, clock, command.DeviceId, AuditAction.CorrectModelNumber, async (db, device, registration) =>
        {
            // Opening reports find the device by model and serial number: not while a key is in force or awaited.
            if (registration is { HoldsKey: true } or { IsAwaitingAcceptance: true })
            {
                return Result.Conflict(ErrorCodes.ModelNumberFixedInService).As<(object Before, object After)>();
            }

            var before = device.ModelNumber;
            var corrected = device.CorrectModelNumber(command.ModelNumber);
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
