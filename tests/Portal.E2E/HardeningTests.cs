using System.Net;
using System.Net.Http.Json;
using Portal.E2E.Support;

namespace Portal.E2E;

/// <summary>Browser hardening and abuse limits of the running portal (intake limit 100/s, sign-in 5/min here).</summary>
[Collection(IntakeCollection.Name)]
public sealed class HardeningTests(IntakeFixture intake)
{
    [Theory]
    [InlineData("/account/login")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/health")]
    [InlineData("/no-such-page")]
    public async Task EveryResponseCarriesTheSecurityHeaders(string url)
    {
        using var client = intake.Client(token: null);

        var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task TheSignInCookieIsHttpOnlyAndSameSite()
    {
        using var client = intake.Client(token: null);

        var page = await client.GetAsync(new Uri("/account/login", UriKind.Relative));

        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("httponly", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", antiforgery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AGatewayOverItsLimitGets429WithRetryAfter()
    {
        using var client = intake.Client();

        // Bodies that fail validation: the limiter answers before any of them reaches the database.
        var responses = await Task.WhenAll(Enumerable.Range(0, 400).Select(_ => client.PostAsJsonAsync("/api/centre/reports", new { })));
        await Task.Delay(TimeSpan.FromSeconds(1.2)); // let the window pass for the other tests

        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, r => Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1)));
        Assert.All(responses.Except(refused), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task RepeatedSignInAttemptsFromOneAddressGet429()
    {
        using var client = intake.Client(token: null);
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 7; i++)
        {
            var response = await client.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = "nobody@example.com",
                ["Input.Password"] = "wrong",
                ["_handler"] = "login",
            }));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                // A page in the person's language (Japanese by default), not a JSON problem.
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
                Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
                Assert.Contains("サインインの試行が多すぎます", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(5));
    }
}
