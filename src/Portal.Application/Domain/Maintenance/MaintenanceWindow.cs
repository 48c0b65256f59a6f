namespace Portal.Application.Domain.Maintenance;

/// <summary>
/// 定期メンテナンス: a planned period in which alarms of one device are recorded but not acted on
/// (FAQ Q3-5). Announced at least three days ahead.
/// </summary>
public sealed class MaintenanceWindow
{
    public static readonly TimeSpan MinimumNotice = TimeSpan.FromDays(3);

    private MaintenanceWindow() => Reason = string.Empty;

    public MaintenanceWindow(Guid id, Guid deviceId, DateTimeOffset startsAt, DateTimeOffset endsAt, string reason, Guid createdByUserId, DateTimeOffset createdAt)
    {
        if (endsAt <= startsAt)
        {
            throw new ArgumentException("A window must end after it starts.", nameof(endsAt));
        }

        Id = id;
        DeviceId = deviceId;
        StartsAt = startsAt;
        EndsAt = endsAt;
        Reason = reason.Trim();
        CreatedByUserId = createdByUserId;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid DeviceId { get; private set; }
    public DateTimeOffset StartsAt { get; private set; }
    public DateTimeOffset EndsAt { get; private set; }
    public string Reason { get; private set; }
    public Guid CreatedByUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? CancelledAt { get; private set; }

    public bool Covers(DateTimeOffset instant) => CancelledAt is null && instant >= StartsAt && instant < EndsAt;
}
