using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Portal.Application.Common;
using Portal.Application.Features.Profile;
using Portal.Infrastructure.Identity;

namespace Portal.Web.Endpoints;

/// <summary>Sign-out, language and external sign-in are plain HTTP endpoints: cookies cannot be set from a circuit.</summary>
internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/logout", async Task<IResult> (PortalSignIn signIn, HttpContext context, IAuthenticationSchemeProvider schemes, [FromForm] string? returnUrl) =>
        {
            var viaOrganisation = context.User.FindFirstValue(ClaimTypes.AuthenticationMethod) == ExternalSignIn.Scheme;
            await signIn.SignOutAsync();
            if (viaOrganisation && await schemes.GetSchemeAsync(ExternalSignIn.Scheme) is not null)
            {
                // Signed in through the organisation: end the provider's session too (RP-initiated logout).
                return TypedResults.SignOut(new AuthenticationProperties { RedirectUri = "/account/login" }, [ExternalSignIn.Scheme]);
            }

            return TypedResults.LocalRedirect("~/account/login");
        });

        // The layout's language switch, on static and interactive pages alike: remembered on the profile for every
        // later sign-in, and in this browser's cookie now. A form post (with its antiforgery token), as a change is.
        endpoints.MapPost("/culture", async Task<IResult> (HttpContext context, IServiceProvider services, [FromForm] string culture, [FromForm] string? returnUrl) =>
        {
            if (SupportedCultures.IsSupported(culture))
            {
                await ActivatorUtilities.CreateInstance<ChangePreferredCultureHandler>(services, new RequestUser(context)).HandleAsync(new ChangePreferredCultureCommand(culture), context.RequestAborted);
                SetCultureCookie(context, culture);
            }

            return TypedResults.LocalRedirect(SafeLocalUrl(returnUrl));
        }).AllowAnonymous();

        // Before sign-in, the choice is stored per browser only (the sign-in page's links).
        endpoints.MapGet("/culture/{culture}", (string culture, string? returnUrl, HttpContext context) =>
        {
            if (SupportedCultures.IsSupported(culture))
            {
                SetCultureCookie(context, culture);
            }

            return TypedResults.LocalRedirect(SafeLocalUrl(returnUrl));
        }).AllowAnonymous();

        endpoints.MapGet("/account/external", async Task<IResult> (string? returnUrl, SignInManager<PortalIdentityUser> signInManager, IAuthenticationSchemeProvider schemes) =>
        {
            // Without an AzureAd section there is no organisation sign-in to start (not a server error).
            if (await schemes.GetSchemeAsync(ExternalSignIn.Scheme) is null)
            {
                return TypedResults.NotFound();
            }

            var redirect = $"/account/external/callback?returnUrl={Uri.EscapeDataString(SafeLocalUrl(returnUrl))}";
            var properties = signInManager.ConfigureExternalAuthenticationProperties(ExternalSignIn.Scheme, redirect);
            return TypedResults.Challenge(properties, [ExternalSignIn.Scheme]);
        }).AllowAnonymous();

        endpoints.MapGet("/account/external/callback", async (string? returnUrl, ExternalSignIn externalSignIn, HttpContext context) =>
        {
            var result = await externalSignIn.CompleteAsync();
            await context.SignOutAsync(IdentityConstants.ExternalScheme);
            if (result.Outcome != SignInOutcome.Succeeded)
            {
                return TypedResults.LocalRedirect($"~/account/login?error={result.Outcome}");
            }

            ApplyPreferredCulture(context, result.PreferredCulture);
            return TypedResults.LocalRedirect(SafeLocalUrl(returnUrl));
        }).AllowAnonymous();
    }

    /// <summary>
    /// At sign-in, a browser without a language choice takes the user's remembered one; a choice made in
    /// this browser (e.g. on the sign-in page) stands.
    /// </summary>
    public static void ApplyPreferredCulture(HttpContext context, string? preferredCulture)
    {
        if (preferredCulture is not null && !context.Request.Cookies.ContainsKey(CookieRequestCultureProvider.DefaultCookieName))
        {
            SetCultureCookie(context, preferredCulture);
        }
    }

    /// <summary>Secure outside Development, as every other cookie of the portal (HTTPS there, also behind a proxy).</summary>
    public static void SetCultureCookie(HttpContext context, string culture) =>
        context.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions
            {
                MaxAge = TimeSpan.FromDays(365),
                IsEssential = true,
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = context.Request.IsHttps || !context.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment(),
            });

    /// <summary>
    /// Only paths of this site, so a crafted link cannot send a signed-in user elsewhere. Whatever else the text
    /// holds (an ideographic space, Japanese, a lone surrogate) is percent-encoded as UTF-8, so the redirect's
    /// Location header is always valid.
    /// </summary>
    public static string SafeLocalUrl(string? url)
    {
        if (string.IsNullOrEmpty(url) || !url.StartsWith('/') || url.StartsWith("//", StringComparison.Ordinal) || url.StartsWith("/\\", StringComparison.Ordinal) || url.Any(char.IsControl))
        {
            return "/";
        }

        var safe = new System.Text.StringBuilder(url.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.Value is > 0x20 and < 0x7F)
            {
                safe.Append((char)rune.Value);
                continue;
            }

            foreach (var b in utf8[..rune.EncodeToUtf8(utf8)])
            {
                safe.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return safe.ToString();
    }
}
