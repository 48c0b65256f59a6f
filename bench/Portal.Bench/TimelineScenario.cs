using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Calls;
using Portal.Application.Domain.Notifications;
using Portal.Application.Domain.Reports;
using Portal.Application.Features.Devices;

namespace Portal.Bench;

/// <summary>
/// One device's timeline with 20,000 entries of every kind (failure reports, each with its two mails of the same
/// instant, calls, changes), beside a second device as full: the real query handler as the device's administrator
/// sees it, page 1 against page 50 (50 entries a page). The entries are written through the model (EF Core), so a
/// schema change breaks this build, not its numbers.
/// </summary>
public static class TimelineScenario
{
    private const int PageSize = 50;

    public static async Task<IReadOnlyList<Measurement>> RunAsync(BenchOptions options, TextWriter log)
    {
        var perDevice = options.Smoke ? 3_000 : 20_000;
        var user = new BenchUser();
        await using var database = await BenchDatabase.CreateAsync(new SeedPlan(options.DevicesOr(1_000, 20)), TimeProvider.System, user);
        var started = System.Diagnostics.Stopwatch.StartNew();
        foreach (var device in new[] { 0, 1 })
        {
            await SeedAsync(database, database.DeviceId(device), perDevice);
        }

        log.WriteLine($"   seeded {perDevice:N0} timeline entries on each of two devices in {started.Elapsed.TotalSeconds:F0} s");

        user.Actor = new Actor(database.AdministratorOf(0), "bench admin", IsStaff: false);
        var handler = database.Services.GetRequiredService<GetDeviceTimelineHandler>();
        var deviceId = database.DeviceId(0);
        var deepPage = Math.Min(50, perDevice / PageSize);

        DateTimeOffset? cursor = null;
        for (var page = 1; page < deepPage; page++)
        {
            var walked = await handler.HandleAsync(new GetDeviceTimelineQuery(deviceId, cursor, PageSize));
            cursor = walked.Value!.Next ?? throw new BenchCheckFailedException($"the timeline ended at page {page} of {deepPage}");
        }

        var iterations = options.Smoke ? 20 : 300;
        var first = await Latencies.MeasureAsync(iterations, async _ => Check(await handler.HandleAsync(new GetDeviceTimelineQuery(deviceId, null, PageSize))));
        var deep = await Latencies.MeasureAsync(iterations, async _ => Check(await handler.HandleAsync(new GetDeviceTimelineQuery(deviceId, cursor, PageSize))));
        return
        [
            new("timeline", "page 1 p50", first.Percentile(50), "ms"),
            Measurement.AtMost("timeline", "page 1 p95", first.Percentile(95), "ms", 50),
            new("timeline", $"page {deepPage} p50", deep.Percentile(50), "ms"),
            Measurement.AtMost("timeline", $"page {deepPage} p95", deep.Percentile(95), "ms", 50),
        ];
    }

    /// <summary>
    /// Per failure report, five minutes apart over the last months: the report, its two mails (one delivered), and
    /// for every second report a call task with one step; every tenth report a change of the device. About five
    /// entries a report, to <paramref name="entries"/>.
    /// </summary>
    private static async Task SeedAsync(BenchDatabase database, Guid deviceId, int entries)
    {
        var factory = database.Services.GetRequiredService<IPortalDbContextFactory>();
        var now = DateTimeOffset.UtcNow;
        var written = 0;
        var i = 0;
        while (written < entries)
        {
            await using var db = factory.Create();
            for (var batch = 0; batch < 500 && written < entries; batch++, i++)
            {
                var at = now.AddMinutes(-5 * (i + 1));
                var report = new Report(deviceId, $"bench-{deviceId:N}-{i}", ReportType.Failure, at.AddSeconds(-3), at, "host", ReportMeans.Https, ReportRoute.Agent,
                    new ReportEvent(EventCategory.Fan, "FAN-0012", EventSeverity.Critical, $"Fan <{i % 8}> stopped"), ReportHandling.ContactsNotified);
                db.Reports.Add(report);
                foreach (var recipient in new[] { "admin@example.test", "deputy@example.test" })
                {
                    var mail = new Notification(Guid.NewGuid(), "FailureDetected", MailLane.Alert, recipient, "障害通報受信のお知らせ", "本文", "ja", deviceId, at);
                    if (recipient.StartsWith("admin", StringComparison.Ordinal))
                    {
                        mail.MarkSent(at.AddSeconds(2));
                    }

                    db.Notifications.Add(mail);
                }

                written += 3;
                if (i % 2 == 0)
                {
                    var task = new CallTask(Guid.NewGuid(), deviceId, report, EventSeverity.Critical, at);
                    task.Record(CallOutcome.ReachedContact1, hasContact2: true, Guid.NewGuid(), at.AddMinutes(2));
                    db.CallTasks.Add(task);
                    written++;
                }

                if (i % 10 == 0)
                {
                    db.AuditEntries.Add(Audit.Entry(null, at.AddMinutes(3), AuditAction.PeriodicOverdue, "ServiceRegistration", deviceId.ToString(), deviceId, null, new { Index = i }));
                    written++;
                }
            }

            await db.SaveChangesAsync();
        }
    }

    private static void Check(Result<DeviceTimelinePage> page)
    {
        if (!page.IsOk || page.Value!.Entries.Count is 0 or > PageSize)
        {
            throw new BenchCheckFailedException($"timeline page answered {(page.IsOk ? $"{page.Value!.Entries.Count} entries" : page.Errors[0].Code)}, not up to {PageSize}");
        }
    }
}
