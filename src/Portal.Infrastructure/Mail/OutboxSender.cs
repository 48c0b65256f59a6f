using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Notifications;

namespace Portal.Infrastructure.Mail;

/// <summary>
/// Delivers the transactional outbox: reads pending messages that are due, sends them, and records each
/// result on its row (sent, or failed with the next try backed off). A message survives restarts and
/// SMTP outages because it only leaves the table's pending state once delivered.
/// </summary>
public sealed class OutboxSender(
    IPortalDbContextFactory dbFactory,
    IMailTransport transport,
    TimeProvider clock,
    IOptions<MailOptions> options,
    ILogger<OutboxSender> logger) : BackgroundService
{
    private const int BatchSize = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(0.1, options.Value.PollSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await SendDueAsync(stoppingToken) == BatchSize)
                {
                    // A full batch: more may be waiting.
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Outbox delivery failed; retrying in {Interval}", interval);
            }

            await Task.Delay(interval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <returns>How many messages were tried.</returns>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        await using var db = dbFactory.Create();
        var now = clock.GetUtcNow();
        var due = await db.Notifications
            .Where(n => n.State == NotificationState.Pending && n.NextAttemptAt <= now)
            .OrderBy(n => n.NextAttemptAt)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var firstDelay = TimeSpan.FromSeconds(options.Value.RetryFirstDelaySeconds);
        await transport.SendAsync(
            due,
            async (notification, failure) =>
            {
                if (failure is null)
                {
                    notification.MarkSent(clock.GetUtcNow());
                    logger.LogInformation("Mail {Kind} {Id} sent", notification.Kind, notification.Id);
                }
                else
                {
                    notification.MarkAttemptFailed(failure.Message, clock.GetUtcNow(), firstDelay);
                    logger.LogWarning("Mail {Kind} {Id} attempt {Attempts} failed ({Error}); next try at {NextAttemptAt}", notification.Kind, notification.Id, notification.Attempts, failure.Message, notification.NextAttemptAt);
                }

                // Each result is saved at once, so a crash mid-batch never re-sends a delivered message.
                await db.SaveChangesAsync(CancellationToken.None);
            },
            cancellationToken);
        return due.Count;
    }
}
