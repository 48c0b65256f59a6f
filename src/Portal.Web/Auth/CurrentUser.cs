using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Users;
using Portal.Infrastructure.Identity;

namespace Portal.Web.Auth;

/// <summary>
/// The acting user as the application layer sees it, from Blazor's authentication state (which is
/// what a long-lived circuit keeps, unlike HttpContext).
/// </summary>
internal sealed class CurrentUser(AuthenticationStateProvider authenticationState) : ICurrentUser
{
    public async Task<Actor?> GetActorAsync() => ToActor((await authenticationState.GetAuthenticationStateAsync()).User);

    public static Actor? ToActor(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || !Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            return null;
        }

        var name = user.FindFirstValue(PortalClaims.DisplayName) ?? user.Identity.Name ?? string.Empty;
        if (user.FindFirstValue(PortalClaims.TokenId) is { } token)
        {
            // A token acts as its owner, never as staff, and only on its own support IDs.
            return new Actor(id, name, IsStaff: false, Token: new ActorToken(
                Guid.Parse(token),
                user.FindFirstValue(PortalClaims.TokenName) ?? string.Empty,
                Enum.Parse<TokenScope>(user.FindFirstValue(PortalClaims.TokenScope)!),
                [.. user.FindAll(PortalClaims.TokenSupportAccount).Select(c => Guid.Parse(c.Value))]));
        }

        return new Actor(id, name, user.IsInRole(PortalRoles.Staff), user.FindFirstValue(PortalClaims.SessionId));
    }
}
