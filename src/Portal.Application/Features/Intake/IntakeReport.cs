using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;

namespace Portal.Application.Features.Intake;

/// <summary>The report types a gateway sends; the connectivity test is answered and mailed but not kept in history.</summary>
public enum IntakeType
{
    Opening,
    Periodic,
    Failure,
    PseudoFailure,
    ConnectivityTest,
    End,
}

/// <summary>What the centre answers, as the stable contract names them.</summary>
public static class IntakeOutcome
{
    public const string Recorded = "recorded";
    public const string Opened = "opened";
    public const string Mismatch = "mismatch";
    public const string TooEarly = "tooEarly";
    public const string Suppressed = "suppressed";
    public const string Duplicate = "duplicate";
    public const string NotOpened = "notOpened";
    public const string UnknownDevice = "unknownDevice";
    public const string OpeningLocked = "openingLocked";
}

/// <summary>One report as the intake API received it, already checked for form (the web layer does that).</summary>
public sealed record IntakeReport(
    string ReportId,
    IntakeType Type,
    string ModelNumber,
    string SerialNumber,
    string? KeyCode,
    string? HostName,
    DateTimeOffset OccurredAt,
    string? ReplyTo,
    ReportEvent? Event,
    ReportMeans Means,
    ReportRoute Route,
    SentKeyFile? KeyFile = null);

/// <summary>
/// The answer. <see cref="RetryAfter"/> (UTC) and <see cref="RetryAfterJapan"/> (the same instant in Japan time)
/// tell a too-early sender when opening works; <see cref="FirstOutcome"/> is set on a duplicate: what the first
/// delivery was told.
/// </summary>
public sealed record IntakeResponse(
    string Outcome,
    string? DeviceManagementNumber = null,
    IReadOnlyList<string>? Mismatches = null,
    DateTimeOffset? RetryAfter = null,
    string? FirstOutcome = null,
    DateTimeOffset? RetryAfterJapan = null);

/// <summary>The batch's answers, and the devices whose history gained a report (for the live history pages).</summary>
public sealed record IntakeBatchResult(IReadOnlyList<IntakeResponse> Responses, IReadOnlySet<Guid> DevicesWithNewReports);

/// <summary>One report and the gateway that delivered it (its key, from the bearer token).</summary>
public sealed record IntakeItem(string SenderKey, IntakeReport Report);
