using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
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
/// Password sign-in. Failures stop one address's sign-ins from one client for a while (<see cref="SignInThrottle"/>),
/// not the account everywhere. An unknown address costs the same password hash as a known one and gets the same
/// answers, so neither the time nor the message tells whether an account exists. Every attempt on a known
/// account is audited (customers may ask who signed in as them, and when).
/// </summary>
public sealed class PortalSignIn(SignInManager<PortalIdentityUser> signInManager, PortalDbContext db, TimeProvider clock, IHttpContextAccessor http)
{
    private static string? _unknownAccountHash;

    public async Task<PortalSignInResult> PasswordSignInAsync(string email, string password, bool remember)
    {
        var now = clock.GetUtcNow();
        var key = SignInThrottle.KeyOf(email, http.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        if (await SignInThrottle.IsStoppedAsync(db, key, now))
        {
            return new PortalSignInResult(SignInOutcome.LockedOut, null);
        }

        var users = signInManager.UserManager;
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            // The work a known address costs: one hash of the password tried, one write.
            var hash = _unknownAccountHash ??= users.PasswordHasher.HashPassword(new PortalIdentityUser(), Guid.NewGuid().ToString());
            users.PasswordHasher.VerifyHashedPassword(new PortalIdentityUser(), hash, password);
            await SignInThrottle.FailedAsync(db, key, now);
            return new PortalSignInResult(SignInOutcome.Failed, null);
        }

        // Identity's own lockout stays for an account locked on purpose; failures are counted per client above.
        var checkedPassword = await signInManager.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false);
        var outcome = checkedPassword.Succeeded ? SignInOutcome.Succeeded : checkedPassword.IsLockedOut ? SignInOutcome.LockedOut : SignInOutcome.Failed;
        if (outcome == SignInOutcome.Succeeded)
        {
            await signInManager.SignInAsync(user, remember);
        }

        // The count and the audit entry in one commit: a wrong password costs what an unknown address does.
        var profile = await db.UserProfiles.AsNoTracking().Where(p => p.Id == user.Id).Select(p => new { p.Name, p.PreferredCulture }).SingleOrDefaultAsync();
        var actor = new Actor(user.Id, profile?.Name ?? user.UserName ?? string.Empty, IsStaff: false);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await (outcome == SignInOutcome.Succeeded ? SignInThrottle.SucceededAsync(db, key) : SignInThrottle.FailedAsync(db, key, now));
            db.Record(actor, now, outcome switch
            {
                SignInOutcome.Succeeded => AuditAction.SignInSucceeded,
                SignInOutcome.LockedOut => AuditAction.SignInLockedOut,
                _ => AuditAction.SignInFailed,
            }, "User", user.Id.ToString(), null, null, null);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        });

        return new PortalSignInResult(outcome, outcome == SignInOutcome.Succeeded ? profile?.PreferredCulture : null);
    }

    /// <summary>
    /// Signs out everywhere: a new security stamp makes every copy of this account's cookies (another browser, a
    /// saved copy) stop working at its next check, within a minute.
    /// </summary>
    public async Task SignOutAsync()
    {
        if (await signInManager.UserManager.GetUserAsync(signInManager.Context.User) is { } user)
        {
            await signInManager.UserManager.UpdateSecurityStampAsync(user);
            db.Record((await AccountMail.PersonAsync(db, user)).Actor, clock.GetUtcNow(), AuditAction.SignedOut, "User", user.Id.ToString(), null, null, null);
            await db.SaveChangesAsync();
        }

        await signInManager.SignOutAsync();
    }
}
