using Microsoft.Playwright;
using Portal.E2E.Pages;
using Portal.E2E.Support;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

[Collection(PortalCollection.Name)]
public sealed class CustomerIsolationTests(PortalFixture portal)
{
    [Fact]
    public async Task AlphaAdministratorSeesOnlyAlphaDevicesWithTheirStatusesInJapanese()
    {
        var page = await portal.NewPageAsync();

        await page.SignInAsync("admin@alpha.example");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "機器一覧", Level = 1 })).ToBeVisibleAsync();
        var table = new DashboardPage(page).Devices;
        await Expect(table).ToContainTextAsync("alpha-db01");
        await Expect(table).ToContainTextAsync("alpha-lab01");
        await Expect(table).Not.ToContainTextAsync("beta-");
        await Expect(table.Locator("tr", new() { HasText = "alpha-db01" }).Locator("[data-status]")).ToHaveTextAsync("開局");
        await Expect(table.Locator("tr", new() { HasText = "alpha-bk01" }).Locator("[data-status]")).ToHaveTextAsync("申込");
        await Expect(table.Locator("tr", new() { HasText = "alpha-app01" }).Locator("[data-status]")).ToHaveTextAsync("受付");
        await Expect(table.Locator("tr", new() { HasText = "alpha-dev01" }).Locator("[data-status]")).ToHaveTextAsync("未申込");
    }

    [Fact]
    public async Task NeitherCustomerCanOpenTheOthersDeviceByDirectUrl()
    {
        var alpha = await portal.NewPageAsync();
        await alpha.SignInAsync("admin@alpha.example");
        var alphaDeviceUrl = await new DashboardPage(alpha).Devices.GetByRole(AriaRole.Link).First.GetAttributeAsync("href");

        var beta = await portal.NewPageAsync();
        await beta.SignInAsync("admin@beta.example");
        await Expect(new DashboardPage(beta).Devices).ToContainTextAsync("beta-wms01");
        await Expect(new DashboardPage(beta).Devices).Not.ToContainTextAsync("alpha-");
        var betaDeviceUrl = await new DashboardPage(beta).Devices.GetByRole(AriaRole.Link).First.GetAttributeAsync("href");

        var betaOpensAlpha = await beta.GotoAsync(alphaDeviceUrl!);
        Assert.Equal(404, betaOpensAlpha!.Status);
        await Expect(beta.GetByRole(AriaRole.Heading, new() { Name = "ページが見つかりません" })).ToBeVisibleAsync();
        await Expect(beta.Locator("body")).Not.ToContainTextAsync("alpha-");

        var alphaOpensBeta = await alpha.GotoAsync(betaDeviceUrl!);
        Assert.Equal(404, alphaOpensBeta!.Status);
        await Expect(alpha.GetByRole(AriaRole.Heading, new() { Name = "ページが見つかりません" })).ToBeVisibleAsync();

        var alphaOpensOwn = await alpha.GotoAsync(alphaDeviceUrl!);
        Assert.Equal(200, alphaOpensOwn!.Status);
        await Expect(alpha.Locator("[data-testid=device-management-number]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AnonymousVisitorsAreSentToSignIn()
    {
        var page = await portal.NewPageAsync();

        await page.GotoAsync("/reports");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login\\?ReturnUrl=%2Freports"));
        await new SignInPage(page).SubmitAsync("user@alpha.example");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "通報履歴", Level = 1 })).ToBeVisibleAsync();
        await Expect(new ReportHistoryPage(page).Table).ToContainTextAsync("定期通報");
    }
}
