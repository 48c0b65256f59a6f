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
            // A token acts as its owner, never as staff, and only on its own support IDs; its claims come from the
            // token scheme alone, and anything else carrying them acts as nobody.
            var accounts = user.FindAll(PortalClaims.TokenSupportAccount).Select(c => Guid.TryParse(c.Value, out var account) ? account : (Guid?)null).ToList();
            return user.Identity.AuthenticationType == PortalClaims.TokenScheme
                && Guid.TryParse(token, out var tokenId)
                && Enum.TryParse<TokenScope>(user.FindFirstValue(PortalClaims.TokenScope), out var scope)
                && accounts.All(a => a is not null)
                ? new Actor(id, name, IsStaff: false, Token: new ActorToken(tokenId, user.FindFirstValue(PortalClaims.TokenName) ?? string.Empty, scope, [.. accounts.Select(a => a!.Value)]))
                : null;
        }

        return new Actor(id, name, user.IsInRole(PortalRoles.Staff), user.FindFirstValue(PortalClaims.SessionId));
    }
}
