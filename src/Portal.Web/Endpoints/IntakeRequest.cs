using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Domain.Users;
using Portal.Application.Features.Intake;

namespace Portal.Web.Endpoints;

/// <summary>
/// The body of POST /api/centre/reports: bound by System.Text.Json (source-generated), checked by its own
/// attributes, and published as the OpenAPI schema. Identifiers are checked for form; free text is accepted as
/// sent, within a length, and without control characters. Nothing is refused for what a message says.
/// </summary>
public sealed class IntakeRequest
{
    [Required(ErrorMessage = Messages.Required)]
    [StringLength(64, ErrorMessage = Messages.Length)]
    [RegularExpression(Patterns.Identifier, ErrorMessage = Messages.Identifier)]
    public string? ReportId { get; init; }

    [Required(ErrorMessage = Messages.Required)]
    [JsonConverter(typeof(ContractEnum<IntakeType>))]
    public IntakeType? Type { get; init; }

    [Required(ErrorMessage = Messages.Required)]
    [StringLength(32, ErrorMessage = Messages.Length)]
    [RegularExpression(Patterns.Number, ErrorMessage = Messages.Number)]
    public string? ModelNumber { get; init; }

    [Required(ErrorMessage = Messages.Required)]
    [StringLength(32, ErrorMessage = Messages.Length)]
    [RegularExpression(Patterns.Number, ErrorMessage = Messages.Number)]
    public string? SerialNumber { get; init; }

    /// <summary>The 5-digit opening key code: an opening report of a device that opens by key code carries it.</summary>
    [RegularExpression(@"^[0-9]{5}$", ErrorMessage = "Must be 5 digits.")]
    public string? KeyCode { get; init; }

    /// <summary>The whole text of the opening key file: an opening report of a device that opens by key file carries it.</summary>
    [StringLength(OpeningKeyFile.MaxLength, ErrorMessage = Messages.Length)]
    [RegularExpression(Patterns.FreeText, ErrorMessage = Messages.FreeText)]
    public string? KeyFile { get; init; }

    /// <summary>The key file as <see cref="Validate"/> read it, so it is read once.</summary>
    private (OpeningKeyFile File, string Signature)? _keyFile;

    [StringLength(255, ErrorMessage = Messages.Length)]
    [RegularExpression(@"^[A-Za-z0-9._-]+$", ErrorMessage = Messages.Identifier)]
    public string? HostName { get; init; }

    /// <summary>When the event happened on the server, ISO 8601 with its offset.</summary>
    [Required(ErrorMessage = Messages.Required)]
    [Instant]
    public string? OccurredAt { get; init; }

    /// <summary>Where the centre mails the sender's own results (openings, tests); never sent registered data.</summary>
    [StringLength(254, ErrorMessage = Messages.Length)]
    [EmailAddressFormat]
    public string? ReplyTo { get; init; }

    /// <summary>Required for failure and pseudoFailure reports.</summary>
    public IntakeEventRequest? Event { get; init; }

    [Required(ErrorMessage = Messages.Required)]
    [JsonConverter(typeof(ContractEnum<ReportMeans>))]
    public ReportMeans? Means { get; init; }

    [Required(ErrorMessage = Messages.Required)]
    [JsonConverter(typeof(ContractEnum<ReportRoute>))]
    public ReportRoute? Route { get; init; }

    private bool NeedsEvent => Type is IntakeType.Failure or IntakeType.PseudoFailure;

    /// <summary>Every problem, keyed by the field's JSON path; empty when the report can be handed to the centre's rules.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Check(this, prefix: string.Empty, errors);
        if (Type == IntakeType.Opening && KeyCode is null && KeyFile is null)
        {
            errors.TryAdd("keyCode", [Messages.RequiredForOpening]);
        }

        if (KeyFile is not null && (_keyFile = OpeningKeyFile.Parse(KeyFile)) is null)
        {
            errors.TryAdd("keyFile", [Messages.KeyFile]);
        }

        if (NeedsEvent && Event is null)
        {
            errors.TryAdd("event", [Messages.RequiredForEvents]);
        }
        else if (NeedsEvent)
        {
            Check(Event!, prefix: "event.", errors);
        }

