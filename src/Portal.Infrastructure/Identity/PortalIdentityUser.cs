using Microsoft.AspNetCore.Identity;

namespace Portal.Infrastructure.Identity;

/// <summary>Sign-in credentials; the person's profile is the domain's UserProfile with the same id.</summary>
public sealed class PortalIdentityUser : IdentityUser<Guid>
{
}

public static class PortalRoles
{
    /// <summary>Support staff of the reception and monitoring centre.</summary>
    public const string Staff = "Staff";
}

public static class PortalClaims
{
    /// <summary>The person's display name, taken from the profile at sign-in.</summary>
    public const string DisplayName = "portal:name";

    /// <summary>
    /// One sign-in session: new at each sign-in, kept when the cookie is refreshed. What is asked once per session
    /// (a staff member's reason for viewing customer data) is stored under it, on the server.
    /// </summary>
    public const string SessionId = "portal:sid";

    /// <summary>
    /// Present when the person is an administrator or deputy of at least one support ID: the menus offer what only
    /// they can do (applying, changing contacts). Rebuilt with the cookie, so a role change shows within a minute;
    /// the handlers decide, the claim only chooses what to offer.
    /// </summary>
    public const string ManagesSupportId = "portal:manages";

    /// <summary>The authentication scheme (and identity type) of calls through a personal access token.</summary>
    public const string TokenScheme = "ApiToken";

    /// <summary>A call through a personal access token: the token's id (with its name, scope and support IDs below).</summary>
    public const string TokenId = "portal:token";

    public const string TokenName = "portal:token-name";

    /// <summary>"Read" or "ReadWrite".</summary>
    public const string TokenScope = "portal:token-scope";

    /// <summary>One claim per support account the token reaches.</summary>
    public const string TokenSupportAccount = "portal:token-account";
}
