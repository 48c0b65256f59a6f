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
