using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using MudBlazor;
using MudBlazor.Services;
using OpenTelemetry.Metrics;
using Portal.Application;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Applications;
using Portal.Application.Features.Devices;
using Portal.Infrastructure;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Observability;
using Portal.Infrastructure.Persistence;
using Portal.Web.Auth;
using Portal.Web.Components;
using Portal.Web.Endpoints;
using Portal.Web;
using Portal.Web.Localization;
using Portal.Web.Security;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
if (builder.Environment.IsDevelopment())
{
    builder.Logging.AddSimpleConsole(options =>
    {
        options.SingleLine = true;
        options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        options.UseUtcTimestamp = true;
    });
}
else
{
    // Structured: one JSON object per event, with the message template's named values as fields.
    builder.Logging.AddJsonConsole(options =>
    {
        options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        options.UseUtcTimestamp = true;
    });
}

// No request of the portal needs more than a form or a report: refuse large bodies before they are read.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 1024 * 1024);

// Gateways connect in bursts (after an outage, or when a flood makes them open more connections). With Kestrel's
// default backlog of 512 the kernel drops the connections it cannot queue while both cores are busy, and each
// sender waits out TCP's 1 s and 3 s SYN retries before it is even heard: shedding with 503 then comes too late.
// The kernel caps the backlog at net.core.somaxconn.
builder.WebHost.UseSockets(sockets => sockets.Backlog = 8192);
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddTransient<MudLocalizer, PortalMudLocalizer>();
builder.Services.AddLocalization(options => options.ResourcesPath = "Resources");

Portal.Web.Testing.ShiftedTimeProvider.AddIfConfigured(builder);
builder.Services.AddPortalApplication();
builder.Services.Configure<AcceptanceOptions>(builder.Configuration.GetSection(AcceptanceOptions.Section));
builder.Services.Configure<HeartbeatOptions>(builder.Configuration.GetSection(HeartbeatOptions.Section));
builder.Services.Configure<RegistrationCentreOptions>(builder.Configuration.GetSection(RegistrationCentreOptions.Section));
builder.Services.AddPortalInfrastructure(builder.Configuration, builder.Environment.ContentRootPath, outsideDevelopment: !builder.Environment.IsDevelopment());

builder.Services.AddCascadingAuthenticationState();
builder.Services.AddScoped<AuthenticationStateProvider, RevalidatingAuthenticationStateProvider>();
builder.Services.AddScoped<ICurrentUser, CurrentUser>();
builder.Services.ConfigureApplicationCookie(options =>
{
    options.LoginPath = "/account/login";
    options.LogoutPath = "/account/logout";
    options.AccessDeniedPath = "/account/access-denied";
    options.Cookie.Name = "portal.auth";
    options.Cookie.HttpOnly = true;
    options.Cookie.SameSite = SameSiteMode.Lax;
    options.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
});
builder.Services.AddOpenApi(options =>
{
    // The published contract is the centre's API; the portal's own form endpoints are not part of it.
    options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
    options.AddDocumentTransformer((document, _, _) =>
    {
        document.Info.Title = "Express Report Service API";
        document.Info.Description = "The centre intake (/api/centre: report gateways hand each report from a customer's server to the monitoring centre) and the customer API (/api/v1: a customer's scripts, with a personal access token).";
        return Task.CompletedTask;
    });
});
builder.Services.AddAntiforgery(options =>
{
    // Its default sends the antiforgery cookie over plain HTTP too; outside Development it never should.
    options.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
});
builder.Services.AddProblemDetails();

// ASP.NET Core's own meters and the centre's (Portal), scraped by Prometheus at /metrics.
builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
    .AddMeter(PortalMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting", "Microsoft.AspNetCore.Diagnostics")
    .AddPrometheusExporter());
builder.Services.AddProxySupport(builder.Configuration);
builder.Services.AddGatewayAuthentication();
builder.Services.AddApiTokenAuthentication();

// The customer API speaks enum names (camelCase), not numbers; the intake has its own source-generated contract.
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase, allowIntegerValues: false)));
builder.Services.AddPortalRateLimits(builder.Configuration);
builder.Services.AddAuthorizationBuilder()
    .AddPolicy(PortalRoles.Staff, policy => policy.RequireRole(PortalRoles.Staff));

var app = builder.Build();

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
