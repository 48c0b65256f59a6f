using System.Diagnostics;
using System.Net.Http.Headers;
using System.Runtime;
using System.Text;
using System.Text.Json;

namespace Portal.Bench;

/// <summary>
/// Reports through <c>POST /api/centre/reports</c> of the real portal on loopback, from concurrent clients
/// (four gateways), each answer awaited: 95% periodic, 5% failures (which alert, mail and queue calls) over the
/// seeded opened devices. Then the same load against a no-database endpoint for the ratio. Every accepted
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
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan });
        var duration = TimeSpan.FromSeconds(options.Seconds);
        // Long enough for tiered compilation to settle: after 3 s of warm-up the JIT still compiled ~15,000
        // methods (5-6 s of CPU) during the measured 15 s, which a server running for hours does not pay.
        var warmup = TimeSpan.FromSeconds(options.Smoke ? 1 : 15);

        var run = 0;
        HttpRequestMessage Report(Uri endpoint, int client, int n)
        {
            var device = Random.Shared.Next(devices);
            var failure = Random.Shared.Next(20) == 0;
            var json = $$"""
                {"reportId":"bench-{{run}}-{{client}}-{{n}}","type":"{{(failure ? "failure" : "periodic")}}","modelNumber":"{{BenchDatabase.ModelNumber(device)}}","serialNumber":"{{BenchDatabase.SerialNumber(device)}}","hostName":"{{BenchDatabase.HostName(device)}}","occurredAt":"{{DateTimeOffset.UtcNow:O}}","means":"https","route":"agent"{{(failure ? ""","event":{"category":"disk","code":"DSK-0042","severity":"warning","message":"ディスク 2 の SMART 警告"}""" : string.Empty)}}}
                """;
            return new HttpRequestMessage(HttpMethod.Post, endpoint)
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
                Headers = { Authorization = new AuthenticationHeaderValue("Bearer", tokens[client % Gateways]) },
            };
        }

        var intakeEndpoint = new Uri(portal.Address, "/api/centre/reports");
        run = 1;
        await LoadAsync(http, options.Clients, warmup, (c, n) => Report(intakeEndpoint, c, n));
        run = 2;
        var (jitted, jitTime) = (JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime());
        var intake = await LoadAsync(http, options.Clients, duration, (c, n) => Report(intakeEndpoint, c, n));
        log.WriteLine($"   after {warmup.TotalSeconds:F0} s of warm-up, the JIT compiled {JitInfo.GetCompiledMethodCount() - jitted:N0} methods ({(JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds:F0} ms) during the measured load");
        var noDatabaseEndpoint = new Uri(portal.Address, BenchPortal.NoDatabasePath);
        run = 3;
        await LoadAsync(http, options.Clients, warmup, (c, n) => Report(noDatabaseEndpoint, c, n));
        run = 4;
        var noDatabase = await LoadAsync(http, options.Clients, duration, (c, n) => Report(noDatabaseEndpoint, c, n));

        // What the portal holds once the load is over (it runs in this process): managed heap after a full collection.
        var heapAfterLoad = GC.GetTotalMemory(forceFullCollection: true);
        var receipts = await database.CountAsync("SELECT count(*) FROM IntakeReceipts WHERE ReportId LIKE 'bench-2-%'");
        var stored = await database.CountAsync("SELECT count(*) FROM Reports WHERE SenderReportId LIKE 'bench-2-%'");
        log.WriteLine($"   intake: {intake.Accepted:N0} accepted ({intake.Stored:N0} kept in history), {intake.Errors:N0} errors; database: {receipts:N0} receipts, {stored:N0} reports");
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
            Measurement.AtMost("intake", "accepted - receipts stored", intake.Accepted - receipts, "", 0),
            new("intake", "managed heap after load", heapAfterLoad / 1048576.0, "MB"),
            new("intake", "peak working set (process)", System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, "MB"),
            new("intake", "no-database requests/s", noDatabaseRate, "1/s"),
            new("intake", "no-database p99", noDatabase.Latencies.Percentile(99), "ms"),
            Measurement.AtLeast("intake", "intake / no-database", intakeRate / noDatabaseRate, "x", 0.5),
        ];
    }

    private sealed record Load(long Accepted, long Stored, long Errors, Latencies Latencies, IReadOnlyDictionary<string, int> Failures, TimeSpan Elapsed)
    {
        public double PerSecond => Accepted / Elapsed.TotalSeconds;

        public string FailureText => string.Join(", ", Failures.Select(f => $"{f.Value} x {f.Key}"));
    }

    private static async Task<Load> LoadAsync(HttpClient http, int clients, TimeSpan duration, Func<int, int, HttpRequestMessage> request)
    {
        var latencies = new Latencies();
        long accepted = 0, kept = 0, errors = 0;
        var failures = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            for (var n = 0; Stopwatch.GetTimestamp() < deadline; n++)
            {
                using var message = request(client, n);
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.SendAsync(message);
                    var body = await response.Content.ReadAsByteArrayAsync();
                    latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                        failures.AddOrUpdate($"{(int)response.StatusCode} {Encoding.UTF8.GetString(body)[..Math.Min(200, body.Length)]}", 1, (_, n) => n + 1);
                        continue;
                    }

                    Interlocked.Increment(ref accepted);
                    var outcome = JsonDocument.Parse(body).RootElement.GetProperty("outcome").GetString();
                    if (outcome is "recorded" or "suppressed")
                    {
                        Interlocked.Increment(ref kept);
                    }
                }
                catch (HttpRequestException exception)
                {
                    Interlocked.Increment(ref errors);
                    failures.AddOrUpdate(exception.Message, 1, (_, n) => n + 1);
                }
            }
        })));
        return new Load(accepted, kept, errors, latencies, failures, Stopwatch.GetElapsedTime(started));
    }
}
