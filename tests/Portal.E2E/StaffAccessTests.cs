using Portal.E2E.Pages;
using Portal.E2E.Support;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

/// <summary>
/// Every staff view of customer data is accountable: the reason is asked once per sign-in (kept on the server, so
/// a reload or another page does not ask again), and each view and export is one audit entry with it.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class StaffAccessTests(PortalFixture portal)
{
    /// <summary>The staff routes that show customer data, each with what shows once it is open.</summary>
    private static readonly (string Path, string Shown)[] Routes =
    [
        ("/staff/calls", "h1"),
        ("/staff/devices", "h1"),
        ("/staff/audit", "[data-testid=audit-table]"),
        ("/staff/applications", "h1"),
        ("/reports", "[data-testid=report-filters]"),
        ("/maintenance", "h1"),
    ];

    [Fact]
    public async Task EachRouteAsksForTheReasonOnceThenEveryViewAndExportIsAuditedWithIt()
    {
        var reason = $"E2E audit {Guid.NewGuid():N}"[..20];
        var device = await portal.Database.DeviceIdAsync("beta-erp02");
        (string Path, string Shown)[] routes =
        [
            .. Routes,
            ($"/devices/{device.ToLowerInvariant()}", "[data-testid=device-management-number]"),
            ($"/devices/{device.ToLowerInvariant()}/site", "h1"),
        ];
        var page = await portal.NewPageAsync();
        await page.SignInAsync("staff@centre.example");
        await page.WaitForCircuitAsync();

        // Before a reason, every route asks and shows nothing; a reload asks again.
        foreach (var (path, _) in routes)
        {
            await page.GotoAsync(path);
            await Expect(page.StaffReasonQuestion()).ToBeVisibleAsync();
        }

        await page.ReloadAsync();
        await Expect(page.StaffReasonQuestion()).ToBeVisibleAsync();
        Assert.Equal(0L, await ViewsAsync(reason));

        // Asked once; then no route asks again, after a reload or in another tab of this sign-in.
        await page.GotoAsync(routes[0].Path);
        await page.WaitForCircuitAsync();
        await page.GiveStaffReasonAsync(reason);
        await page.ReloadAsync();
        await page.WaitForCircuitAsync();
        await Expect(page.Locator(routes[0].Shown).First).ToBeVisibleAsync();
        foreach (var (path, shown) in routes.Skip(1))
        {
            await page.GotoAsync(path);
            await page.WaitForCircuitAsync();
            await Expect(page.Locator(shown).First).ToBeVisibleAsync();
            await Expect(page.StaffReasonQuestion()).ToHaveCountAsync(0);
        }

        var tab = await page.Context.NewPageAsync();
        await tab.GotoAsync("/staff/calls");
        await tab.WaitForCircuitAsync();
        await Expect(tab.Locator("h1")).ToBeVisibleAsync();
        await Expect(tab.StaffReasonQuestion()).ToHaveCountAsync(0);

        // One entry per page: the reload of the first and the tab showing it again are the view already recorded.
        await WaitForViewsAsync(reason, routes.Length);

        // An export is a view too, with its filter and its rows.
        var export = await page.Context.APIRequest.GetAsync(new Uri(portal.Server.BaseUrl, "/reports/export.csv?type=failure").ToString());
        Assert.Equal(200, export.Status);
        await WaitForViewsAsync(reason, routes.Length + 1);
        var entry = await portal.Database.StaffExportAsync(reason);
        Assert.Contains("type=failure", entry, StringComparison.OrdinalIgnoreCase);
        Assert.Matches("\"Rows\":[0-9]+", entry);

        // A new sign-in asks again.
        var again = await portal.NewPageAsync();
        await again.SignInAsync("staff@centre.example");
        await again.GotoAsync("/staff/calls");
        await Expect(again.StaffReasonQuestion()).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TheDevicePageAsksForTheReasonItselfAndRecordsOneViewOnceItIsGiven()
    {
        // The device page is rendered without a circuit: its question is an island that loads the page again.
        var reason = $"E2E device {Guid.NewGuid():N}"[..20];
        var device = await portal.Database.DeviceIdAsync("beta-erp02");
        var page = await portal.NewPageAsync();
        await page.SignInAsync("staff@centre.example");
        await page.WaitForCircuitAsync();
        var devicePage = await DevicePage.OpenAsync(page, device.ToLowerInvariant());
        await Expect(devicePage.ManagementNumber).ToHaveCountAsync(0);

        await page.GiveStaffReasonAsync(reason);
        await Expect(devicePage.ManagementNumber).ToBeVisibleAsync();
        await Expect(devicePage.Status).ToBeVisibleAsync();
        await WaitForViewsAsync(reason, 1);
        var viewed = await portal.Database.DeviceStaffViewedAsync(reason);
        Assert.Equal(device, viewed, ignoreCase: true);
    }

    private Task<long> ViewsAsync(string reason) => portal.Database.StaffViewsAsync(reason);

    private async Task WaitForViewsAsync(string reason, long expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await ViewsAsync(reason) < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await Task.Delay(500);
        Assert.Equal(expected, await ViewsAsync(reason));
    }
}
