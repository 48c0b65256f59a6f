using Portal.E2E.Pages;
using Portal.E2E.Support;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

/// <summary>A device whose periodic reports stopped is marked on the dashboard and explained on its page.</summary>
[Collection(PortalCollection.Name)]
public sealed class HeartbeatTests(PortalFixture portal)
{
    [Fact]
    public async Task AnOverdueDeviceIsMarkedOnTheDashboardAndItsPageSaysWhatIsMissingAndWhenTheLastReportCame()
    {
        // The demo data's beta-erp01 stopped sending periodic reports 40 days ago; a test report came two days ago.
        var page = await portal.NewPageAsync();
        await page.SignInAsync("admin@beta.example");
        await page.WaitForCircuitAsync();
        var dashboard = new DashboardPage(page);
        var row = dashboard.Row("beta-erp01");
        await Expect(DashboardPage.HeartbeatIn(row)).ToHaveAttributeAsync("data-heartbeat", "Overdue");
        await Expect(DashboardPage.HeartbeatIn(row)).ToContainTextAsync("定期通報未着");
        // A device that reports is not overdue (on its expected day it may be marked as due today).
        await Expect(DashboardPage.HeartbeatIn(dashboard.Row("beta-wms01"), "Overdue")).ToHaveCountAsync(0);

        await dashboard.OpenDeviceAsync("beta-erp01");
        var device = new DevicePage(page);
        await Expect(device.Heartbeat).ToHaveAttributeAsync("data-state", "Overdue");
        await Expect(device.LastContact).ToContainTextAsync("JST");
        await Expect(device.PeriodicOverdue).ToContainTextAsync("予定の定期通報が届いていません");
    }
}
