using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Features.Reports;

namespace Portal.Bench;

/// <summary>
/// The periodic-overdue scan (FAQ Q1-10) through its real handler at 1,000,000 opened devices with 10% overdue,
/// and at 100,000: time, peak memory growth while it runs, and how time grows with size (linear: at most 12x).
/// Then the notices the scan queued, written by their own handler as the centre's jobs do right after the scan:
/// timed and printed apart, so the work the scan hands on is measured too.
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
        var (smallScan, _) = await MeasureAsync(small, log);
        var (largeScan, largeNotices) = await MeasureAsync(large, log);
        return
        [
            new("overdue", $"scan @{small:N0}", smallScan.Time.TotalSeconds, "s"),
            Measurement.AtMost("overdue", $"scan @{large:N0}", largeScan.Time.TotalSeconds, "s", 5),
            Measurement.AtMost("overdue", $"peak heap growth @{large:N0}", Megabytes(largeScan.PeakGrowth), "MB", 50),
            Measurement.AtMost("overdue", $"time {large:N0}/{small:N0}", largeScan.Time / smallScan.Time, "x", 12),
            new("overdue", $"notices written @{large:N0}", largeNotices.Time.TotalSeconds, "s"),
            new("overdue", $"notices peak heap growth", Megabytes(largeNotices.PeakGrowth), "MB"),
        ];
    }

    private static double Megabytes(long bytes) => bytes / (1024.0 * 1024);

    private static async Task<((TimeSpan Time, long PeakGrowth) Scan, (TimeSpan Time, long PeakGrowth) Notices)> MeasureAsync(int devices, TextWriter log)
    {
        await using var database = await BenchDatabase.CreateAsync(new SeedPlan(devices, OverdueShare: OverdueShare), TimeProvider.System, new BenchUser());
        log.WriteLine($"   seeded {devices:N0} opened devices in {database.SeedTime.TotalSeconds:F0} s");
        var expected = (int)(devices * OverdueShare);

        var (found, scan) = await TimeAsync(() => database.Services.GetRequiredService<ScanOverduePeriodicReportsHandler>().HandleAsync(new()));
        var marked = await database.CountAsync(db => db.Registrations.Where(r => r.PeriodicNoticeFor != null));
        if (found != expected || marked != expected)
        {
            throw new BenchCheckFailedException($"scan of {devices:N0} devices found {found:N0} overdue and marked {marked:N0}; expected {expected:N0}");
        }

        var (written, notices) = await TimeAsync(() => database.Services.GetRequiredService<WritePeriodicOverdueNoticesHandler>().HandleAsync(new()));
        var mails = await database.CountAsync(db => db.Notifications);
        if (written != expected || mails != 2L * expected)
        {
            throw new BenchCheckFailedException($"notices for {written:N0} devices, {mails:N0} mails; expected {expected:N0} and {2 * expected:N0}");
        }

        log.WriteLine($"   {found:N0} overdue marked in {scan.Time.TotalSeconds:F2} s; {mails:N0} mails written in {notices.Time.TotalSeconds:F2} s");
        return (scan, notices);
    }

    private static async Task<(int Result, (TimeSpan Time, long PeakGrowth) Cost)> TimeAsync(Func<Task<int>> run)
    {
        // Peak of the heap as each collection during the run leaves it (what the handler holds on to, not the
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
        var result = await run();
        watch.Stop();
        await sampling.CancelAsync();
        await sampler;
        GC.Collect();
        peak = Math.Max(peak, GC.GetGCMemoryInfo().HeapSizeBytes);

        return (result, (watch.Elapsed, peak - baseline));
    }
}
