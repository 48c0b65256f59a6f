using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;

namespace Portal.Application.Features.Maintenance;

public sealed record CalendarFeedLink(string OrganizationName, string Token);

public sealed record CalendarFeedEvent(Guid Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string DeviceManagementNumber, string ModelNumber, string HostName, string Reason);

public sealed record CalendarFeed(string OrganizationName, IReadOnlyList<CalendarFeedEvent> Events);

/// <summary>
/// The maintenance calendar (.ics) of each customer the person belongs to: a link with a secret token,
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
        var organizations = await (
            from m in db.SupportMemberships
            where m.UserId == actor.UserId
            join a in db.SupportAccounts on m.SupportAccountId equals a.Id
            join o in db.Organizations on a.OrganizationId equals o.Id
            select o)
            .Distinct()
            .ToListAsync(cancellationToken);
        foreach (var organization in organizations.Where(o => o.EnsureCalendarFeedToken()))
        {
            db.Record(actor, clock.GetUtcNow(), "CreateCalendarFeed", nameof(CustomerOrganization), organization.Id.ToString(), null, null, new { Feed = "created" });
        }

        await db.SaveChangesAsync(cancellationToken);
        return organizations.OrderBy(o => o.Name, StringComparer.Ordinal).Select(o => new CalendarFeedLink(o.Name, o.CalendarFeedToken!)).ToList();
    }

    /// <summary>The feed behind a token: the customer's windows from 30 days ago on. An unknown token is not found.</summary>
    public async Task<Result<CalendarFeed>> FeedAsync(string token, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        var organization = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.CalendarFeedToken == token, cancellationToken);
        if (organization is null || string.IsNullOrEmpty(token))
        {
            return Result.NotFound().As<CalendarFeed>();
        }

        var since = clock.GetUtcNow() - PastShown;
        var events = await (
            from w in db.MaintenanceWindows
            where w.CancelledAt == null && w.EndsAt > since
            join d in db.Devices on w.DeviceId equals d.Id
            join a in db.SupportAccounts on d.SupportAccountId equals a.Id
            where a.OrganizationId == organization.Id
            orderby w.StartsAt
            select new CalendarFeedEvent(w.Id, w.StartsAt, w.EndsAt, d.DeviceManagementNumber, d.ModelNumber, d.HostName, w.Reason))
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return new CalendarFeed(organization.Name, events);
    }
}
