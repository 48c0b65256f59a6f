using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Users;

namespace Portal.Application.Features.Tokens;

/// <param name="SupportAccountId">Null: the person's own tokens. A support ID they administer: every member's tokens that reach it.</param>
public sealed record ListTokensQuery(Guid? SupportAccountId = null);

public sealed record TokenView(
    Guid Id,
    string Name,
    string OwnerName,
    TokenScope Scope,
    IReadOnlyList<string> SupportIds,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt,
    bool IsActive);

/// <summary>
/// A person's own tokens, or (for an administrator of a support ID) the tokens of its members that reach it, so they
/// can see who scripts against it and revoke. Newest first; the secret is never shown again. Of a token's support IDs,
/// only those the viewer is a member of are named.
/// </summary>
public sealed class ListTokensHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result<IReadOnlyList<TokenView>>> HandleAsync(ListTokensQuery query, CancellationToken cancellationToken = default)
    {
        var signedIn = await currentUser.InPersonAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<IReadOnlyList<TokenView>>();
        }

        await using var db = dbFactory.Create();
        IQueryable<PersonalAccessToken> tokens;
        if (query.SupportAccountId is { } accountId)
        {
            if (await Membership.RoleAsync(db, actor, accountId, cancellationToken) != MemberRole.Administrator)
            {
                return Result.NotFound().As<IReadOnlyList<TokenView>>();
            }

            tokens = db.PersonalAccessTokens.Where(t => t.SupportAccountIds.Contains(accountId));
        }
        else
        {
            tokens = db.PersonalAccessTokens.Where(t => t.UserId == actor.UserId);
        }

        var rows = await (
            from t in tokens.AsNoTracking()
            join p in db.UserProfiles on t.UserId equals p.Id
            orderby t.CreatedAt descending
            select new { Token = t, Owner = p.Name })
            .ToListAsync(cancellationToken);
        // Only the support IDs the viewer belongs to are named: a member's token may also reach another customer's.
        var accountIds = rows.SelectMany(r => r.Token.SupportAccountIds).Distinct().ToList();
        var mine = await Membership.Of(db, actor).Where(m => accountIds.Contains(m.SupportAccountId)).Select(m => m.SupportAccountId).ToListAsync(cancellationToken);
        var supportIds = await db.SupportAccounts.AsNoTracking().Where(a => mine.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.SupportId, cancellationToken);
        var now = clock.GetUtcNow();
        return rows.Select(r => new TokenView(
            r.Token.Id,
            r.Token.Name,
            r.Owner,
            r.Token.Scope,
            [.. r.Token.SupportAccountIds.Where(supportIds.ContainsKey).Select(id => supportIds[id]).Order(StringComparer.Ordinal)],
            r.Token.CreatedAt,
            r.Token.ExpiresAt,
            r.Token.LastUsedAt,
            r.Token.RevokedAt,
            r.Token.IsActive(now))).ToList();
    }
}
