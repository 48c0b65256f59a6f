using Microsoft.Playwright;

namespace Portal.E2E.Support;

/// <summary>
/// A portal of its own whose webhooks are posted at once and retried after a second, one Chromium, and a receiver
/// on loopback (Development allows plain HTTP there, and only there).
/// </summary>
public sealed class WebhookFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public PortalServer Server { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public WebhookReceiver Receiver { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        Server = await PortalServer.StartAsync(new Dictionary<string, string>
        {
            ["Webhooks__PollSeconds"] = "0.2",
            ["Webhooks__RetryFirstDelaySeconds"] = "1",
        });
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Server.BaseUrl.ToString(), Locale = "ja-JP" });
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

        if (Receiver is not null)
        {
            await Receiver.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class WebhookCollection : ICollectionFixture<WebhookFixture>
{
    public const string Name = "webhooks";
}
