using Microsoft.Playwright;
using Portal.E2E.Support;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

[Collection(PortalCollection.Name)]
public sealed class StaffTests(PortalFixture portal)
{
    [Fact]
    public async Task StaffLookDevicesUpAcrossCustomers()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync("staff@centre.example");
        await page.WaitForCircuitAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "機器検索" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "機器検索 (全お客様)" })).ToBeVisibleAsync();
        await page.GetByLabel("検索").FillAsync("beta-wms");

        var table = page.Locator("[data-testid=staff-device-table]");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(table).ToContainTextAsync("ベータ物流株式会社");

        await page.GetByLabel("検索").FillAsync("alpha-db01");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
        await table.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.Locator("[data-testid=device-management-number]")).ToBeVisibleAsync();
        await Expect(page.Locator("body")).ToContainTextAsync("株式会社アルファ製作所");
    }

    [Fact]
    public async Task CustomersCannotOpenTheStaffArea()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync("admin@alpha.example");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "機器検索" })).Not.ToBeVisibleAsync();

        var response = await page.GotoAsync("/staff/devices");

        Assert.Equal(403, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "アクセスできません" })).ToBeVisibleAsync();
        await Expect(page.Locator("body")).Not.ToContainTextAsync("beta-");
    }
}
