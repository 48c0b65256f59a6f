using Microsoft.Extensions.Logging;

namespace Portal.Infrastructure.Observability;

/// <summary>Every message the centre's background work and start-up log, in one place, generated at compile time.</summary>
internal static partial class PortalLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the live signals failed; open pages update on the next reading that works")]
    public static partial void LiveSignalsUnread(this ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A password reset request could not be handled.")]
    public static partial void PasswordResetFailed(this ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Intake could not store a batch of {Count} reports; each was answered 503")]
    public static partial void IntakeBatchNotStored(this ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Looking for due jobs failed; looking again in {Look}")]
    public static partial void DueJobsUnread(this ILogger logger, Exception exception, TimeSpan look);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: the lease could not be freed; it runs out by itself")]
    public static partial void JobLeaseNotFreed(this ILogger logger, Exception exception, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: another instance took it over; this run stops")]
    public static partial void JobTakenOver(this ILogger logger, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: the lease could not be renewed before it runs out; this run stops")]
    public static partial void JobLeaseLost(this ILogger logger, Exception exception, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: the lease could not be renewed; trying again")]
    public static partial void JobLeaseNotRenewed(this ILogger logger, Exception exception, string job);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job}: {Count} handled")]
    public static partial void JobHandled(this ILogger logger, string job, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {Job} failed; it runs again at the next interval")]
    public static partial void JobFailed(this ILogger logger, Exception exception, string job);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook delivery failed; retrying in {Interval}")]
    public static partial void WebhookRoundFailed(this ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Id} could not be posted")]
    public static partial void WebhookNotPosted(this ILogger logger, Exception exception, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook endpoint {Id} failed for {Window} and is paused")]
    public static partial void WebhookEndpointPaused(this ILogger logger, Guid id, TimeSpan window);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Type} {Id} changed elsewhere before this round's result was recorded")]
    public static partial void WebhookClaimLost(this ILogger logger, string type, object? id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded demo data: {Devices} devices, {Reports} reports")]
    public static partial void DemoDataSeeded(this ILogger logger, int devices, int reports);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database migrated ({Provider})")]
    public static partial void DatabaseMigrated(this ILogger logger, string? provider);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox delivery failed; retrying in {Interval}")]
    public static partial void OutboxRoundFailed(this ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {Kind} {Id} cannot be delivered: {Error}")]
    public static partial void MailUndeliverable(this ILogger logger, string kind, Guid id, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail server unavailable ({Error}): {Count} messages wait for their next try")]
    public static partial void MailServerDown(this ILogger logger, string error, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox: {Sent} sent, {Retrying} to retry, {Failed} undeliverable")]
    public static partial void OutboxRound(this ILogger logger, int sent, int retrying, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The live signal for {Count} devices' delivery results was not written")]
    public static partial void DeliverySignalNotWritten(this ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mail {Id}: the claim ran out before its result was recorded, and another sender holds it now")]
    public static partial void MailClaimLost(this ILogger logger, Guid id);
}
