using System.Security.Cryptography;
using Portal.Application.Abstractions;
using Portal.Application.Common;

namespace Portal.Application.Domain.Webhooks;

/// <summary>How a delivery's body is written: the Standard Webhooks event, or a chat message for Teams or Slack.</summary>
public enum WebhookFormat
{
    Standard = 1,
    Teams = 2,
    Slack = 3,
}

/// <summary>The events an endpoint may choose; each has a stable name on the wire (<see cref="WebhookEventNames"/>).</summary>
[Flags]
public enum WebhookEvents
{
    None = 0,
    FailureRecorded = 1,
    FailureSuppressedByMaintenance = 2,
    OpeningSucceeded = 4,
    OpeningMismatch = 8,
    OpeningLocked = 16,
    PeriodicOverdue = 32,
    MaintenanceStarted = 64,
    MaintenanceEnded = 128,
    ApplicationAccepted = 256,
    ApplicationSentBack = 512,
    All = 1023,
}

public static class WebhookEventNames
{
    /// <summary>The one event that is not chosen: an administrator's "send test event".</summary>
    public const string Test = "test";

    public static readonly IReadOnlyList<WebhookEvents> Each = [.. Enum.GetValues<WebhookEvents>().Where(e => e is not WebhookEvents.None and not WebhookEvents.All)];

    public static string Of(WebhookEvents type) => type switch
    {
        WebhookEvents.FailureRecorded => "failure.recorded",
        WebhookEvents.FailureSuppressedByMaintenance => "failure.suppressed_by_maintenance",
        WebhookEvents.OpeningSucceeded => "opening.succeeded",
        WebhookEvents.OpeningMismatch => "opening.mismatch",
        WebhookEvents.OpeningLocked => "opening.locked",
        WebhookEvents.PeriodicOverdue => "periodic.overdue",
        WebhookEvents.MaintenanceStarted => "maintenance.started",
        WebhookEvents.MaintenanceEnded => "maintenance.ended",
        WebhookEvents.ApplicationAccepted => "application.accepted",
        WebhookEvents.ApplicationSentBack => "application.sent_back",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "One event, not a set."),
    };

    /// <summary>Failures and openings wait behind nothing; the rest (notices, decisions, maintenance) behind them.</summary>
    public static bool IsAlert(WebhookEvents type) => type is WebhookEvents.FailureRecorded or WebhookEvents.OpeningSucceeded
        or WebhookEvents.OpeningMismatch or WebhookEvents.OpeningLocked;
}

/// <summary>
/// An address of a support ID's administrator where the centre posts the events chosen, signed per Standard
/// Webhooks with the endpoint's secret. The secret must be kept to sign, so it is stored encrypted (unlike a token's,
/// which is hashed); it is shown to administrators once, when made or rotated. After a rotation the old secret signs too for a day, so a
/// receiver can switch without losing a delivery. An endpoint whose deliveries have failed for a day is paused.
/// </summary>
public sealed class WebhookEndpoint : VersionedAggregate
{
    public const int MaxNameLength = 100;
    public const int MaxUrlLength = 2000;

    /// <summary>How long deliveries may fail without one success before the endpoint is paused.</summary>
    public static readonly TimeSpan FailureWindow = TimeSpan.FromHours(24);

