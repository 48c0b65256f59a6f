using Microsoft.Playwright;

namespace Portal.E2E.Support;

/// <summary>How every browser test (and the circuits bench, which links this file) starts Chromium.</summary>
public static class Chromium
{
    /// <summary>Debian's Chromium (Playwright's own browser download cannot run here), headless, without background traffic.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
}
