using Microsoft.Playwright;
using Portal.E2E.Support;

namespace Portal.E2E.Pages;

/// <summary>The bulk editor of contacts ("/contacts"): search the devices of a support ID, choose, change.</summary>
public sealed class ContactsPage(IPage page)
{
    public const string Path = "/contacts";

    public static Task<ContactsPage> OpenAsync(IPage page) =>
        page.OpenAsync(Path, p => new ContactsPage(p));

    public ILocator Devices => page.Locator("[data-testid=bulk-device]");

    public ILocator Device(string hostName) => page.Locator($"[data-testid=bulk-device][data-host='{hostName}']");

    /// <summary>The mark that a mail to one of the device's contacts bounced.</summary>
    public ILocator Bounced(string hostName) => Device(hostName).Locator("[data-testid=contacts-bounced]");

    public ILocator ChosenCount => page.Locator("[data-testid=chosen-count]");

    public ILocator Saved => page.Locator("[data-testid=contacts-saved]");

    /// <summary>Shows the devices of one support ID, by its radio's name ("SP1000002 (株式会社…)").</summary>
    public Task ShowSupportIdAsync(string name) => page.GetByRole(AriaRole.Radio, new() { Name = name }).CheckAsync();

    public Task SearchAsync(string text) => page.Locator("[data-testid=device-search]").FillAsync(text);

    public Task ChooseAllAsync() => page.Locator("[data-testid=choose-all]").ClickAsync();

    public Task ChooseContactAsync(int priority, string name) => new ContactPicker(page).ChooseAsync(priority, name);

    /// <summary>Changes the contacts of the <paramref name="count"/> devices chosen.</summary>
    public Task ChangeAsync(int count) => page.GetByRole(AriaRole.Button, new() { Name = $"{count} 台の連絡先を変更" }).ClickAsync();
}

/// <summary>A device's contacts ("/devices/{id}/contacts"): whom to phone, with a preview of what staff will do.</summary>
public sealed class DeviceContactsPage(IPage page)
{
    public ILocator EscalationPreview => page.Locator("[data-testid=escalation-preview]");

    public ILocator ReadOnly => page.Locator("[data-testid=contacts-readonly]");

    public ILocator Editor => page.Locator("[data-testid=contacts-editor]");

    public Task ChooseContactAsync(int priority, string name) => new ContactPicker(page).ChooseAsync(priority, name);

    public Task SaveAsync() => page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
}
