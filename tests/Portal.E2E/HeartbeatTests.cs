using Microsoft.Playwright;
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
        var row = page.DeviceTable().Locator("tr", new() { HasText = "beta-erp01" });
        await Expect(row.Locator("[data-heartbeat]")).ToHaveAttributeAsync("data-heartbeat", "Overdue");
        await Expect(row.Locator("[data-heartbeat]")).ToContainTextAsync("定期通報未着");
        // A device that reports is not overdue (on its expected day it may be marked as due today).
        await Expect(page.DeviceTable().Locator("tr", new() { HasText = "beta-wms01" }).Locator("[data-heartbeat=Overdue]")).ToHaveCountAsync(0);

        await page.FollowAsync(row.GetByRole(AriaRole.Link).First);
        await Expect(page.Locator("[data-testid=heartbeat]")).ToHaveAttributeAsync("data-state", "Overdue");
        await Expect(page.Locator("[data-testid=last-contact]")).ToContainTextAsync("JST");
        await Expect(page.Locator("[data-testid=periodic-overdue]")).ToContainTextAsync("予定の定期通報が届いていません");
    }
}
