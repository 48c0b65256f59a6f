using System.Diagnostics;
using System.Globalization;

namespace Portal.Bench;

/// <summary>
/// A flood of failure reports at three times what the portal stores, offered at a fixed rate whatever the answers
/// (open loop), each request given up by its sender after 3 s: does every sender get an answer in time (stored, or
/// 503 "try again"), does memory stay bounded, is a report right after the flood answered at once, and is every
/// acknowledged report stored? Capacity is measured first, in the same run, with closed-loop senders.
/// </summary>
public static class OverloadScenario
{
    private const int Gateways = 4;

    public static async Task<IReadOnlyList<Measurement>> RunAsync(BenchOptions options, TextWriter log)
    {
        var devices = options.DevicesOr(100_000, 500);
        await using var database = await BenchDatabase.CreateAsync(new SeedPlan(devices), TimeProvider.System, new BenchUser());
        var tokens = Enumerable.Range(0, Gateways).Select(g => $"bench-gateway-{g}").ToArray();
        var settings = tokens.Select((t, i) => KeyValuePair.Create($"Centre:IntakeTokens:{i}", (string?)t)).ToDictionary();
        await using var portal = BenchPortal.Start(database.Folder, settings);
        var endpoint = new Uri(portal.Address, "/api/centre/reports");
        LoadPlan Plan(string mode, string prefix, double seconds, double rate = 0) => new(mode, endpoint, 32, rate, seconds, devices, prefix, "failure", tokens);

        // Capacity: 32 senders, each waiting for its answer, after a warm-up.
        await Load.RunAsync(Plan("closed", "warm", options.Smoke ? 1 : 15), options.OutOfProcessLoad);
        var capacity = (await Load.RunAsync(Plan("closed", "capacity", options.Smoke ? 1 : 10), options.OutOfProcessLoad)).PerSecond(a => a.Status == 200);
        var offeredRate = Math.Max(30, 3 * capacity);
        log.WriteLine($"   capacity for failure reports: {capacity:N0}/s; offering {offeredRate:N0}/s for {(options.Smoke ? 2 : 60)} s from {(options.OutOfProcessLoad ? "a second process" : "this process (the portal's)")}");

        // The portal's memory: with the load in a second process, this process holds only the portal.
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var workingSetBefore = process.WorkingSet64;
        var peak = workingSetBefore;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(100, CancellationToken.None);
            }
        });

        var overflowsBefore = ListenOverflows();
        var flood = await Load.RunAsync(Plan("open", "flood", options.Smoke ? 2 : 60, offeredRate), options.OutOfProcessLoad);
        await sampling.CancelAsync();
        await sampler;

        var answers = flood.Answers;
        var after = flood.After!;
        var ok = answers.Count(a => a.Status == 200);
        var busy = answers.Count(a => a.Status == 503);
        var inTime = answers.Count(a => a.Status is 200 or 503 && a.Milliseconds <= LoadPlan.GiveUpAfter.TotalMilliseconds);
        var other = answers.Where(a => a.Status is not (200 or 503)).GroupBy(a => a.Status?.ToString(CultureInfo.InvariantCulture) ?? "no answer in 3 s").ToDictionary(g => g.Key, g => g.Count());
        var stored = await database.CountAsync(db => db.IntakeReceipts.Where(r => r.ReportId.StartsWith("flood-")));
        log.WriteLine($"   offered {answers.Length:N0} ({answers.Length / flood.ElapsedSeconds:N0}/s): {ok:N0} stored (200), {busy:N0} refused at once (503), {string.Join(", ", other.Select(o => $"{o.Value:N0} {o.Key}"))}; {stored:N0} receipts; the report after the flood: {after.Status} in {after.Milliseconds:F0} ms");
        if (stored < ok)
        {
            throw new BenchCheckFailedException($"{ok:N0} flood reports were acknowledged but only {stored:N0} receipts are stored");
        }

        var rate = answers.Length / flood.ElapsedSeconds;
        // When in the flood the unanswered were sent, and whether the kernel dropped connections it could not queue
        // for the portal to accept (each such sender waits out TCP's SYN retries before it is heard at all).
        log.WriteLine($"   unanswered by the 5 s in which they were sent: {string.Join(", ", answers.Select((a, i) => (a, i)).Where(x => x.a.Status is null).GroupBy(x => (int)(x.i / rate / 5)).OrderBy(g => g.Key).Select(g => $"{g.Key * 5} s: {g.Count():N0}"))}; listen queue overflows: {ListenOverflows() - overflowsBefore:N0}");
        var okLatencies = new Latencies();
        foreach (var answer in answers.Where(a => a.Status == 200))
        {
            okLatencies.Add(answer.Milliseconds);
        }

        return
        [
            new("overload", "capacity (failure reports)", capacity, "1/s"),
            new("overload", "offered", answers.Length / flood.ElapsedSeconds, "1/s"),
            Measurement.AtLeast("overload", "answered 200/503 within 3 s", 100.0 * inTime / Math.Max(1, answers.Length), "%", 99),
            new("overload", "stored (200)", 100.0 * ok / Math.Max(1, answers.Length), "%"),
            new("overload", "p99 of stored", okLatencies.Percentile(99), "ms"),
            Measurement.AtMost("overload", "memory growth (working set)", (peak - workingSetBefore) / 1048576.0, "MB", 150),
            Measurement.AtMost("overload", "report after the flood", after.Status == 200 ? after.Milliseconds : double.PositiveInfinity, "ms", 1000),
            Measurement.AtMost("overload", "acknowledged - stored", ok - stored, "", 0),
        ];
    }

    /// <summary>The kernel's count of connections refused because a listen queue was full (Linux; 0 elsewhere).</summary>
    private static long ListenOverflows()
    {
        const string Counters = "/proc/net/netstat";
        if (!File.Exists(Counters))
        {
            return 0;
        }

        var lines = File.ReadAllLines(Counters).Where(l => l.StartsWith("TcpExt:", StringComparison.Ordinal)).ToArray();
        var names = lines[0].Split(' ');
        var values = lines[1].Split(' ');
        var at = Array.IndexOf(names, "ListenOverflows");
        return at < 0 ? 0 : long.Parse(values[at], CultureInfo.InvariantCulture);
    }
}
