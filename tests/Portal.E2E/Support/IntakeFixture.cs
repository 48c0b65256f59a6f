using System.Net.Http.Headers;
using Microsoft.Data.Sqlite;

namespace Portal.E2E.Support;

/// <summary>A portal of its own for the intake tests: a real SMTP server, a known gateway token, quick mail retries.</summary>
public sealed class IntakeFixture : IAsyncLifetime
{
    public const string Token = "intake-test-token";

    public SmtpSink Smtp { get; private set; } = null!;
    public PortalServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Smtp = await SmtpSink.StartAsync();
        Server = await PortalServer.StartAsync(new Dictionary<string, string>
        {
            ["Centre__IntakeTokens__0"] = Token,
            ["Mail__Smtp__Host"] = "127.0.0.1",
            ["Mail__Smtp__Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail__Smtp__Security"] = "None",
            ["Mail__PollSeconds"] = "0.2",
            ["Mail__RetryFirstDelaySeconds"] = "0.5",
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

    /// <summary>Runs one scalar query against the portal's database (read-only).</summary>
    public async Task<T> QueryAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={Server.DatabasePath};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

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
