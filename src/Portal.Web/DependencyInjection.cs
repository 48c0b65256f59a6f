using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;
using OpenTelemetry.Metrics;
using Portal.Application.Abstractions;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Observability;
using Portal.Web.Auth;
using Portal.Web.Localization;
using Portal.Web.Security;
using Portal.Web.Testing;

namespace Portal.Web;

public static class DependencyInjection
{
    /// <summary>
    /// The web layer: its logging and Kestrel limits, Blazor and MudBlazor, the person's sign-in cookie and
    /// authentication state, the gateways' and API tokens' authentication, the API's JSON and OpenAPI contract,
    /// metrics, proxies, rate limits and its settings. After <c>AddPortalInfrastructure</c>: the cookie settings
    /// here override Identity's.
    /// </summary>
    public static WebApplicationBuilder AddPortalWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var development = builder.Environment.IsDevelopment();
        builder.AddPortalLogging();

        // No request of the portal needs more than a form or a report: refuse large bodies before they are read.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 1024 * 1024);

        // Gateways connect in bursts (after an outage, or when a flood makes them open more connections). With Kestrel's
        // default backlog of 512 the kernel drops the connections it cannot queue while both cores are busy, and each
        // sender waits out TCP's 1 s and 3 s SYN retries before it is even heard: shedding with 503 then comes too late.
        // The kernel caps the backlog at net.core.somaxconn.
        builder.WebHost.UseSockets(sockets => sockets.Backlog = 8192);

        builder.AddPortalWebOptions();
        ShiftedTimeProvider.AddIfConfigured(builder);

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddTransient<MudLocalizer, PortalMudLocalizer>();
        services.AddLocalization(options => options.ResourcesPath = "Resources");

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAuthenticationStateProvider>();
        services.AddScoped<ICurrentUser, CurrentUser>();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/account/access-denied";
            options.Cookie.Name = "portal.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });
        services.AddOpenApi(options =>
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
        services.AddAntiforgery(options =>
        {
            // Its default sends the antiforgery cookie over plain HTTP too; outside Development it never should.
            options.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });
        services.AddProblemDetails();

        // ASP.NET Core's own meters and the centre's (Portal), scraped by Prometheus at /metrics.
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(PortalMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting", "Microsoft.AspNetCore.Diagnostics")
            .AddPrometheusExporter());
        services.AddProxySupport();
        services.AddGatewayAuthentication();
        services.AddApiTokenAuthentication();

        // The customer API speaks enum names (camelCase), not numbers; the intake has its own source-generated contract.
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase, allowIntegerValues: false)));
        services.AddPortalRateLimits();
        services.AddAuthorizationBuilder()
            .AddPolicy(PortalRoles.Staff, policy => policy.RequireRole(PortalRoles.Staff));
        return builder;
    }

    /// <summary>The layer's settings, each checked when the portal starts: a wrong one stops the start, naming it.</summary>
    private static void AddPortalWebOptions(this WebApplicationBuilder builder)
    {
        var (services, configuration) = (builder.Services, builder.Configuration);
        services.AddOptions<IntakeTokenOptions>().Bind(configuration.GetSection(IntakeTokenOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ProxyOptions>().Bind(configuration.GetSection(ProxyOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProxyOptions>, ProxyOptionsValidator>();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RegistrationCentreOptions>().Bind(configuration.GetSection(RegistrationCentreOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TestClockOptions>().Bind(configuration.GetSection(TestClockOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
    }

    private static void AddPortalLogging(this WebApplicationBuilder builder)
    {
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
    }
}
