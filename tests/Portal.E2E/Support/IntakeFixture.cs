namespace Portal.E2E.Support;

/// <summary>A portal of its own for the intake tests: a real SMTP server, a known gateway token, quick mail retries.</summary>
public sealed class IntakeFixture : IAsyncLifetime
{
    public const string Token = "intake-test-token";

    /// <summary>A second gateway, for tests that use up a gateway's limits.</summary>
    public const string SecondToken = "intake-second-token";

    public SmtpSink Smtp { get; private set; } = null!;
    public PortalServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Smtp = await SmtpSink.StartAsync();
        var settings = Smtp.PortalSettings();
        settings["Centre__IntakeTokens__0"] = Token;
        settings["Centre__IntakeTokens__1"] = SecondToken;
        settings["RateLimits__OpeningsPerMinute"] = "20";
        settings["Mail__RetryFirstDelaySeconds"] = "0.5";
        settings["RateLimits__IntakePerSecond"] = "100";
        settings["RateLimits__SignInPerMinute"] = "5";
        Server = await PortalServer.StartAsync(settings);
    }

    public PortalDatabase Database => Server.Database;

    /// <summary>A gateway's client with <paramref name="token"/>, or an anonymous one.</summary>
    public HttpClient Client(string? token = Token) => token is null
        ? new HttpClient { BaseAddress = Server.BaseUrl, Timeout = TimeSpan.FromSeconds(30) }
        : Gateway.Client(Server.BaseUrl, token, TimeSpan.FromSeconds(30));

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        if (Smtp is not null)
        {
            await Smtp.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class IntakeCollection : ICollectionFixture<IntakeFixture>
{
    public const string Name = "intake";
}
