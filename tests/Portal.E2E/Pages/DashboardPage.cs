using Microsoft.Playwright;
using Portal.E2E.Support;

namespace Portal.E2E.Pages;

/// <summary>The customer's dashboard ("/"): the devices of their support IDs.</summary>
public sealed class DashboardPage(IPage page)
{
    /// <summary>The device rows (not the header, whose sort links come first).</summary>
    public ILocator Devices => page.Locator("[data-testid=device-table] tbody");

    public ILocator Row(string hostName) => Devices.Locator("tr", new() { HasText = hostName });

    /// <summary>The link of the device's row to its page.</summary>
    public ILocator DeviceLink(string hostName) => Row(hostName).GetByRole(AriaRole.Link).First;

    public Task OpenDeviceAsync(string hostName) => page.FollowAsync(DeviceLink(hostName));

    /// <summary>The registration status shown in the device's row.</summary>
    public ILocator Status(string hostName) => Row(hostName).Locator("[data-status]");

    /// <summary>The heartbeat marks of the rows shown (each names its state in data-heartbeat).</summary>
    public ILocator HeartbeatMarks => Devices.Locator("[data-heartbeat]");

    /// <summary>The row's heartbeat mark; with <paramref name="state"/>, only a mark of that state.</summary>
    public static ILocator HeartbeatIn(ILocator row, string? state = null) =>
        row.Locator(state is null ? "[data-heartbeat]" : $"[data-heartbeat={state}]");

    /// <summary>Shows only the devices whose heartbeat is <paramref name="state"/>.</summary>
    public async Task FilterByHeartbeatAsync(string state)
    {
        await page.Locator("[data-testid=heartbeat-filter]").SelectOptionAsync(state);
        await page.GetByRole(AriaRole.Button, new() { Name = "表示" }).ClickAsync();
    }
}
