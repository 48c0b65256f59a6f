using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;

namespace Portal.Application.Features.Contacts;

public sealed record ListBulkContactsAccountsQuery;

/// <summary>A support ID in the bulk editor: how many opened devices it has, and who may be chosen as their contacts.</summary>
public sealed record BulkContactsAccount(Guid SupportAccountId, string SupportId, string OrganizationName, int OpenedDevices, IReadOnlyList<ContactCandidate> Candidates);

/// <summary>
/// 連絡先の変更, read side, the bulk editor: each support ID the person administers, with how many opened devices it
/// has and who may be chosen. Its devices come a page at a time from <see cref="ListContactsDevicesHandler"/>.
/// </summary>
public sealed class ListBulkContactsAccountsHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser)
{
    public async Task<Result<IReadOnlyList<BulkContactsAccount>>> HandleAsync(ListBulkContactsAccountsQuery query, CancellationToken cancellationToken = default)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<IReadOnlyList<BulkContactsAccount>>();
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
            var opened = await ContactsDevices.Opened(db, account.Id).CountAsync(cancellationToken);
            accounts.Add(new(account.Id, account.SupportId, account.OrganizationName, opened, await ContactChoices.CandidatesAsync(db, account.Id, cancellationToken)));
        }

        return accounts;
    }
}
