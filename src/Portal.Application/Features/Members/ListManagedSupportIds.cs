using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;

namespace Portal.Application.Features.Members;

public sealed record ListManagedSupportIdsQuery;

/// <summary>A support ID the person may manage the members of.</summary>
public sealed record ManagedSupportId(Guid SupportAccountId, string SupportId, string OrganizationName, MemberRole Role);

/// <summary>ユーザ管理: the support IDs whose members the signed-in person may manage (as administrator or deputy), by support ID.</summary>
public sealed class ListManagedSupportIdsHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser)
{
    public async Task<Result<IReadOnlyList<ManagedSupportId>>> HandleAsync(ListManagedSupportIdsQuery query, CancellationToken cancellationToken = default)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<IReadOnlyList<ManagedSupportId>>();
        }

        await using var db = dbFactory.Create();
        return await (
            from m in Membership.Of(db, actor)
            where MemberRoleExtensions.ManagingRoles.Contains(m.Role)
            join a in db.SupportAccounts on m.SupportAccountId equals a.Id
            join o in db.Organizations on a.OrganizationId equals o.Id
            orderby a.SupportId
            select new ManagedSupportId(a.Id, a.SupportId, o.Name, m.Role))
            .AsNoTracking()
            .ToListAsync(cancellationToken);
    }
}
