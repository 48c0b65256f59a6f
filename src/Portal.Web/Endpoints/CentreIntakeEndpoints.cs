using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Domain.Users;
using Portal.Application.Features.Intake;
using Portal.Infrastructure.Jobs;

namespace Portal.Web.Endpoints;

/// <summary>
/// POST /api/centre/reports: the report gateways (HTTPS, mail, dial-up receivers) hand each report to the
/// centre here. A stable contract, published at /openapi/v1.json. Authenticated by a gateway's bearer
/// token, not by a portal sign-in.
/// </summary>
internal static partial class CentreIntakeEndpoints
{
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly JsonSerializerOptions ResponseJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void MapCentreIntakeEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/centre/reports", ReceiveAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithName("ReceiveReport")
            .WithTags("Centre intake")
            .WithSummary("Receive one report from a customer's server")
            .WithDescription("The answer is sent only after the report is durably stored. Resending the same reportId returns outcome 'duplicate' with the first answer; nothing is stored twice.")
            .Accepts<IntakeReportDocument>("application/json")
            .Produces<IntakeResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, IntakeQueue intake, IOptionsMonitor<CentreOptions> options, CancellationToken cancellationToken)
    {
        if (SenderOf(http.Request.Headers.Authorization.ToString(), options.CurrentValue.IntakeTokens) is not { } sender)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "A valid intake bearer token is required.");
        }

        if (http.Request.ContentLength > MaxBodyBytes || await ReadLimitedAsync(http.Request.Body, cancellationToken) is not { } body)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"The body is larger than {MaxBodyBytes / 1024} KB.");
        }

        var (report, errors) = Parse(body);
        if (report is null)
        {
            return Results.ValidationProblem(errors, title: "The report is not valid.");
        }

        var response = await intake.SubmitAsync(sender, report, cancellationToken);
        return Results.Json(response, ResponseJson);
    }

    /// <summary>
    /// The sender's key when the bearer token is one of the configured ones. Hashes are compared in fixed
    /// time so the comparison reveals neither the tokens nor their lengths.
    /// </summary>
    internal static string? SenderOf(string authorization, IEnumerable<string> tokens)
    {
        const string Scheme = "Bearer ";
        if (!authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[Scheme.Length..].Trim()));
        string? sender = null;
        foreach (var token in tokens.Where(t => !string.IsNullOrWhiteSpace(t)))
        {
            var known = SHA256.HashData(Encoding.UTF8.GetBytes(token));
            if (CryptographicOperations.FixedTimeEquals(presented, known))
            {
                sender = Convert.ToHexStringLower(known)[..16];
            }
        }

        return sender;
    }

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

    /// <summary>Checks every field and names each problem; nothing reaches the centre's rules unless all are right.</summary>
    internal static (IntakeReport? Report, Dictionary<string, string[]> Errors) Parse(byte[] body)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            // The JSON reader checks structure, not the bytes inside strings.
            errors["body"] = ["The body is not valid UTF-8."];
            return (null, errors);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            errors["body"] = ["The body must be one JSON object in UTF-8."];
            return (null, errors);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors["body"] = ["The body must be one JSON object."];
                return (null, errors);
            }

            var fields = new Fields(root, errors);
            var reportId = fields.Text("reportId", required: true, max: 64, pattern: ReportIdPattern());
            var type = fields.Choice<IntakeType>("type", required: true);
            var model = fields.Text("modelNumber", required: true, max: 32, pattern: NumberPattern())?.ToUpperInvariant();
            var serial = fields.Text("serialNumber", required: true, max: 32, pattern: NumberPattern())?.ToUpperInvariant();
            var keyCode = fields.Text("keyCode", required: type == IntakeType.Opening, max: 5, pattern: null);
            if (type == IntakeType.Opening && keyCode is not null && !KeyCode.TryParse(keyCode, out _))
            {
                errors["keyCode"] = ["Must be 5 digits."];
            }

            var hostName = fields.Text("hostName", required: false, max: 255, pattern: HostNamePattern());
            var occurredAt = fields.Instant("occurredAt");
            var replyTo = fields.Text("replyTo", required: false, max: 254, pattern: null);
            if (replyTo is not null && !ContactFormats.IsEmail(replyTo))
            {
                errors["replyTo"] = ["Must be one e-mail address."];
            }

            var means = fields.Choice<ReportMeans>("means", required: true);
            var route = fields.Choice<ReportRoute>("route", required: true);
            var needsEvent = type is IntakeType.Failure or IntakeType.PseudoFailure;
            var @event = fields.Event("event", required: needsEvent);

            if (errors.Count > 0)
            {
                return (null, errors);
            }

            return (new IntakeReport(reportId!, type!.Value, model!, serial!, keyCode, hostName, occurredAt!.Value, replyTo, needsEvent ? @event : null, means!.Value, route!.Value), errors);
        }
    }

    /// <summary>Reads typed fields from the JSON object, adding one message per bad field.</summary>
    private sealed class Fields(JsonElement root, Dictionary<string, string[]> errors, string prefix = "")
    {
        public string? Text(string name, bool required, int max, Regex? pattern)
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return required ? Fail(name, "Required.") : null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                return Fail(name, "Must be a string.");
            }

            var text = value.GetString()!.Trim();
            if (text.Length == 0)
            {
                return required ? Fail(name, "Must not be empty.") : null;
            }

            if (text.Length > max)
            {
                return Fail(name, $"At most {max} characters.");
            }

            if (pattern is not null && !pattern.IsMatch(text))
            {
                return Fail(name, "Contains characters that are not allowed here.");
            }

            return text;
        }

        public T? Choice<T>(string name, bool required)
            where T : struct, Enum
        {
            var allowed = Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]).ToList();
            var text = Text(name, required, 32, pattern: null);
            if (text is null)
            {
                return null;
            }

            var index = allowed.IndexOf(text);
            if (index < 0)
            {
                Fail(name, $"Must be one of: {string.Join(", ", allowed)}.");
                return null;
            }

            return Enum.GetValues<T>()[index];
        }

        public DateTimeOffset? Instant(string name)
        {
            var text = Text(name, required: true, 40, pattern: null);
            if (text is null)
            {
                return null;
            }

            if (!InstantPattern().IsMatch(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            {
                Fail(name, "Must be an ISO-8601 date and time with an offset, e.g. 2026-11-20T10:15:00+09:00.");
                return null;
            }

            return instant.ToUniversalTime();
        }

        public ReportEvent? Event(string name, bool required)
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Fail(name, "Required for failure and pseudoFailure reports.");
                }

                return null;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                Fail(name, "Must be an object.");
                return null;
            }

            var inner = new Fields(value, errors, $"{prefix}{name}.");
            var category = inner.Choice<EventCategory>("category", required: true);
            var code = inner.Text("code", required: true, max: 64, pattern: ReportIdPattern());
            var severity = inner.Choice<EventSeverity>("severity", required: true);
            var message = inner.Text("message", required: true, max: 2000, pattern: null);
            if (message is not null && (message.Any(c => char.IsControl(c) && c is not '\n' and not '\t' and not '\r') || InjectionPattern().IsMatch(message)))
            {
                inner.Fail("message", "Must be plain text: markup, script and SQL statements are refused.");
                return null;
            }

            return category is null || code is null || severity is null || message is null ? null : new ReportEvent(category.Value, code, severity.Value, message);
        }

        public string? Fail(string name, string message)
        {
            errors[prefix + name] = [message];
            return null;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]+$")]
    private static partial Regex ReportIdPattern();

    [GeneratedRegex("^[A-Za-z0-9-]+$")]
    private static partial Regex NumberPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex HostNamePattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex InstantPattern();

    // Hardware event texts never carry these; refusing them keeps the history and e-mails plain text.
    [GeneratedRegex(@"[<>]|(?i:\b(union\s+(all\s+)?select|drop\s+(table|database)|insert\s+into|delete\s+from|truncate\s+table|exec(ute)?\s*\(|xp_cmdshell)\b|'\s*(or|and)\s+'|'\s*;|;\s*--|/\*|javascript:)")]
    private static partial Regex InjectionPattern();
}

/// <summary>The request body, for the OpenAPI document (the endpoint checks the JSON field by field).</summary>
internal sealed record IntakeReportDocument(
    string ReportId,
    string Type,
    string ModelNumber,
    string SerialNumber,
    string? KeyCode,
    string? HostName,
    DateTimeOffset OccurredAt,
    string? ReplyTo,
    IntakeEventDocument? Event,
    string Means,
    string Route);

internal sealed record IntakeEventDocument(string Category, string Code, string Severity, string Message);
