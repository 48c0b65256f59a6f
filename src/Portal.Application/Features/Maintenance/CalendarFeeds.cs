using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;

namespace Portal.Application.Features.Maintenance;

public sealed record CalendarFeedLink(string SupportId, string OrganizationName, string Token);

public sealed record CalendarFeedEvent(Guid Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string DeviceManagementNumber, string ModelNumber, string HostName, string Reason);

public sealed record CalendarFeed(string OrganizationName, IReadOnlyList<CalendarFeedEvent> Events);

/// <summary>
/// The maintenance calendar (.ics) of each support ID the person belongs to: a link with a secret token,
/// because calendar programs subscribe without signing in.
/// </summary>
public sealed class CalendarFeedsHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public static readonly TimeSpan PastShown = TimeSpan.FromDays(30);

    public async Task<Result<IReadOnlyList<CalendarFeedLink>>> MyFeedsAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { } actor)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn).As<IReadOnlyList<CalendarFeedLink>>();
        }

        await using var db = dbFactory.Create();
        var accounts = await (
            from m in db.SupportMemberships
            where m.UserId == actor.UserId
            join a in db.SupportAccounts on m.SupportAccountId equals a.Id
            select a)
            .ToListAsync(cancellationToken);
        foreach (var account in accounts.Where(a => a.EnsureCalendarFeedToken()))
        {
            db.Record(actor, clock.GetUtcNow(), "CreateCalendarFeed", nameof(SupportAccount), account.Id.ToString(), null, null, new { Feed = "created" });
        }

        await db.SaveChangesAsync(cancellationToken);
        var organizationIds = accounts.Select(a => a.OrganizationId).Distinct().ToList();
        var names = await db.Organizations.Where(o => organizationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        return accounts.OrderBy(a => a.SupportId, StringComparer.Ordinal).Select(a => new CalendarFeedLink(a.SupportId, names[a.OrganizationId], a.CalendarFeedToken!)).ToList();
    }

    /// <summary>The feed behind a token: its support ID's windows from 30 days ago on. An unknown token is not found.</summary>
    public async Task<Result<CalendarFeed>> FeedAsync(string token, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        var account = string.IsNullOrEmpty(token) ? null : await db.SupportAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.CalendarFeedToken == token, cancellationToken);
        if (account is null)
        {
            return Result.NotFound().As<CalendarFeed>();
        }

        var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == account.OrganizationId, cancellationToken);
        var since = clock.GetUtcNow() - PastShown;
        var events = await (
            from w in db.MaintenanceWindows
            where w.CancelledAt == null && w.EndsAt > since
            join d in db.Devices on w.DeviceId equals d.Id
            where d.SupportAccountId == account.Id
            orderby w.StartsAt
            select new CalendarFeedEvent(w.Id, w.StartsAt, w.EndsAt, d.DeviceManagementNumber, d.ModelNumber, d.HostName, w.Reason))
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return new CalendarFeed($"{organization.Name} {account.SupportId}", events);
    }
}
