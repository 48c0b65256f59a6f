namespace Portal.Application.Domain.Notifications;

public enum NotificationState
{
    Pending = 1,
    Sent = 2,
    Failed = 3,
}

/// <summary>
/// An e-mail in the transactional outbox: written in the same transaction as the change that causes it,
/// delivered later by a background sender with retry and backoff.
/// </summary>
public sealed class Notification
{
    /// <summary>With the one-hour cap, about two days of retries: an SMTP outage over a weekend loses nothing.</summary>
    public const int MaxAttempts = 60;

    private Notification() => Kind = Recipient = Subject = Body = Culture = string.Empty;

    public Notification(Guid id, string kind, string recipient, string subject, string body, string culture, Guid? deviceId, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recipient);
        Id = id;
        Kind = kind;
        Recipient = recipient;
        Subject = subject;
        Body = body;
        Culture = culture;
        DeviceId = deviceId;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
        State = NotificationState.Pending;
    }

    public Guid Id { get; private set; }
    public string Kind { get; private set; }
    public string Recipient { get; private set; }
    public string Subject { get; private set; }
    public string Body { get; private set; }
    public string Culture { get; private set; }
    public Guid? DeviceId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public NotificationState State { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    public string? LastError { get; private set; }

    public void MarkSent(DateTimeOffset now)
    {
        Attempts++;
        SentAt = now;
        LastError = null;
        State = NotificationState.Sent;
    }

    /// <summary>Exponential backoff from <paramref name="firstDelay"/>, capped at one hour; gives up after <see cref="MaxAttempts"/>.</summary>
    public void MarkAttemptFailed(string error, DateTimeOffset now, TimeSpan firstDelay)
    {
        Attempts++;
        LastError = error.Length > 1000 ? error[..1000] : error;
        var delay = TimeSpan.FromSeconds(Math.Min(3600, firstDelay.TotalSeconds * Math.Pow(2, Attempts - 1)));
        NextAttemptAt = now + delay;
        State = Attempts >= MaxAttempts ? NotificationState.Failed : NotificationState.Pending;
    }
}
