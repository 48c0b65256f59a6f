using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
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

/// <summary>
/// Password sign-in with lockout: repeated failures lock the account for a while. Every attempt on a
/// known account is audited (customers may ask who signed in as them, and when).
/// </summary>
public sealed class PortalSignIn(SignInManager<PortalIdentityUser> signInManager, PortalDbContext db, TimeProvider clock)
{
    public async Task<PortalSignInResult> PasswordSignInAsync(string email, string password, bool remember)
    {
        var user = await signInManager.UserManager.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            return new PortalSignInResult(SignInOutcome.Failed, null);
        }

        var result = await signInManager.PasswordSignInAsync(user, password, remember, lockoutOnFailure: true);
        var outcome = result.Succeeded ? SignInOutcome.Succeeded : result.IsLockedOut ? SignInOutcome.LockedOut : SignInOutcome.Failed;
        var profile = await db.UserProfiles.AsNoTracking().Where(p => p.Id == user.Id).Select(p => new { p.Name, p.PreferredCulture }).SingleOrDefaultAsync();
        db.Record(new Actor(user.Id, profile?.Name ?? user.UserName ?? string.Empty, IsStaff: false), clock.GetUtcNow(), $"SignIn{outcome}", "User", user.Id.ToString(), null, null, null);
        await db.SaveChangesAsync();
        return new PortalSignInResult(outcome, outcome == SignInOutcome.Succeeded ? profile?.PreferredCulture : null);
    }

    public Task SignOutAsync() => signInManager.SignOutAsync();
}
