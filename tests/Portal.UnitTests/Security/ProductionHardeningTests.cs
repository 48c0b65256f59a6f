using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace Portal.UnitTests.Security;

/// <summary>Outside Development: HTTPS only (redirect and HSTS), and cookies that never travel over plain HTTP.</summary>
public sealed class ProductionHardeningTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("portal-prod-").FullName;
    private readonly WebApplicationFactory<Program> _app;

    public ProductionHardeningTests()
    {
        var certificate = Portal.E2E.Support.KeyCertificate.Create(_folder);
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            foreach (var (key, value) in certificate)
            {
                builder.UseSetting(key.Replace("__", ":", StringComparison.Ordinal), value);
            }

            builder.UseSetting("ConnectionStrings:Sqlite", $"Data Source={Path.Combine(_folder, "portal.db")}");
            builder.UseSetting("Mail:PickupDirectory", Path.Combine(_folder, "mail"));
            builder.UseSetting("Mail:PortalUrl", "https://portal.example");
            builder.UseSetting("https_port", "443");
        });
    }

    private HttpClient Client(string baseAddress) => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri(baseAddress) });

    [Fact]
    public async Task TheStoredKeyRingIsEncryptedWithTheCertificate()
    {
        using var client = Client("https://portal.example");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/account/login", UriKind.Relative))).StatusCode);

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_folder, "portal.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(Xml, '') FROM DataProtectionKeys";
        var xml = (string)(await command.ExecuteScalarAsync())!;
        Assert.Contains("<encryptedSecret", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAKeyCertificateTheStartFailsSayingWhatIsMissing()
    {
        using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("ConnectionStrings:Sqlite", $"Data Source={Path.Combine(_folder, "other.db")}");
        });

        var failure = Assert.Throws<InvalidOperationException>(() => app.CreateClient());

        Assert.Contains("DataProtection:Certificate:Path is not set", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTestsClockFileIsRefusedOutsideDevelopment()
    {
        var certificate = Portal.E2E.Support.KeyCertificate.Create(Path.Combine(_folder, "clock"));
        using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            foreach (var (key, value) in certificate)
            {
                builder.UseSetting(key.Replace("__", ":", StringComparison.Ordinal), value);
            }

            builder.UseSetting("ConnectionStrings:Sqlite", $"Data Source={Path.Combine(_folder, "clock.db")}");
            builder.UseSetting("Testing:ClockFile", Path.Combine(_folder, "clock.json"));
        });

        var failure = Assert.Throws<InvalidOperationException>(() => app.CreateClient());

        Assert.Contains("Testing:ClockFile", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutThePortalsAddressTheStartFailsSayingWhatIsMissing()
    {
        var certificate = Portal.E2E.Support.KeyCertificate.Create(Path.Combine(_folder, "other"));
        using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            foreach (var (key, value) in certificate)
            {
                builder.UseSetting(key.Replace("__", ":", StringComparison.Ordinal), value);
            }

            builder.UseSetting("ConnectionStrings:Sqlite", $"Data Source={Path.Combine(_folder, "third.db")}");
        });

        var failure = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("Mail:PortalUrl is not set", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLanguageCookieIsSecure()
    {
        using var client = Client("https://portal.example");

        var response = await client.GetAsync(new Uri("/culture/en?returnUrl=%2F", UriKind.Relative));

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Culture", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PlainHttpIsRedirectedToHttps()
    {
        using var client = Client("http://portal.example");

        var response = await client.GetAsync(new Uri("/account/login", UriKind.Relative));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https://portal.example/account/login", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task HttpsAnswersCarryHstsAndSecureCookies()
    {
        using var client = Client("https://portal.example");

        var response = await client.GetAsync(new Uri("/account/login", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task NoDemoAccountsExistInProduction()
    {
        using var client = Client("https://portal.example");

        var form = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));

        // The sign-in page works, but nothing was seeded: the demo administrator cannot sign in.
        Assert.Contains("Input.Email", form, StringComparison.Ordinal);
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_folder, "portal.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM AspNetUsers";
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
    }

    public void Dispose()
    {
        _app.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