    /// <summary>How long the secret before a rotation still signs.</summary>
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);

    /// <summary>
    /// Failing without one success for <see cref="FailureWindow"/>, and not paused yet: the sender pauses it in one
    /// conditional statement, so of several instances that see the failure only one pauses it and mails.
    /// </summary>
    public static readonly Rule<WebhookEndpoint, DateTimeOffset> DueForPause = new((e, now) =>
        e.PausedAt == null && e.FailingSince != null && e.FailingSince <= now - FailureWindow);

    private WebhookEndpoint() => Name = Url = ProtectedSecret = Culture = string.Empty;

    public Guid Id { get; private set; }
    public Guid SupportAccountId { get; private set; }
    public string Name { get; private set; }
    public string Url { get; private set; }
    public WebhookFormat Format { get; private set; }
    public WebhookEvents Events { get; private set; }

    /// <summary>The language of a chat message's text (Teams, Slack); a Standard event carries data, not text.</summary>
    public string Culture { get; private set; }

    /// <summary>The secret ("whsec_" and 32 random bytes in base64, as Standard Webhooks libraries take it), encrypted.</summary>
    public string ProtectedSecret { get; private set; }
    public string? PreviousProtectedSecret { get; private set; }
    public DateTimeOffset? PreviousSecretUntil { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? PausedAt { get; private set; }

    /// <summary>Since when every delivery has failed; cleared by any success (both set by the sender, statement by statement).</summary>
    public DateTimeOffset? FailingSince { get; private set; }

    public bool IsPaused => PausedAt is not null;

    /// <returns>The endpoint, and its secret in the clear: to be shown this once.</returns>
    public static Result<(WebhookEndpoint Endpoint, string Secret)> Create(Guid supportAccountId, string? name, Uri url, WebhookFormat format, WebhookEvents events, string culture, IWebhookSecretProtector secrets, DateTimeOffset now)
    {
        var secret = NewSecret();
        var endpoint = new WebhookEndpoint { Id = Guid.NewGuid(), SupportAccountId = supportAccountId, ProtectedSecret = secrets.Protect(secret), CreatedAt = now };
        var set = endpoint.Set(name, url, format, events, culture);
        return set.IsOk ? (endpoint, secret) : set.As<(WebhookEndpoint, string)>();
    }

    public Result Change(string? name, Uri url, WebhookFormat format, WebhookEvents events, string culture)
    {
        var set = Set(name, url, format, events, culture);
        if (set.IsOk)
        {
            Changed();
        }

        return set;
    }

    private Result Set(string? name, Uri url, WebhookFormat format, WebhookEvents events, string culture)
    {
        var errors = new List<Error>();
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            errors.Add(new Error(ErrorCodes.WebhookNameRequired, nameof(name)));
        }
        else if (trimmed.Length > MaxNameLength)
        {
            errors.Add(new Error(ErrorCodes.TooLong, nameof(name)));
        }

        if (url.OriginalString.Length > MaxUrlLength)
        {
            errors.Add(new Error(ErrorCodes.TooLong, nameof(url)));
        }

        if ((events & WebhookEvents.All) == WebhookEvents.None || (events & ~WebhookEvents.All) != WebhookEvents.None)
        {
            errors.Add(new Error(ErrorCodes.WebhookEventsRequired, nameof(events)));
        }

        if (!Enum.IsDefined(format))
        {
            errors.Add(new Error(ErrorCodes.UnknownValue, nameof(format)));
        }

        if (errors.Count > 0)
        {
            return Result.Invalid([.. errors]);
        }

        (Name, Url, Format, Events, Culture) = (trimmed, url.AbsoluteUri, format, events, SupportedCultures.IsSupported(culture) ? culture : SupportedCultures.Default);
        return Result.Ok();
    }

    public bool Wants(WebhookEvents type) => (Events & type) == type;

    /// <summary>A new secret, returned in the clear to be shown once; the old one keeps signing for <see cref="RotationOverlap"/>.</summary>
    public string RotateSecret(IWebhookSecretProtector secrets, DateTimeOffset now)
    {
        var secret = NewSecret();
        (PreviousProtectedSecret, PreviousSecretUntil, ProtectedSecret) = (ProtectedSecret, now + RotationOverlap, secrets.Protect(secret));
        Changed();
        return secret;
    }

    /// <summary>The secrets that sign a delivery sent now: the current one, and the one before it within the overlap.</summary>
    public IReadOnlyList<string> SigningSecrets(IWebhookSecretProtector secrets, DateTimeOffset now) =>
        PreviousProtectedSecret is { } previous && PreviousSecretUntil > now
            ? [secrets.Unprotect(ProtectedSecret), secrets.Unprotect(previous)]
            : [secrets.Unprotect(ProtectedSecret)];

    public Result Pause(DateTimeOffset now)
    {
        if (IsPaused)
        {
            return Result.Conflict(ErrorCodes.NothingChanged);
        }

        PausedAt = now;
        Changed();
        return Result.Ok();
    }

    /// <summary>Deliveries waiting while paused go out again; the failure window starts afresh.</summary>
    public Result Resume()
    {
        if (!IsPaused)
        {
            return Result.Conflict(ErrorCodes.NothingChanged);
        }

        (PausedAt, FailingSince) = (null, null);
        Changed();
        return Result.Ok();
    }

    private static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
