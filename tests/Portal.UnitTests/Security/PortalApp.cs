using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Portal.UnitTests.Security;

/// <summary>
/// The whole portal in memory (the real Program, middleware, endpoints and Identity) on its own SQLite
/// file with the Development demo data, for tests that request every address as each kind of person.
/// </summary>
public sealed partial class PortalApp : WebApplicationFactory<Program>
{
    private readonly string _folder = Directory.CreateTempSubdirectory("portal-app-").FullName;

    public const string Password = "Demo#2026pass";

    public string DatabasePath => Path.Combine(_folder, "portal.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Sqlite", $"Data Source={DatabasePath}");
        builder.UseSetting("Mail:PickupDirectory", Path.Combine(_folder, "mail"));
        builder.UseSetting("RateLimits:SignInPerMinute", "1000");
        builder.UseSetting("Centre:JobIntervalMinutes", "600");
    }

    /// <summary>A browser-like client (cookies kept, redirects not followed), signed in through the real form when an e-mail is given.</summary>
    public async Task<HttpClient> ClientAsync(string? email)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (email is null)
        {
            return client;
        }

        var form = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        var response = await client.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in as {email} answered {(int)response.StatusCode}.");
        }

        return client;
    }

    // WebApplicationFactory calls Dispose(true) twice when disposed synchronously (Dispose → DisposeAsync →
    // Dispose), so the folder goes only once.
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_folder))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
