using Microsoft.Playwright;
using Portal.E2E.Support;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

[Collection(PortalCollection.Name)]
public sealed class SignInTests(PortalFixture portal)
{
    [Fact]
    public async Task WrongPasswordIsExplainedAndRepeatedFailuresStopThisClientForThatAddress()
    {
        var page = await portal.NewPageAsync();

        await page.SignInAsync("nobody@beta.example", "wrong-password-1");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("メールアドレスまたはパスワードが正しくありません");

        // No other E2E test signs in as user@beta.example, so locking it disturbs none.
        await page.SignInAsync("user@beta.example", "wrong-password-1");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("メールアドレスまたはパスワードが正しくありません");
        for (var attempt = 2; attempt <= 5; attempt++)
        {
            await page.SignInAsync("user@beta.example", $"wrong-password-{attempt}");
        }

        // Stopped from this client, even with the right password (the unit tests show another client is not).
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("その端末から15分間止まります");
        await page.SignInAsync("user@beta.example");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("15分間サインインできません");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
    }

    [Fact]
    public async Task SignOutEndsTheSession()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync("admin@beta.example");
        await page.WaitForCircuitAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "サインアウト" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
    }

    [Fact]
    public async Task AnUnknownUrlShowsAFriendlyNotFoundPage()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync("admin@alpha.example");

        var response = await page.GotoAsync("/no-such-page");

        Assert.Equal(404, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "ページが見つかりません" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "機器一覧へ戻る" })).ToBeVisibleAsync();
    }
}
