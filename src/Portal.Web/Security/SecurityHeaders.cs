namespace Portal.Web.Security;

/// <summary>
/// Browser hardening on every response. The Content-Security-Policy is what Blazor Server and MudBlazor
/// need and no more: scripts only from the portal itself (no inline script, no eval), inline styles
/// (MudBlazor sets style attributes), the circuit's WebSocket back to the same host, and no framing.
/// </summary>
public static class SecurityHeaders
{
    /// <param name="identityProvider">
    /// The organisation's identity provider, if any: signing out posts a form whose answer redirects there,
    /// and browsers hold such redirects to form-action too.
    /// </param>
    /// <param name="scriptNonce">The nonce of a page's own inline script (the API reference's), allowed for that response only.</param>
    public static string ContentSecurityPolicy(Uri? identityProvider, string? scriptNonce = null) =>
        $"default-src 'self'; script-src 'self'{(scriptNonce is null ? string.Empty : $" 'nonce-{scriptNonce}'")}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        $"connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'{(identityProvider is null ? string.Empty : " " + identityProvider.GetLeftPart(UriPartial.Authority))}; object-src 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, IConfiguration configuration)
    {
        var provider = configuration["AzureAd:Issuer"] ?? configuration["AzureAd:Instance"];
        var identityProvider = Uri.TryCreate(provider, UriKind.Absolute, out var uri) && configuration.GetSection("AzureAd").Exists() ? uri : null;
        var policy = ContentSecurityPolicy(identityProvider);
        return app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = context.Items[Scalar.AspNetCore.ScalarOptions.NonceHttpContextItemKey] is string nonce
                    ? ContentSecurityPolicy(identityProvider, nonce)
                    : policy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            await next();
        });
    }
}
