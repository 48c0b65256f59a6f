using System.Net.Http.Headers;

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
        Server = await PortalServer.StartAsync(new Dictionary<string, string>
        {
            ["Centre__IntakeTokens__0"] = Token,
            ["Centre__IntakeTokens__1"] = SecondToken,
            ["RateLimits__OpeningsPerMinute"] = "20",
            ["Mail__Smtp__Host"] = "127.0.0.1",
            ["Mail__Smtp__Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail__Smtp__Security"] = "None",
            ["Mail__PollSeconds"] = "0.2",
            ["Mail__RetryFirstDelaySeconds"] = "0.5",
            ["RateLimits__IntakePerSecond"] = "100",
            ["RateLimits__SignInPerMinute"] = "5",
        });
    }

    public HttpClient Client(string? token = Token)
    {
        var client = new HttpClient { BaseAddress = Server.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public Task<T> QueryAsync<T>(string sql, params (string Name, object Value)[] parameters) => Server.QueryAsync<T>(sql, parameters);

    /// <summary>Model number, serial number and device management number of a demo device.</summary>
    public async Task<(string Model, string Serial, string Number)> DeviceAsync(string hostName) =>
        (await QueryAsync<string>("SELECT ModelNumber FROM Devices WHERE HostName = $h", ("$h", hostName)),
         await QueryAsync<string>("SELECT SerialNumber FROM Devices WHERE HostName = $h", ("$h", hostName)),
         await QueryAsync<string>("SELECT DeviceManagementNumber FROM Devices WHERE HostName = $h", ("$h", hostName)));

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
