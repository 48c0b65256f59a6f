using System.Net;

namespace Portal.UnitTests.Security;

/// <summary>Exports are never cached (the calendar feed: in the E2E test), and any return address is a valid local redirect.</summary>
public sealed class DownloadAndRedirectTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task TheSiteHasAnIconThatEveryPageNames()
    {
        using var client = await app.ClientAsync(null);

        var icon = await client.GetAsync(new Uri("/favicon.ico", UriKind.Relative));
        var page = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/x-icon", icon.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0, 0, 1, 0], (await icon.Content.ReadAsByteArrayAsync())[..4]);
        Assert.Contains("<link rel=\"icon\" href=\"favicon.ico\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportsAreNotStored()
    {
        using var client = await app.ClientAsync("admin@alpha.example");

        var response = await client.GetAsync(new Uri("/reports/export.csv", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control {response.Headers.CacheControl}");
    }

    [Theory]
    [InlineData("/staff/audit/export.csv")]
    [InlineData("/reports/export.csv")]
    public async Task StaffExportsAskForTheSessionsReasonFirstAndAreNotStoredEither(string path)
    {
        using var client = await app.ClientAsync("staff@centre.example");

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("理由", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Theory]
    [InlineData("/devices\u3000x", "/devices%E3%80%80x")]
    [InlineData("/staff/devices?q=アルファ", "/staff/devices?q=%E3%82%A2%E3%83%AB%E3%83%95%E3%82%A1")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/x\r\nSet-Cookie: a=b", "/")]
    public async Task AnyReturnAddressIsALocalRedirect(string returnUrl, string location)
    {
        using var client = await app.ClientAsync(null);

        var response = await client.GetAsync(new Uri($"/culture/en?returnUrl={Uri.EscapeDataString(returnUrl)}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.OriginalString);
        Assert.All(response.Headers.Location.OriginalString, c => Assert.InRange(c, '!', '~'));
    }
}
