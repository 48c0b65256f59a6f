using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Users;

namespace Portal.Application.Features.Tokens;

/// <param name="ExpiresOn">The last day (Japan time) the token works; at most a year ahead.</param>
public sealed record CreateTokenCommand(string? Name, TokenScope Scope, IReadOnlyList<Guid> SupportAccountIds, DateOnly ExpiresOn);

/// <param name="Text">The token itself: shown this once, never stored.</param>
public sealed record CreatedToken(Guid Id, string Name, string Text, DateTimeOffset ExpiresAt);

/// <summary>
/// A person makes a token for their own support IDs (any of their memberships, whatever the role: the role is
/// looked up on each call). A token cannot make another token.
/// </summary>
public sealed class CreateTokenHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result<CreatedToken>> HandleAsync(CreateTokenCommand command, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { Token: null, IsStaff: false } actor)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn).As<CreatedToken>();
        }

        await using var db = dbFactory.Create();
        var chosen = command.SupportAccountIds.Distinct().ToList();
        var mine = await Membership.Of(db, actor).Where(m => chosen.Contains(m.SupportAccountId)).CountAsync(cancellationToken);
        if (mine != chosen.Count)
        {
            return Result.NotFound().As<CreatedToken>();
        }

        var now = clock.GetUtcNow();

        // The token works through the whole of its last day in Japan; a day past any allowed one is refused as such.
        var latest = JapanTime.Today(clock).AddDays(PersonalAccessToken.MaxLifetimeDays + 1);
        var expiresAt = command.ExpiresOn < latest ? JapanTime.StartOf(command.ExpiresOn.AddDays(1)) : JapanTime.StartOf(latest.AddDays(1));
        var created = PersonalAccessToken.Create(actor.UserId, command.Name, command.Scope, chosen, expiresAt, now);
        if (!created.IsOk)
        {
            return created.As<CreatedToken>();
        }

        var (token, text) = created.Value;
        db.PersonalAccessTokens.Add(token);
        db.Record(actor, now, AuditAction.TokenCreated, nameof(PersonalAccessToken), token.Id.ToString(), null, null, TokenAudit.Of(token));
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedToken(token.Id, token.Name, text, token.ExpiresAt);
    }
}
