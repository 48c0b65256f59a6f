using Microsoft.Playwright;

namespace Portal.E2E.Support;

public static class PageExtensions
{
    /// <summary>Signs in through the real sign-in page (in Japanese, the default language).</summary>
    public static async Task SignInAsync(this IPage page, string email, string password = PortalFixture.DemoPassword)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("メールアドレス").FillAsync(email);
        await page.GetByLabel("パスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン" }).ClickAsync();
    }

    /// <summary>Clicks before the circuit connects are lost; the layout marks when it is interactive.</summary>
    public static Task WaitForCircuitAsync(this IPage page) =>
        page.Locator("#circuit-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>
    /// Follows a link and waits for the page it leads to. Waiting for the ready mark alone is a race after a link
    /// out of a static page: that page set its mark at once, so the wait can pass before the browser leaves it.
    /// </summary>
    public static async Task FollowAsync(this IPage page, ILocator link)
    {
        // The document that holds the link, not page.Url, which may still be a page being left.
        var addresses = await link.EvaluateAsync<string[]>("a => [a.ownerDocument.location.href, a.href]");
        var (from, to) = (addresses[0], addresses[1]);
        await link.ClickAsync();
        if (to != from)
            await page.WaitForURLAsync(url => url != from);
        await page.WaitForCircuitAsync();
    }

    /// <summary>The dashboard's device rows (not its header, whose sort links come first).</summary>
    public static ILocator DeviceTable(this IPage page) => page.Locator("[data-testid=device-table] tbody");

    /// <summary>Staff: answers the question asked once per sign-in before customer data is shown.</summary>
    public static async Task GiveStaffReasonAsync(this IPage page, string reason, string culture = "ja")
    {
        var gate = page.Locator("[data-testid=staff-access]");
        await gate.GetByLabel(culture == "ja" ? "理由" : "Reason").FillAsync(reason);
        await gate.GetByRole(AriaRole.Button, new() { Name = culture == "ja" ? "記録して表示" : "Record and show" }).ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(gate).ToHaveCountAsync(0);
    }
}
