using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Features.Notifications;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Identity;

/// <summary>What the account self-service needs of each account: who it is for the audit, and how to mail it.</summary>
internal static class AccountMail
{
    public sealed record Person(Actor Actor, string Name, string Culture);

    public static async Task<Person> PersonAsync(PortalDbContext db, PortalIdentityUser user)
    {
        var profile = await db.UserProfiles.AsNoTracking().Where(p => p.Id == user.Id).Select(p => new { p.Name, p.PreferredCulture }).SingleOrDefaultAsync();
        var name = profile?.Name ?? user.UserName ?? string.Empty;
        return new Person(new Actor(user.Id, name, IsStaff: false), name, profile?.PreferredCulture ?? SupportedCultures.Default);
    }

    /// <summary>A mail to an account's address, in its person's language, with the audit entry of what caused it; stored together.</summary>
    public static async Task SendAsync(PortalDbContext db, Person person, string address, MailKind kind, DateTimeOffset now, string? linkPath, AuditAction action, object? before, object? after, params string[] arguments)
    {
        db.Notifications.Add(MailComposer.ComposeAccount(kind, new MailRecipient(address, person.Name, person.Culture), now, linkPath, null, arguments));
        db.Record(person.Actor, now, action, "User", person.Actor.UserId.ToString(), null, before, after);
        await db.SaveChangesAsync();
    }
}
