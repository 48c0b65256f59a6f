using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Features.Notifications;
using Portal.Infrastructure.Observability;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Identity;

/// <summary>
/// A forgotten password, reset through a link mailed to the account's sign-in address (Identity's own reset token:
/// bound to the account's security stamp, so it works once, and expiring after <see cref="TokenLifespan"/>). The
/// request is answered before it is looked at, so neither the words nor the time tell whether the address has an
/// account. An account that signs in through its organisation has no password here and is told where its password
/// lives instead; an account locked on purpose gets nothing (a reset must not be the way round the lock).
/// </summary>
public sealed class PasswordReset(UserManager<PortalIdentityUser> users, PortalDbContext db, TimeProvider clock, IServiceScopeFactory scopes, ILogger<PasswordReset> logger)
{
    public static readonly TimeSpan TokenLifespan = TimeSpan.FromHours(1);

    /// <summary>An account gets at most one reset mail in this time, however often a stranger asks for one.</summary>
    public static readonly TimeSpan MailInterval = TimeSpan.FromMinutes(5);

    /// <summary>Takes the request and returns at once; the lookup and the mail follow in a scope of their own.</summary>
    public void Request(string? email, string client)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<PasswordReset>().RequestAsync(email, client);
            }
            catch (Exception ex)
            {
                logger.PasswordResetFailed(ex);
            }
        });
    }

    public async Task RequestAsync(string? email, string client = "unknown")
    {
        var now = clock.GetUtcNow();
        if (string.IsNullOrWhiteSpace(email) || await users.FindByEmailAsync(email.Trim()) is not { Email: { } address } user || await users.IsLockedOutAsync(user))
        {
            return;
        }

        var since = now - MailInterval;
        if (await db.AuditEntries.AnyAsync(a => a.ActorUserId == user.Id && a.At > since && a.Action == RequestedAction.Name))
        {
            return;
        }

        var person = await AccountMail.PersonAsync(db, user);
        if (!await users.HasPasswordAsync(user))
        {
            await AccountMail.SendAsync(db, person, address, MailKind.PasswordManagedElsewhere, now, null, RequestedAction, null, new { From = client, External = true });
            return;
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = $"account/reset?user={user.Id:N}&token={Uri.EscapeDataString(token)}";
        await AccountMail.SendAsync(db, person, address, MailKind.PasswordReset, now, link, RequestedAction, null, new { From = client }, MailComposer.Japan(now + TokenLifespan));
    }

    /// <summary>Sets the new password when the link is the account's and still valid; every session of the account ends.</summary>
    public async Task<Result> CompleteAsync(string? userId, string? token, string? password)
    {
        if (!Guid.TryParse(userId, out var id) || string.IsNullOrEmpty(token)
            || await users.FindByIdAsync(id.ToString()) is not { Email: { } address } user || await users.IsLockedOutAsync(user))
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

        var person = await AccountMail.PersonAsync(db, user);
        await AccountMail.SendAsync(db, person, address, MailKind.PasswordChanged, clock.GetUtcNow(), "account/login", AuditAction.PasswordReset, null, null);
        return Result.Ok();
    }

    private static readonly AuditAction RequestedAction = AuditAction.PasswordResetRequested;
}
