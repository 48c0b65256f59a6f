using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Notifications;
using Portal.Infrastructure.Observability;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Mail;

/// <summary>
/// Delivers the transactional outbox, on every instance at once: each round claims a batch of due messages
/// (<see cref="OutboxClaim"/>: alerts before bulk notices, no message held by two senders), sends them, and
/// records each result on its row as soon as it is known. A message leaves the pending state only when it is
/// delivered or can never be; a crash between sending one and recording it may send that one again, under the
/// same Message-ID, once its claim runs out.
/// </summary>
public sealed class OutboxSender(
    IPortalDbContextFactory dbFactory,
    IMailTransport transport,
    TimeProvider clock,
    IOptions<MailOptions> options,
    ILogger<OutboxSender> logger,
    PortalMetrics? metrics = null) : BackgroundService
{
    public const int BatchSize = 50;

    private static readonly TimeSpan LongestPause = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(0.1, options.Value.PollSeconds));
        var pause = interval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                Round round;
                do
                {
                    round = await SendDueAsync(stoppingToken);
                }
                while (round is { Claimed: BatchSize, ServerDown: false });

                // While the server is down, the whole sender waits longer each time (each message also backs
                // off on its own): a long outage costs a try a minute, not a busy loop over every pending row.
                pause = round.ServerDown ? TimeSpan.FromTicks(Math.Min(LongestPause.Ticks, pause.Ticks * 2)) : interval;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Outbox delivery failed; retrying in {Interval}", pause);
            }

            await Task.Delay(pause, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>What one round did: messages claimed, and whether the mail server could not be reached.</summary>
    public sealed record Round(int Claimed, int Sent, int Retrying, int Failed, bool ServerDown);

    public async Task<Round> SendDueAsync(CancellationToken cancellationToken)
    {
        await using var db = (PortalDbContext)dbFactory.Create();
        var lease = TimeSpan.FromSeconds(options.Value.ClaimLeaseSeconds);
        var claimed = await OutboxClaim.TakeAsync(db, BatchSize, clock.GetUtcNow(), lease, cancellationToken);
        if (claimed.Count == 0)
        {
            return new Round(0, 0, 0, 0, false);
        }

        // Stop before the claim runs out, so that no other sender can take a message this one is still sending.
        using var withinLease = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        withinLease.CancelAfter(lease / 2);
        var firstDelay = TimeSpan.FromSeconds(options.Value.RetryFirstDelaySeconds);
        var reported = new HashSet<Guid>();
        int sent = 0, retrying = 0, failed = 0;
        async Task Record(Notification notification, Exception? failure)
        {
            reported.Add(notification.Id);
            switch (failure)
            {
                case null:
                    notification.MarkSent(clock.GetUtcNow());
                    sent++;
                    break;
                case UndeliverableException:
                    notification.MarkFailed(failure.Message);
                    failed++;
                    logger.LogWarning("Mail {Kind} {Id} cannot be delivered: {Error}", notification.Kind, notification.Id, failure.Message);
                    break;
                default:
                    notification.MarkAttemptFailed(failure.Message, clock.GetUtcNow(), firstDelay);
                    retrying++;
                    break;
            }

            // Each result is saved at once, so a crash mid-batch re-sends at most the message in flight.
            await db.SaveChangesAsync(CancellationToken.None);
        }

        var serverDown = false;
        try
        {
            await transport.SendAsync(claimed, Record, withinLease.Token);
        }
        catch (MailServerUnavailableException down)
        {
            serverDown = true;
            foreach (var notification in claimed.Where(n => !reported.Contains(n.Id)))
            {
                notification.MarkAttemptFailed(down.Message, clock.GetUtcNow(), firstDelay);
                retrying++;
            }

            await db.SaveChangesAsync(CancellationToken.None);
            logger.LogWarning("Mail server unavailable ({Error}): {Count} messages wait for their next try", down.Message, claimed.Count - sent - failed);
        }
        catch (OperationCanceledException)
        {
            // The lease's half is up, or the instance stops: what was not sent is free for any sender at once.
            foreach (var notification in claimed.Where(n => !reported.Contains(n.Id)))
            {
                notification.ReleaseClaim();
            }

            await db.SaveChangesAsync(CancellationToken.None);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
        }

        if (sent + failed > 0 || retrying > 0 && !serverDown)
        {
            logger.LogInformation("Outbox: {Sent} sent, {Retrying} to retry, {Failed} undeliverable", sent, retrying, failed);
        }

        metrics?.Delivered("sent", sent);
        metrics?.Delivered("retry", retrying);
        metrics?.Delivered("failed", failed);
        return new Round(claimed.Count, sent, retrying, failed, serverDown);
    }
}
