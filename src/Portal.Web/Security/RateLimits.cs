using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Observability;

namespace Portal.Web.Security;

/// <summary>
/// Abuse limits: account forms per client address, intake requests and opening reports per gateway, and customer API
/// calls per personal access token. Refusals
/// are 429 with Retry-After, so a well-behaved gateway knows when to resend. The limits are per instance.
/// </summary>
public static class RateLimits
{
    /// <summary>The intake endpoint's policy: per authenticated gateway (so it runs after authorization).</summary>
    public const string IntakePolicy = "intake";

    /// <summary>The customer API's policy: per personal access token (so it runs after authorization).</summary>
    public const string ApiPolicy = "api";

    public static IServiceCollection AddPortalRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, settings) =>
        {
            var options = settings.Value;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                if (IsAccountForm(context))
                {
                    return RateLimitPartition.GetFixedWindowLimiter($"sign-in:{address}", _ => Window(options.SignInPerMinute, TimeSpan.FromMinutes(1)));
                }

                return RateLimitPartition.GetNoLimiter("other");
            });
            limiter.AddPolicy(IntakePolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                $"intake:{GatewayAuthentication.SenderOf(context.User)}",
                _ => Window(options.IntakePerSecond, TimeSpan.FromSeconds(1))));
            limiter.AddPolicy(ApiPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                $"api:{ApiTokenAuthentication.TokenOf(context.User)}",
                _ => Window(options.ApiPerMinute, TimeSpan.FromMinutes(1))));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, cancellationToken) =>
            {
                if (context.HttpContext.Request.Path.StartsWithSegments("/api/centre"))
                {
                    context.HttpContext.RequestServices.GetService<PortalMetrics>()?.IntakeAnswered("refused");
                }

                return new ValueTask(IsAccountForm(context.HttpContext)
                    ? WriteSignInRejectionAsync(context.HttpContext, context.Lease, cancellationToken)
                    : WriteRejectionAsync(context.HttpContext, context.Lease, cancellationToken));
            };
        });
        return services.AddSingleton(sp => new OpeningRateLimiter(sp.GetRequiredService<IOptions<RateLimitOptions>>().Value.OpeningsPerMinute));
    }

    /// <summary>
    /// The forms that try a password or mail an address (sign-in, forgotten password, reset, password and address
    /// change, invitation): one budget per client address, so none of them is a way round the others.
    /// </summary>
    private static bool IsAccountForm(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method)
        && ((context.Request.Path.StartsWithSegments("/account") && !context.Request.Path.StartsWithSegments("/account/logout"))
            || context.Request.Path.StartsWithSegments("/invitations"));

    /// <summary>429 with Retry-After and a problem body.</summary>
    public static async Task WriteRejectionAsync(HttpContext http, RateLimitLease lease, CancellationToken cancellationToken)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);

        // A body of its own: an empty 429 would be re-executed as the not-found page and lose its status.
        await http.Response.WriteAsJsonAsync(
            new { type = "https://tools.ietf.org/html/rfc6585#section-4", title = "Too many requests.", status = 429, retryAfterSeconds = seconds },
            options: null,
            contentType: "application/problem+json",
            cancellationToken);
    }

    /// <summary>429 with Retry-After for a person at the sign-in form: a page in their language, not a JSON problem.</summary>
    private static async Task WriteSignInRejectionAsync(HttpContext http, RateLimitLease lease, CancellationToken cancellationToken)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1)).TotalSeconds));
        var L = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var html = HtmlEncoder.Create(UnicodeRanges.All);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="{html.Encode(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName)}">
            <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" /><title>{html.Encode(L["Login.TooMany.Title"])} | {html.Encode(L["App.Title"])}</title><link href="/app.css" rel="stylesheet" /></head>
            <body><div class="account-page"><main class="account-card"><h1 class="account-title">{html.Encode(L["App.Title"])}</h1>
            <h2 class="account-subtitle">{html.Encode(L["Login.TooMany.Title"])}</h2>
            <div class="error" role="alert" data-testid="sign-in-too-many">{html.Encode(L["Login.TooMany.Text", seconds])}</div>
            <p><a href="/account/login">{html.Encode(L["Login.TooMany.Back"])}</a></p></main></div></body>
            </html>
            """,
            cancellationToken);
    }

    internal static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = Math.Max(1, permits),
        Window = window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

/// <summary>
/// Opening reports per gateway. Only the body says a report is an opening, so the endpoint asks this after reading
/// it, where the request-level limiter has already let the request in.
/// </summary>
public sealed class OpeningRateLimiter(int perMinute) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(
        sender => RateLimitPartition.GetFixedWindowLimiter(sender, _ => RateLimits.Window(perMinute, TimeSpan.FromMinutes(1))));

    public RateLimitLease Acquire(string sender) => _limiter.AttemptAcquire(sender);

    public void Dispose() => _limiter.Dispose();
}
