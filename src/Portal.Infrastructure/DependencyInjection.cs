using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;
using Portal.Application.Abstractions;
using Portal.Infrastructure.Health;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Intake;
using Portal.Infrastructure.Jobs;
using Portal.Infrastructure.Live;
using Portal.Infrastructure.Mail;
using Portal.Infrastructure.Observability;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Security;
using Portal.Infrastructure.Webhooks;

namespace Portal.Infrastructure;

public static class DependencyInjection
{
    /// <param name="outsideDevelopment">
    /// The key ring is encrypted at rest, and the portal's public address is known (reset and invitation links
    /// lead there); a missing certificate or address stops the start.
    /// </param>
    public static IServiceCollection AddPortalInfrastructure(this IServiceCollection services, IConfiguration configuration, string contentRootPath, bool outsideDevelopment = false)
    {
        services.AddPortalInfrastructureOptions(configuration, outsideDevelopment);
        services.AddPortalDatabase(configuration, contentRootPath);

        services.AddDataProtection()
            .SetApplicationName("Portal")
            .PersistKeysToDbContext<PortalDbContext>()
            .ProtectKeysAtRest(configuration, outsideDevelopment);

        services.AddIdentityCore<PortalIdentityUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddClaimsPrincipalFactory<PortalClaimsPrincipalFactory>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        var authentication = services.AddAuthentication(IdentityConstants.ApplicationScheme);
        authentication.AddIdentityCookies();
        services.Configure<SecurityStampValidatorOptions>(options =>
        {
            options.ValidationInterval = PortalSecurityStampValidator.Interval;
            options.OnRefreshingPrincipal = PortalSecurityStampValidator.KeepSession;
        });
        services.AddScoped<ISecurityStampValidator, PortalSecurityStampValidator>();

        var azureAd = configuration.GetSection("AzureAd");
        if (azureAd.Exists())
        {
            // Entra ID as an external login of Identity: Identity's external cookie holds the result
            // until the callback links it to an invited portal user.
            authentication.AddMicrosoftIdentityWebApp(azureAd, ExternalSignIn.Scheme, cookieScheme: null);
            services.Configure<OpenIdConnectOptions>(ExternalSignIn.Scheme, options => options.SignInScheme = IdentityConstants.ExternalScheme);
            if (azureAd["MetadataAddress"] is { Length: > 0 } metadataAddress)
            {
                // Another OpenID Connect provider behind the same external login (the loopback provider of the
                // tests, or an organisation's own IdP): its discovery document and issuer instead of Entra's tenant.
                services.Configure<OpenIdConnectOptions>(ExternalSignIn.Scheme, options => UseGenericProvider(options, azureAd, metadataAddress));
            }
        }

        // Reset and change-of-address links: an hour, then the person asks again.
        services.Configure<DataProtectionTokenProviderOptions>(options => options.TokenLifespan = PasswordReset.TokenLifespan);
        services.AddScoped<PortalSignIn>();
        services.AddScoped<PasswordReset>();
        services.AddScoped<PasswordChange>();
        services.AddScoped<SignInEmailChange>();
        services.AddScoped<AcceptInvitation>();
        services.AddSingleton<IAccounts, IdentityAccounts>();
        services.AddSingleton<IKeyFileSigner, KeyFileSigner>();
        services.AddScoped<ExternalSignIn>();
        services.AddScoped<DemoDataSeeder>();
        services.AddHealthChecks()
            .AddCheck<DatabaseWritableCheck>("database", tags: [PortalHealthChecks.Ready])
            .AddCheck<AlertLaneCheck>("alert-lane", tags: [PortalHealthChecks.Ready]);
        services.AddPortalMail(contentRootPath);
        services.AddMetrics();
        services.AddSingleton<PortalMetrics>();
        services.AddSingleton<IntakeWriter>();
        services.AddSingleton<IReportIntake>(sp => sp.GetRequiredService<IntakeWriter>());
        services.AddHostedService<CentreJobs>();
        services.AddPortalWebhooks();
        services.AddSingleton<TimelineSignalPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<TimelineSignalPoller>());
        return services;
    }

    private static void UseGenericProvider(OpenIdConnectOptions options, IConfigurationSection azureAd, string metadataAddress)
    {
        var issuer = azureAd["Issuer"] ?? throw new InvalidOperationException("AzureAd:Issuer is required with AzureAd:MetadataAddress.");
        options.MetadataAddress = metadataAddress;
        options.Authority = issuer;
        options.RequireHttpsMetadata = azureAd.GetValue("RequireHttpsMetadata", true);
        options.ResponseType = "code";
        options.ClientSecret = azureAd["ClientSecret"];

        // Standard providers put e-mail in the userinfo answer rather than the ID token; the staff claim
        // (an app role or group) is kept from there too.
        options.GetClaimsFromUserInfoEndpoint = true;
        options.ClaimActions.MapUniqueJsonKey("email_verified", "email_verified");
        if (azureAd["StaffClaimType"] is { Length: > 0 } staffClaim)
        {
            options.ClaimActions.MapJsonKey(staffClaim, staffClaim);
        }
        options.Scope.Add("email");
        options.Scope.Add("profile");
        options.TokenValidationParameters.ValidIssuer = issuer;

        // Without an ID token kept, the provider needs the client named to honour the return address.
        var redirectForSignOut = options.Events.OnRedirectToIdentityProviderForSignOut;
        options.Events.OnRedirectToIdentityProviderForSignOut = async context =>
        {
            context.ProtocolMessage.ClientId = options.ClientId;
            await redirectForSignOut(context);
        };

        // Microsoft.Identity.Web's issuer validator expects Entra's tenant claim; this provider has none.
        options.TokenValidationParameters.IssuerValidator = (tokenIssuer, _, _) =>
            tokenIssuer == issuer ? tokenIssuer : throw new Microsoft.IdentityModel.Tokens.SecurityTokenInvalidIssuerException($"Unexpected issuer {tokenIssuer}.");
    }

    /// <summary>
    /// The layer's settings, each checked when the portal starts: a wrong one stops the start, naming it. Those that
    /// depend on each other or on where the portal runs have a validator of their own.
    /// </summary>
    private static void AddPortalInfrastructureOptions(this IServiceCollection services, IConfiguration configuration, bool outsideDevelopment)
    {
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MailOptions>().Bind(configuration.GetSection(MailOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<MailOptions>>(new MailOptionsValidator(outsideDevelopment));
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>>(new WebhookOptionsValidator(outsideDevelopment));
        services.AddOptions<CentreJobOptions>().Bind(configuration.GetSection(CentreJobOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IntakeOptions>().Bind(configuration.GetSection(IntakeOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LiveOptions>().Bind(configuration.GetSection(LiveOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HealthOptions>().Bind(configuration.GetSection(HealthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
    }

    private static void AddPortalMail(this IServiceCollection services, string contentRootPath)
    {
        // Without an SMTP host, messages become .eml files in the pickup folder (the embedded default).
        services.AddSingleton<IMailTransport>(sp =>
        {
            var mail = sp.GetRequiredService<IOptions<MailOptions>>();
            return string.IsNullOrWhiteSpace(mail.Value.Smtp.Host)
                ? new PickupFolderMailTransport(mail, Path.Combine(contentRootPath, mail.Value.PickupDirectory))
                : new SmtpMailTransport(mail);
        });
        services.AddSingleton<OutboxSender>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxSender>());
    }

    private static void AddPortalWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<WebhookAddressGuard>();
        services.AddSingleton<IWebhookSecretProtector, DataProtectionWebhookSecrets>();
        services.AddSingleton<IWebhookAddressPolicy>(sp => sp.GetRequiredService<WebhookAddressGuard>());
        services.AddSingleton<WebhookSender>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookSender>());
    }

    private static void AddPortalDatabase(this IServiceCollection services, IConfiguration configuration, string contentRootPath)
    {
        // Read here as well as bound: the provider decides which context type is registered, and the folder its file.
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = configuration.GetConnectionString("Sqlite");
                if (string.IsNullOrWhiteSpace(sqlite))
                {
                    var folder = Path.Combine(contentRootPath, options.DataDirectory);
                    Directory.CreateDirectory(folder);
                    sqlite = $"Data Source={Path.Combine(folder, "portal.db")}";
                }

                services.AddProviderContext<SqlitePortalDbContext>(o => o.UseSqlite(sqlite).AddInterceptors(SqliteBusyTimeout.Instance));
                break;
            case DatabaseProvider.SqlServer:
                var sqlServer = configuration.GetConnectionString("SqlServer");
                if (string.IsNullOrWhiteSpace(sqlServer))
                {
                    throw new InvalidOperationException(
                        "Database:Provider is SqlServer, but ConnectionStrings:SqlServer is empty. Set it (e.g. the environment variable ConnectionStrings__SqlServer) to the centre database's connection string.");
                }

                services.AddProviderContext<SqlServerPortalDbContext>(o => o.UseSqlServer(sqlServer, sql => sql.EnableRetryOnFailure()).AddInterceptors(SqlServerClaimHints.Instance));
                break;
            default:
                throw new InvalidOperationException($"Database:Provider '{options.Provider}' is not supported; use Sqlite or SqlServer.");
        }

        // Identity and Data Protection resolve a context per request scope.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext());
    }

    /// <summary>The provider's context type, handed out as the base type the rest of the code knows.</summary>
    private static void AddProviderContext<TContext>(this IServiceCollection services, Action<DbContextOptionsBuilder> configure)
        where TContext : PortalDbContext
    {
        services.AddDbContextFactory<TContext>(configure);
        services.AddSingleton<PortalDbContextFactory<TContext>>();
        services.AddSingleton<IDbContextFactory<PortalDbContext>>(sp => sp.GetRequiredService<PortalDbContextFactory<TContext>>());
        services.AddSingleton<IPortalDbContextFactory>(sp => sp.GetRequiredService<PortalDbContextFactory<TContext>>());
    }
}
