namespace Portal.Application.Abstractions;

/// <summary>Who is acting. Customers act through support-ID memberships; staff see every customer.</summary>
/// <param name="SessionId">The sign-in session (what staff are asked once per session is kept under it); null outside one.</param>
public sealed record Actor(Guid UserId, string Name, bool IsStaff, string? SessionId = null);

/// <summary>Built by the host (the web layer from its authentication state); null when nobody is signed in.</summary>
public interface ICurrentUser
{
    Task<Actor?> GetActorAsync();
}
