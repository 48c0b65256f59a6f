using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Users;
using Portal.Application.Features.Notifications;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Identity;

/// <summary>
/// A signed-in person changes the address they sign in with. Nothing changes until they open the link mailed to the
/// new address (Identity's change-e-mail token, for that address and account, expiring after an hour); then the old
/// address is told, and every session of the account ends. The profile's contact address is separate (the centre
/// mails contacts there) and changes on the profile page.
/// </summary>
public sealed class SignInEmailChange(SignInManager<PortalIdentityUser> signInManager, PortalDbContext db, TimeProvider clock)
{
    public async Task<Result> RequestAsync(ClaimsPrincipal principal, string? newEmail, string? currentPassword)
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

        var email = ContactFormats.Normalize(newEmail);
        if (!ContactFormats.IsEmail(email))
        {
            return Result.Invalid(ErrorCodes.EmailInvalid, "NewEmail");
        }

        var now = clock.GetUtcNow();
        if (await SignInThrottle.CheckCurrentPasswordAsync(users, db, user, currentPassword, signInManager.Context.Connection.RemoteIpAddress?.ToString() ?? "unknown", now) is { } wrong)
        {
            return Result.Invalid(wrong, "CurrentPassword");
        }

        var person = await AccountMail.PersonAsync(db, user);
        if (await users.FindByEmailAsync(email) is { } other && other.Id != user.Id)
        {
            // Told to the new address only: the page answers as for any address, so it finds out no one's account.
            await AccountMail.SendAsync(db, person, email, MailKind.SignInEmailInUse, now, null, AuditAction.SignInEmailChangeRequested, new { Email = address }, new { Email = email, InUse = true });
            return Result.Ok();
        }

        var token = await users.GenerateChangeEmailTokenAsync(user, email);
        var link = $"account/email/confirm?user={user.Id:N}&email={Uri.EscapeDataString(email)}&token={Uri.EscapeDataString(token)}";
        await AccountMail.SendAsync(db, person, email, MailKind.SignInEmailConfirm, now, link, AuditAction.SignInEmailChangeRequested, new { Email = address }, new { Email = email }, email, MailComposer.Japan(now + PasswordReset.TokenLifespan));
        return Result.Ok();
    }

    /// <summary>Completes the change from the mailed link; a browser signed in as the account stays signed in.</summary>
    public async Task<Result> ConfirmAsync(ClaimsPrincipal principal, string? userId, string? newEmail, string? token)
    {
        var users = signInManager.UserManager;
        if (!Guid.TryParse(userId, out var id) || string.IsNullOrEmpty(newEmail) || string.IsNullOrEmpty(token)
            || await users.FindByIdAsync(id.ToString()) is not { Email: { } oldAddress } user)
        {
            return Result.Invalid(ErrorCodes.LinkInvalid);
        }

        // The user name is the sign-in address: both change in the one update that a valid token allows, or neither.
        user.UserName = newEmail;
        var changed = await users.ChangeEmailAsync(user, newEmail, token);
        if (!changed.Succeeded)
        {
            return changed.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName))
                ? Result.Invalid(ErrorCodes.EmailTaken)
                : Result.Invalid(ErrorCodes.LinkInvalid);
        }

        if ((await users.GetUserAsync(principal))?.Id == user.Id)
        {
            await signInManager.RefreshSignInAsync(user);
        }

        var person = await AccountMail.PersonAsync(db, user);
        await AccountMail.SendAsync(db, person, oldAddress, MailKind.SignInEmailChanged, clock.GetUtcNow(), "account/login", AuditAction.SignInEmailChanged, new { Email = oldAddress }, new { Email = newEmail }, oldAddress, newEmail);
        return Result.Ok();
    }
}
