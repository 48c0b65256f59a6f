using Microsoft.Playwright;

namespace Portal.E2E.Support;

/// <summary>
/// A portal of its own and one Chromium, for a collection of browser tests. A fixture starts what its portal needs
/// (a mail server, a clock file, an identity provider) with the portal; those are stopped after it.
/// </summary>
public abstract class BrowserPortalFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public PortalServer Server { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public PortalDatabase Database => Server.Database;

    /// <summary>The language the browser asks for.</summary>
    protected virtual string Locale => "ja-JP";

    /// <summary>The address the browser opens the portal at.</summary>
    protected virtual Uri BrowserBaseUrl => Server.BaseUrl;

    protected virtual float DefaultTimeout => 15_000;

    /// <summary>Starts whatever the portal depends on, then the portal.</summary>
    protected abstract Task<PortalServer> StartPortalAsync();

    /// <summary>Stops what <see cref="StartPortalAsync"/> started besides the portal, once the portal has stopped.</summary>
    protected virtual Task StopDependenciesAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        Server = await StartPortalAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    /// <summary>A fresh browser profile (no cookies), like a different person's browser.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BrowserBaseUrl.ToString(), Locale = Locale });
        context.SetDefaultTimeout(DefaultTimeout);
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

        await StopDependenciesAsync();
    }
}
