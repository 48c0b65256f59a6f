using Microsoft.Playwright;
using Portal.E2E.Pages;
using Portal.E2E.Support;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

[Collection(PortalCollection.Name)]
public sealed class LanguageTests(PortalFixture portal)
{
    [Fact]
    public async Task SwitchingToEnglishTranslatesThePortalAndIsRememberedForTheUser()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync("deputy@alpha.example");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "機器一覧", Level = 1 })).ToBeVisibleAsync();
        await page.WaitForCircuitAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My devices", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(new DashboardPage(page).Status("alpha-db01")).ToHaveTextAsync("Opened");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Report history" })).ToBeVisibleAsync();

        // Another browser, no cookies: the choice comes back from the profile at sign-in.
        var elsewhere = await portal.NewPageAsync();
        await elsewhere.SignInAsync("deputy@alpha.example");
        await Expect(elsewhere.GetByRole(AriaRole.Heading, new() { Name = "My devices", Level = 1 })).ToBeVisibleAsync();

        await elsewhere.WaitForCircuitAsync();
        await elsewhere.GetByRole(AriaRole.Button, new() { Name = "日本語" }).ClickAsync();
        await Expect(elsewhere.GetByRole(AriaRole.Heading, new() { Name = "機器一覧", Level = 1 })).ToBeVisibleAsync();
        await Expect(new DashboardPage(elsewhere).Status("alpha-db01")).ToHaveTextAsync("開局");
    }

    [Fact]
    public async Task TheSignInPageOffersBothLanguages()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/account/login");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "サインイン" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.GetByLabel("E-mail address").FillAsync("admin@beta.example");
        await page.GetByLabel("Password").FillAsync(PortalFixture.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My devices", Level = 1 })).ToBeVisibleAsync();
    }
}
