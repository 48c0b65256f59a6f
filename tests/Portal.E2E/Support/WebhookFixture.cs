namespace Portal.E2E.Support;

/// <summary>
/// A portal of its own whose webhooks are posted at once and retried after a second, one Chromium, and a receiver
/// on loopback (Development allows plain HTTP there, and only there).
/// </summary>
public sealed class WebhookFixture : BrowserPortalFixture
{
    public WebhookReceiver Receiver { get; private set; } = null!;

    protected override async Task<PortalServer> StartPortalAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        return await PortalServer.StartAsync(new Dictionary<string, string>
        {
            ["Webhooks__PollSeconds"] = "0.2",
            ["Webhooks__RetryFirstDelaySeconds"] = "1",
        });
    }

    protected override async Task StopDependenciesAsync()
    {
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
