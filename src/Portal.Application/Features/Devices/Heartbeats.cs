using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;

namespace Portal.Application.Features.Devices;

/// <summary>
/// The heartbeats of the opened devices among a page of devices (one indexed query for their last reports, then the
/// domain's rules), and a list's filter on one state, which the database evaluates with the same rules.
/// </summary>
internal static class Heartbeats
{
    /// <summary>The opened devices in <paramref name="state"/> at <paramref name="now"/>.</summary>
    public static IQueryable<Device> Having(IPortalDbContext db, IQueryable<Device> devices, HeartbeatState state, DateTimeOffset now, HeartbeatOptions options)
    {
        var matching = db.Registrations
            .Where(r => r.Status == ServiceStatus.Opened)
            .Where(HeartbeatRules.For(state).On<ServiceRegistration>(
                r => new HeartbeatFacts
                {
                    NextDueOn = r.NextPeriodicDueOn!.Value,
                    OverdueSince = r.PeriodicOverdueSince,
                    OpenedAt = r.OpenedAt!.Value,
                    LastContactAt = db.Reports.Where(p => p.DeviceId == r.DeviceId).Max(p => (DateTimeOffset?)p.ReceivedAt),
                },
                HeartbeatClock.At(now, options.SilentAfter)));
        return devices.Where(d => matching.Any(r => r.DeviceId == d.Id));
    }

    /// <summary>Every opened device counted per heartbeat state, each count the list's own filter.</summary>
    public static async Task<IReadOnlyDictionary<HeartbeatState, int>> CountAsync(IPortalDbContext db, IQueryable<Device> devices, DateTimeOffset now, HeartbeatOptions options, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<HeartbeatState, int>();
        foreach (var state in Enum.GetValues<HeartbeatState>())
        {
            counts[state] = await Having(db, devices, state, now, options).CountAsync(cancellationToken);
        }

        return counts;
    }

    /// <param name="registrations">The page's registrations, loaded once for its heartbeats and its attention marks.</param>
    public static async Task<IReadOnlyDictionary<Guid, Heartbeat>> ForAsync(
        IPortalDbContext db, IReadOnlyList<ServiceRegistration> registrations, DateTimeOffset now, HeartbeatOptions options, CancellationToken cancellationToken)
    {
        var opened = registrations.Where(r => r.Status == ServiceStatus.Opened).ToList();
        if (opened.Count == 0)
        {
            return new Dictionary<Guid, Heartbeat>();
        }

        var openedIds = opened.Select(r => r.DeviceId).ToList();
        var lastReports = await db.Reports
            .Where(r => openedIds.Contains(r.DeviceId))
            .GroupBy(r => r.DeviceId)
            .Select(g => new { DeviceId = g.Key, Last = g.Max(r => r.ReceivedAt) })
            .ToDictionaryAsync(x => x.DeviceId, x => x.Last, cancellationToken);
        var heartbeats = new Dictionary<Guid, Heartbeat>();
        foreach (var r in opened)
        {
            if (Of(ServiceStatus.Opened, r.PeriodicAnchorDay, r.NextPeriodicDueOn, r.PeriodicOverdueSince, r.OpenedAt, lastReports.TryGetValue(r.DeviceId, out var last) ? last : null, now, options) is { } heartbeat)
            {
                heartbeats[r.DeviceId] = heartbeat;
            }
        }

        return heartbeats;
    }

    /// <summary>A registration's heartbeat from its fields, when it is opened; the device page has them loaded already.</summary>
    public static Heartbeat? Of(
        ServiceStatus status, int? anchorDay, DateOnly? nextDueOn, DateOnly? overdueSince, DateTimeOffset? openedAt, DateTimeOffset? lastReportAt, DateTimeOffset now, HeartbeatOptions options) =>
        status == ServiceStatus.Opened && anchorDay is { } anchor && nextDueOn is { } next && openedAt is { } opened
            ? Heartbeat.Of(anchor, next, overdueSince, opened, lastReportAt, now, options.SilentAfter)
            : null;
}
