using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
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
    bool StillMember)
{
    public bool IsStale => ChangedSinceChosen is not null;
}

public sealed record ContactDetails(string Name, string Email, string Phone, string Affiliation);

internal static class ContactViews
{
    /// <summary>Views of one registration's contacts, compared with the people's current profiles.</summary>
    public static async Task<IReadOnlyList<ContactView>> LoadAsync(IPortalDbContext db, Guid supportAccountId, IEnumerable<RegistrationContact> contacts, CancellationToken cancellationToken) =>
        (await LoadManyAsync(db, supportAccountId, [contacts.ToList()], cancellationToken))[0];

    /// <summary>The same for several registrations of one support ID, with two queries in all (not two per registration).</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<ContactView>>> LoadManyAsync(IPortalDbContext db, Guid supportAccountId, IReadOnlyList<IReadOnlyList<RegistrationContact>> registrations, CancellationToken cancellationToken)
    {
        var userIds = registrations.SelectMany(r => r).Select(c => c.UserId).Distinct().ToList();
        var profiles = await db.UserProfiles.AsNoTracking()
            .Where(p => userIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, cancellationToken);
        var members = (await db.SupportMemberships.AsNoTracking()
            .Where(m => m.SupportAccountId == supportAccountId && userIds.Contains(m.UserId))
            .Select(m => m.UserId)
            .ToListAsync(cancellationToken)).ToHashSet();
        return [.. registrations.Select(contacts => (IReadOnlyList<ContactView>)[.. contacts.OrderBy(c => c.Priority).Select(c =>
        {
            var current = profiles.GetValueOrDefault(c.UserId);
            var changed = current is not null && c.DiffersFrom(current.Name, current.Email, current.Phone, current.Affiliation)
                ? new ContactDetails(current.Name, current.Email, current.Phone, current.Affiliation)
                : null;
            return new ContactView(c.Priority, c.UserId, c.Name, c.Email, c.Phone, c.Affiliation, c.ReachableHours, c.ChosenAt, changed, members.Contains(c.UserId));
        })])];
    }
}
