using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

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
    [Range(0d, 60 * 60, MinimumIsExclusive = true)]
    public double PollSeconds { get; set; } = 1;

    /// <summary>Wait before the first retry; doubles with each try, at most one hour.</summary>
    [Range(0d, 60 * 60, MinimumIsExclusive = true)]
    public double RetryFirstDelaySeconds { get; set; } = 30;

    /// <summary>How long a receiver may take to answer, connection included: a slow receiver holds no sender for long.</summary>
    [Range(0d, 60 * 60, MinimumIsExclusive = true)]
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Deliveries posted at once by one worker.</summary>
    [Range(1, 1000)]
    public int Concurrency { get; set; } = 16;

    /// <summary>Workers per instance, each with its own batch: a slow receiver holds up one of them at a time.</summary>
    [Range(1, 100)]
    public int Workers { get; set; } = 2;

    /// <summary>How long a sender's claim on a batch holds; an instance that dies leaves its batch to the others then.</summary>
    [Range(0d, 24 * 60 * 60, MinimumIsExclusive = true)]
    public double ClaimLeaseSeconds { get; set; } = 120;
}

/// <summary>The SSRF guard's one exception is for a receiver on a developer's own machine.</summary>
public sealed class WebhookOptionsValidator(bool outsideDevelopment) : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options) =>
        outsideDevelopment && options.AllowLoopback
            ? ValidateOptionsResult.Fail("Webhooks:AllowLoopback may only be set in Development.")
            : ValidateOptionsResult.Success;
}
