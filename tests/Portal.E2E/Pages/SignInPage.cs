using Microsoft.Playwright;
using Portal.E2E.Support;

namespace Portal.E2E.Pages;

/// <summary>The sign-in page, in Japanese (the default language).</summary>
public sealed class SignInPage(IPage page)
{
    public const string Path = "/account/login";

    public async Task AsAsync(string email, string password = PortalFixture.DemoPassword)
    {
        await page.GotoAsync(Path);
        await SubmitAsync(email, password);
    }

    /// <summary>Signs in on the page already shown (where the portal sent a signed-out visitor).</summary>
    public async Task SubmitAsync(string email, string password = PortalFixture.DemoPassword)
    {
        await page.GetByLabel("メールアドレス").FillAsync(email);
        await page.GetByLabel("パスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン" }).ClickAsync();
    }
}
