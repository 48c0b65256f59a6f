namespace Portal.Application.Domain.Audit;

/// <summary>One state change: who did what, when, with the values before and after (JSON).</summary>
public sealed class AuditEntry
{
    private AuditEntry() => Action = EntityType = EntityId = ActorName = string.Empty;

    public AuditEntry(DateTimeOffset at, Guid? actorUserId, string actorName, string action, string entityType, string entityId, Guid? deviceId, string? before, string? after)
    {
        At = at;
        ActorUserId = actorUserId;
        ActorName = actorName;
        Action = action;
        EntityType = entityType;
        EntityId = entityId;
        DeviceId = deviceId;
        Before = before;
        After = after;
    }

    public long Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public Guid? ActorUserId { get; private set; }
    public string ActorName { get; private set; }
    public string Action { get; private set; }
    public string EntityType { get; private set; }
    public string EntityId { get; private set; }
    public Guid? DeviceId { get; private set; }
    public string? Before { get; private set; }
    public string? After { get; private set; }
}
