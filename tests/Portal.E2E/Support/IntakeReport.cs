using System.Text.Json.Serialization;

namespace Portal.E2E.Support;

/// <summary>
/// A report as a gateway sends it to the centre intake (<c>POST /api/centre/reports</c>): a fresh id, sent now over
/// HTTPS by an agent. Tests change what they need with <c>with</c>; what a report does not carry is left out.
/// </summary>
public sealed record IntakeReport
{
    public string ReportId { get; init; } = Guid.NewGuid().ToString("N");

    public required string Type { get; init; }

    public required string ModelNumber { get; init; }

    public required string SerialNumber { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? KeyCode { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? KeyFile { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? HostName { get; init; }

    public DateTimeOffset OccurredAt { get; init; } = DateTimeOffset.UtcNow;

    public string Means { get; init; } = "https";

    public string Route { get; init; } = "agent";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ReplyTo { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IntakeEvent? Event { get; init; }

    /// <summary>A critical failure of the device.</summary>
    public static IntakeReport Failure(DemoDevice device, string category, string code, string message) =>
        Of("failure", device) with { Event = new IntakeEvent(category, code, "critical", message) };

    public static IntakeReport Periodic(DemoDevice device) => Of("periodic", device);

    public static IntakeReport ConnectivityTest(DemoDevice device) => Of("connectivityTest", device);

    /// <summary>An opening with the key code or the key file the customer was given.</summary>
    public static IntakeReport Opening(DemoDevice device, string? keyCode = null, string? keyFile = null) =>
        Of("opening", device) with { KeyCode = keyCode, KeyFile = keyFile };

    public static IntakeReport End(DemoDevice device) => Of("end", device);

    private static IntakeReport Of(string type, DemoDevice device) =>
        new() { Type = type, ModelNumber = device.Model, SerialNumber = device.Serial };
}

public sealed record IntakeEvent(string Category, string Code, string Severity, string Message);
