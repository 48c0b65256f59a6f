using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Customers;

namespace Portal.Application.Features.Maintenance;

public sealed record RevokeCalendarFeedCommand(Guid SupportAccountId);

/// <summary>Ends the signed-in member's feed of the support ID; a feed also ends with its membership.</summary>
public sealed class RevokeCalendarFeedHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result> HandleAsync(RevokeCalendarFeedCommand command, CancellationToken cancellationToken = default)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn;
        }

        await using var db = dbFactory.Create();
        var membership = await Membership.Of(db, actor).SingleOrDefaultAsync(m => m.SupportAccountId == command.SupportAccountId, cancellationToken);
        if (membership is null)
        {
            return Result.NotFound();
        }

        var issued = membership.CalendarFeedIssuedAt;
        if (membership.RevokeCalendarFeed())
        {
            db.Record(actor, clock.GetUtcNow(), AuditAction.RevokeCalendarFeed, nameof(SupportMembership), $"{command.SupportAccountId}/{actor.UserId}", null, new { IssuedAt = issued }, new { IssuedAt = (DateTimeOffset?)null });
            await db.SaveChangesAsync(cancellationToken);
        }

        return Result.Ok();
    }
}
