namespace Portal.Application.Domain.Registrations;

/// <summary>
/// A contact of a device (連絡先). The centre phones and mails the details copied here when the contact
/// was chosen; later profile edits do not change this copy (FAQ Q1-18).
/// </summary>
public sealed class RegistrationContact
{
    private RegistrationContact()
    {
        Name = Email = Phone = PhoneDigits = Affiliation = string.Empty;
    }

    internal RegistrationContact(int priority, ContactChoice choice, DateTimeOffset chosenAt)
    {
        Priority = priority;
        Name = Email = Phone = PhoneDigits = Affiliation = string.Empty;
        Assign(choice, chosenAt);
    }

    public Guid Id { get; private set; }

    /// <summary>1 is phoned first; 2 only when 1 cannot be reached. Both receive e-mail (FAQ Q1-16).</summary>
    public int Priority { get; private set; }

    public Guid UserId { get; private set; }
    public string Name { get; private set; }
    public string Email { get; private set; }
    public string Phone { get; private set; }

    /// <summary>The phone number's digits alone (<see cref="Users.ContactFormats.Digits"/>), which staff search compares.</summary>
    public string PhoneDigits { get; private set; }
    public string Affiliation { get; private set; }

    /// <summary>時間指定: optional hours when the contact can be reached.</summary>
    public string? ReachableHours { get; private set; }

    public DateTimeOffset ChosenAt { get; private set; }

    /// <summary>Whether the person's profile now says something else than the copy the centre works from.</summary>
    public bool DiffersFrom(Users.UserProfile profile) => ChangedIn.IsSatisfiedBy(this, profile);

    /// <summary>The copy differs from what the person's profile says now; a list's filter compares the same columns.</summary>
    public static readonly Common.Rule<RegistrationContact, Users.UserProfile> ChangedIn =
        new((c, p) => c.Name != p.Name || c.Email != p.Email || c.Phone != p.Phone || c.Affiliation != p.Affiliation);

    /// <summary>Takes a new copy of the chosen person's details (a new choice, or a refresh of the same person).</summary>
    internal void Assign(ContactChoice choice, DateTimeOffset chosenAt)
    {
        UserId = choice.UserId;
        Name = choice.Name;
        Email = choice.Email;
        Phone = choice.Phone;
        PhoneDigits = Users.ContactFormats.Digits(choice.Phone);
        Affiliation = choice.Affiliation;
        ReachableHours = string.IsNullOrWhiteSpace(choice.ReachableHours) ? null : choice.ReachableHours.Trim();
        ChosenAt = chosenAt;
    }
}

/// <summary>The person chosen as a contact, with the details to copy.</summary>
public sealed record ContactChoice(Guid UserId, string Name, string Email, string Phone, string Affiliation, string? ReachableHours);
