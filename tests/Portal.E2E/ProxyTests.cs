using System.Net;
using System.Text.RegularExpressions;
using Portal.E2E.Support;

namespace Portal.E2E;

/// <summary>
/// The portal in Production behind a TLS-terminating proxy: requests arrive over plain HTTP from the proxy's
/// loopback address with X-Forwarded-Proto and X-Forwarded-For, as from nginx or a cloud load balancer.
/// </summary>
public sealed partial class ProxyTests : IAsyncLifetime
{
    private PortalServer _seeded = null!;
    private PortalServer _production = null!;

    public async Task InitializeAsync()
    {
        // Production seeds no demo accounts: the data of a Development run, then the same database in Production.
        _seeded = await PortalServer.StartAsync();
        await _seeded.KillAsync();
        var settings = KeyCertificate.Create(_seeded.DataFolder);
        settings["ASPNETCORE_ENVIRONMENT"] = "Production";
        settings["ASPNETCORE_HTTPS_PORT"] = "443";
        settings["RateLimits__SignInPerMinute"] = "3";
        settings["Proxy__KnownProxies__0"] = "127.0.0.1";
        _production = await PortalServer.StartAsync(settings, dataFolder: _seeded.DataFolder);
    }

    private HttpClient Client(string? forwardedFor, bool https = true)
    {
        // The browser holds the cookies on its HTTPS side of the proxy; a cookie jar would keep Secure cookies
        // from this plain HTTP hop, so they are carried by hand.
        var client = new HttpClient(new CookieCarrier(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }))
        {
            BaseAddress = _production.BaseUrl,
        };
        if (https)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        }

        if (forwardedFor is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }

        return client;
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string password)
    {
        var page = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        return await client.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = "admin@alpha.example",
            ["Input.Password"] = password,
        }));
    }

    [Fact]
    public async Task SignInWorksOverTheProxyWithSecureCookiesAndPlainHttpIsStillSentToHttps()
    {
        using var direct = Client(forwardedFor: "203.0.113.7", https: false);
        var redirected = await direct.GetAsync(new Uri("/account/login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirected.StatusCode);
        Assert.StartsWith("https://", redirected.Headers.Location!.ToString(), StringComparison.Ordinal);

        using var client = Client(forwardedFor: "203.0.113.7");
        var signedIn = await SignInAsync(client, PortalFixture.DemoPassword);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("portal.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        var home = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);

        // The error page itself renders over the proxy (it answered an empty 500 when antiforgery saw plain HTTP).
        var error = await client.GetAsync(new Uri("/error", UriKind.Relative));
        Assert.Contains("role=\"alert\"", await error.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSignInLimitCountsEachClientBehindTheProxyNotTheProxy()
    {
        using var guesser = Client(forwardedFor: "198.51.100.1");
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add((await SignInAsync(guesser, "wrong password")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, answers[^1]);
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, answers[..3]);

        // Another customer behind the same proxy signs in as usual.
        using var other = Client(forwardedFor: "198.51.100.2");
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(other, PortalFixture.DemoPassword)).StatusCode);
    }

    [Fact]
    public async Task ProbesAnswerOverPlainHttpFromTheInsideNetwork()
    {
        using var probe = Client(forwardedFor: null, https: false);

        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _production.DisposeAsync();
        await _seeded.DisposeAsync();
    }

    private sealed class CookieCarrier(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly Dictionary<string, string> _cookies = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (_cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await base.SendAsync(request, cancellationToken);
            foreach (var set in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = set.Split(';')[0].Split('=', 2);
                _cookies[pair[0]] = pair[1];
            }

            return response;
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