        return errors;
    }

    /// <summary>
    /// The report as the centre's rules take it. Model and serial numbers compare in upper case; a key file comes with
    /// whether its signature is the centre's. Called after <see cref="Validate"/> found nothing wrong.
    /// </summary>
    public IntakeReport ToReport(IKeyFileSigner signer) => new(
        ReportId!,
        Type!.Value,
        ModelNumber!.ToUpperInvariant(),
        SerialNumber!.ToUpperInvariant(),
        KeyCode,
        HostName,
        DateTimeOffset.Parse(OccurredAt!, CultureInfo.InvariantCulture).ToUniversalTime(),
        ReplyTo,
        NeedsEvent ? new ReportEvent(Event!.Category!.Value, Event.Code!, Event.Severity!.Value, Event.Message!) : null,
        Means!.Value,
        Route!.Value,
        _keyFile is { } sent ? new SentKeyFile(sent.File, signer.IsGenuine(sent.File, sent.Signature)) : null);


    private static void Check(object instance, string prefix, Dictionary<string, string[]> errors)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true);
        foreach (var result in results)
        {
            foreach (var member in result.MemberNames)
            {
                errors.TryAdd(prefix + JsonNamingPolicy.CamelCase.ConvertName(member), [result.ErrorMessage ?? Messages.Invalid]);
            }
        }
    }

    internal static class Patterns
    {
        public const string Identifier = "^[A-Za-z0-9._:-]+$";
        public const string Number = "^[A-Za-z0-9-]+$";

        /// <summary>Any text but control characters (tab and line breaks are text).</summary>
        public const string FreeText = @"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$";

        public const string Instant = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$";
    }

    internal static class Messages
    {
        public const string Required = "Required.";
        public const string RequiredForOpening = "Required for opening reports (or keyFile, for a device that opens by key file).";
        public const string KeyFile = "Not an opening key file: send the file's whole text as downloaded from the portal.";
        public const string RequiredForEvents = "Required for failure and pseudoFailure reports.";
        public const string Length = "At most {1} characters.";
        public const string Identifier = "Only letters, digits and . _ : - are allowed here.";
        public const string Number = "Only letters, digits and - are allowed here.";
        public const string Instant = "Must be an ISO-8601 date and time with an offset, e.g. 2026-11-20T10:15:00+09:00.";
        public const string Email = "Must be one e-mail address.";
        public const string FreeText = "Must not contain control characters (tab and line breaks are allowed).";
        public const string Invalid = "Invalid.";
    }

    /// <summary>An ISO-8601 instant that names its offset (a local time alone is ambiguous) and exists.</summary>
    [AttributeUsage(AttributeTargets.Property)]
    private sealed class InstantAttribute() : RegularExpressionAttribute(Patterns.Instant)
    {
        public override bool IsValid(object? value) =>
            value is null || (base.IsValid(value) && DateTimeOffset.TryParse((string)value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _));

        public override string FormatErrorMessage(string name) => Messages.Instant;
    }

    /// <summary>The portal's one definition of an e-mail address (<see cref="ContactFormats.IsEmail"/>).</summary>
    [AttributeUsage(AttributeTargets.Property)]
    private sealed class EmailAddressFormatAttribute : DataTypeAttribute
    {
        public EmailAddressFormatAttribute()
            : base(DataType.EmailAddress) => ErrorMessage = Messages.Email;

        public override bool IsValid(object? value) => value is null || (value is string text && ContactFormats.IsEmail(text));
    }
}

/// <summary>The event a failure or pseudo-failure report carries.</summary>
public sealed class IntakeEventRequest
{
    [Required(ErrorMessage = IntakeRequest.Messages.Required)]
    [JsonConverter(typeof(ContractEnum<EventCategory>))]
    public EventCategory? Category { get; init; }

    [Required(ErrorMessage = IntakeRequest.Messages.Required)]
    [StringLength(64, ErrorMessage = IntakeRequest.Messages.Length)]
    [RegularExpression(IntakeRequest.Patterns.Identifier, ErrorMessage = IntakeRequest.Messages.Identifier)]
    public string? Code { get; init; }

    [Required(ErrorMessage = IntakeRequest.Messages.Required)]
    [JsonConverter(typeof(ContractEnum<EventSeverity>))]
    public EventSeverity? Severity { get; init; }

    /// <summary>The event's text as the server wrote it: stored as sent, encoded wherever it is shown.</summary>
    [Required(ErrorMessage = IntakeRequest.Messages.Required)]
    [StringLength(2000, ErrorMessage = IntakeRequest.Messages.Length)]
    [RegularExpression(IntakeRequest.Patterns.FreeText, ErrorMessage = IntakeRequest.Messages.FreeText)]
    public string? Message { get; init; }
}

/// <summary>
/// The intake contract's JSON: names in camelCase, enumerations by name only, and a key given twice is an
/// error rather than "the last one wins".
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNameCaseInsensitive = false,
    AllowDuplicateProperties = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IntakeRequest))]
