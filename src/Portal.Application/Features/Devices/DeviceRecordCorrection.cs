using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;

namespace Portal.Application.Features.Devices;

/// <summary>
/// The one way staff correct a device's record from the centre's data (<see cref="CorrectModelNumberHandler"/>,
/// <see cref="ChangeContractHandler"/>): staff only, the device with its registration, the correction, one audit
/// entry with what it was and what it is, and one save.
/// </summary>
internal static class DeviceRecordCorrection
{
    public static async Task<Result> ChangeAsync(
        IPortalDbContextFactory dbFactory,
        ICurrentUser currentUser,
        TimeProvider clock,
        Guid deviceId,
        AuditAction action,
        Func<IPortalDbContext, Device, ServiceRegistration?, Task<Result<(object Before, object After)>>> change,
        CancellationToken cancellationToken)
    {
        var signedIn = await currentUser.StaffAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn;
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
