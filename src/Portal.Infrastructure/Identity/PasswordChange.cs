using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Features.Notifications;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Identity;

/// <summary>
/// A signed-in person changes their password, giving the current one. Every other session of the account ends (a new
/// security stamp); this browser is signed in again at once. Accounts of an organisation have no password here.
/// </summary>
public sealed class PasswordChange(SignInManager<PortalIdentityUser> signInManager, PortalDbContext db, TimeProvider clock)
{
    /// <summary>Whether the signed-in account has a portal password (false: it signs in through its organisation).</summary>
    public async Task<bool> HasPasswordAsync(ClaimsPrincipal principal) =>
        await signInManager.UserManager.GetUserAsync(principal) is { } user && await signInManager.UserManager.HasPasswordAsync(user);

    public async Task<Result> ChangeAsync(ClaimsPrincipal principal, string? currentPassword, string? newPassword)
    {
        var users = signInManager.UserManager;
        if (await users.GetUserAsync(principal) is not { Email: { } address } user)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn);
        }

        if (!await users.HasPasswordAsync(user))
        {
            return Result.Forbidden(ErrorCodes.ExternalAccount);
        }

        if (await SignInThrottle.CheckCurrentPasswordAsync(users, db, user, currentPassword, signInManager.Context.Connection.RemoteIpAddress?.ToString() ?? "unknown", clock.GetUtcNow()) is { } wrong)
        {
            return Result.Invalid(wrong, "CurrentPassword");
        }

        var changed = await users.ChangePasswordAsync(user, currentPassword ?? string.Empty, newPassword ?? string.Empty);
        if (!changed.Succeeded)
        {
            return Result.Invalid(ErrorCodes.PasswordRejected, "NewPassword");
        }

        await signInManager.RefreshSignInAsync(user);
        var person = await AccountMail.PersonAsync(db, user);
        await AccountMail.SendAsync(db, person, address, MailKind.PasswordChanged, clock.GetUtcNow(), "account/password", AuditAction.PasswordChanged, null, null);
        return Result.Ok();
    }
}
