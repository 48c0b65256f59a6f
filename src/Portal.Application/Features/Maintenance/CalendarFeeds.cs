using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Audit;

namespace Portal.Application.Features.Maintenance;

/// <summary>A member's feed on one support ID: issued when, and whether they may revoke everyone's.</summary>
public sealed record CalendarFeedStatus(Guid SupportAccountId, string SupportId, string OrganizationName, DateTimeOffset? IssuedAt, bool CanRevokeAll);

/// <summary>A feed just issued: the address's two parts, shown this once (the secret is not kept).</summary>
public sealed record CalendarFeedLink(string SupportId, Guid FeedId, string Secret)
{
    public string Path => $"/calendar/{FeedId:N}/{Secret}.ics";
}

public sealed record CalendarFeedEvent(Guid Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string DeviceManagementNumber, string ModelNumber, string HostName, string Reason, int Sequence);

public sealed record CalendarFeed(string OrganizationName, IReadOnlyList<CalendarFeedEvent> Events);

/// <summary>
/// Each member's maintenance calendar (.ics) of each support ID they belong to, for calendar programs that
/// subscribe without signing in. The address names the feed and carries its secret: the feed is found by its
/// id and the secret only checked against it. A member issues (or re-issues, ending the old address) and
/// revokes their own; an administrator or deputy can revoke every member's at once; a feed ends with its
/// membership.
/// </summary>
public sealed class CalendarFeedsHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public static readonly TimeSpan PastShown = TimeSpan.FromDays(30);

    public async Task<Result<IReadOnlyList<CalendarFeedStatus>>> MyFeedsAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { } actor)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn).As<IReadOnlyList<CalendarFeedStatus>>();
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

    /// <summary>A new address for the signed-in member's feed of the support ID; the previous one stops working.</summary>
    public async Task<Result<CalendarFeedLink>> IssueAsync(Guid supportAccountId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { } actor)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn).As<CalendarFeedLink>();
        }

        await using var db = dbFactory.Create();
        var membership = await Membership.Of(db, actor).SingleOrDefaultAsync(m => m.SupportAccountId == supportAccountId, cancellationToken);
        if (membership is null)
        {
            return Result.NotFound().As<CalendarFeedLink>();
        }

        var now = clock.GetUtcNow();
        var replaced = membership.CalendarFeedIssuedAt;
        var secret = membership.IssueCalendarFeed(now);
        var supportId = await db.SupportAccounts.Where(a => a.Id == supportAccountId).Select(a => a.SupportId).SingleAsync(cancellationToken);
        db.Record(actor, now, AuditAction.IssueCalendarFeed, nameof(SupportMembership), $"{supportAccountId}/{actor.UserId}", null, new { IssuedAt = replaced }, new { membership.CalendarFeedIssuedAt });
        await db.SaveChangesAsync(cancellationToken);
        return new CalendarFeedLink(supportId, membership.CalendarFeedId!.Value, secret);
    }

    /// <summary>Ends the signed-in member's feed of the support ID.</summary>
    public async Task<Result> RevokeAsync(Guid supportAccountId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { } actor)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn);
        }

        await using var db = dbFactory.Create();
        var membership = await Membership.Of(db, actor).SingleOrDefaultAsync(m => m.SupportAccountId == supportAccountId, cancellationToken);
        if (membership is null)
        {
            return Result.NotFound();
        }

        var issued = membership.CalendarFeedIssuedAt;
        if (membership.RevokeCalendarFeed())
        {
            db.Record(actor, clock.GetUtcNow(), AuditAction.RevokeCalendarFeed, nameof(SupportMembership), $"{supportAccountId}/{actor.UserId}", null, new { IssuedAt = issued }, new { IssuedAt = (DateTimeOffset?)null });
            await db.SaveChangesAsync(cancellationToken);
        }

        return Result.Ok();
    }

    /// <summary>An administrator or deputy ends every member's feed of the support ID (a link shared too widely, say).</summary>
    /// <returns>How many feeds were ended.</returns>
    public async Task<Result<int>> RevokeAllAsync(Guid supportAccountId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { } actor)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn).As<int>();
        }

        await using var db = dbFactory.Create();
        var members = await db.SupportMemberships.Where(m => m.SupportAccountId == supportAccountId).ToListAsync(cancellationToken);
        if (members.SingleOrDefault(m => m.UserId == actor.UserId) is not { } own)
        {
            return Result.NotFound().As<int>();
        }

        if (own.Role == MemberRole.User)
        {
            return Result.Forbidden(ErrorCodes.ChangeRequiresAdministrator).As<int>();
        }

        var ended = members.Count(m => m.RevokeCalendarFeed());
        if (ended > 0)
        {
            db.Record(actor, clock.GetUtcNow(), AuditAction.RevokeAllCalendarFeeds, nameof(SupportAccount), supportAccountId.ToString(), null, null, new { Feeds = ended });
            await db.SaveChangesAsync(cancellationToken);
        }

        return ended;
    }

    /// <summary>
    /// The feed behind an address: its support ID's windows from 30 days ago on. An unknown id, a wrong secret and
    /// a revoked feed are all the same "not found".
    /// </summary>
    public async Task<Result<CalendarFeed>> FeedAsync(Guid feedId, string secret, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        var membership = await db.SupportMemberships.AsNoTracking().SingleOrDefaultAsync(m => m.CalendarFeedId == feedId, cancellationToken);
        if (membership is null || !membership.CalendarFeedSecretMatches(secret))
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
