using Portal.Application.Domain.Users;

namespace Portal.Application.Features.Tokens;

/// <summary>What the audit trail keeps of a token: never its secret or hash.</summary>
internal static class TokenAudit
{
    public static object Of(PersonalAccessToken token) => new { token.Name, token.Scope, SupportAccounts = token.SupportAccountIds.Count, token.ExpiresAt, token.RevokedAt };
}
