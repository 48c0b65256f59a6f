using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Infrastructure.Identity;

namespace Portal.UnitTests.Security;

/// <summary>
/// A cookie copied before something that must end it (sign-out, the staff role taken away) stops working: within a
/// minute for a customer, on the next request for staff. The cookies are carried by hand, as a saved copy would be.
/// </summary>
public sealed partial class SessionEndTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly PortalApp _base = new();
    private readonly WebApplicationFactory<Program> _app;

    public SessionEndTests() =>
        _app = _base.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(_clock)));

    private HttpClient Client() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    /// <summary>Signs in through the real form; returns the Cookie header value of the signed-in browser.</summary>
    private async Task<string> SignInAsync(string email)
    {
        using var client = Client();
        var form = await client.GetAsync(new Uri("/account/login", UriKind.Relative));
        var antiforgery = Cookies(form);
        var token = WebUtility.HtmlDecode(Token().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["_handler"] = "login",
                ["Input.Email"] = email,
                ["Input.Password"] = PortalApp.Password,
            }),
        };
        post.Headers.Add("Cookie", antiforgery);
        var signedIn = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return $"{antiforgery}; {Cookies(signedIn)}";
    }

    private static string Cookies(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Where(c => !c.EndsWith('=')));

    private async Task<HttpResponseMessage> GetAsync(string path, string cookies)
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookies);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task ACookieSavedBeforeSignOutStopsWorkingWithinAMinute()
    {
        var saved = await SignInAsync("deputy@alpha.example");
        var page = await GetAsync("/profile", saved);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        using (var client = Client())
        {
            var token = WebUtility.HtmlDecode(Token().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value);
            using var logout = new HttpRequestMessage(HttpMethod.Post, "/account/logout")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
            };
            logout.Headers.Add("Cookie", saved);
            Assert.Equal(HttpStatusCode.Redirect, (await client.SendAsync(logout)).StatusCode);
        }

        _clock.Advance(PortalSecurityStampValidator.Interval + TimeSpan.FromSeconds(1));
        var later = await GetAsync("/profile", saved);

        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
        Assert.StartsWith("/account/login", later.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStaffCookieIsRefusedOnTheNextRequestAfterTheStaffRoleIsTakenAway()
    {
        var saved = await SignInAsync("staff@centre.example");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/staff/devices", saved)).StatusCode);

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalIdentityUser>>();
            var staff = (await users.FindByEmailAsync("staff@centre.example"))!;
            Assert.True((await users.RemoveFromRoleAsync(staff, PortalRoles.Staff)).Succeeded);
        }

        var next = await GetAsync("/staff/devices", saved);

        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.StartsWith("/account/", next.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APasswordChangeEndsEveryOtherSessionWithinAMinuteAndKeepsThisOne()
    {
        var other = await SignInAsync("deputy@alpha.example");
        var here = await SignInAsync("deputy@alpha.example");
        var form = await GetAsync("/account/password", here);
        var token = WebUtility.HtmlDecode(Token().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value);
        HttpResponseMessage changed;
        using (var client = Client())
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, "/account/password")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = token,
                    ["_handler"] = "change-password",
                    ["Input.Current"] = PortalApp.Password,
                    ["Input.Password"] = "Changed#2026pass",
                    ["Input.Confirm"] = "Changed#2026pass",
                }),
            };
            post.Headers.Add("Cookie", here);
            changed = await client.SendAsync(post);
        }

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Contains("パスワードを変更しました", WebUtility.HtmlDecode(await changed.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var refreshed = $"{here}; {Cookies(changed)}";
        _clock.Advance(PortalSecurityStampValidator.Interval + TimeSpan.FromSeconds(1));

        var otherLater = await GetAsync("/profile", other);
        Assert.Equal(HttpStatusCode.Redirect, otherLater.StatusCode);
        Assert.StartsWith("/account/login", otherLater.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/profile", refreshed)).StatusCode);
    }

    [Fact]
    public async Task ALockedAccountsCookieStopsWorkingWithinAMinute()
    {
        var saved = await SignInAsync("ops@alpha.example");
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalIdentityUser>>();
            var user = (await users.FindByEmailAsync("ops@alpha.example"))!;
            Assert.True((await users.SetLockoutEndDateAsync(user, _clock.GetUtcNow().AddYears(1))).Succeeded);
        }

        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/profile", saved)).StatusCode);
        _clock.Advance(PortalSecurityStampValidator.Interval + TimeSpan.FromSeconds(1));
        var later = await GetAsync("/profile", saved);

        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
        Assert.StartsWith("/account/login", later.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AMemberRemovedOrGivenAnotherRoleIsSignedOutWithinAMinute(bool remove)
    {
        var saved = await SignInAsync("user@alpha.example");
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Portal.Infrastructure.Persistence.PortalDbContext>();
            var admin = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.UserProfiles, p => p.Email == "admin@alpha.example");
            var member = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.UserProfiles, p => p.Email == "user@alpha.example");
            var account = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.SupportAccounts, a => a.SupportId == "SP1000001");
            var asAdmin = new Portal.UnitTests.Support.TestUser { Actor = new Portal.Application.Abstractions.Actor(admin.Id, admin.Name, IsStaff: false) };
            var result = remove
                ? await ActivatorUtilities.CreateInstance<Portal.Application.Features.Members.RemoveMemberHandler>(scope.ServiceProvider, asAdmin).HandleAsync(new(account.Id, member.Id))
                : await ActivatorUtilities.CreateInstance<Portal.Application.Features.Members.ChangeMemberRoleHandler>(scope.ServiceProvider, asAdmin).HandleAsync(new(account.Id, member.Id, Portal.Application.Domain.Customers.MemberRole.Deputy));
            Assert.True(result.IsOk, string.Join(",", result.Errors));
        }

        _clock.Advance(PortalSecurityStampValidator.Interval + TimeSpan.FromSeconds(1));
        var later = await GetAsync("/profile", saved);

        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
        Assert.StartsWith("/account/login", later.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithinTheMinuteACustomersCookieStillWorks()
    {
        var saved = await SignInAsync("admin@beta.example");
        _clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/profile", saved)).StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    public void Dispose()
    {
        _app.Dispose();
        _base.Dispose();
    }
}
