using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Users;

namespace Portal.Application.Features.Tokens;

public sealed record RevokeTokenCommand(Guid TokenId);

/// <summary>
/// The owner revokes their token, or an administrator of a support ID the token reaches revokes it for everyone.
/// It stops working on its next call. Anyone else learns nothing of it (not found).
/// </summary>
public sealed class RevokeTokenHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result> HandleAsync(RevokeTokenCommand command, CancellationToken cancellationToken = default)
    {
        var signedIn = await currentUser.InPersonAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn;
        }

        await using var db = dbFactory.Create();
        if (await db.PersonalAccessTokens.SingleOrDefaultAsync(t => t.Id == command.TokenId, cancellationToken) is not { } token)
        {
            return Result.NotFound();
        }

        var reached = token.SupportAccountIds.ToList();
        var administers = await Membership.Of(db, actor).AnyAsync(m => reached.Contains(m.SupportAccountId) && m.Role == MemberRole.Administrator, cancellationToken);
        if (token.UserId != actor.UserId && !administers)
        {
            return Result.NotFound();
        }

        var now = clock.GetUtcNow();
        var revoked = token.Revoke(actor.UserId, now);
        if (!revoked.IsOk)
        {
            return revoked;
        }

        db.Record(actor, now, AuditAction.TokenRevoked, nameof(PersonalAccessToken), token.Id.ToString(), null, null, TokenAudit.Of(token));
        await db.SaveChangesAsync(cancellationToken);
        return Result.Ok();
    }
}
