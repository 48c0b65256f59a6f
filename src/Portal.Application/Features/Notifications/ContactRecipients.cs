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
    public static async Task<IReadOnlyList<MailRecipient>> ForAsync(IPortalDbContext db, ServiceRegistration registration, CancellationToken cancellationToken) =>
        For(registration, await CulturesAsync(db, [registration], cancellationToken));

    /// <summary>Each contact's chosen language, for a batch of registrations in one query.</summary>
    public static Task<Dictionary<Guid, string>> CulturesAsync(IPortalDbContext db, IEnumerable<ServiceRegistration> registrations, CancellationToken cancellationToken)
    {
        var userIds = registrations.SelectMany(r => r.Contacts).Select(c => c.UserId).Distinct().ToList();
        return db.UserProfiles.AsNoTracking()
            .Where(p => userIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.PreferredCulture, cancellationToken);
    }

    /// <summary>
    /// Who hears of a decision on an application: the applicant (while still a member of the device's support ID: a
    /// person removed from it, or gone to another customer, hears nothing more of its devices) and the contacts,
    /// each once, each in their language.
    /// </summary>
    public static async Task<IReadOnlyList<MailRecipient>> ApplicantAndContactsAsync(IPortalDbContext db, ServiceRegistration registration, CancellationToken cancellationToken)
    {
        var contacts = await ForAsync(db, registration, cancellationToken);
        var applicant = registration.AppliedByUserId is { } applicantId
            ? await (
                from p in db.UserProfiles.AsNoTracking()
                where p.Id == applicantId
                where db.SupportMemberships.Any(m => m.UserId == p.Id && db.Devices.Any(d => d.Id == registration.DeviceId && d.SupportAccountId == m.SupportAccountId))
                select new MailRecipient(p.Email, p.Name, p.PreferredCulture))
                .SingleOrDefaultAsync(cancellationToken)
            : null;
        return [.. (applicant is null ? contacts : contacts.Prepend(applicant)).DistinctBy(r => r.Email, StringComparer.OrdinalIgnoreCase)];
    }

    public static IReadOnlyList<MailRecipient> For(ServiceRegistration registration, IReadOnlyDictionary<Guid, string> cultures) =>
        [.. registration.Contacts.OrderBy(c => c.Priority)
            .Select(c => new MailRecipient(c.Email, c.Name, cultures.GetValueOrDefault(c.UserId) ?? Common.SupportedCultures.Default))];
}
