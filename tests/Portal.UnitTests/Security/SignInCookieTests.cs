using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Portal.UnitTests.Security;

public sealed partial class SignInCookieTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task TheSignInCookieIsHttpOnlyAndSameSiteLaxAndNeedsTheAntiforgeryToken()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        var token = WebUtility.HtmlDecode(Token().Match(form).Groups[1].Value);
        Dictionary<string, string> Fields(bool withToken) => new()
        {
            ["__RequestVerificationToken"] = withToken ? token : string.Empty,
            ["_handler"] = "login",
            ["Input.Email"] = "admin@alpha.example",
            ["Input.Password"] = PortalApp.Password,
        };

        var forged = await client.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent(Fields(withToken: false)));
        var signedIn = await client.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent(Fields(withToken: true)));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.DoesNotContain(forged.Headers.TryGetValues("Set-Cookie", out var none) ? none : [], c => c.StartsWith("portal.auth=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("portal.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
