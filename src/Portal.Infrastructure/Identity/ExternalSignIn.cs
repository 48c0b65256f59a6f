using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Identity;

/// <summary>
/// Completes a sign-in through the organisation's identity provider (Entra ID via Microsoft.Identity.Web).
/// Customers are invited, not self-registered: the first sign-in links to the portal user with the same
/// verified e-mail, or is refused.
/// </summary>
public sealed class ExternalSignIn(SignInManager<PortalIdentityUser> signInManager, PortalDbContext db)
{
    public const string Scheme = "AzureAd";

    public async Task<PortalSignInResult> CompleteAsync()
    {
        var info = await signInManager.GetExternalLoginInfoAsync();
        if (info is null)
        {
            return new PortalSignInResult(SignInOutcome.Failed, null);
        }

        var linked = await signInManager.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false, bypassTwoFactor: true);
        if (linked.IsLockedOut)
        {
            return new PortalSignInResult(SignInOutcome.LockedOut, null);
        }

        var user = linked.Succeeded
            ? await signInManager.UserManager.FindByLoginAsync(info.LoginProvider, info.ProviderKey)
            : await LinkByVerifiedEmailAsync(info);
        if (user is null)
        {
            return new PortalSignInResult(SignInOutcome.NoPortalUser, null);
        }

        var culture = await db.UserProfiles.Where(p => p.Id == user.Id).Select(p => p.PreferredCulture).SingleOrDefaultAsync();
        return new PortalSignInResult(SignInOutcome.Succeeded, culture);
    }

    private async Task<PortalIdentityUser?> LinkByVerifiedEmailAsync(ExternalLoginInfo info)
    {
        var email = info.Principal.FindFirstValue(ClaimTypes.Email) ?? info.Principal.FindFirstValue("email");
        var verified = info.Principal.FindFirstValue("email_verified");
        if (string.IsNullOrWhiteSpace(email) || string.Equals(verified, "false", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var user = await signInManager.UserManager.FindByEmailAsync(email);
        if (user is null || !(await signInManager.UserManager.AddLoginAsync(user, info)).Succeeded)
        {
            return null;
        }

        await signInManager.SignInAsync(user, isPersistent: false, info.LoginProvider);
        return user;
    }
}
