using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Features.Devices;
using Portal.Infrastructure.Observability;

namespace Portal.Infrastructure.Live;

/// <summary>
/// Each instance's one reader of the live signals: one query a tick for the support accounts its open pages listen
/// to (none when no page listens), however many pages and however many changes.
/// </summary>
public sealed class TimelineSignalPoller(IPortalDbContextFactory dbFactory, TimelineFeed feed, TimeProvider clock, IOptions<LiveOptions> options, ILogger<TimelineSignalPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromMilliseconds(Math.Max(50, options.Value.PollMilliseconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LiveSignalsUnread(ex);
            }

            await Task.Delay(every, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>One tick: the signals of the accounts listened to, handed to the feed, which tells the pages that saw them move.</summary>
    public async Task PollAsync(CancellationToken cancellationToken = default)
    {
        var accounts = feed.Accounts;
        if (accounts.Count == 0 && !feed.AnyoneListensToEverything)
        {
            return;
        }

        await using var db = dbFactory.Create();
        if (accounts.Count > 0)
        {
            feed.Observed(await TimelineSignals.ReadAsync(db, accounts, cancellationToken));
        }

        if (feed.AnyoneListensToEverything)
        {
            feed.ObservedSum(await TimelineSignals.SumAsync(db, cancellationToken));
        }
    }
}
