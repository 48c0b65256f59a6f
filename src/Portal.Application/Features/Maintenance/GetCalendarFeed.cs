using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;

namespace Portal.Application.Features.Maintenance;

public sealed record CalendarFeedEvent(Guid Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string DeviceManagementNumber, string ModelNumber, string HostName, string Reason, int Sequence);

public sealed record CalendarFeed(string OrganizationName, IReadOnlyList<CalendarFeedEvent> Events);

/// <param name="FeedId">The feed the address names.</param>
/// <param name="Secret">The address's secret, only checked against that feed.</param>
public sealed record GetCalendarFeedQuery(Guid FeedId, string Secret);

/// <summary>
/// The feed behind an address, for calendar programs that subscribe without signing in: its support ID's windows
/// from 30 days ago on. The feed is found by its id and the secret only checked against it; an unknown id, a wrong
/// secret and a revoked feed are all the same "not found".
/// </summary>
public sealed class GetCalendarFeedHandler(IPortalDbContextFactory dbFactory, TimeProvider clock)
{
    public static readonly TimeSpan PastShown = TimeSpan.FromDays(30);

    public async Task<Result<CalendarFeed>> HandleAsync(GetCalendarFeedQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        var membership = await db.SupportMemberships.AsNoTracking().SingleOrDefaultAsync(m => m.CalendarFeedId == query.FeedId, cancellationToken);
        if (membership is null || !membership.CalendarFeedSecretMatches(query.Secret))
        {
            return Result.NotFound().As<CalendarFeed>();
        }

        var account = await db.SupportAccounts.AsNoTracking().SingleAsync(a => a.Id == membership.SupportAccountId, cancellationToken);
        var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == account.OrganizationId, cancellationToken);
        var since = clock.GetUtcNow() - PastShown;
        var events = await (
            from w in db.MaintenanceWindows
            where w.CancelledAt == null && w.EndsAt > since
            join d in db.Devices on w.DeviceId equals d.Id
            where d.SupportAccountId == account.Id
            orderby w.StartsAt
            select new CalendarFeedEvent(w.Id, w.StartsAt, w.EndsAt, d.DeviceManagementNumber, d.ModelNumber, d.HostName, w.Reason, w.Sequence))
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return new CalendarFeed($"{organization.Name} {account.SupportId}", events);
    }
}
