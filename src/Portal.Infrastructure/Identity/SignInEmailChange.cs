using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Portal.Application.Common;
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
        var errors = new List<Error>();
        if (!ContactFormats.IsEmail(email))
        {
            errors.Add(new Error(ErrorCodes.EmailInvalid, "NewEmail"));
        }
        else if (await users.FindByEmailAsync(email) is { } other && other.Id != user.Id)
        {
            errors.Add(new Error(ErrorCodes.EmailTaken, "NewEmail"));
        }

        if (!await users.CheckPasswordAsync(user, currentPassword ?? string.Empty))
        {
            errors.Add(new Error(ErrorCodes.PasswordWrong, "CurrentPassword"));
        }

        if (errors.Count > 0)
        {
            return Result.Invalid([.. errors]);
        }

        var now = clock.GetUtcNow();
        var token = await users.GenerateChangeEmailTokenAsync(user, email);
        var link = $"account/email/confirm?user={user.Id:N}&email={Uri.EscapeDataString(email)}&token={Uri.EscapeDataString(token)}";
        var person = await AccountMail.PersonAsync(db, user);
        await AccountMail.SendAsync(db, person, email, MailKind.SignInEmailConfirm, now, link, "SignInEmailChangeRequested", new { Email = address }, new { Email = email }, email, MailComposer.Japan(now + PasswordReset.TokenLifespan));
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

        // The user name is the sign-in address: both change in one update, or neither.
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
        await AccountMail.SendAsync(db, person, oldAddress, MailKind.SignInEmailChanged, clock.GetUtcNow(), "account/login", "SignInEmailChanged", new { Email = oldAddress }, new { Email = newEmail }, oldAddress, newEmail);
        return Result.Ok();
    }
}
