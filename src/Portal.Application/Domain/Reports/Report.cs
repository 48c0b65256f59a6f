namespace Portal.Application.Domain.Reports;

public enum ReportType
{
    /// <summary>開局通報.</summary>
    Opening = 1,

    /// <summary>定期通報: monthly heartbeat.</summary>
    Periodic = 2,

    /// <summary>障害通報.</summary>
    Failure = 3,

    /// <summary>Pseudo-failure test, shown as テスト通報 (FAQ Q2-45).</summary>
    PseudoFailure = 4,

    /// <summary>Service end notice (FAQ Q3-7).</summary>
    End = 5,
}

public enum ReportMeans
{
    Https = 1,
    Mail = 2,
    Dialup = 3,
}

public enum ReportRoute
{
    Agent = 1,
    Manager = 2,
    Bmc = 3,
}

public enum EventCategory
{
    Cpu = 1,
    Memory = 2,
    Disk = 3,
    Power = 4,
    Fan = 5,
    Temperature = 6,
    Other = 9,
}

public enum EventSeverity
{
    Info = 1,
    Warning = 2,
    Critical = 3,
}

/// <summary>What the centre did with a report; shown in the report history.</summary>
public enum ReportHandling
{
    Recorded = 1,
    ContactsNotified = 2,
    SuppressedRepeat = 3,
    NotActedOnMaintenance = 4,

    /// <summary>A matching opening report opened the service (or confirmed it again).</summary>
    Opened = 5,

    /// <summary>An opening report for a known device whose key (code or key file) does not prove the sender.</summary>
    OpeningMismatch = 6,

    /// <summary>An opening report sent within the hour after key issuance; the sender is told when to retry.</summary>
    OpeningTooEarly = 7,

    /// <summary>An opening report for a device whose opening is locked after five wrong keys (codes or key files).</summary>
    OpeningLocked = 8,
}

/// <summary>The event a failure or pseudo-failure report carries.</summary>
public sealed record ReportEvent(EventCategory Category, string Code, EventSeverity Severity, string Message);

/// <summary>One report received by the centre (通報), shown in the report history.</summary>
public sealed class Report
{
    private Report() => SenderReportId = HostName = string.Empty;

    public Report(
        Guid deviceId,
        string senderReportId,
        ReportType type,
        DateTimeOffset occurredAt,
        DateTimeOffset receivedAt,
        string hostName,
        ReportMeans means,
        ReportRoute route,
        ReportEvent? @event,
        ReportHandling handling)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(senderReportId);
        DeviceId = deviceId;
        SenderReportId = senderReportId;
        Type = type;
        OccurredAt = occurredAt;
        ReceivedAt = receivedAt;
        HostName = hostName;
        Means = means;
        Route = route;
        Event = @event;
        Handling = handling;
    }

    /// <summary>Ascending store order; with <see cref="ReceivedAt"/> the key for keyset paging.</summary>
    public long Id { get; private set; }

    public Guid DeviceId { get; private set; }

    /// <summary>The sender's idempotency key.</summary>
    public string SenderReportId { get; private set; }

    public ReportType Type { get; private set; }
    public DateTimeOffset OccurredAt { get; private set; }
    public DateTimeOffset ReceivedAt { get; private set; }
    public string HostName { get; private set; }
    public ReportMeans Means { get; private set; }
    public ReportRoute Route { get; private set; }
    public ReportEvent? Event { get; private set; }
    public ReportHandling Handling { get; private set; }
}
