using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Application.Common;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Identity;

/// <summary>
/// Failed password sign-ins of one e-mail address from one client address. Five within 15 minutes stop that
/// address's sign-ins from that client for 15 minutes; the same person from another client (or the real owner
/// at their own desk) is not locked out by a stranger trying their address. Known and unknown addresses are
/// counted alike, so "stopped" says nothing about whether an account exists. The key is a hash of the pair: the
/// table holds no addresses.
/// </summary>
public sealed class SignInThrottle
{
    public const int MaxFailures = 5;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    public static readonly TimeSpan StopFor = TimeSpan.FromMinutes(15);

    /// <summary>Rows with no failure for this long and no stop in force are removed by the housekeeping job.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    private SignInThrottle() => Key = string.Empty;

    private SignInThrottle(string key, DateTimeOffset now)
    {
        Key = key;
        Failures = 1;
        FirstFailedAt = now;
    }

    public string Key { get; private set; }

    public int Failures { get; private set; }

    public DateTimeOffset FirstFailedAt { get; private set; }

    public DateTimeOffset? StoppedUntil { get; private set; }

    public static string KeyOf(string email, string client) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{email.Trim().ToUpperInvariant()}\n{client}")));

    public static Task<bool> IsStoppedAsync(PortalDbContext db, string key, DateTimeOffset now) =>
        db.SignInThrottles.AnyAsync(t => t.Key == key && t.StoppedUntil > now);

    /// <summary>Counts a failure in one statement (two instances counting at once both count), stopping at the fifth.</summary>
    public static async Task FailedAsync(PortalDbContext db, string key, DateTimeOffset now)
    {
        var windowStart = now - Window;
        var stopUntil = now + StopFor;
        for (var attempt = 0; ; attempt++)
        {
            var counted = await db.SignInThrottles
                .Where(t => t.Key == key)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(t => t.Failures, t => t.FirstFailedAt < windowStart ? 1 : t.Failures + 1)
                    .SetProperty(t => t.FirstFailedAt, t => t.FirstFailedAt < windowStart ? now : t.FirstFailedAt)
                    .SetProperty(t => t.StoppedUntil, t => (t.FirstFailedAt < windowStart ? 1 : t.Failures + 1) >= MaxFailures ? stopUntil : t.StoppedUntil));
            if (counted > 0)
            {
                return;
            }

            db.SignInThrottles.Add(new SignInThrottle(key, now));
            try
            {
                await db.SaveChangesAsync();
                return;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Another instance added the row meanwhile: count on it.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// A signed-in person's current password (to change it, or the sign-in address), checked as a sign-in is: failures
    /// count for the address and client, so a stolen session cannot guess it any faster than the sign-in page allows.
    /// </summary>
    /// <returns>Null when it is right, else the error code.</returns>
    public static async Task<string?> CheckCurrentPasswordAsync(UserManager<PortalIdentityUser> users, PortalDbContext db, PortalIdentityUser user, string? password, string client, DateTimeOffset now)
    {
        var key = KeyOf(user.Email ?? user.UserName ?? user.Id.ToString(), client);
        if (await IsStoppedAsync(db, key, now))
        {
            return ErrorCodes.TooManyAttempts;
        }

        if (await users.CheckPasswordAsync(user, password ?? string.Empty))
        {
            return null;
        }

        await FailedAsync(db, key, now);
        return ErrorCodes.PasswordWrong;
    }

    public static Task SucceededAsync(PortalDbContext db, string key) =>
        db.SignInThrottles.Where(t => t.Key == key).ExecuteDeleteAsync();

    public static Task<int> RemoveOldAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = now - KeptFor;
        return db.SignInThrottles.Where(t => t.FirstFailedAt < before && (t.StoppedUntil == null || t.StoppedUntil < now)).ExecuteDeleteAsync(cancellationToken);
    }
}

internal sealed class SignInThrottleConfiguration : IEntityTypeConfiguration<SignInThrottle>
{
    public void Configure(EntityTypeBuilder<SignInThrottle> builder)
    {
        builder.ToTable("SignInThrottles");
        builder.HasKey(t => t.Key);
        builder.Property(t => t.Key).HasMaxLength(64);
        builder.HasIndex(t => t.FirstFailedAt);
    }
}
