using Microsoft.Playwright;

namespace Portal.E2E.Pages;

/// <summary>The choice of the people to phone, as the application, a device's contacts and the bulk editor show it.</summary>
public sealed class ContactPicker(IPage page, string culture = "ja")
{
    /// <summary>Chooses the person to phone first (1) or next (2).</summary>
    public Task ChooseAsync(int priority, string name) =>
        page.GetByRole(AriaRole.Radiogroup, new() { Name = Group(priority) }).GetByText(name).ClickAsync();

    private string Group(int priority) => (culture, priority) switch
    {
        ("ja", 1) => "連絡先1 (最初に電話)",
        ("ja", 2) => "連絡先2 (連絡先1に連絡がつかない場合に電話)",
        ("en", 1) => "Contact 1 (phoned first)",
        _ => throw new NotSupportedException($"No test chooses contact {priority} in '{culture}' yet."),
    };
}
