using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Features.Reports;

namespace Portal.Bench;

/// <summary>
/// The periodic-overdue scan (FAQ Q1-10) through its real handler at 1,000,000 opened devices with 10% overdue,
/// and at 100,000: time, peak memory growth while it runs, and how time grows with size (linear: at most 12x).
/// </summary>
public static class OverdueScenario
{
    private const double OverdueShare = 0.10;

    public static async Task<IReadOnlyList<Measurement>> RunAsync(BenchOptions options, TextWriter log)
    {
        var large = options.DevicesOr(1_000_000, 2_000);
        var small = Math.Max(100, large / 10);
        // A tiny scan first, unmeasured: otherwise the smaller run pays for JIT and the ratio depends on what
        // ran before it in the same process.
        await MeasureAsync(Math.Min(small, 1_000), TextWriter.Null);
        var (smallTime, _) = await MeasureAsync(small, log);
        var (largeTime, growth) = await MeasureAsync(large, log);
        return
        [
            new("overdue", $"scan @{small:N0}", smallTime.TotalSeconds, "s"),
            Measurement.AtMost("overdue", $"scan @{large:N0}", largeTime.TotalSeconds, "s", 5),
            Measurement.AtMost("overdue", $"peak heap growth @{large:N0}", growth / (1024.0 * 1024), "MB", 50),
            Measurement.AtMost("overdue", $"time {large:N0}/{small:N0}", largeTime / smallTime, "x", 12),
        ];
    }

    private static async Task<(TimeSpan Time, long PeakGrowth)> MeasureAsync(int devices, TextWriter log)
    {
        await using var database = await BenchDatabase.CreateAsync(new SeedPlan(devices, OverdueShare: OverdueShare), TimeProvider.System, new BenchUser());
        log.WriteLine($"   seeded {devices:N0} opened devices in {database.SeedTime.TotalSeconds:F0} s");
        var handler = database.Services.GetRequiredService<ScanOverduePeriodicReportsHandler>();

        // Peak of the heap as each collection during the scan leaves it (what the scan holds on to, not the
        // garbage a lazy collector has not swept yet), above the settled baseline.
        GC.GetTotalMemory(forceFullCollection: true);
        var baseline = GC.GetGCMemoryInfo().HeapSizeBytes;
        var peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetGCMemoryInfo().HeapSizeBytes);
                await Task.Delay(5);
            }
        });
        var watch = Stopwatch.StartNew();
        var found = await handler.HandleAsync();
        watch.Stop();
        await sampling.CancelAsync();
        await sampler;
        GC.Collect();
        peak = Math.Max(peak, GC.GetGCMemoryInfo().HeapSizeBytes);

        var expected = (int)(devices * OverdueShare);
        var mails = await database.CountAsync("SELECT count(*) FROM Notifications");
        if (found != expected || mails != 2L * expected)
        {
            throw new BenchCheckFailedException($"scan of {devices:N0} devices found {found:N0} overdue and wrote {mails:N0} mails; expected {expected:N0} and {2 * expected:N0}");
        }

        log.WriteLine($"   {found:N0} overdue, {mails:N0} mails written in {watch.Elapsed.TotalSeconds:F2} s");
        return (watch.Elapsed, peak - baseline);
    }
}
