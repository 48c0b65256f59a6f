using Microsoft.Playwright;
using Portal.E2E.Support;

namespace Portal.E2E.Pages;

/// <summary>The staff console and device search ("/staff/devices"), across customers.</summary>
public sealed class StaffDevicesPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "機器検索 (全お客様)" });

    public ILocator AttentionOverview => page.Locator("[data-testid=attention-overview]");

    /// <summary>The console's tile counting the devices with <paramref name="mark"/>.</summary>
    public ILocator MarkTile(string mark) => AttentionOverview.Locator($"[data-mark-count={mark}]");

    public ILocator Table => page.Locator("[data-testid=staff-device-table]");

    public ILocator Rows => Table.Locator("tbody tr");

    /// <summary>The rows of the devices whose host name starts with <paramref name="prefix"/>.</summary>
    public ILocator RowsStartingWith(string prefix) => page.Locator($"tr[data-device^={prefix}]");

    public ILocator Row(string hostName) => page.Locator($"tr[data-device={hostName}]");

    public ILocator None => page.Locator("[data-testid=staff-search-none]");

    public Task SearchAsync(string term) => page.GetByLabel("検索").FillAsync(term);

    /// <summary>Opens the one device found.</summary>
    public Task OpenFoundDeviceAsync() => page.FollowAsync(Table.GetByRole(AriaRole.Link));
}

/// <summary>The applications waiting for staff ("/staff/applications").</summary>
public sealed class AcceptanceQueuePage(IPage page)
{
    public const string Path = "/staff/applications";

    public static Task<AcceptanceQueuePage> OpenAsync(IPage page) =>
        page.OpenAsync(Path, p => new AcceptanceQueuePage(p));

    public ILocator Application(string hostName) => page.Locator($"[data-testid=queued-application][data-host={hostName}]");

    public ILocator Reapplication(string hostName) => Application(hostName).Locator("[data-testid=queued-reapplication]");

    /// <summary>The queue, or the note that it is empty, whichever is shown.</summary>
    public ILocator QueueOrEmpty => page.Locator("[data-testid=acceptance-queue], [data-testid=queue-empty]").First;

    public Task AcceptAsync(string hostName) => Application(hostName).GetByRole(AriaRole.Button, new() { Name = "受付", Exact = true }).ClickAsync();
}

/// <summary>The failure calls staff work through ("/staff/calls").</summary>
public sealed class CallListPage(IPage page)
{
    public CallTaskCard CallTask(string text) => new(page.Locator("[data-testid=call-task]", new() { HasText = text }));
}

/// <summary>The audit log ("/staff/audit") and its CSV.</summary>
public sealed class AuditPage(IPage page)
{
    public ILocator Table => page.Locator("[data-testid=audit-table]");

    /// <summary>The entries of one action (its stored name, e.g. RecordCall).</summary>
    public ILocator Entries(string action) => Table.Locator($"tr[data-action={action}]");

    /// <summary>The CSV export, fetched with this sign-in.</summary>
    public async Task<string> ExportCsvAsync() => await (await page.Context.APIRequest.GetAsync("/staff/audit/export.csv")).TextAsync();
}

/// <summary>The staff record of a device ("/staff/devices/{id}/record"): corrections of what the customer registered.</summary>
public sealed class StaffDeviceRecordPage(IPage page)
{
    public static Task<StaffDeviceRecordPage> OpenAsync(IPage page, string deviceId) =>
        page.OpenAsync($"/staff/devices/{deviceId}/record", p => new StaffDeviceRecordPage(p));

    public async Task CorrectModelNumberAsync(string modelNumber)
    {
        await page.GetByLabel("型番", new() { Exact = true }).FillAsync(modelNumber);
        await page.Locator("[data-testid=save-model]").ClickAsync();
    }
}
