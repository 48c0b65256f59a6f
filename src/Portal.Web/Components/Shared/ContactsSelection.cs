using Portal.Application.Features.Contacts;

namespace Portal.Web.Components.Shared;

/// <summary>The contacts being chosen in a form: contact 1 (required), contact 2 (optional), and their reachable hours.</summary>
public sealed class ContactsSelection
{
    public Guid? Contact1 { get; set; }
    public string? Hours1 { get; set; }
    public Guid? Contact2 { get; set; }
    public string? Hours2 { get; set; }

    /// <summary>Contact 1 chosen, and contact 2 someone else or nobody.</summary>
    public bool IsComplete => Contact1 is not null && Contact1 != Contact2;

    public ContactRequest? Request1 => Contact1 is { } id ? new ContactRequest(id, Hours1) : null;
    public ContactRequest? Request2 => Contact2 is { } id ? new ContactRequest(id, Hours2) : null;

    public static ContactsSelection From(IEnumerable<ContactView> contacts)
    {
        var byPriority = contacts.ToDictionary(c => c.Priority);
        return new ContactsSelection
        {
            Contact1 = byPriority.GetValueOrDefault(1)?.UserId,
            Hours1 = byPriority.GetValueOrDefault(1)?.ReachableHours,
            Contact2 = byPriority.GetValueOrDefault(2)?.UserId,
            Hours2 = byPriority.GetValueOrDefault(2)?.ReachableHours,
        };
    }
}
