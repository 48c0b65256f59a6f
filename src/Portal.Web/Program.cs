using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;
using Portal.Application;
using Portal.Application.Common;
using Portal.Infrastructure;
using Portal.Infrastructure.Persistence;
using Portal.Web;
using Portal.Web.Components;
using Portal.Web.Endpoints;
using Portal.Web.Security;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddPortalApplication(builder.Configuration);
builder.Services.AddPortalInfrastructure(builder.Configuration, builder.Environment.ContentRootPath, outsideDevelopment: !builder.Environment.IsDevelopment());
builder.AddPortalWeb();

var app = builder.Build();

// Every layer's settings are checked before the database is touched: a wrong one stops the start, naming it.
app.Services.GetRequiredService<IStartupValidator>().Validate();
await DatabaseInitializer.InitializeAsync(app.Services, seedDemoData: app.Environment.IsDevelopment());

// First: everything after it sees the client's scheme and address, not the proxy's.
app.UseForwardedHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
    app.UseHsts();

    // A load balancer probes health and scrapes metrics over plain HTTP on the inside network.
    app.UseWhen(http => !PortalHealth.IsProbe(http.Request.Path), https => https.UseHttpsRedirection());
}

app.UseSecurityHeaders(app.Configuration);
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);

// The API answers in problem+json, routing's own 415 too; a response with a body is not re-executed as a page.
app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
app.UseRequestLocalization(options =>
{
    options.SetDefaultCulture(SupportedCultures.Default)
        .AddSupportedCultures([.. SupportedCultures.All])
        .AddSupportedUICultures([.. SupportedCultures.All]);
    // Japanese first: the user's explicit choice (cookie) decides, not the browser's Accept-Language.
    options.RequestCultureProviders = [new CookieRequestCultureProvider()];
});
app.UseAuthentication();
app.UseAuthorization();

// After authorization: the intake's limits are per gateway, and the gateway is known once its token is checked.
app.UseRateLimiter();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapPortalHealth();
app.MapPrometheusScrapingEndpoint().AllowAnonymous();
app.MapAccountEndpoints();
app.MapCentreIntakeEndpoints();
app.MapCustomerApiEndpoints();
app.MapCalendarFeedEndpoints();
app.MapReportExportEndpoints();
app.MapDeviceTimelineExportEndpoints();
app.MapKeyFileEndpoints();
app.MapAuditExportEndpoints();
app.MapOpenApi().AllowAnonymous();

// The interactive reference of the same contract, served from the portal itself (no CDN, no web fonts); its one
// inline script carries a fresh nonce that the Content-Security-Policy allows for that response only.
app.MapScalarApiReference("/api/reference", options => options
    .WithTitle("Express Report Service API")
    .DisableDefaultFonts()
    .WithNonce()).AllowAnonymous();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app));
await app.RunAsync();

/// <summary>Visible to the test projects (WebApplicationFactory-style hosting and bUnit).</summary>
public partial class Program;
