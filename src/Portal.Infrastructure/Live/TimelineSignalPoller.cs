using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Features.Devices;

namespace Portal.Infrastructure.Live;

public sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>How often each instance reads the signals of the support IDs its open pages listen to.</summary>
    public int PollMilliseconds { get; set; } = 1000;
}

/// <summary>
/// Each instance's one reader of the live signals: one query a tick for the support accounts its open pages listen
/// to (none when no page listens), however many pages and however many changes. A moved counter becomes one notice
/// to that account's pages. An account first read is only remembered: the pages that just subscribed loaded what is
/// committed already.
/// </summary>
public sealed class TimelineSignalPoller(IPortalDbContextFactory dbFactory, TimelineFeed feed, TimeProvider clock, IOptions<LiveOptions> options, ILogger<TimelineSignalPoller> logger) : BackgroundService
{
    private readonly Dictionary<Guid, long> _seen = [];
    private long? _sum;

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
                logger.LogWarning(ex, "Reading the live signals failed; open pages update on their next change");
            }

            await Task.Delay(every, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>One tick: the accounts whose counter moved since the last tick are told.</summary>
    public async Task PollAsync(CancellationToken cancellationToken = default)
    {
        var accounts = feed.Accounts;
        foreach (var gone in _seen.Keys.Except(accounts).ToList())
        {
            _seen.Remove(gone);
        }

        if (accounts.Count == 0 && !feed.AnyoneListensToEverything)
        {
            _sum = null;
            return;
        }

        await using var db = dbFactory.Create();
        if (accounts.Count > 0)
        {
            var changed = new List<Guid>();
            foreach (var (account, version) in await TimelineSignals.ReadAsync(db, accounts, cancellationToken))
            {
                if (_seen.TryGetValue(account, out var seen) && seen != version)
                {
                    changed.Add(account);
                }

                _seen[account] = version;
            }

            feed.Changed(changed);
        }

        if (feed.AnyoneListensToEverything)
        {
            var sum = await TimelineSignals.SumAsync(db, cancellationToken);
            if (_sum is { } last && last != sum)
            {
                feed.ChangedAnywhere();
            }

            _sum = sum;
        }
        else
        {
            _sum = null;
        }
    }
}
