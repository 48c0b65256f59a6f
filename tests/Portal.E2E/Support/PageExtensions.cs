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
    /// Follows a link and waits until the page it leads to is rendered and interactive. The ready mark alone is a
    /// race: a static page sets it at once, and inside a circuit the layout keeps it while the old page is still
    /// shown. The mark names the page the layout last rendered, so the wait is for that name.
    /// </summary>
    public static async Task FollowAsync(this IPage page, ILocator link)
    {
        var to = await link.EvaluateAsync<string>("a => { const u = new URL(a.href); return u.pathname + u.search; }");
        await link.ClickAsync();
        await page.Locator($"#circuit-ready[data-url=\"{to}\"]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
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
