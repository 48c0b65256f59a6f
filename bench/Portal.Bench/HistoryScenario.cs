using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Application.Features.Reports;

namespace Portal.Bench;

/// <summary>
/// Report history of one device with 10,000 reports inside 10,000,000: the real query handler as the device's
/// administrator sees it, first page against page 500 (20 rows a page). Keyset paging keeps them equal.
/// </summary>
public static class HistoryScenario
{
    private const int PageSize = 20;

    public static async Task<IReadOnlyList<Measurement>> RunAsync(BenchOptions options, TextWriter log)
    {
        var devices = options.DevicesOr(1_000_000, 200);
        var reports = options.Reports ?? (options.Smoke ? 3_000 : 10_000_000);
        var hot = (int)Math.Min(10_000, reports / 3);
        var user = new BenchUser();
        await using var database = await BenchDatabase.CreateAsync(new SeedPlan(devices, reports, HotDeviceReports: hot), TimeProvider.System, user);
        log.WriteLine($"   seeded {devices:N0} devices, {reports:N0} reports ({hot:N0} on one device) in {database.SeedTime.TotalSeconds:F0} s");

        user.Actor = new Actor(database.AdministratorOf(0), "bench admin", IsStaff: false);
        var handler = database.Services.GetRequiredService<ListReportHistoryHandler>();
        var deviceId = database.DeviceId(0);
        var deepPage = Math.Min(500, hot / PageSize);

        // Walk to the page before the deep one, the way the pager does, to get its cursor.
        ReportCursor? cursor = null;
        for (var page = 1; page < deepPage; page++)
        {
            var walked = await handler.HandleAsync(new ListReportHistoryQuery(deviceId, cursor, PageSize));
            cursor = walked.Value!.Next ?? throw new BenchCheckFailedException($"history ended at page {page} of {deepPage}");
        }

        var iterations = options.Smoke ? 20 : 300;
        var first = await Latencies.MeasureAsync(iterations, async _ => Check(await handler.HandleAsync(new ListReportHistoryQuery(deviceId, null, PageSize))));
        var deep = await Latencies.MeasureAsync(iterations, async _ => Check(await handler.HandleAsync(new ListReportHistoryQuery(deviceId, cursor, PageSize))));
        var ratio = deep.Percentile(95) / first.Percentile(95);
        return
        [
            new("history", "first page p50", first.Percentile(50), "ms"),
            Measurement.AtMost("history", "first page p95", first.Percentile(95), "ms", 50),
            new("history", $"page {deepPage} p50", deep.Percentile(50), "ms"),
            Measurement.AtMost("history", $"page {deepPage} p95", deep.Percentile(95), "ms", 50),
            Measurement.AtMost("history", $"page {deepPage} / first (p95)", ratio, "x", 1.5),
        ];
    }

    private static void Check(Portal.Application.Common.Result<ReportHistoryPage> page)
    {
        if (!page.IsOk || page.Value!.Rows.Count != PageSize)
        {
            throw new BenchCheckFailedException($"history page answered {(page.IsOk ? $"{page.Value!.Rows.Count} rows" : page.Errors[0].Code)}, not {PageSize} rows");
        }
    }
}
