using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;
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

public sealed record ContactsDevice(Guid Id, string DeviceManagementNumber, string ModelNumber, string HostName, ServiceStatus Status, IReadOnlyList<ContactView> Contacts)
{
    public bool IsOpened => Status == ServiceStatus.Opened;
}

/// <summary>
/// 連絡先の変更, read side: one device (everyone who sees it, read-only with the reason unless they may edit),
/// or every opened device of the support IDs the person administers (the bulk editor).
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

    /// <summary>The bulk editor: per administered support ID, its opened devices.</summary>
    public async Task<Result<IReadOnlyList<ContactsEditor>>> ForMySupportIdsAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { } actor)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn).As<IReadOnlyList<ContactsEditor>>();
        }

        await using var db = dbFactory.Create();
        var managed = await Membership.ManagedAccounts(db, actor.UserId).Select(a => a.Id).ToListAsync(cancellationToken);
        if (managed.Count == 0)
        {
            return Result.Forbidden(ErrorCodes.ChangeRequiresAdministrator).As<IReadOnlyList<ContactsEditor>>();
        }

        var editors = new List<ContactsEditor>();
        foreach (var accountId in managed)
        {
            var opened = await (
                from d in db.Devices
                where d.SupportAccountId == accountId
                join r in db.Registrations on d.Id equals r.DeviceId
                where r.Status == ServiceStatus.Opened
                select d.Id)
                .ToListAsync(cancellationToken);
            editors.Add(await LoadAsync(db, accountId, opened, cancellationToken));
        }

        return editors.OrderBy(e => e.SupportId, StringComparer.Ordinal).ToList();
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
        var registrations = await db.Registrations.AsNoTracking()
            .Include(r => r.Contacts)
            .Where(r => deviceIds.Contains(r.DeviceId))
            .ToDictionaryAsync(r => r.DeviceId, cancellationToken);
        var candidates = await (
            from m in db.SupportMemberships
            where m.SupportAccountId == supportAccountId
            join p in db.UserProfiles on m.UserId equals p.Id
            orderby m.Role, p.Name
            select new ContactCandidate(p.Id, p.Name, p.Affiliation, p.Phone, p.Email, m.Role))
            .AsNoTracking()
            .ToListAsync(cancellationToken);

        var contacts = await ContactViews.LoadManyAsync(
            db, supportAccountId, [.. devices.Select(d => (d.Id, (IReadOnlyList<RegistrationContact>?)registrations.GetValueOrDefault(d.Id)?.Contacts ?? []))], cancellationToken);
        var views = devices.Select((device, i) => new ContactsDevice(
            device.Id, device.DeviceManagementNumber, device.ModelNumber, device.HostName, registrations.GetValueOrDefault(device.Id)?.Status ?? ServiceStatus.NotApplied, contacts[i])).ToList();

        return new ContactsEditor(supportAccountId, account.SupportId, account.OrganizationName, views, candidates, RefusalCode: null);
    }
}
