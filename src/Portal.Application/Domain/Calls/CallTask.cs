using Portal.Application.Domain.Reports;

namespace Portal.Application.Domain.Calls;

public enum CallTaskState
{
    /// <summary>Waiting for staff to phone contact 1 (then contact 2 if 1 cannot be reached).</summary>
    Open = 1,
    Closed = 2,
}

/// <summary>
/// A failure the centre must phone about: contact 1 first, contact 2 only if contact 1 cannot be reached
/// (FAQ Q1-16). Staff work these from the call list.
/// </summary>
public sealed class CallTask
{
    private CallTask()
    {
        Report = null!;
    }

    public CallTask(Guid id, Guid deviceId, Report report, EventSeverity severity, DateTimeOffset createdAt)
    {
        Id = id;
        DeviceId = deviceId;
        Report = report;
        Severity = severity;
        CreatedAt = createdAt;
        State = CallTaskState.Open;
    }

    public Guid Id { get; private set; }
    public Guid DeviceId { get; private set; }
    public long ReportId { get; private set; }
    public Report Report { get; private set; }
    public EventSeverity Severity { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public CallTaskState State { get; private set; }
}
