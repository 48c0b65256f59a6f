using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;
using Portal.Application.Features.Devices;

namespace Portal.Application.Features.Contacts;

public sealed record ContactsDevice(Guid Id, string DeviceManagementNumber, string ModelNumber, string HostName, ServiceStatus Status, IReadOnlyList<ContactView> Contacts)
{
    public bool IsOpened => Status == ServiceStatus.Opened;
}

/// <summary>
/// The devices of the contacts editors (<see cref="GetContactsEditorHandler"/>, <see cref="ListBulkContactsAccountsHandler"/>,
/// <see cref="ListContactsDevicesHandler"/>, <see cref="ListContactsDeviceIdsHandler"/>): which of a support ID's
/// devices may have their contacts changed, who may list them, and how each is shown.
/// </summary>
internal static class ContactsDevices
{
    /// <summary>A support ID's devices whose contacts may be changed: those in service (FAQ Q3-6).</summary>
    public static IQueryable<Device> Opened(IPortalDbContext db, Guid supportAccountId) =>
        db.Devices.Where(d => d.SupportAccountId == supportAccountId
            && db.Registrations.Any(r => r.DeviceId == d.Id && r.Status == ServiceStatus.Opened));

    /// <summary>The opened devices of a support ID that a search matches (<see cref="DeviceSearch"/>).</summary>
    public static IQueryable<Device> Matching(IPortalDbContext db, Guid supportAccountId, string? search) =>
        DeviceSearch.Matching(db, Opened(db, supportAccountId), search);

    /// <summary>Why the signed-in person may not list the support ID's devices, or null: its administrators and deputies may.</summary>
    public static async Task<Result?> RefusalAsync(IPortalDbContext db, ICurrentUser currentUser, Guid supportAccountId, CancellationToken cancellationToken)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn;
        }

        return await Membership.ManagedAccounts(db, actor).AnyAsync(a => a.Id == supportAccountId, cancellationToken)
            ? null
            : Result.Forbidden(ErrorCodes.ChangeRequiresAdministrator);
    }

    /// <summary>The given devices of one support ID, in their order, each with its service status and contacts.</summary>
    public static async Task<IReadOnlyList<ContactsDevice>> ViewsAsync(IPortalDbContext db, Guid supportAccountId, IReadOnlyList<Device> devices, CancellationToken cancellationToken)
    {
        var deviceIds = devices.Select(d => d.Id).ToList();
        var registrations = await db.Registrations.AsNoTracking()
            .Include(r => r.Contacts)
            .Where(r => deviceIds.Contains(r.DeviceId))
            .ToDictionaryAsync(r => r.DeviceId, cancellationToken);
        var contacts = await ContactViews.LoadManyAsync(
            db, supportAccountId, [.. devices.Select(d => (d.Id, (registrations.GetValueOrDefault(d.Id)?.Contacts) ?? []))], cancellationToken);
        return [.. devices.Select((device, i) => new ContactsDevice(
            device.Id, device.DeviceManagementNumber, device.ModelNumber, device.HostName, registrations.GetValueOrDefault(device.Id)?.Status ?? ServiceStatus.NotApplied, contacts[i]))];
    }
}
