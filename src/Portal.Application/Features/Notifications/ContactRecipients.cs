using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Registrations;

namespace Portal.Application.Features.Notifications;

internal static class ContactRecipients
{
    /// <summary>
    /// The registration's contacts at the addresses the centre copied when they were chosen (FAQ Q1-18),
    /// each in the language the person chose for the portal.
    /// </summary>
    public static async Task<IReadOnlyList<MailRecipient>> ForAsync(IPortalDbContext db, ServiceRegistration registration, CancellationToken cancellationToken)
    {
        var userIds = registration.Contacts.Select(c => c.UserId).ToList();
        var cultures = await db.UserProfiles.AsNoTracking()
            .Where(p => userIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.PreferredCulture, cancellationToken);
        return [.. registration.Contacts.OrderBy(c => c.Priority)
            .Select(c => new MailRecipient(c.Email, c.Name, cultures.GetValueOrDefault(c.UserId) ?? Common.SupportedCultures.Default))];
    }
}
