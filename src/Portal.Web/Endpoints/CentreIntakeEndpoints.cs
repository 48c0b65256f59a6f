using System.Globalization;
using Portal.Application.Abstractions;
using Portal.Application.Features.Intake;
using Portal.Infrastructure.Observability;
using Portal.Web.Security;

namespace Portal.Web.Endpoints;

/// <summary>
/// POST /api/centre/reports: the report gateways (HTTPS, mail, dial-up receivers) hand each report to the
/// centre here. A stable contract, published at /openapi/v1.json. Authenticated as a gateway
/// (<see cref="GatewayAuthentication"/>), not by a portal sign-in.
/// </summary>
internal static class CentreIntakeEndpoints
{
    public const string Route = "/api/centre/reports";
    public const int MaxBodyBytes = 64 * 1024;

    public static void MapCentreIntakeEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Route, ReceiveAsync)
            .RequireAuthorization(GatewayAuthentication.Policy)
            .RequireRateLimiting(RateLimits.IntakePolicy)
            .DisableAntiforgery()
            .WithName("ReceiveReport")
            .WithTags("Centre intake")
            .WithSummary("Receive one report from a customer's server")
            .WithDescription("The answer is sent only after the report is durably stored. Resending the same reportId returns outcome 'duplicate' with the first answer; nothing is stored twice. When the centre cannot store the report within a few seconds it answers 503 at once: send it again after Retry-After.")
            .Accepts<IntakeRequest>("application/json")
            .Produces<IntakeResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        // Routing alone would let a GET fall through to the pages (404) and name more than POST in Allow.
        endpoints.MapMethods(Route, [HttpMethods.Get, HttpMethods.Head, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete], (HttpContext http) =>
            {
                http.Response.Headers.Allow = HttpMethods.Post;
                return Results.Problem(statusCode: StatusCodes.Status405MethodNotAllowed, title: "Reports are sent with POST.");
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, IReportIntake intake, OpeningRateLimiter openings, TimeProvider clock, PortalMetrics metrics, IKeyFileSigner signer)
    {
        var result = await AnswerAsync(http, intake, openings, clock, signer);
        metrics.IntakeAnswered(((result as IStatusCodeHttpResult)?.StatusCode ?? http.Response.StatusCode) switch
        {
            StatusCodes.Status200OK => "accepted",
            StatusCodes.Status503ServiceUnavailable => "shed",
            _ => "refused",
        });
        return result;
    }

    private static async Task<IResult> AnswerAsync(HttpContext http, IReportIntake intake, OpeningRateLimiter openings, TimeProvider clock, IKeyFileSigner signer)
    {
        // Routing already answers 415 to another declared type (problem+json, see Program); this catches none at all.
        if (!http.Request.HasJsonContentType())
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "The body must be sent as application/json.");
        }

        // Asked before the body is read: refusing must stay cheap when the centre is overloaded.
        if (intake.IsOverloaded(out var wait))
        {
            return Busy(http, wait);
        }

        byte[]? body;
        try
        {
            body = http.Request.ContentLength > MaxBodyBytes ? null : await ReadLimitedAsync(http.Request.Body, http.RequestAborted);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or OperationCanceledException or IOException)
        {
            // The sender went away or cut its body short (a gateway that gave up waiting, under overload): nothing is
            // stored, nobody waits for the answer, and it is no server error to log with a stack trace.
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body ended before it was complete: nothing was stored.");
        }

        if (body is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"The body is larger than {MaxBodyBytes / 1024} KB.");
        }

        var (report, errors) = IntakeRequestReader.Read(body, signer);
        if (report is null)
        {
            return Results.ValidationProblem(errors, title: "The report is not valid.");
        }

        var sender = GatewayAuthentication.SenderOf(http.User)!;
        if (report.Type == IntakeType.Opening)
        {
            using var lease = openings.Acquire(sender);
            if (!lease.IsAcquired)
            {
                await RateLimits.WriteRejectionAsync(http, lease, http.RequestAborted);
                return Results.Empty;
            }
        }

        var admission = await intake.SubmitAsync(sender, report, http.RequestAborted);
        if (admission.Response is not { } response)
        {
            return Busy(http, admission.RetryAfter, admission.StoreUnavailable
                ? "The centre cannot store reports just now: nothing was stored. Send the report again after Retry-After seconds."
                : "The centre is busy: nothing was stored. Send the report again after Retry-After seconds.");
        }

        if (response.RetryAfter is { } from)
        {
            http.Response.Headers.RetryAfter = Seconds(from - clock.GetUtcNow());
        }

        return Results.Json(response, IntakeJsonContext.Default.IntakeResponse);
    }

    private static IResult Busy(HttpContext http, TimeSpan wait, string title = "The centre is busy: nothing was stored. Send the report again after Retry-After seconds.")
    {
        http.Response.Headers.RetryAfter = Seconds(wait);
        return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: title);
    }

    private static string Seconds(TimeSpan wait) => Math.Clamp((int)Math.Ceiling(wait.TotalSeconds), 1, 3600).ToString(CultureInfo.InvariantCulture);

    private static async Task<byte[]?> ReadLimitedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
