using Microsoft.Playwright;
using Portal.E2E.Support;

namespace Portal.E2E.Pages;

/// <summary>A device's page ("/devices/{id}"), as its customer and as staff see it.</summary>
public sealed class DevicePage(IPage page)
{
    public static string PathOf(string deviceId) => $"/devices/{deviceId}";

    public IPage Page => page;

    public static Task<DevicePage> OpenAsync(IPage page, string deviceId) =>
        page.OpenAsync(PathOf(deviceId), p => new DevicePage(p));

    public ILocator ManagementNumber => page.Locator("[data-testid=device-management-number]");

    public ILocator Status => page.Locator("[data-testid=registration-status]");

    public ILocator OpeningMethod => page.Locator("[data-testid=opening-method]");

    public ILocator KeyCode => page.Locator("[data-testid=key-code]");

    public ILocator Facts => page.Locator("[data-testid=registration-facts]");

    public ILocator OpeningCountdown => page.Locator("[data-testid=opening-countdown]");

    /// <summary>The periodic reports' state (data-state), when the last report came, and what is missing.</summary>
    public ILocator Heartbeat => page.Locator("[data-testid=heartbeat]");

    public ILocator LastContact => page.Locator("[data-testid=last-contact]");

    public ILocator PeriodicOverdue => page.Locator("[data-testid=periodic-overdue]");

    public ILocator Eligibility => page.Locator("[data-testid=eligibility]");

    public ILocator RegistrationCentre => Eligibility.Locator("[data-testid=registration-centre]");

    public ILocator Contacts => page.Locator("[data-testid=contacts]");

    public ILocator Contact(int priority) => page.Locator($"[data-testid=contact][data-priority='{priority}']");

    /// <summary>The mark that the person has changed their details since the contact was registered.</summary>
    public ILocator StaleContact(int priority) => Contact(priority).Locator("[data-testid=contact-stale]");

    public ILocator StaleContacts => page.Locator("[data-testid=contact-stale]");

    /// <summary>Takes the person's current details into the registration's copy of contact <paramref name="priority"/>.</summary>
    public Task RefreshContactAsync(int priority) =>
        StaleContact(priority).GetByRole(AriaRole.Button, new() { Name = "最新の情報に更新" }).ClickAsync();

    public ILocator BouncedContact(int priority) => Contact(priority).Locator("[data-testid=contact-bounced]");

    public ILocator ReadOnlyContacts => page.Locator("[data-testid=contacts-readonly]");

    public ILocator ChangeContactsLink => page.GetByRole(AriaRole.Link, new() { Name = "連絡先の変更" });

    public ILocator Timeline => page.Locator("[data-testid=timeline]");

    public ILocator TimelineSteps => page.Locator("[data-testid=timeline-step]");

    public ILocator TimelineEntries => Timeline.Locator("tbody tr");

    /// <summary>Shows only the timeline's entries of the kind labelled <paramref name="kind"/> (e.g. 通報).</summary>
    public async Task FilterTimelineAsync(string kind)
    {
        var filter = page.Locator("[data-testid=timeline-filter]");
        await filter.GetByLabel(kind).CheckAsync();
        await filter.GetByRole(AriaRole.Button, new() { Name = "表示" }).ClickAsync();
    }

    /// <summary>The timeline's rows of one kind (Report, Mail, Call, StaffView).</summary>
    public ILocator TimelineRows(string kind) => Timeline.Locator($"tr[data-kind={kind}]");

    public ILocator ReapplicationPending => page.Locator("[data-testid=reapplication-pending]");

    public ILocator EndConfirmation => page.Locator("[data-testid=end-confirmation]");

    public ILocator EndRequested => page.Locator("[data-testid=end-requested]");

    public ILocator Dialog => page.GetByRole(AriaRole.Dialog);

    public ILocator Snackbar => page.Locator(".mud-snackbar");

    public Task CancelDialogAsync() => Dialog.GetByRole(AriaRole.Button, new() { Name = "キャンセル" }).ClickAsync();

    /// <summary>Staff: asks for a new key code; the portal asks to confirm first.</summary>
    public Task AskToReissueKeyAsync() => page.GetByRole(AriaRole.Button, new() { Name = "キーコード再発行" }).ClickAsync();

    public Task ConfirmKeyReissueAsync() => Dialog.GetByRole(AriaRole.Button, new() { Name = "キーコード再発行" }).ClickAsync();

    /// <summary>Staff: the failure call whose card names <paramref name="text"/> (its event code).</summary>
    public CallTaskCard CallTask(string text) => new(page.Locator("[data-testid=call-task]", new() { HasText = text }));

    /// <summary>Downloads the opening key file, as its file name and text.</summary>
    public async Task<(string FileName, string Text)> DownloadKeyFileAsync()
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=download-key-file]").ClickAsync());
        return (download.SuggestedFilename, await File.ReadAllTextAsync((await download.PathAsync())!));
    }

    public async Task WithdrawAsync()
    {
        await page.Locator("[data-testid=withdraw]").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "申込みを取り下げる" }).ClickAsync();
    }

    public Task FollowReapplyAsync() => page.FollowAsync(page.Locator("[data-testid=reapply]"));

    public Task AskToEndAsync() => page.Locator("[data-testid=end-service]").ClickAsync();

    /// <summary>Confirms the end of the service (the page in English).</summary>
    public Task ConfirmEndAsync() => EndConfirmation.GetByRole(AriaRole.Button, new() { Name = "Request the end" }).ClickAsync();
}

/// <summary>A failure call on the call list or on the device's page for staff: whom to phone, and what happened.</summary>
public sealed class CallTaskCard(ILocator card)
{
    public ILocator Card => card;

    public ILocator Contact(int priority) => card.Locator($"[data-testid=call-contact][data-priority='{priority}']");

    public ILocator Steps => card.Locator("[data-testid=call-steps]");

    public Task NoAnswerAsync(int priority) => card.GetByRole(AriaRole.Button, new() { Name = $"連絡先{priority}が応答なし" }).ClickAsync();

    public Task ReachedAsync(int priority) => card.GetByRole(AriaRole.Button, new() { Name = $"連絡先{priority}に連絡がついた" }).ClickAsync();
}

/// <summary>The application again for an opened device ("/devices/{id}/reapply"), with its reason.</summary>
public sealed class ReapplyPage(IPage page)
{
    public ILocator Reason(string name) => page.GetByRole(AriaRole.Radio, new() { Name = name });

    public Task SubmitAsync() => page.Locator("[data-testid=reapply-submit]").ClickAsync();
}
