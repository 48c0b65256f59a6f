using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Features.Notifications;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Identity;

/// <summary>
/// A forgotten password, reset through a link mailed to the account's sign-in address (Identity's own reset token:
/// bound to the account's security stamp, so it works once, and expiring after <see cref="TokenLifespan"/>). The
/// request answers the same whether or not the address has an account. An account that signs in through its
/// organisation has no password here and is told where its password lives instead.
/// </summary>
public sealed class PasswordReset(UserManager<PortalIdentityUser> users, PortalDbContext db, TimeProvider clock)
{
    public static readonly TimeSpan TokenLifespan = TimeSpan.FromHours(1);

    /// <summary>A mailbox gets at most one reset mail in this time, however often a stranger asks for one.</summary>
    public static readonly TimeSpan MailInterval = TimeSpan.FromMinutes(5);

    public async Task RequestAsync(string? email)
    {
        var now = clock.GetUtcNow();
        if (string.IsNullOrWhiteSpace(email) || await users.FindByEmailAsync(email.Trim()) is not { Email: { } address } user)
        {
            return;
        }

        var kinds = new[] { nameof(MailKind.PasswordReset), nameof(MailKind.PasswordManagedElsewhere) };
        var since = now - MailInterval;
        if (await db.Notifications.AnyAsync(n => n.Recipient == address && kinds.Contains(n.Kind) && n.CreatedAt > since))
        {
            return;
        }

        var person = await AccountMail.PersonAsync(db, user);
        if (!await users.HasPasswordAsync(user))
        {
            await AccountMail.SendAsync(db, person, address, MailKind.PasswordManagedElsewhere, now, null, "PasswordResetRequested", null, new { External = true });
            return;
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = $"account/reset?user={user.Id:N}&token={Uri.EscapeDataString(token)}";
        await AccountMail.SendAsync(db, person, address, MailKind.PasswordReset, now, link, "PasswordResetRequested", null, null, MailComposer.Japan(now + TokenLifespan));
    }

    /// <summary>Sets the new password when the link is the account's and still valid; every session of the account ends.</summary>
    public async Task<Result> CompleteAsync(string? userId, string? token, string? password)
    {
        if (!Guid.TryParse(userId, out var id) || string.IsNullOrEmpty(token) || await users.FindByIdAsync(id.ToString()) is not { Email: { } address } user)
        {
            return Result.Invalid(ErrorCodes.LinkInvalid);
        }

        var reset = await users.ResetPasswordAsync(user, token, password ?? string.Empty);
        if (!reset.Succeeded)
        {
            return reset.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken))
                ? Result.Invalid(ErrorCodes.LinkInvalid)
                : Result.Invalid(ErrorCodes.PasswordRejected, "Password");
        }

        // Identity's own lock of an account (not the per-client sign-in throttle) is lifted by proving the mailbox.
        await users.SetLockoutEndDateAsync(user, null);
        var person = await AccountMail.PersonAsync(db, user);
        await AccountMail.SendAsync(db, person, address, MailKind.PasswordChanged, clock.GetUtcNow(), "account/login", "PasswordReset", null, null);
        return Result.Ok();
    }
}
