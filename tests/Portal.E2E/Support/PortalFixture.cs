using Microsoft.Playwright;

namespace Portal.E2E.Support;

/// <summary>One portal and one Chromium for the whole E2E collection; each test opens its own browser contexts.</summary>
public sealed class PortalFixture : IAsyncLifetime
{
    public const string DemoPassword = "Demo#2026pass";

    private IPlaywright? _playwright;

    public PortalServer Server { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await PortalServer.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    /// <summary>A fresh browser profile (no cookies), like a different person's browser.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Server.BaseUrl.ToString(), Locale = "en-US" });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "portal";
}
