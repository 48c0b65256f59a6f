using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Portal.Infrastructure.Identity;

/// <summary>
/// The sign-in cookie is checked against the account (it still exists, is not locked, and its security stamp is
/// the one the cookie was issued with) every <see cref="SecurityStampValidatorOptions.ValidationInterval"/>, one
/// minute here; a staff cookie on every request, because it opens every customer's data. Sign-out, role changes
/// and locks change the stamp, so every copy of an old cookie stops working within that bound.
/// </summary>
public sealed class PortalSecurityStampValidator(IOptions<SecurityStampValidatorOptions> options, SignInManager<PortalIdentityUser> signInManager, ILoggerFactory logger)
    : SecurityStampValidator<PortalIdentityUser>(options, signInManager, logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>The refreshed principal is built anew; it keeps the session id of the one it replaces.</summary>
    public static Task KeepSession(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.CurrentPrincipal?.FindFirst(PortalClaims.SessionId) is { } session && context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity)
        {
            foreach (var fresh in identity.FindAll(PortalClaims.SessionId).ToList())
            {
                identity.RemoveClaim(fresh);
            }

            identity.AddClaim(new System.Security.Claims.Claim(PortalClaims.SessionId, session.Value));
        }

        return Task.CompletedTask;
    }

    /// <summary>Identity's own check (the account exists, the stamp matches), and the account is not locked.</summary>
    protected override async Task<PortalIdentityUser?> VerifySecurityStamp(System.Security.Claims.ClaimsPrincipal? principal) =>
        await base.VerifySecurityStamp(principal) is { } user && !await SignInManager.UserManager.IsLockedOutAsync(user) ? user : null;

    public override Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal?.IsInRole(PortalRoles.Staff) == true)
        {
            // No issue time: the base class then checks now, whatever the interval.
            context.Properties.IssuedUtc = null;
        }

        return base.ValidateAsync(context);
    }
}
