using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;

namespace Portal.Application.Features.Devices;

/// <summary>
/// Tells open pages that a timeline of one of their support IDs changed (a report stored, a mail's delivery
/// recorded, a call outcome), so they show it without a reload. Keyed by support account: a page hears only its
/// own customer's changes, and a stream of other customers' reports costs it nothing. Each instance's poller
/// reads the signals (<see cref="TimelineSignals"/>) about once a second, and a page is told once per reading in
/// which its account's signal moved, whatever the number of changes: that is the debounce, and it works the same
/// whichever instance took the change.
/// </summary>
public sealed class TimelineFeed
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Subscription, byte>> _byAccount = new();
    private readonly ConcurrentDictionary<Subscription, byte> _everything = new();

    /// <summary>The support accounts some page on this instance listens to.</summary>
    public IReadOnlyCollection<Guid> Accounts => [.. _byAccount.Where(x => !x.Value.IsEmpty).Select(x => x.Key)];

    /// <summary>Some page (a staff history) listens to every support account.</summary>
    public bool AnyoneListensToEverything => !_everything.IsEmpty;

    /// <summary>
    /// Calls <paramref name="changed"/> with the support account whose timelines changed, until disposed.
    /// <paramref name="seen"/> holds the signals as they were when the page read what it shows, so a change between
    /// that read and the first tick is not missed; an account without one starts from the first tick.
    /// </summary>
    public IDisposable Subscribe(IEnumerable<Guid> supportAccountIds, Action<Guid> changed, IReadOnlyDictionary<Guid, long>? seen = null)
    {
        var subscription = new Subscription(this, [.. supportAccountIds.Distinct()], changed);
        foreach (var account in subscription.Accounts)
        {
            if (seen?.TryGetValue(account, out var version) == true)
            {
                subscription.Seen[account] = version;
            }

            _byAccount.GetOrAdd(account, _ => new()).TryAdd(subscription, 0);
        }

        return subscription;
    }

    /// <summary>For staff: a notice (with no account) whenever any support account's timelines changed.</summary>
    public IDisposable SubscribeToEverything(Action<Guid> changed, long? seenSum = null)
    {
        var subscription = new Subscription(this, [], changed);
        if (seenSum is { } sum)
        {
            subscription.Seen[Guid.Empty] = sum;
        }

        _everything.TryAdd(subscription, 0);
        return subscription;
    }

    /// <summary>The poller's reading of the signals: each page whose account's signal moved since it last saw it is told.</summary>
    public void Observed(IReadOnlyDictionary<Guid, long> versions)
    {
        foreach (var (account, version) in versions)
        {
            if (_byAccount.TryGetValue(account, out var listeners))
            {
                foreach (var listener in listeners.Keys)
                {
                    listener.Observe(account, version);
                }
            }
        }
    }

    /// <summary>The poller's reading of the sum of all signals, for the pages that listen to everything.</summary>
    public void ObservedSum(long sum)
    {
        foreach (var listener in _everything.Keys)
        {
            listener.Observe(Guid.Empty, sum);
        }
    }

    private sealed class Subscription(TimelineFeed feed, Guid[] accounts, Action<Guid> changed) : IDisposable
    {
        // The subscriber's context (its circuit's culture above all): the notice comes on the poller's thread, and a
        // page re-read there would otherwise render in the poller's culture, not the person's.
        private readonly ExecutionContext? _context = ExecutionContext.Capture();

        public Guid[] Accounts => accounts;

        public ConcurrentDictionary<Guid, long> Seen { get; } = new();

        public void Observe(Guid account, long version)
        {
            var before = Seen.GetOrAdd(account, version);
            if (before == version || !Seen.TryUpdate(account, version, before))
            {
                return;
            }

            try
            {
                if (_context is null)
                {
                    changed(account);
                }
                else
                {
                    ExecutionContext.Run(_context, _ => changed(account), null);
                }
            }
            catch (Exception)
            {
                // One page's failure to refresh must not keep the notice from the others.
            }
        }

        public void Dispose()
        {
            feed._everything.TryRemove(this, out _);
            foreach (var account in accounts)
            {
                if (feed._byAccount.TryGetValue(account, out var listeners))
                {
                    listeners.TryRemove(this, out _);
                }
            }
        }
    }
}

/// <summary>Subscribes the signed-in person to the changes they may see: staff to every support ID, a customer to their own.</summary>
public sealed class TimelineFeedAccess(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimelineFeed feed)
{
    /// <summary>Null when nobody is signed in.</summary>
    public async Task<IDisposable?> SubscribeAsync(Action<Guid> changed, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { } actor)
        {
            return null;
        }

        // The signals are read before the page reads what it shows: a change in between is heard, not lost.
        await using var db = dbFactory.Create();
        if (actor.IsStaff)
        {
            return feed.SubscribeToEverything(changed, await TimelineSignals.SumAsync(db, cancellationToken));
        }

        var accounts = await Membership.Of(db, actor).AsNoTracking().Select(m => m.SupportAccountId).ToListAsync(cancellationToken);
        return feed.Subscribe(accounts, changed, await TimelineSignals.ReadAsync(db, accounts, cancellationToken));
    }
}

/// <summary>
/// The live feed's signal in the database: a counter per support account, bumped after a change of one of its
/// devices' timelines is committed, and read by every instance's poller. The database is the only thing the
/// instances share, so a change taken by one reaches the pages open on all of them.
/// </summary>
public static class TimelineSignals
{
    /// <summary>The counter, a column of SupportAccounts that is not part of the account's own model.</summary>
    public const string Column = "TimelineVersion";

    /// <summary>One statement for every support account that holds one of the devices. Call it after the change is committed.</summary>
    public static Task<int> BumpAsync(IPortalDbContext db, IReadOnlyCollection<Guid> deviceIds, CancellationToken cancellationToken = default) =>
        deviceIds.Count == 0
            ? Task.FromResult(0)
            : db.SupportAccounts
                // An uncorrelated IN: the devices' accounts are looked up once, then updated by key (a correlated
                // EXISTS visited every account for each batch of the intake).
                .Where(a => db.Devices.Where(d => deviceIds.Contains(d.Id)).Select(d => d.SupportAccountId).Contains(a.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(a => EF.Property<long>(a, Column), a => EF.Property<long>(a, Column) + 1), cancellationToken);

    /// <summary>The counters of the given support accounts.</summary>
    public static Task<Dictionary<Guid, long>> ReadAsync(IPortalDbContext db, IReadOnlyCollection<Guid> supportAccountIds, CancellationToken cancellationToken = default) =>
        db.SupportAccounts.AsNoTracking()
            .Where(a => supportAccountIds.Contains(a.Id))
            .Select(a => new { a.Id, Version = EF.Property<long>(a, Column) })
            .ToDictionaryAsync(x => x.Id, x => x.Version, cancellationToken);

    /// <summary>The sum of every counter: it moves whenever any of them does (for a page that listens to everything).</summary>
    public static Task<long> SumAsync(IPortalDbContext db, CancellationToken cancellationToken = default) =>
        db.SupportAccounts.SumAsync(a => EF.Property<long>(a, Column), cancellationToken);
}