[JsonSerializable(typeof(IntakeResponse))]
internal sealed partial class IntakeJsonContext : JsonSerializerContext;

/// <summary>An enumeration of the contract: its camelCase names, never a number. On the property, so the OpenAPI schema says so too.</summary>
public sealed class ContractEnum<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where T : struct, Enum;

/// <summary>Reads the body into <see cref="IntakeRequest"/> and names every field that is wrong.</summary>
public static class IntakeRequestReader
{
    public static (IntakeReport? Report, Dictionary<string, string[]> Errors) Read(ReadOnlySpan<byte> body, IKeyFileSigner signer)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            // The JSON reader checks structure, not the bytes inside strings.
            return (null, Body("The body is not valid UTF-8."));
        }

        IntakeRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(body, IntakeJsonContext.Default.IntakeRequest);
        }
        catch (JsonException)
        {
            return (null, Explain(body.ToArray()));
        }

        if (request is null)
        {
            return (null, Body("The body must be one JSON object."));
        }

        var errors = request.Validate();
        return errors.Count == 0 ? (request.ToReport(signer), errors) : (null, errors);
    }

    /// <summary>
    /// The deserializer stops at the first value it cannot read; the gateway is told of every one. Each field of
    /// the contract is read on its own with the contract's own metadata, so this knows no field by name.
    /// </summary>
    private static Dictionary<string, string[]> Explain(byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return Body("The body must be one JSON object in UTF-8.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Body("The body must be one JSON object.");
            }

            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            Collect(document.RootElement, IntakeJsonContext.Default.IntakeRequest, prefix: string.Empty, errors);
            if (errors.Count == 0)
            {
                return Body("The body could not be read as a report.");
            }

            // The fields that could be read are checked too, so one answer names every problem.
            if (Without(document.RootElement, errors.Keys) is { } rest)
            {
                foreach (var (field, messages) in rest.Validate().Where(e => !errors.Keys.Any(bad => e.Key == bad || e.Key.StartsWith(bad + ".", StringComparison.Ordinal))))
                {
                    errors[field] = messages;
                }
            }

            return errors;
        }
    }

    /// <summary>The request without the fields that could not be read; null when that still cannot be read.</summary>
    private static IntakeRequest? Without(JsonElement root, IEnumerable<string> bad)
    {
        try
        {
            var node = JsonNode.Parse(root.GetRawText())!.AsObject();
            foreach (var path in bad)
            {
                var parts = path.Split('.');
                var parent = parts.Length == 1 ? node : node[parts[0]] as JsonObject;
                parent?.Remove(parts[^1]);
            }

            return node.Deserialize(IntakeJsonContext.Default.IntakeRequest);
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException)
        {
            // A key given twice cannot even be parsed into an object: the fields named so far are the answer.
            return null;
        }
    }

    private static void Collect(JsonElement element, JsonTypeInfo type, string prefix, Dictionary<string, string[]> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            if (!names.Add(member.Name))
            {
                errors.TryAdd(prefix + member.Name, ["Given more than once."]);
            }
        }

        foreach (var property in type.Properties)
        {
            var path = prefix + property.Name;
            if (errors.ContainsKey(path) || !element.TryGetProperty(property.Name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            var propertyType = type.Options.GetTypeInfo(property.PropertyType);
            if (propertyType.Kind == JsonTypeInfoKind.Object && value.ValueKind == JsonValueKind.Object)
            {
                Collect(value, propertyType, path + ".", errors);
                continue;
            }

            // The field alone in an object of its own type: read with exactly the contract's metadata (its converter).
            try
            {
                JsonSerializer.Deserialize(Alone(property.Name, value), type);
            }
            catch (JsonException)
            {
                errors[path] = [propertyType.Kind == JsonTypeInfoKind.Object ? "Must be an object." : Expected(property.PropertyType, value)];
            }
        }
    }

    private static byte[] Alone(string name, JsonElement value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName(name);
            writer.WriteRawValue(value.GetRawText(), skipInputValidation: true); // as sent: WriteTo would unescape it
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string Expected(Type type, JsonElement value)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target.IsEnum)
        {
            return $"Must be one of: {string.Join(", ", Enum.GetNames(target).Select(JsonNamingPolicy.CamelCase.ConvertName))}.";
        }

        return target == typeof(string) && value.ValueKind == JsonValueKind.String
            ? "Must be valid Unicode text (a lone surrogate such as \\ud800 is not)."
            : target == typeof(string) ? "Must be a string." : "Has the wrong type.";
    }

    private static Dictionary<string, string[]> Body(string message) => new(StringComparer.Ordinal) { ["body"] = [message] };
}
