using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Jobs;

namespace Portal.Web.Security;

/// <summary>Configuration section "RateLimits".</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sign-in attempts per minute from one address (the account lockout limits guesses per account).</summary>
    public int SignInPerMinute { get; set; } = 20;

    /// <summary>Intake requests per second from one gateway token (or address, without a token).</summary>
    public int IntakePerSecond { get; set; } = 10_000;
}

/// <summary>
/// Abuse limits: sign-in attempts per client address and intake requests per gateway. Refusals are 429
/// with Retry-After, so a well-behaved gateway knows when to resend.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddPortalRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        return services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/account/login"))
                {
                    return RateLimitPartition.GetFixedWindowLimiter($"sign-in:{address}", _ => Window(options.SignInPerMinute, TimeSpan.FromMinutes(1)));
                }

                if (context.Request.Path.StartsWithSegments("/api/centre"))
                {
                    // Per gateway (its sender key, derived from the token), or per address without a valid token.
                    var tokens = context.RequestServices.GetRequiredService<IOptionsMonitor<CentreOptions>>().CurrentValue.IntakeTokens;
                    var sender = Endpoints.CentreIntakeEndpoints.SenderOf(context.Request.Headers.Authorization.ToString(), tokens) ?? address;
                    return RateLimitPartition.GetFixedWindowLimiter($"intake:{sender}", _ => Window(options.IntakePerSecond, TimeSpan.FromSeconds(1)));
                }

                return RateLimitPartition.GetNoLimiter("other");
            });
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);

                // A body of its own: an empty 429 would be re-executed as the not-found page and lose its status.
                await context.HttpContext.Response.WriteAsJsonAsync(
                    new { type = "https://tools.ietf.org/html/rfc6585#section-4", title = "Too many requests.", status = 429, retryAfterSeconds = seconds },
                    options: null,
                    contentType: "application/problem+json",
                    cancellationToken);
            };
        });
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = Math.Max(1, permits),
        Window = window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
