using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Notifications;

namespace Portal.Infrastructure.Observability;

/// <summary>
/// What a centre running 24/7 watches, on the meter "Portal" (exported with ASP.NET Core's own meters at
/// /metrics): reports answered by result, the intake queue, the outbox by lane and the age of its oldest
/// message, deliveries by result, and background job runs and durations.
/// </summary>
public sealed class PortalMetrics : IDisposable
{
    public const string MeterName = "Portal";

    private static readonly TimeSpan OutboxRefresh = TimeSpan.FromSeconds(10);

    private readonly Meter _meter;
    private readonly Counter<long> _intake;
    private readonly Counter<long> _deliveries;
    private readonly Counter<long> _webhooks;
    private readonly Counter<long> _jobRuns;
    private readonly Histogram<double> _jobSeconds;
    private readonly IPortalDbContextFactory _dbFactory;
    private readonly TimeProvider _clock;
    private readonly object _gate = new();
    private OutboxSnapshot _outbox = new([], null, DateTimeOffset.MinValue);

    public PortalMetrics(IMeterFactory meters, IPortalDbContextFactory dbFactory, TimeProvider clock)
    {
        _dbFactory = dbFactory;
        _clock = clock;
        _meter = meters.Create(MeterName);
        _intake = _meter.CreateCounter<long>("portal.intake.reports", description: "Reports answered by the intake, by result: accepted (stored), refused (invalid or over a limit), shed (503, try again).");
        _deliveries = _meter.CreateCounter<long>("portal.outbox.deliveries", description: "Mail delivery attempts by result: sent, retry, failed (can never be delivered).");
        _webhooks = _meter.CreateCounter<long>("portal.webhooks.deliveries", description: "Webhook delivery attempts by result: delivered, retry.");
        _jobRuns = _meter.CreateCounter<long>("portal.jobs.runs", description: "Background job runs by job and result.");
        _jobSeconds = _meter.CreateHistogram<double>("portal.jobs.duration", unit: "s", description: "Background job run time.");
        _meter.CreateObservableGauge("portal.outbox.pending", () => Outbox().Pending.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("lane", p.Key.ToString().ToLowerInvariant()))), description: "Mails waiting for delivery, by lane.");
        _meter.CreateObservableGauge("portal.outbox.oldest_pending_age", () => Outbox().OldestCreatedAt is { } oldest ? (_clock.GetUtcNow() - oldest).TotalSeconds : 0, unit: "s", description: "Age of the oldest mail waiting for delivery.");
    }

    /// <summary>The intake queue's length, observed by the intake itself.</summary>
    public void ObserveIntakeQueue(Func<int> depth) =>
        _meter.CreateObservableGauge("portal.intake.queue_depth", depth, description: "Reports waiting for their commit on this instance.");

    public void IntakeAnswered(string result) => _intake.Add(1, new KeyValuePair<string, object?>("result", result));

    public void WebhooksDelivered(string result, int count)
    {
        if (count > 0)
        {
            _webhooks.Add(count, new KeyValuePair<string, object?>("result", result));
        }
    }

    public void Delivered(string result, int count)
    {
        if (count > 0)
        {
            _deliveries.Add(count, new KeyValuePair<string, object?>("result", result));
        }
    }

    public void JobRan(string job, TimeSpan duration, bool succeeded)
    {
        var tags = new TagList { { "job", job }, { "result", succeeded ? "ok" : "failed" } };
        _jobRuns.Add(1, tags);
        _jobSeconds.Record(duration.TotalSeconds, tags);
    }

    public void Dispose() => _meter.Dispose();

    private sealed record OutboxSnapshot(Dictionary<MailLane, long> Pending, DateTimeOffset? OldestCreatedAt, DateTimeOffset ReadAt);

    /// <summary>Read from the database at most every few seconds, however often metrics are scraped.</summary>
    private OutboxSnapshot Outbox()
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (now - _outbox.ReadAt < OutboxRefresh)
            {
                return _outbox;
            }

            using var db = (Persistence.PortalDbContext)_dbFactory.Create();
            var pending = db.Notifications.AsNoTracking().Where(n => n.State == NotificationState.Pending);
            var byLane = pending.GroupBy(n => n.Lane).Select(g => new { Lane = g.Key, Count = g.LongCount() }).ToDictionary(g => g.Lane, g => g.Count);
            foreach (var lane in Enum.GetValues<MailLane>())
            {
                byLane.TryAdd(lane, 0);
            }

            var oldest = pending.OrderBy(n => n.CreatedAt).Select(n => (DateTimeOffset?)n.CreatedAt).FirstOrDefault();
            return _outbox = new OutboxSnapshot(byLane, oldest, now);
        }
    }
}
