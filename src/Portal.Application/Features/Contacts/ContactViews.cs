using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Notifications;
using Portal.Application.Domain.Registrations;

namespace Portal.Application.Features.Contacts;

/// <summary>
/// A contact as the centre holds it (the copy taken when chosen) and, when the person's profile now says
/// something else, what it says: the copy is "changed since chosen" and can be refreshed.
/// </summary>
public sealed record ContactView(
    int Priority,
    Guid UserId,
    string Name,
    string Email,
    string Phone,
    string Affiliation,
    string? ReachableHours,
    DateTimeOffset ChosenAt,
    ContactDetails? ChangedSinceChosen,
    bool StillMember,
    MailBounce? Bounced = null)
{
    public bool IsStale => ChangedSinceChosen is not null;
}

public sealed record ContactDetails(string Name, string Email, string Phone, string Affiliation);

/// <summary>
/// The last mail about the device to this contact's address could not be delivered (the address was refused, its
/// server answered that it never will be, or it could not be reached for two days of retries), and no mail about
/// the device has been delivered to that address since: when it was written, and why.
/// </summary>
public sealed record MailBounce(DateTimeOffset MailedAt, string? Reason);

internal static class ContactViews
{
    /// <summary>Views of one device's contacts, compared with the people's current profiles and the mails sent to them.</summary>
    public static async Task<IReadOnlyList<ContactView>> LoadAsync(IPortalDbContext db, Guid supportAccountId, Guid deviceId, IEnumerable<RegistrationContact> contacts, CancellationToken cancellationToken) =>
        (await LoadManyAsync(db, supportAccountId, [(deviceId, contacts.ToList())], cancellationToken))[0];

    /// <summary>The same for several devices of one support ID, with three queries in all (not three per device).</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<ContactView>>> LoadManyAsync(IPortalDbContext db, Guid supportAccountId, IReadOnlyList<(Guid DeviceId, IReadOnlyList<RegistrationContact> Contacts)> registrations, CancellationToken cancellationToken)
    {
        var userIds = registrations.SelectMany(r => r.Contacts).Select(c => c.UserId).Distinct().ToList();
        var profiles = await db.UserProfiles.AsNoTracking()
            .Where(p => userIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, cancellationToken);
        var members = (await db.SupportMemberships.AsNoTracking()
            .Where(m => m.SupportAccountId == supportAccountId && userIds.Contains(m.UserId))
            .Select(m => m.UserId)
            .ToListAsync(cancellationToken)).ToHashSet();
        var bounces = await BouncesAsync(db, registrations, cancellationToken);
        return [.. registrations.Select(registration => (IReadOnlyList<ContactView>)[.. registration.Contacts.OrderBy(c => c.Priority).Select(c =>
        {
            var current = profiles.GetValueOrDefault(c.UserId);
            var changed = current is not null && c.DiffersFrom(current)
                ? new ContactDetails(current.Name, current.Email, current.Phone, current.Affiliation)
                : null;
            return new ContactView(c.Priority, c.UserId, c.Name, c.Email, c.Phone, c.Affiliation, c.ReachableHours, c.ChosenAt, changed, members.Contains(c.UserId), bounces.GetValueOrDefault((registration.DeviceId, c.Email.ToUpperInvariant())));
        })])];
    }

    /// <summary>Failed mails about a device with nothing about it delivered to the same address since: the contact's mark filters on the same rows.</summary>
    public static IQueryable<Notification> Undelivered(IPortalDbContext db) =>
        db.Notifications.Where(n => n.State == NotificationState.Failed && n.DeviceId != null)
            .Where(n => !db.Notifications.Any(s => s.DeviceId == n.DeviceId && s.Recipient == n.Recipient && s.State == NotificationState.Sent && s.CreatedAt >= n.CreatedAt));

    /// <summary>
    /// Per device and address (in upper case: SQL Server compares addresses without case), the last failed mail about
    /// that device with nothing about it delivered to the address since. Per device, because the outbox is indexed by
    /// device: a check across every mail to an address would read the whole table.
    /// </summary>
    private static async Task<Dictionary<(Guid DeviceId, string Email), MailBounce>> BouncesAsync(IPortalDbContext db, IReadOnlyList<(Guid DeviceId, IReadOnlyList<RegistrationContact> Contacts)> registrations, CancellationToken cancellationToken)
    {
        var deviceIds = registrations.Where(r => r.Contacts.Count > 0).Select(r => (Guid?)r.DeviceId).Distinct().ToList();
        var emails = registrations.SelectMany(r => r.Contacts).Select(c => c.Email).Distinct().ToList();
        if (emails.Count == 0)
        {
            return [];
        }

        var failed = await Undelivered(db).AsNoTracking()
            .Where(n => deviceIds.Contains(n.DeviceId) && emails.Contains(n.Recipient))
            .Select(n => new { DeviceId = n.DeviceId!.Value, n.Recipient, n.CreatedAt, n.LastError })
            .ToListAsync(cancellationToken);
        return failed
            .GroupBy(n => (n.DeviceId, n.Recipient.ToUpperInvariant()))
            .Select(g => g.MaxBy(n => n.CreatedAt)!)
            .ToDictionary(n => (n.DeviceId, n.Recipient.ToUpperInvariant()), n => new MailBounce(n.CreatedAt, n.LastError));
    }
}
