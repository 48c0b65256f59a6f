using Portal.Application.Common;
using Portal.Application.Domain.Notifications;

namespace Portal.Application.Domain.Webhooks;

public enum WebhookDeliveryState
{
    Pending = 1,
    Delivered = 2,
    Failed = 3,
}

/// <summary>
/// The centre's own reasons a try failed, kept as codes that the delivery log shows in its reader's language. A
/// receiver's answer or the network's error is kept as it came.
/// </summary>
public static class WebhookFailures
{
    public const string NoAnswer = "no-answer";
    public const string NotHttps = "https-only";
    public const string AddressRefused = "address-refused";
    public const string GivenUp = "given-up";
    public const string Unexpected = "unexpected";

    public static readonly IReadOnlyList<string> All = [NoAnswer, NotHttps, AddressRefused, GivenUp, Unexpected];
}

/// <summary>
/// One event for one endpoint, in the webhook outbox: written in the same transaction as the change it tells of,
/// posted later by a background sender with retries, and kept as the endpoint's delivery log. Its id is the
/// Standard Webhooks message id, the same on every try, so a receiver can drop a repeat.
/// </summary>
public sealed class WebhookDelivery
{
    /// <summary>With the one-hour cap, about two days of tries; the endpoint is paused after one day of failures.</summary>
    public const int MaxAttempts = 60;

    public const int MaxErrorLength = 500;

    /// <summary>
    /// A delivery still waiting after this long (its endpoint paused, or failing all along) is given up: an event
    /// days old is no alert, and a receiver resumed after weeks is not flooded with them.
    /// </summary>
    public static readonly TimeSpan GivenUpAfter = TimeSpan.FromDays(3);

    /// <summary>How long the delivery log keeps a finished delivery (with the device's text in its data).</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(30);

    public static readonly Rule<WebhookDelivery, DateTimeOffset> Claimable = new((d, now) =>
        d.State == WebhookDeliveryState.Pending && d.NextAttemptAt <= now && (d.ClaimedUntil == null || d.ClaimedUntil <= now));

    private WebhookDelivery() => Event = Data = string.Empty;

    /// <param name="data">The event's data as JSON: the Standard body's "data", and what a chat message is written from.</param>
    public WebhookDelivery(Guid endpointId, string @event, MailLane lane, string data, Guid? deviceId, DateTimeOffset createdAt)
    {
        Id = Guid.NewGuid();
        EndpointId = endpointId;
        Event = @event;
        Lane = lane;
        Data = data;
        DeviceId = deviceId;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
        State = WebhookDeliveryState.Pending;
    }

    public Guid Id { get; private set; }
    public Guid EndpointId { get; private set; }
    public string Event { get; private set; }
    public MailLane Lane { get; private set; }
    public string Data { get; private set; }
    public Guid? DeviceId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public WebhookDeliveryState State { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public DateTimeOffset? DeliveredAt { get; private set; }

    /// <summary>The last try's answer: its HTTP status (none when no answer came), how long it took, and why it failed.</summary>
    public int? LastStatusCode { get; private set; }
    public int? LastLatencyMs { get; private set; }
    public string? LastError { get; private set; }

    /// <summary>The sender that holds this delivery and until when, as for mails (see the outbox claim).</summary>
    public Guid? ClaimToken { get; private set; }
    public DateTimeOffset? ClaimedUntil { get; private set; }

    /// <summary>The Standard Webhooks message id.</summary>
    public string MessageId => $"msg_{Id:N}";

    public void MarkDelivered(int statusCode, TimeSpan latency, DateTimeOffset now)
    {
        Record(statusCode, latency, null);
        DeliveredAt = now;
        State = WebhookDeliveryState.Delivered;
    }

    /// <summary>Exponential backoff from <paramref name="firstDelay"/>, capped at one hour; gives up after <see cref="MaxAttempts"/>.</summary>
    public void MarkAttemptFailed(int? statusCode, TimeSpan latency, string error, DateTimeOffset now, TimeSpan firstDelay)
    {
        Record(statusCode, latency, error);
        NextAttemptAt = now + TimeSpan.FromSeconds(Math.Min(3600, firstDelay.TotalSeconds * Math.Pow(2, Attempts - 1)));
        State = Attempts >= MaxAttempts ? WebhookDeliveryState.Failed : WebhookDeliveryState.Pending;
    }

    /// <summary>
    /// Gives the delivery back untried, not to be tried before <paramref name="until"/>: its endpoint just failed
    /// another delivery, so this one waits for that one's next try instead of spending a sender's time-out too.
    /// </summary>
    public void Defer(DateTimeOffset until)
    {
        ReleaseClaim();
        NextAttemptAt = until > NextAttemptAt ? until : NextAttemptAt;
    }

    /// <summary>Gives the delivery back untried: any sender may take it now.</summary>
    public void ReleaseClaim() => (ClaimToken, ClaimedUntil) = (null, null);

    private void Record(int? statusCode, TimeSpan latency, string? error)
    {
        ReleaseClaim();
        Attempts++;
        LastStatusCode = statusCode;
        LastLatencyMs = (int)Math.Min(int.MaxValue, Math.Round(latency.TotalMilliseconds));
        LastError = error is { Length: > MaxErrorLength } ? error[..MaxErrorLength] : error;
    }
}
