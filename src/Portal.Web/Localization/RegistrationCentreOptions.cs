using System.Globalization;

namespace Portal.Web.Localization;

/// <summary>
/// Configuration section "RegistrationCentre": how customers reach the support pack registration centre, which
/// corrects model numbers and confirms support packs (FAQ Q1-11). Text, because it is an operator's to keep current.
/// </summary>
public sealed class RegistrationCentreOptions
{
    public const string Section = "RegistrationCentre";

    /// <summary>Contact details in Japanese.</summary>
    public string Contact { get; set; } = string.Empty;

    /// <summary>Contact details in English; the Japanese text when empty.</summary>
    public string ContactEnglish { get; set; } = string.Empty;

    public string For(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "en" && !string.IsNullOrWhiteSpace(ContactEnglish) ? ContactEnglish : Contact;
}
