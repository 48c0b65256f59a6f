using Microsoft.Playwright;
using Portal.E2E.Support;

namespace Portal.E2E.Pages;

/// <summary>The application wizard ("/apply"): devices, contacts, review; in Japanese or English.</summary>
public sealed class ApplyPage(IPage page, string culture = "ja")
{
    private bool Japanese => culture == "ja";

    /// <summary>Opens the wizard, with <paramref name="deviceId"/> chosen when given.</summary>
    public static Task<ApplyPage> OpenAsync(IPage page, string? deviceId = null) =>
        page.OpenAsync(deviceId is null ? "/apply" : $"/apply?device={deviceId}", p => new ApplyPage(p));

    public ILocator DeviceOption(string hostName) => page.Locator($"[data-testid=device-option][data-host={hostName}]");

    public ILocator DeviceCheckbox(string hostName) => DeviceOption(hostName).GetByRole(AriaRole.Checkbox);

    public ILocator Review => page.Locator("[data-testid=apply-review]");

    public ILocator Done => page.Locator("[data-testid=apply-done]");

    public ILocator Refused => page.Locator("[data-testid=apply-refused]");

    public ILocator Stepper => page.Locator("[data-testid=apply-stepper]");

    /// <summary>The link to a device applied for, shown once the application is made.</summary>
    public ILocator AppliedDeviceLink(string hostName) => page.Locator("[data-testid=apply-done] ~ * a", new() { HasText = hostName });

    public Task ChooseDeviceAsync(string hostName) => DeviceOption(hostName).Locator("label").ClickAsync();

    public Task NextAsync() => page.GetByRole(AriaRole.Button, new() { Name = Japanese ? "次へ" : "Next" }).ClickAsync();

    /// <summary>Chooses the person to phone first (1) or next (2).</summary>
    public Task ChooseContactAsync(int priority, string name) => new ContactPicker(page, culture).ChooseAsync(priority, name);

    public Task SetReachableHoursAsync(int priority, string hours) =>
        page.GetByLabel($"連絡先{priority}の時間指定 (任意)").FillAsync(hours);

    /// <summary>Goes on from the devices chosen with <paramref name="name"/> as the one contact, and applies.</summary>
    public async Task ApplyWithOneContactAsync(string name)
    {
        await NextAsync();
        await ChooseContactAsync(1, name);
        await NextAsync();
        await ApplyAsync();
    }

    public Task ApplyAsync() => Japanese
        ? page.GetByRole(AriaRole.Button, new() { Name = "申し込む" }).ClickAsync()
        : page.GetByRole(AriaRole.Button, new() { Name = "Apply", Exact = true }).ClickAsync();
}
