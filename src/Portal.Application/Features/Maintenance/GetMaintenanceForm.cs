using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Maintenance;

namespace Portal.Application.Features.Maintenance;

public sealed record MaintenanceFormDevice(Guid Id, string SupportId, string DeviceManagementNumber, string ModelNumber, string HostName);

/// <param name="Preselected">The device the form was opened for, when a window may be announced for it.</param>
public sealed record MaintenanceForm(DateTimeOffset EarliestStart, MaintenanceFormDevice? Preselected = null);

public sealed record GetMaintenanceFormQuery(Guid? PreselectedDeviceId = null);

/// <summary>
/// What the registration form offers: the earliest start now. Its devices, the opened devices the person
/// administers (only their reports are acted on, so only they need windows), come a page at a time from
/// <see cref="ListMaintainableDevicesHandler"/>.
/// </summary>
public sealed class GetMaintenanceFormHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result<MaintenanceForm>> HandleAsync(GetMaintenanceFormQuery query, CancellationToken cancellationToken = default)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<MaintenanceForm>();
        }

        await using var db = dbFactory.Create();
        if (!await Maintainable(db, actor).AnyAsync(cancellationToken))
        {
            return Result.Forbidden(ErrorCodes.MaintenanceRequiresAdministrator).As<MaintenanceForm>();
        }

        var preselected = query.PreselectedDeviceId is { } id
            ? await Rows(db, Maintainable(db, actor).Where(d => d.Id == id)).AsNoTracking().SingleOrDefaultAsync(cancellationToken)
            : null;
        return new MaintenanceForm(MaintenanceWindow.EarliestStart(clock.GetUtcNow()), preselected?.ToDevice());
    }

    /// <summary>The devices a window may be announced for by this person: opened, of a support ID they administer or deputise for.</summary>
    internal static IQueryable<Device> Maintainable(IPortalDbContext db, Actor actor) =>
        from a in Membership.ManagedAccounts(db, actor)
        join d in db.Devices on a.Id equals d.SupportAccountId
        where db.Registrations.Any(r => r.DeviceId == d.Id && r.Status == MaintenanceWindow.AnnouncedFor)
        select d;

    internal static IQueryable<Row> Rows(IPortalDbContext db, IQueryable<Device> devices) =>
        from d in devices
        join a in db.SupportAccounts on d.SupportAccountId equals a.Id
        select new Row { Device = d, SupportId = a.SupportId };

    // Initialised by member (not a constructor), so that EF can sort on what it projects.
    internal sealed class Row
    {
        public required Device Device { get; init; }

        public required string SupportId { get; init; }

        public MaintenanceFormDevice ToDevice() => new(Device.Id, SupportId, Device.DeviceManagementNumber, Device.ModelNumber, Device.HostName);
    }
}
