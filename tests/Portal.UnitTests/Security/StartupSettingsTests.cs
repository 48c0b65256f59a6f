using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace Portal.UnitTests.Security;

/// <summary>
/// The real portal started with one wrong setting: the start fails before the database is touched, and the failure
/// names the setting, whichever layer reads it.
/// </summary>
public sealed class StartupSettingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("portal-settings-").FullName;

    private OptionsValidationException StartFails(string environment, params (string Key, string Value)[] settings)
    {
        using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("ConnectionStrings:Sqlite", $"Data Source={Path.Combine(_folder, "portal.db")}");
            builder.UseSetting("Mail:PickupDirectory", Path.Combine(_folder, "mail"));
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });

        var failure = Assert.Throws<OptionsValidationException>(() => app.CreateClient());
        Assert.False(File.Exists(Path.Combine(_folder, "portal.db")), "the settings are checked before the database is created");
        return failure;
    }

    [Theory]
    [InlineData("Centre:JobIntervalMinutes", "0", "'CentreJobOptions' members: 'JobIntervalMinutes'")]
    [InlineData("Mail:Smtp:Port", "70000", "'MailOptions.Smtp' members: 'Port'")]
    [InlineData("Mail:Smtp:Security", "Tls", "Mail:Smtp:Security (Tls)")]
    [InlineData("Heartbeat:SilentAfterDays", "0", "'HeartbeatOptions' members: 'SilentAfterDays'")]
    [InlineData("RateLimits:IntakePerSecond", "0", "'RateLimitOptions' members: 'IntakePerSecond'")]
    [InlineData("Proxy:KnownProxies:0", "proxy.example", "Proxy:KnownProxies:0 (proxy.example)")]
    public void AWrongSettingStopsTheStartNamingIt(string key, string value, string named)
    {
        var failure = StartFails("Development", (key, value));

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoopbackWebhooksAreRefusedOutsideDevelopment()
    {
        var certificate = Portal.E2E.Support.KeyCertificate.Create(_folder);

        var failure = StartFails("Production", [
            .. certificate.Select(s => (s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value)),
            ("Mail:PortalUrl", "https://portal.example"),
            ("Webhooks:AllowLoopback", "true")]);

        Assert.Equal(typeof(Portal.Infrastructure.Webhooks.WebhookOptions), failure.OptionsType);
        Assert.Contains("Webhooks:AllowLoopback may only be set in Development.", failure.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
