using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;

namespace Portal.Application.Features.Maintenance;

/// <summary>A member's feed on one support ID: issued when, and whether they may revoke everyone's.</summary>
public sealed record CalendarFeedStatus(Guid SupportAccountId, string SupportId, string OrganizationName, DateTimeOffset? IssuedAt, bool CanRevokeAll);

public sealed record ListMyCalendarFeedsQuery;

/// <summary>The signed-in member's maintenance calendar feeds, one per support ID they belong to.</summary>
public sealed class ListMyCalendarFeedsHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser)
{
    public async Task<Result<IReadOnlyList<CalendarFeedStatus>>> HandleAsync(ListMyCalendarFeedsQuery query, CancellationToken cancellationToken = default)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<IReadOnlyList<CalendarFeedStatus>>();
        }

        await using var db = dbFactory.Create();
        return await (
            from m in Membership.Of(db, actor)
            join a in db.SupportAccounts on m.SupportAccountId equals a.Id
            join o in db.Organizations on a.OrganizationId equals o.Id
            orderby a.SupportId
            select new CalendarFeedStatus(a.Id, a.SupportId, o.Name, m.CalendarFeedIssuedAt, m.Role != MemberRole.User))
            .AsNoTracking()
            .ToListAsync(cancellationToken);
    }
}
