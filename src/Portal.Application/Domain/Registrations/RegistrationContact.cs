namespace Portal.Application.Domain.Registrations;

/// <summary>
/// A contact of a device (連絡先). The centre phones and mails the details copied here when the contact
/// was chosen; later profile edits do not change this copy (FAQ Q1-18).
/// </summary>
public sealed class RegistrationContact
{
    private RegistrationContact()
    {
        Name = Email = Phone = Affiliation = string.Empty;
    }

    internal RegistrationContact(int priority, ContactChoice choice, DateTimeOffset chosenAt)
    {
        Priority = priority;
        UserId = choice.UserId;
        Name = choice.Name;
        Email = choice.Email;
        Phone = choice.Phone;
        Affiliation = choice.Affiliation;
        ReachableHours = string.IsNullOrWhiteSpace(choice.ReachableHours) ? null : choice.ReachableHours.Trim();
        ChosenAt = chosenAt;
    }

    public Guid Id { get; private set; }

    /// <summary>1 is phoned first; 2 only when 1 cannot be reached. Both receive e-mail (FAQ Q1-16).</summary>
    public int Priority { get; private set; }

    public Guid UserId { get; private set; }
    public string Name { get; private set; }
    public string Email { get; private set; }
    public string Phone { get; private set; }
    public string Affiliation { get; private set; }

    /// <summary>時間指定: optional hours when the contact can be reached.</summary>
    public string? ReachableHours { get; private set; }

    public DateTimeOffset ChosenAt { get; private set; }
}

/// <summary>The person chosen as a contact, with the details to copy.</summary>
public sealed record ContactChoice(Guid UserId, string Name, string Email, string Phone, string Affiliation, string? ReachableHours);
