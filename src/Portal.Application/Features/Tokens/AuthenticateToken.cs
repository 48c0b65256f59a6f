using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Users;

namespace Portal.Application.Features.Tokens;

public sealed record AuthenticateTokenQuery(string Text);

/// <summary>
/// Turns the text of a personal access token into the actor it acts as, or null. The token's id finds the one
/// record; its secret is then checked against that record only. A revoked or expired token acts as nobody, and so
/// does one whose owner's account was deleted (the profile, and with it the token, goes with the account). Roles are not decided here: each call's handlers read the owner's role on
/// the support ID as it is then.
/// </summary>
public sealed class AuthenticateTokenHandler(IPortalDbContextFactory dbFactory, TimeProvider clock)
{
    public async Task<Actor?> HandleAsync(AuthenticateTokenQuery query, CancellationToken cancellationToken = default)
    {
        if (PersonalAccessToken.Parse(query.Text) is not var (id, secret))
        {
            return null;
        }

        await using var db = dbFactory.Create();
        var found = await (
            from t in db.PersonalAccessTokens
            where t.Id == id
            join p in db.UserProfiles on t.UserId equals p.Id
            select new { Token = t, Owner = p.Name })
            .SingleOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow();
        if (found is null || !found.Token.Verifies(secret, now))
        {
            return null;
        }

        if (found.Token.MarkUsed(now))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        var token = found.Token;
        // The token's name goes with the owner's on every audit entry and mail its calls cause.
        return new Actor(token.UserId, $"{found.Owner} (API: {token.Name})", IsStaff: false, Token: new ActorToken(token.Id, token.Name, token.Scope, [.. token.SupportAccountIds]));
    }
}
