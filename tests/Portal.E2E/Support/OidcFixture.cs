using System.Diagnostics;

namespace Portal.E2E.Support;

/// <summary>
/// A real OpenID Connect provider (the npm package oidc-provider, installed by the test command into
/// tests/Portal.E2E/oidc) on loopback, and a portal whose Microsoft.Identity.Web settings point at it.
/// The browser uses "localhost", the host the provider accepts plain-http redirects for.
/// </summary>
public sealed class OidcFixture : BrowserPortalFixture
{
    private Process? _provider;

    public Uri PortalUrl { get; private set; } = null!;

    protected override Uri BrowserBaseUrl => PortalUrl;

    protected override float DefaultTimeout => 20_000;

    protected override async Task<PortalServer> StartPortalAsync()
    {
        var portalPort = PortalServer.FreePort();
        var providerPort = PortalServer.FreePort();
        PortalUrl = new Uri($"http://localhost:{portalPort}");
        _provider = await StartProviderAsync(providerPort, new Uri(PortalUrl, "/signin-oidc"));
        var issuer = $"http://127.0.0.1:{providerPort}";
        return await PortalServer.StartAsync(
            new Dictionary<string, string>
            {
                ["AzureAd__Instance"] = issuer + "/",
                ["AzureAd__TenantId"] = "e2e",
                ["AzureAd__ClientId"] = "portal-e2e",
                ["AzureAd__ClientSecret"] = "portal-e2e-secret",
                ["AzureAd__CallbackPath"] = "/signin-oidc",
                ["AzureAd__MetadataAddress"] = issuer + "/.well-known/openid-configuration",
                ["AzureAd__Issuer"] = issuer,
                ["AzureAd__RequireHttpsMetadata"] = "false",
                ["AzureAd__StaffClaimType"] = "roles",
                ["AzureAd__StaffClaimValue"] = "PortalStaff",
            },
            portalPort);
    }

    private static async Task<Process> StartProviderAsync(int port, Uri redirectUri)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "oidc");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "oidc-provider")))
        {
            throw new InvalidOperationException($"oidc-provider is not installed in {Path.GetFullPath(folder)}: the test command runs 'npm ci' there.");
        }

        var start = new ProcessStartInfo("node", ["server.mjs", port.ToString(System.Globalization.CultureInfo.InvariantCulture), redirectUri.ToString()])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the OpenID Connect provider.");
        var ready = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("ready", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return process;
    }

    protected override async Task StopDependenciesAsync()
    {
        if (_provider is { HasExited: false })
        {
            _provider.Kill(entireProcessTree: true);
            await _provider.WaitForExitAsync();
        }

        _provider?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class OidcCollection : ICollectionFixture<OidcFixture>
{
    public const string Name = "oidc";
}
