using Portal.Application.Domain.Users;

namespace Portal.Application.Abstractions;

/// <summary>Who is acting. Customers act through support-ID memberships; staff see every customer.</summary>
/// <param name="SessionId">The sign-in session (what staff are asked once per session is kept under it); null outside one.</param>
/// <param name="Token">The personal access token the person acts through (the customer API); null when signed in.</param>
public sealed record Actor(Guid UserId, string Name, bool IsStaff, string? SessionId = null, ActorToken? Token = null);

/// <summary>A personal access token's limits: only its support IDs, and changes only with the read-write scope.</summary>
public sealed record ActorToken(Guid Id, string Name, TokenScope Scope, IReadOnlyList<Guid> SupportAccountIds)
{
    public bool CanChange => Scope == TokenScope.ReadWrite;
}

/// <summary>Built by the host (the web layer from its authentication state); null when nobody is signed in.</summary>
public interface ICurrentUser
{
    Task<Actor?> GetActorAsync();
}
