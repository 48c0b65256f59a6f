using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Customers;

namespace Portal.Application.Features.Maintenance;

public sealed record RevokeAllCalendarFeedsCommand(Guid SupportAccountId);

/// <summary>An administrator or deputy ends every member's feed of the support ID (a link shared too widely, say).</summary>
public sealed class RevokeAllCalendarFeedsHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    /// <returns>How many feeds were ended.</returns>
    public async Task<Result<int>> HandleAsync(RevokeAllCalendarFeedsCommand command, CancellationToken cancellationToken = default)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<int>();
        }

        await using var db = dbFactory.Create();
        var members = await db.SupportMemberships.Where(m => m.SupportAccountId == command.SupportAccountId).ToListAsync(cancellationToken);
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
            db.Record(actor, clock.GetUtcNow(), AuditAction.RevokeAllCalendarFeeds, nameof(SupportAccount), command.SupportAccountId.ToString(), null, null, new { Feeds = ended });
            await db.SaveChangesAsync(cancellationToken);
        }

        return ended;
    }
}
