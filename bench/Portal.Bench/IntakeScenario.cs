using System.Runtime;

namespace Portal.Bench;

/// <summary>
/// Reports through <c>POST /api/centre/reports</c> of the real portal on loopback, from concurrent clients
/// (four gateways), each answer awaited: 95% periodic, 5% failures (which alert, mail and queue calls) over the
/// seeded opened devices. A 503 is sent again after its Retry-After, as a gateway does, and counted against a bar. Then the same load against a no-database endpoint for the ratio. Every accepted
/// report must be in the database afterwards.
/// </summary>
public static class IntakeScenario
{
    private const int Gateways = 4;

    public static async Task<IReadOnlyList<Measurement>> RunAsync(BenchOptions options, TextWriter log)
    {
        var devices = options.DevicesOr(100_000, 500);
        await using var database = await BenchDatabase.CreateAsync(new SeedPlan(devices), TimeProvider.System, new BenchUser());
        log.WriteLine($"   seeded {devices:N0} opened devices in {database.SeedTime.TotalSeconds:F0} s; {await database.ScalarAsync("PRAGMA synchronous")} synchronous (2 = FULL: each commit flushed), journal {await database.ScalarAsync("PRAGMA journal_mode")}");

        var tokens = Enumerable.Range(0, Gateways).Select(g => $"bench-gateway-{g}").ToArray();
        var settings = tokens.Select((t, i) => KeyValuePair.Create($"Centre:IntakeTokens:{i}", (string?)t)).ToDictionary();
        await using var portal = BenchPortal.Start(database.Folder, settings);
        var duration = options.Seconds;
        // Long enough for tiered compilation to settle: after 3 s of warm-up the JIT still compiled ~15,000
        // methods (5-6 s of CPU) during the measured 15 s, which a server running for hours does not pay.
        var warmup = options.Smoke ? 1 : 15;
        log.WriteLine($"   load sent from {(options.OutOfProcessLoad ? "a second process" : "this process (the portal's)")}");

        Task<LoadResult> LoadAsync(string path, string prefix, double seconds) =>
            Load.RunAsync(new LoadPlan("closed", new Uri(portal.Address, path), options.Clients, 0, seconds, devices, prefix, "periodic", tokens), options.OutOfProcessLoad);

        await LoadAsync("/api/centre/reports", "bench-1", warmup);
        var (jitted, jitTime) = (JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime());
        var intake = Summary.Of(await LoadAsync("/api/centre/reports", "bench-2", duration));
        log.WriteLine($"   after {warmup} s of warm-up, the JIT compiled {JitInfo.GetCompiledMethodCount() - jitted:N0} methods ({(JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds:F0} ms) during the measured load");
        await LoadAsync(BenchPortal.NoDatabasePath, "bench-3", warmup);
        var noDatabase = Summary.Of(await LoadAsync(BenchPortal.NoDatabasePath, "bench-4", duration));

        // What the portal holds once the load is over (it runs in this process): managed heap after a full collection.
        var heapAfterLoad = GC.GetTotalMemory(forceFullCollection: true);
        var receipts = await database.CountAsync(db => db.IntakeReceipts.Where(r => r.ReportId.StartsWith("bench-2-")));
        var stored = await database.CountAsync(db => db.Reports.Where(r => r.SenderReportId.StartsWith("bench-2-")));
        log.WriteLine($"   intake: {intake.Accepted:N0} accepted ({intake.Stored:N0} kept in history), {intake.Errors:N0} errors, {intake.Busy:N0} answers 503 sent again; database: {receipts:N0} receipts, {stored:N0} reports");
        if (intake.Errors > 0 || noDatabase.Errors > 0 || receipts != intake.Accepted || stored != intake.Stored || intake.Accepted == 0)
        {
            throw new BenchCheckFailedException($"intake answered {intake.Accepted:N0} accepted and {intake.Errors:N0} errors (no-database: {noDatabase.Errors:N0} errors; {intake.FailureText} {noDatabase.FailureText}); the database holds {receipts:N0} receipts and {stored:N0} reports");
        }

        // Over the time the clients really ran (the last answers arrive after the deadline).
        var intakeRate = intake.PerSecond;
        var noDatabaseRate = noDatabase.PerSecond;
        return
        [
            Measurement.AtLeast("intake", $"reports/s ({options.Clients} clients)", intakeRate, "1/s", 3000),
            new("intake", "p50", intake.Latencies.Percentile(50), "ms"),
            new("intake", "p95", intake.Latencies.Percentile(95), "ms"),
            Measurement.AtMost("intake", "p99", intake.Latencies.Percentile(99), "ms", 100),
            Measurement.AtMost("intake", "errors", intake.Errors, "", 0),
            Measurement.AtMost("intake", "503 answers (sent again)", intake.Busy, "", 0),
            Measurement.AtMost("intake", "accepted - receipts stored", intake.Accepted - receipts, "", 0),
            new("intake", "managed heap after load", heapAfterLoad / 1048576.0, "MB"),
            new("intake", "peak working set (process)", System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, "MB"),
            new("intake", "no-database requests/s", noDatabaseRate, "1/s"),
            new("intake", "no-database p99", noDatabase.Latencies.Percentile(99), "ms"),
            Measurement.AtLeast("intake", "intake / no-database", intakeRate / noDatabaseRate, "x", 0.5),
        ];
    }

    private sealed record Summary(long Accepted, long Stored, long Errors, long Busy, Latencies Latencies, string FailureText, double PerSecond)
    {
        public static Summary Of(LoadResult load)
        {
            var latencies = new Latencies();
            foreach (var answer in load.Answers.Where(a => a.Status is not null))
            {
                latencies.Add(answer.Milliseconds);
            }

            var failures = load.Answers.Where(a => a.Failure is not null).GroupBy(a => a.Failure).Select(f => $"{f.Count()} x {f.Key}");
            var accepted = load.Answers.Count(a => a.Failure is null);
            return new Summary(accepted, load.Answers.Count(a => a.Kept), load.Answers.Length - accepted, load.Answers.Sum(a => a.Busy), latencies, string.Join(", ", failures), accepted / load.ElapsedSeconds);
        }
    }
}
