using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Customers;

namespace Portal.Application.Features.Maintenance;

/// <summary>A feed just issued: the address's two parts, shown this once (the secret is not kept).</summary>
public sealed record CalendarFeedLink(string SupportId, Guid FeedId, string Secret)
{
    public string Path => $"/calendar/{FeedId:N}/{Secret}.ics";
}

public sealed record IssueCalendarFeedCommand(Guid SupportAccountId);

/// <summary>
/// Each member's maintenance calendar (.ics) of each support ID they belong to, for calendar programs that subscribe
/// without signing in. Issuing gives the signed-in member's feed of the support ID a new address, and the previous
/// one stops working. The address names the feed and carries its secret (<see cref="GetCalendarFeedHandler"/>).
/// </summary>
public sealed class IssueCalendarFeedHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result<CalendarFeedLink>> HandleAsync(IssueCalendarFeedCommand command, CancellationToken cancellationToken = default)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<CalendarFeedLink>();
        }

        await using var db = dbFactory.Create();
        var membership = await Membership.Of(db, actor).SingleOrDefaultAsync(m => m.SupportAccountId == command.SupportAccountId, cancellationToken);
        if (membership is null)
        {
            return Result.NotFound().As<CalendarFeedLink>();
        }

        var now = clock.GetUtcNow();
        var replaced = membership.CalendarFeedIssuedAt;
        var secret = membership.IssueCalendarFeed(now);
        var supportId = await db.SupportAccounts.Where(a => a.Id == command.SupportAccountId).Select(a => a.SupportId).SingleAsync(cancellationToken);
        db.Record(actor, now, AuditAction.IssueCalendarFeed, nameof(SupportMembership), $"{command.SupportAccountId}/{actor.UserId}", null, new { IssuedAt = replaced }, new { membership.CalendarFeedIssuedAt });
        await db.SaveChangesAsync(cancellationToken);
        return new CalendarFeedLink(supportId, membership.CalendarFeedId!.Value, secret);
    }
}
