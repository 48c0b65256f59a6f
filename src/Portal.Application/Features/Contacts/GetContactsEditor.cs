using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;

namespace Portal.Application.Features.Contacts;

/// <summary>What the contacts editor shows for one support ID: its devices with their contacts, and who may be chosen.</summary>
public sealed record ContactsEditor(
    Guid SupportAccountId,
    string SupportId,
    string OrganizationName,
    IReadOnlyList<ContactsDevice> Devices,
    IReadOnlyList<ContactCandidate> Candidates,
    string? RefusalCode)
{
    /// <summary>The signed-in person may change these devices' contacts; otherwise <see cref="RefusalCode"/> says why.</summary>
    public bool CanEdit => RefusalCode is null;
}

/// <summary>A support ID in the bulk editor: how many opened devices it has, and who may be chosen as their contacts.</summary>
public sealed record BulkContactsAccount(Guid SupportAccountId, string SupportId, string OrganizationName, int OpenedDevices, IReadOnlyList<ContactCandidate> Candidates);

public sealed record ContactsDevice(Guid Id, string DeviceManagementNumber, string ModelNumber, string HostName, ServiceStatus Status, IReadOnlyList<ContactView> Contacts)
{
    public bool IsOpened => Status == ServiceStatus.Opened;
}

/// <summary>
/// 連絡先の変更, read side: one device (everyone who sees it, read-only with the reason unless they may edit),
/// or the support IDs the person administers (the bulk editor).
/// </summary>
public sealed class GetContactsEditorHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser)
{
    public async Task<Result<ContactsEditor>> ForDeviceAsync(Guid deviceId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { } actor)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn).As<ContactsEditor>();
        }

        await using var db = dbFactory.Create();
        var accountId = await db.Devices.VisibleTo(db, actor).Where(d => d.Id == deviceId).Select(d => (Guid?)d.SupportAccountId).SingleOrDefaultAsync(cancellationToken);
        if (accountId is not { } supportAccountId)
        {
            return Result.NotFound().As<ContactsEditor>();
        }

        var role = await Membership.RoleAsync(db, actor, supportAccountId, cancellationToken);
        var editor = await LoadAsync(db, supportAccountId, [deviceId], cancellationToken);
        var refusal = role is { } r && r.CanManage()
            ? editor.Devices[0].IsOpened ? null : ErrorCodes.ContactsChangeNeedsOpenedService
            : ErrorCodes.ChangeRequiresAdministrator;
        return editor with { RefusalCode = refusal };
    }

    /// <summary>
    /// The bulk editor: each support ID the person administers, with how many opened devices it has and who may be
    /// chosen. Its devices come a page at a time from <see cref="ListContactsDevicesHandler"/>.
    /// </summary>
    public async Task<Result<IReadOnlyList<BulkContactsAccount>>> ForMySupportIdsAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { } actor)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn).As<IReadOnlyList<BulkContactsAccount>>();
        }

        await using var db = dbFactory.Create();
        var managed = await (
            from a in Membership.ManagedAccounts(db, actor)
            join o in db.Organizations on a.OrganizationId equals o.Id
            orderby a.SupportId
            select new { a.Id, a.SupportId, OrganizationName = o.Name })
            .ToListAsync(cancellationToken);
        if (managed.Count == 0)
        {
            return Result.Forbidden(ErrorCodes.ChangeRequiresAdministrator).As<IReadOnlyList<BulkContactsAccount>>();
        }

        var accounts = new List<BulkContactsAccount>();
        foreach (var account in managed)
        {
            var opened = await ListContactsDevicesHandler.Opened(db, account.Id).CountAsync(cancellationToken);
            accounts.Add(new(account.Id, account.SupportId, account.OrganizationName, opened, await CandidatesAsync(db, account.Id, cancellationToken)));
        }

        return accounts;
    }

    private static async Task<ContactsEditor> LoadAsync(IPortalDbContext db, Guid supportAccountId, IReadOnlyList<Guid> deviceIds, CancellationToken cancellationToken)
    {
        var account = await (
            from a in db.SupportAccounts
            where a.Id == supportAccountId
            join o in db.Organizations on a.OrganizationId equals o.Id
            select new { a.SupportId, OrganizationName = o.Name })
            .SingleAsync(cancellationToken);
        var devices = await db.Devices.AsNoTracking()
            .Where(d => deviceIds.Contains(d.Id))
            .OrderBy(d => d.DeviceManagementNumber)
            .ToListAsync(cancellationToken);
        var views = await DevicesAsync(db, supportAccountId, devices, cancellationToken);
        return new ContactsEditor(supportAccountId, account.SupportId, account.OrganizationName, views, await CandidatesAsync(db, supportAccountId, cancellationToken), RefusalCode: null);
    }

    /// <summary>Who may be chosen as a contact of a support ID's devices: its members.</summary>
    private static async Task<IReadOnlyList<ContactCandidate>> CandidatesAsync(IPortalDbContext db, Guid supportAccountId, CancellationToken cancellationToken) =>
        await (
            from m in db.SupportMemberships
            where m.SupportAccountId == supportAccountId
            join p in db.UserProfiles on m.UserId equals p.Id
            orderby m.Role, p.Name
            select new ContactCandidate(p.Id, p.Name, p.Affiliation, p.Phone, p.Email, m.Role))
            .AsNoTracking()
            .ToListAsync(cancellationToken);

    /// <summary>The given devices of one support ID, in their order, each with its service status and contacts.</summary>
    internal static async Task<IReadOnlyList<ContactsDevice>> DevicesAsync(IPortalDbContext db, Guid supportAccountId, IReadOnlyList<Device> devices, CancellationToken cancellationToken)
    {
        var deviceIds = devices.Select(d => d.Id).ToList();
        var registrations = await db.Registrations.AsNoTracking()
            .Include(r => r.Contacts)
            .Where(r => deviceIds.Contains(r.DeviceId))
            .ToDictionaryAsync(r => r.DeviceId, cancellationToken);
        var contacts = await ContactViews.LoadManyAsync(
            db, supportAccountId, [.. devices.Select(d => (d.Id, (IReadOnlyList<RegistrationContact>?)registrations.GetValueOrDefault(d.Id)?.Contacts ?? []))], cancellationToken);
        return [.. devices.Select((device, i) => new ContactsDevice(
            device.Id, device.DeviceManagementNumber, device.ModelNumber, device.HostName, registrations.GetValueOrDefault(device.Id)?.Status ?? ServiceStatus.NotApplied, contacts[i]))];
    }
}
