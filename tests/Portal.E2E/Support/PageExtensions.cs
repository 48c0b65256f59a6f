using Microsoft.Playwright;
using Portal.E2E.Pages;

namespace Portal.E2E.Support;

public static class PageExtensions
{
    /// <summary>Signs in through the real sign-in page (in Japanese, the default language).</summary>
    public static Task SignInAsync(this IPage page, string email, string password = PortalFixture.DemoPassword) =>
        new SignInPage(page).AsAsync(email, password);

    /// <summary>
    /// Waits for the ready mark: at once on a static page; on an interactive page or island (which renders its own) once
    /// the circuit connects, since clicks before then are lost.
    /// </summary>
    public static Task WaitForCircuitAsync(this IPage page) =>
        page.Locator("#circuit-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>Opens a page of the portal and waits until it is interactive, as the page object <paramref name="at"/> makes it.</summary>
    public static async Task<T> OpenAsync<T>(this IPage page, string path, Func<IPage, T> at)
    {
        await page.GotoAsync(path);
        await page.WaitForCircuitAsync();
        return at(page);
    }

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

    /// <summary>Staff: the question asked once per sign-in before customer data is shown.</summary>
    public static ILocator StaffReasonQuestion(this IPage page) => page.Locator("[data-testid=staff-access]");

    /// <summary>Staff: answers the question asked once per sign-in before customer data is shown.</summary>
    public static async Task GiveStaffReasonAsync(this IPage page, string reason, string culture = "ja")
    {
        var gate = page.StaffReasonQuestion();
        await gate.GetByLabel(culture == "ja" ? "理由" : "Reason").FillAsync(reason);
        await gate.GetByRole(AriaRole.Button, new() { Name = culture == "ja" ? "記録して表示" : "Record and show" }).ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(gate).ToHaveCountAsync(0);
    }
}
