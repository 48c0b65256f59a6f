using Portal.Application.Common;

namespace Portal.Application.Domain.Notifications;

public enum NotificationState
{
    Pending = 1,
    Sent = 2,
    Failed = 3,
}

/// <summary>
/// Which mails go first. Alerts (a failure, an opening and its problems, key notices) are delivered before any
/// bulk notice (overdue reports, reminders), however many of those are waiting.
/// </summary>
public enum MailLane
{
    Alert = 1,
    Bulk = 2,
}

/// <summary>
/// An e-mail in the transactional outbox: written in the same transaction as the change that causes it,
/// delivered later by a background sender with retry and backoff.
/// </summary>
public sealed class Notification
{
    /// <summary>With the one-hour cap, about two days of retries: an SMTP outage over a weekend loses nothing.</summary>
    public const int MaxAttempts = 60;

    /// <summary>Due, and held by no sender (never claimed, or its claim has run out).</summary>
    public static readonly Rule<Notification, DateTimeOffset> Claimable = new((n, now) =>
        n.State == NotificationState.Pending && n.NextAttemptAt <= now && (n.ClaimedUntil == null || n.ClaimedUntil <= now));

    private Notification() => Kind = Recipient = Subject = Body = Culture = string.Empty;

    /// <param name="linkPath">The portal page the mail links to, when it is not the device's (a reset or invitation link).</param>
    public Notification(Guid id, string kind, MailLane lane, string recipient, string subject, string body, string culture, Guid? deviceId, DateTimeOffset createdAt, string? linkPath = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recipient);
        Id = id;
        Kind = kind;
        Lane = lane;
        Recipient = recipient;
        Subject = subject;
        Body = body;
        Culture = culture;
        DeviceId = deviceId;
        LinkPath = linkPath;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
        State = NotificationState.Pending;
    }

    public Guid Id { get; private set; }
    public string Kind { get; private set; }
    public MailLane Lane { get; private set; }
    public string Recipient { get; private set; }
    public string Subject { get; private set; }
    public string Body { get; private set; }
    public string Culture { get; private set; }
    public Guid? DeviceId { get; private set; }

    /// <summary>
    /// The page to link to, relative to the portal's address (which is added when the mail is sent): an account
    /// mail's page, with the token it carries. Null: the device's page, or the portal's start page.
    /// A token waits here until sent; each expires (an hour for a password reset, a week for an invitation) and
    /// works once.
    /// </summary>
    public string? LinkPath { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public NotificationState State { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    public string? LastError { get; private set; }

    /// <summary>
    /// The sender that holds this message, and until when: set for a batch in one statement by the outbox's
    /// claim, so that no two senders (instances) ever hold the same message; an expired claim is free again.
    /// </summary>
    public Guid? ClaimToken { get; private set; }
    public DateTimeOffset? ClaimedUntil { get; private set; }

    public void MarkSent(DateTimeOffset now)
    {
        ReleaseClaim();
        Attempts++;
        SentAt = now;
        LastError = null;
        State = NotificationState.Sent;
    }

    /// <summary>Exponential backoff from <paramref name="firstDelay"/>, capped at one hour; gives up after <see cref="MaxAttempts"/>.</summary>
    public void MarkAttemptFailed(string error, DateTimeOffset now, TimeSpan firstDelay)
    {
        ReleaseClaim();
        Attempts++;
        LastError = error.Length > 1000 ? error[..1000] : error;
        var delay = TimeSpan.FromSeconds(Math.Min(3600, firstDelay.TotalSeconds * Math.Pow(2, Attempts - 1)));
        NextAttemptAt = now + delay;
        State = Attempts >= MaxAttempts ? NotificationState.Failed : NotificationState.Pending;
    }

    /// <summary>A failure no retry can mend (an address the mail library refuses, a 5xx from the server): given up at once.</summary>
    public void MarkFailed(string error)
    {
        ReleaseClaim();
        Attempts++;
        LastError = error.Length > 1000 ? error[..1000] : error;
        State = NotificationState.Failed;
    }

    /// <summary>Gives the message back unsent: any sender may take it now.</summary>
    public void ReleaseClaim() => (ClaimToken, ClaimedUntil) = (null, null);
}
