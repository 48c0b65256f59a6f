using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.E2E.Pages;
using Portal.E2E.Support;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

/// <summary>
/// Sign-in through an organisation's identity provider (Microsoft.Identity.Web as an external login of
/// Identity) against a real OpenID Connect provider on loopback, through the authorization-code flow.
/// </summary>
[Collection(OidcCollection.Name)]
public sealed partial class OrganisationSignInTests(OidcFixture oidc)
{
    private static async Task SignInAtProviderAsync(IPage page, string login)
    {
        await page.GotoAsync("/account/login");
        await page.GetByRole(AriaRole.Link, new() { Name = "組織のアカウントでサインイン" }).ClickAsync();

        // oidc-provider's own sign-in and consent pages.
        await Expect(page).ToHaveURLAsync(ProviderInteraction());
        await page.Locator("input[name=login]").FillAsync(login);
        await page.Locator("input[name=password]").FillAsync("any");
        await page.Locator("button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(ProviderInteraction());
        await page.Locator("button[type=submit]").ClickAsync();
    }

    [Fact]
    public async Task AnInvitedPersonSignsInSeesOnlyTheirDevicesAndSignsOut()
    {
        var page = await oidc.NewPageAsync();

        await SignInAtProviderAsync(page, "admin@alpha.example");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "機器一覧", Level = 1 })).ToBeVisibleAsync();
        await Expect(new DashboardPage(page).Devices).ToContainTextAsync("alpha-db01");
        await Expect(new DashboardPage(page).Devices).Not.ToContainTextAsync("beta-");
        await Expect(page.GetByText("山田 太郎")).ToBeVisibleAsync();

        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "サインアウト" }).ClickAsync();

        // The provider's session ends too: it asks to confirm, then sends the browser back.
        await Expect(page).ToHaveURLAsync(new Regex("^http://127\\.0\\.0\\.1:\\d+/session/end"));
        await page.Locator("button[autofocus], button[type=submit]").First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));

        // Signing in again goes through the provider's sign-in page: its session is gone as well.
        await page.GetByRole(AriaRole.Link, new() { Name = "組織のアカウントでサインイン" }).ClickAsync();
        await Expect(page.Locator("input[name=login]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AnIdentityWithoutAPortalUserIsRefused()
    {
        var page = await oidc.NewPageAsync();

        await SignInAtProviderAsync(page, "stranger@example.com");

        await Expect(page).ToHaveURLAsync(new Regex("/account/login\\?error=NoPortalUser"));
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("ポータルのユーザが登録されていません");
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
    }

    [Theory]
    [InlineData("unverified+user@beta.example")]
    [InlineData("staff@centre.example")]
    public async Task NoAccountIsTakenOverByAnUnverifiedAddressAndStaffAccountsAreNotLinkedAutomatically(string login)
    {
        var page = await oidc.NewPageAsync();

        await SignInAtProviderAsync(page, login);

        await Expect(page).ToHaveURLAsync(new Regex("/account/login\\?error=NoPortalUser"));
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
    }

    [Fact]
    public async Task TheDirectorysAppRoleMakesSomeoneStaff()
    {
        var customer = await oidc.NewPageAsync();
        await SignInAtProviderAsync(customer, "admin@alpha.example");

        // The provider's callback (code exchange, user info, first dashboard render) gets the fixture's navigation
        // budget, not the 5 s assertion default: on a busy 2-core machine it took longer twice in one day.
        await Expect(customer.GetByRole(AriaRole.Heading, new() { Name = "機器一覧", Level = 1 })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(customer.GetByRole(AriaRole.Link, new() { Name = "機器検索" })).ToHaveCountAsync(0);

        // ops@alpha.example is no staff member in the portal; the provider gives them the PortalStaff role.
        var staff = await oidc.NewPageAsync();
        await SignInAtProviderAsync(staff, "ops@alpha.example");
        await Expect(staff.GetByRole(AriaRole.Link, new() { Name = "機器検索" })).ToBeVisibleAsync();
        var response = await staff.GotoAsync("/staff/calls");
        Assert.Equal(200, response!.Status);
    }

    [GeneratedRegex("^http://127\\.0\\.0\\.1:\\d+/interaction/")]
    private static partial Regex ProviderInteraction();
}
