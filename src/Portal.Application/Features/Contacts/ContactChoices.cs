using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Registrations;

namespace Portal.Application.Features.Contacts;

/// <summary>A person chosen as a contact, with their optional reachable hours (時間指定).</summary>
public sealed record ContactRequest(Guid UserId, string? ReachableHours);

/// <summary>A member of the support ID who may be chosen as a contact.</summary>
public sealed record ContactCandidate(Guid UserId, string Name, string Affiliation, string Phone, string Email, MemberRole Role)
{
    public bool HasAffiliation => !string.IsNullOrWhiteSpace(Affiliation);
}

internal static class ContactChoices
{
    public const int MaxReachableHoursLength = 200;

    /// <summary>
    /// Turns the requested people into contact choices with a copy of their current details. A contact must
    /// be a member of the support ID (any role) with an affiliation, and the two must differ (FAQ Q1-16).
    /// </summary>
    public static async Task<Result<IReadOnlyList<ContactChoice>>> ResolveAsync(
        IPortalDbContext db, Guid supportAccountId, ContactRequest? contact1, ContactRequest? contact2, CancellationToken cancellationToken)
    {
        if (contact1 is null)
        {
            return Result.Invalid(ErrorCodes.ContactRequired, "Contact1").As<IReadOnlyList<ContactChoice>>();
        }

        var requests = new[] { ("Contact1", contact1), ("Contact2", contact2) }
            .Where(r => r.Item2 is not null)
            .Select(r => (Field: r.Item1, Request: r.Item2!))
            .ToList();
        if (requests.Count == 2 && requests[0].Request.UserId == requests[1].Request.UserId)
        {
            return Result.Invalid(ErrorCodes.DuplicateContact, "Contact2").As<IReadOnlyList<ContactChoice>>();
        }

        if (requests.FirstOrDefault(r => r.Request.ReachableHours?.Trim().Length > MaxReachableHoursLength) is { Field: { } tooLong })
        {
            return Result.Invalid(ErrorCodes.TooLong, tooLong).As<IReadOnlyList<ContactChoice>>();
        }

        var userIds = requests.Select(r => r.Request.UserId).ToList();
        var people = await (
            from m in db.SupportMemberships
            where m.SupportAccountId == supportAccountId && userIds.Contains(m.UserId)
            join p in db.UserProfiles on m.UserId equals p.Id
            select p)
            .AsNoTracking()
            .ToDictionaryAsync(p => p.Id, cancellationToken);
        var choices = new List<ContactChoice>();
        foreach (var (field, request) in requests)
        {
            if (!people.TryGetValue(request.UserId, out var person))
            {
                return Result.Invalid(ErrorCodes.ContactNotMember, field).As<IReadOnlyList<ContactChoice>>();
            }

            if (!person.HasAffiliation)
            {
                return Result.Invalid(ErrorCodes.ContactAffiliationMissing, field).As<IReadOnlyList<ContactChoice>>();
            }

            choices.Add(new ContactChoice(person.Id, person.Name, person.Email, person.Phone, person.Affiliation, request.ReachableHours));
        }

        return choices;
    }

    /// <summary>Readable before/after values for the audit trail and the device's history of changes.</summary>
    public static object Snapshot(IEnumerable<RegistrationContact> contacts)
    {
        var byPriority = contacts.ToDictionary(c => c.Priority);
        return new { Contact1 = Describe(byPriority.GetValueOrDefault(1)), Contact2 = Describe(byPriority.GetValueOrDefault(2)) };
    }

    private static string Describe(RegistrationContact? contact) =>
        contact is null
            ? string.Empty
            : string.Join(" / ", new[] { contact.Name, contact.Affiliation, contact.Phone, contact.Email, contact.ReachableHours }.Where(s => !string.IsNullOrWhiteSpace(s)));

    /// <summary>Stores a change of contacts; a change of the same registration by someone else meanwhile is a conflict.</summary>
    public static async Task<Result> SaveAsync(IPortalDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return Result.Ok();
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result.Conflict(ErrorCodes.ChangedMeanwhile);
        }
    }

    /// <summary>Who may be chosen as a contact of a support ID's devices: its members.</summary>
    public static async Task<IReadOnlyList<ContactCandidate>> CandidatesAsync(IPortalDbContext db, Guid supportAccountId, CancellationToken cancellationToken) =>
        await (
            from m in db.SupportMemberships
            where m.SupportAccountId == supportAccountId
            join p in db.UserProfiles on m.UserId equals p.Id
            orderby m.Role, p.Name
            select new ContactCandidate(p.Id, p.Name, p.Affiliation, p.Phone, p.Email, m.Role))
            .AsNoTracking()
            .ToListAsync(cancellationToken);
}
