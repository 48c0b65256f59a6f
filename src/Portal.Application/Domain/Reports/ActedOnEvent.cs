namespace Portal.Application.Domain.Reports;

/// <summary>
/// When the centre last acted on one event of one device (mailed the contacts, opened a call task, or answered a
/// test). The agent repeats an event, and so does a second gateway; within 60 minutes of acting on it the centre
/// records the repeat without acting again (FAQ Q2-56). One row per device and event, read by key, so the check
/// costs the same however long the device's history grows.
/// </summary>
public sealed class ActedOnEvent
{
    public static readonly TimeSpan SuppressionWindow = TimeSpan.FromMinutes(60);

    private ActedOnEvent() => Code = string.Empty;

    public ActedOnEvent(Guid deviceId, ReportType type, string code, DateTimeOffset at)
    {
        DeviceId = deviceId;
        Type = type;
        Code = code;
        LastActedOnAt = at;
    }

    public Guid DeviceId { get; private set; }
    public ReportType Type { get; private set; }
    public string Code { get; private set; }
    public DateTimeOffset LastActedOnAt { get; private set; }

    /// <summary>A report of this event now is a repeat: the centre acted on it less than 60 minutes ago.</summary>
    public bool Suppresses(DateTimeOffset now) => now - LastActedOnAt < SuppressionWindow;

    public void ActedOnAgain(DateTimeOffset now) => LastActedOnAt = now;
}
