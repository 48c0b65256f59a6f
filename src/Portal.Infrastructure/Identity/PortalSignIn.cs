using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Identity;

public enum SignInOutcome
{
    Succeeded,
    Failed,
    LockedOut,

    /// <summary>An external identity with no invited portal user behind it.</summary>
    NoPortalUser,
}

/// <summary>The sign-in result with the language the person chose last time, for the culture cookie.</summary>
public sealed record PortalSignInResult(SignInOutcome Outcome, string? PreferredCulture);

/// <summary>Password sign-in with lockout: repeated failures lock the account for a while.</summary>
public sealed class PortalSignIn(SignInManager<PortalIdentityUser> signInManager, PortalDbContext db)
{
    public async Task<PortalSignInResult> PasswordSignInAsync(string email, string password, bool remember)
    {
        var user = await signInManager.UserManager.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            return new PortalSignInResult(SignInOutcome.Failed, null);
        }

        var result = await signInManager.PasswordSignInAsync(user, password, remember, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return new PortalSignInResult(SignInOutcome.LockedOut, null);
        }

        if (!result.Succeeded)
        {
            return new PortalSignInResult(SignInOutcome.Failed, null);
        }

        var culture = await db.UserProfiles.Where(p => p.Id == user.Id).Select(p => p.PreferredCulture).SingleOrDefaultAsync();
        return new PortalSignInResult(SignInOutcome.Succeeded, culture);
    }

    public Task SignOutAsync() => signInManager.SignOutAsync();
}
