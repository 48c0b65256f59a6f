using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Notifications;
using Portal.Application.Features.Devices;
using Portal.Infrastructure.Observability;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Mail;

/// <summary>
/// Delivers the transactional outbox, on every instance at once: each round claims a batch of due messages
/// (<see cref="OutboxClaim"/>: alerts before bulk notices, no message held by two senders), sends them, and
/// records each result on its row as soon as it is known. A message leaves the pending state only when it is
/// delivered or can never be; a crash between sending one and recording it may send that one again, under the
/// same Message-ID, once its claim runs out. A living sender never does: it starts messages only while its claim
/// has time left for the result to land (<see cref="MailOptions.SendWindow"/>).
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

    /// <summary>While a backlog is being sent, the live signal for its results is written at most this often.</summary>
    private static readonly TimeSpan SignalEvery = TimeSpan.FromSeconds(1);

    private readonly HashSet<Guid> _unsignalled = [];
    private DateTimeOffset _signalledAt = DateTimeOffset.MinValue;

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
                logger.OutboxRoundFailed(ex, pause);
            }

            await Task.Delay(pause, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>What one round did: messages claimed, and whether the mail server could not be reached.</summary>
    public sealed record Round(int Claimed, int Sent, int Retrying, int Failed, bool ServerDown);

    public async Task<Round> SendDueAsync(CancellationToken cancellationToken)
    {
        await using var db = (PortalDbContext)dbFactory.Create();
        var settings = options.Value;
        var claimed = await OutboxClaim.TakeAsync(db, BatchSize, clock.GetUtcNow(), TimeSpan.FromSeconds(settings.ClaimLeaseSeconds), cancellationToken);
        if (claimed.Count == 0)
        {
            return new Round(0, 0, 0, 0, false);
        }

        // The claim's end was set before its statement waited for the write lock, so the window is counted from
        // there, not from now. Within it a message started has time to be sent and recorded before the claim
        // ends; after it, another sender may take what is left.
        var startBy = claimed[0].ClaimedUntil!.Value - settings.ResultReserve;
        bool MayStart() => clock.GetUtcNow() < startBy;
        var firstDelay = TimeSpan.FromSeconds(settings.RetryFirstDelaySeconds);
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
                    logger.MailUndeliverable(notification.Kind, notification.Id, failure.Message);
                    break;
                default:
                    notification.MarkAttemptFailed(failure.Message, clock.GetUtcNow(), firstDelay);
                    retrying++;
                    break;
            }

            // Each result is saved at once, so a crash mid-batch re-sends at most the message in flight.
            await SaveAsync(db);
        }

        var serverDown = false;
        try
        {
            await transport.SendAsync(claimed, Record, MayStart, cancellationToken);
        }
        catch (MailServerUnavailableException down)
        {
            serverDown = true;
            foreach (var notification in claimed.Where(n => !reported.Contains(n.Id)))
            {
                reported.Add(notification.Id);
                notification.MarkAttemptFailed(down.Message, clock.GetUtcNow(), firstDelay);
                retrying++;
            }

            logger.MailServerDown(down.Message, claimed.Count - sent - failed);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await ReleaseAsync(db, claimed, reported);
            throw;
        }

        await ReleaseAsync(db, claimed, reported);
        await SignalAsync(db, claimed.Where(n => reported.Contains(n.Id) && n.DeviceId is not null).Select(n => n.DeviceId!.Value), drained: claimed.Count < BatchSize);
        if (sent + failed > 0 || retrying > 0 && !serverDown)
        {
            logger.OutboxRound(sent, retrying, failed);
        }

        metrics?.Delivered("sent", sent);
        metrics?.Delivered("retry", retrying);
        metrics?.Delivered("failed", failed);
        return new Round(claimed.Count, sent, retrying, failed, serverDown);
    }

    /// <summary>
    /// Open timelines of these devices show the round's delivery results. One statement for the results of up to a
    /// second: at once when the backlog is drained (a failure's two mails), about once a second while a flood of
    /// them is sent, so the signal does not compete with the intake for the write lock round after round. A failure
    /// costs those pages their live update, never a mail.
    /// </summary>
    private async Task SignalAsync(PortalDbContext db, IEnumerable<Guid> deviceIds, bool drained)
    {
        Guid[] due;
        lock (_unsignalled)
        {
            _unsignalled.UnionWith(deviceIds);
            if (_unsignalled.Count == 0 || (!drained && clock.GetUtcNow() - _signalledAt < SignalEvery))
            {
                return;
            }

            due = [.. _unsignalled];
            _unsignalled.Clear();
            _signalledAt = clock.GetUtcNow();
        }

        try
        {
            await TimelineSignals.BumpAsync(db, due, CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException or InvalidOperationException)
        {
            logger.DeliverySignalNotWritten(ex, due.Length);
        }
    }

    /// <summary>What was not tried (the window closed, or the instance stops) is free for any sender at once.</summary>
    private async Task ReleaseAsync(PortalDbContext db, List<Notification> claimed, HashSet<Guid> reported)
    {
        foreach (var notification in claimed.Where(n => !reported.Contains(n.Id)))
        {
            notification.ReleaseClaim();
        }

        await SaveAsync(db);
    }

    private Task SaveAsync(PortalDbContext db) => ClaimedRows.SaveAsync(db, lost =>
    {
        foreach (var entry in lost)
        {
            logger.MailClaimLost(((Notification)entry.Entity).Id);
        }

        metrics?.Delivered("claim-lost", lost.Count);
    });
}
