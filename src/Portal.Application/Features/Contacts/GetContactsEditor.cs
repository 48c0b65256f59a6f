using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;

namespace Portal.Application.Features.Contacts;

public sealed record GetContactsEditorQuery(Guid DeviceId);

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

/// <summary>
/// 連絡先の変更, read side, for one device: everyone who sees it gets its contacts and who may be chosen, read-only
/// with the reason unless they may edit (administrators and deputies, opened devices).
/// </summary>
public sealed class GetContactsEditorHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser)
{
    public async Task<Result<ContactsEditor>> HandleAsync(GetContactsEditorQuery query, CancellationToken cancellationToken = default)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<ContactsEditor>();
        }

        await using var db = dbFactory.Create();
        var accountId = await db.Devices.VisibleTo(db, actor).Where(d => d.Id == query.DeviceId).Select(d => (Guid?)d.SupportAccountId).SingleOrDefaultAsync(cancellationToken);
        if (accountId is not { } supportAccountId)
        {
            return Result.NotFound().As<ContactsEditor>();
        }

        var role = await Membership.RoleAsync(db, actor, supportAccountId, cancellationToken);
        var editor = await LoadAsync(db, supportAccountId, [query.DeviceId], cancellationToken);
        var refusal = role is { } r && r.CanManage()
            ? editor.Devices[0].IsOpened ? null : ErrorCodes.ContactsChangeNeedsOpenedService
            : ErrorCodes.ChangeRequiresAdministrator;
        return editor with { RefusalCode = refusal };
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
        var views = await ContactsDevices.ViewsAsync(db, supportAccountId, devices, cancellationToken);
        return new ContactsEditor(supportAccountId, account.SupportId, account.OrganizationName, views, await ContactChoices.CandidatesAsync(db, supportAccountId, cancellationToken), RefusalCode: null);
    }
}
