using Microsoft.Playwright;
using Portal.E2E.Support;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

[Collection(PortalCollection.Name)]
public sealed class ContentSecurityPolicyTests(PortalFixture portal)
{
    [Fact]
    public async Task BlazorAndMudBlazorWorkUnderThePolicyWithoutViolations()
    {
        var page = await portal.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.StartsWith("Refused to", StringComparison.Ordinal))
            {
                violations.Add(message.Text);
            }
        };

        await page.SignInAsync("admin@alpha.example");
        await page.WaitForCircuitAsync();
        foreach (var (link, heading) in new[] { ("通報履歴", "通報履歴"), ("定期メンテナンス", "定期メンテナンス"), ("お申し込み", "エクスプレス通報サービスのお申し込み") })
        {
            await page.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
        }

        // An interactive MudBlazor control (a select's popover) works under the policy.
        await page.GetByRole(AriaRole.Link, new() { Name = "通報履歴", Exact = true }).ClickAsync();
        await page.Locator("[data-testid=filter-type]").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Option, new() { Name = "障害通報" })).ToBeVisibleAsync();

        Assert.Empty(violations);
    }
}
