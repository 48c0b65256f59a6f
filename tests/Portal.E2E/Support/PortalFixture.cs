namespace Portal.E2E.Support;

/// <summary>One portal and one Chromium for the whole E2E collection; each test opens its own browser contexts.</summary>
public sealed class PortalFixture : BrowserPortalFixture
{
    public const string DemoPassword = "Demo#2026pass";

    protected override string Locale => "en-US";

    protected override Task<PortalServer> StartPortalAsync() => PortalServer.StartAsync();
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "portal";
}
