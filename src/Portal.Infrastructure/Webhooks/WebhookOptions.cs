namespace Portal.Infrastructure.Webhooks;

/// <summary>Configuration section "Webhooks".</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// Development only: endpoints may be plain HTTP on a loopback address (a receiver on the same machine). Every
    /// other private, link-local or loopback address is refused whatever this says.
    /// </summary>
    public bool AllowLoopback { get; set; }

    /// <summary>How often the webhook outbox is read for deliveries that are due.</summary>
    public double PollSeconds { get; set; } = 1;

    /// <summary>Wait before the first retry; doubles with each try, at most one hour.</summary>
    public double RetryFirstDelaySeconds { get; set; } = 30;

    /// <summary>How long a receiver may take to answer, connection included: a slow receiver holds no sender for long.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Deliveries posted at once by one worker.</summary>
    public int Concurrency { get; set; } = 16;

    /// <summary>Workers per instance, each with its own batch: a slow receiver holds up one of them at a time.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>How long a sender's claim on a batch holds; an instance that dies leaves its batch to the others then.</summary>
    public double ClaimLeaseSeconds { get; set; } = 120;
}
