using Portal.Application.Common;

namespace Portal.Application.Domain.Users;

/// <summary>
/// A person's portal profile (ユーザID情報). Sign-in credentials live in the identity store under the
/// same id; this is what the service itself knows about the person.
/// </summary>
public sealed class UserProfile
{
    private UserProfile()
    {
        Name = Email = Phone = Affiliation = PreferredCulture = string.Empty;
    }

    public UserProfile(Guid id, string name, string email, string phone, string affiliation, string preferredCulture = SupportedCultures.Default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        Id = id;
        Name = name.Trim();
        Email = email.Trim();
        Phone = phone.Trim();
        Affiliation = affiliation.Trim();
        PreferredCulture = SupportedCultures.IsSupported(preferredCulture) ? preferredCulture : SupportedCultures.Default;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }
    public string Email { get; private set; }
    public string Phone { get; private set; }

    /// <summary>所属. An empty affiliation makes applications fail (FAQ Q1-15).</summary>
    public string Affiliation { get; private set; }

    public string PreferredCulture { get; private set; }

    public bool HasAffiliation => !string.IsNullOrWhiteSpace(Affiliation);

    public const int MaxNameLength = 100;
    public const int MaxAffiliationLength = 200;

    /// <summary>
    /// ユーザID情報変更: the person edits their own details. Every field is checked and every problem named
    /// at once; nothing changes unless all are right. Affiliation is required (FAQ Q1-15).
    /// </summary>
    public Result UpdateDetails(string? name, string? email, string? phone, string? affiliation)
    {
        var newName = (name ?? string.Empty).Trim();
        var newEmail = ContactFormats.Normalize(email);
        var newPhone = ContactFormats.Normalize(phone);
        var newAffiliation = (affiliation ?? string.Empty).Trim();
        var errors = new List<Error>();
        if (newName.Length == 0)
        {
            errors.Add(new Error(ErrorCodes.NameRequired, nameof(Name)));
        }
        else if (newName.Length > MaxNameLength)
        {
            errors.Add(new Error(ErrorCodes.TooLong, nameof(Name)));
        }

        if (!ContactFormats.IsEmail(newEmail))
        {
            errors.Add(new Error(ErrorCodes.EmailInvalid, nameof(Email)));
        }

        if (!ContactFormats.IsJapanesePhone(newPhone))
        {
            errors.Add(new Error(ErrorCodes.PhoneInvalid, nameof(Phone)));
        }

        if (newAffiliation.Length == 0)
        {
            errors.Add(new Error(ErrorCodes.AffiliationRequired, nameof(Affiliation)));
        }
        else if (newAffiliation.Length > MaxAffiliationLength)
        {
            errors.Add(new Error(ErrorCodes.TooLong, nameof(Affiliation)));
        }

        if (errors.Count > 0)
        {
            return Result.Invalid([.. errors]);
        }

        Name = newName;
        Email = newEmail;
        Phone = newPhone;
        Affiliation = newAffiliation;
        return Result.Ok();
    }

    public Result ChangePreferredCulture(string culture)
    {
        if (!SupportedCultures.IsSupported(culture))
        {
            return Result.Invalid(ErrorCodes.UnsupportedCulture, nameof(PreferredCulture));
        }

        PreferredCulture = culture;
        return Result.Ok();
    }
}
