using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

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
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(3);

    public static async Task<IReadOnlyList<Measurement>> RunAsync(BenchOptions options, TextWriter log)
    {
        var devices = options.DevicesOr(100_000, 500);
        await using var database = await BenchDatabase.CreateAsync(new SeedPlan(devices), TimeProvider.System, new BenchUser());
        var tokens = Enumerable.Range(0, Gateways).Select(g => $"bench-gateway-{g}").ToArray();
        var settings = tokens.Select((t, i) => KeyValuePair.Create($"Centre:IntakeTokens:{i}", (string?)t)).ToDictionary();
        await using var portal = BenchPortal.Start(database.Folder, settings);
        var endpoint = new Uri(portal.Address, "/api/centre/reports");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4096, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { Timeout = Timeout.InfiniteTimeSpan };

        long sequence = 0;
        HttpRequestMessage Failure(string prefix)
        {
            var n = Interlocked.Increment(ref sequence);
            var device = Random.Shared.Next(devices);
            var json = $$"""
                {"reportId":"{{prefix}}-{{n}}","type":"failure","modelNumber":"{{BenchDatabase.ModelNumber(device)}}","serialNumber":"{{BenchDatabase.SerialNumber(device)}}","occurredAt":"{{DateTimeOffset.UtcNow:O}}","means":"https","route":"agent","event":{"category":"fan","code":"FAN-{{n % 1000}}","severity":"critical","message":"Fan {{n % 8}} stopped"} }
                """;
            return new HttpRequestMessage(HttpMethod.Post, endpoint)
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
                Headers = { Authorization = new AuthenticationHeaderValue("Bearer", tokens[n % Gateways]) },
            };
        }

        // Capacity: 32 senders, each waiting for its answer, after a warm-up.
        var warmup = TimeSpan.FromSeconds(options.Smoke ? 1 : 15);
        await ClosedLoopAsync(http, 32, warmup, () => Failure("warm"));
        var capacity = await ClosedLoopAsync(http, 32, TimeSpan.FromSeconds(options.Smoke ? 1 : 10), () => Failure("capacity"));
        var offeredRate = Math.Max(30, 3 * capacity);
        log.WriteLine($"   capacity for failure reports: {capacity:N0}/s; offering {offeredRate:N0}/s for {(options.Smoke ? 2 : 60)} s");

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

        var flood = await OpenLoopAsync(http, offeredRate, TimeSpan.FromSeconds(options.Smoke ? 2 : 60), () => Failure("flood"));

        // Right after the last report of the flood is sent, before its answers are all in.
        var after = Stopwatch.GetTimestamp();
        using var lastReport = Failure("after");
        using var afterResponse = await http.SendAsync(lastReport);
        var afterMs = Stopwatch.GetElapsedTime(after).TotalMilliseconds;
        var answers = await flood.Answers;
        await sampling.CancelAsync();
        await sampler;

        var ok = answers.Count(a => a.Status == HttpStatusCode.OK);
        var busy = answers.Count(a => a.Status == HttpStatusCode.ServiceUnavailable);
        var inTime = answers.Count(a => a.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable && a.Milliseconds <= GiveUpAfter.TotalMilliseconds);
        var other = answers.Where(a => a.Status is not (HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable)).GroupBy(a => a.Status?.ToString() ?? "no answer in 3 s").ToDictionary(g => g.Key, g => g.Count());
        var stored = await database.CountAsync("SELECT count(*) FROM IntakeReceipts WHERE ReportId LIKE 'flood-%'");
        log.WriteLine($"   offered {answers.Length:N0} ({answers.Length / flood.Elapsed.TotalSeconds:N0}/s): {ok:N0} stored (200), {busy:N0} refused at once (503), {string.Join(", ", other.Select(o => $"{o.Value:N0} {o.Key}"))}; {stored:N0} receipts; the report after the flood: {(int)afterResponse.StatusCode} in {afterMs:F0} ms");
        if (stored < ok)
        {
            throw new BenchCheckFailedException($"{ok:N0} flood reports were acknowledged but only {stored:N0} receipts are stored");
        }

        var okLatencies = new Latencies();
        foreach (var answer in answers.Where(a => a.Status == HttpStatusCode.OK))
        {
            okLatencies.Add(answer.Milliseconds);
        }

        return
        [
            new("overload", "capacity (failure reports)", capacity, "1/s"),
            new("overload", "offered", answers.Length / flood.Elapsed.TotalSeconds, "1/s"),
            Measurement.AtLeast("overload", "answered 200/503 within 3 s", 100.0 * inTime / Math.Max(1, answers.Length), "%", 99),
            new("overload", "stored (200)", 100.0 * ok / Math.Max(1, answers.Length), "%"),
            new("overload", "p99 of stored", okLatencies.Percentile(99), "ms"),
            Measurement.AtMost("overload", "memory growth (working set)", (peak - workingSetBefore) / 1048576.0, "MB", 150),
            Measurement.AtMost("overload", "report after the flood", afterMs, "ms", 1000),
            Measurement.AtMost("overload", "acknowledged - stored", ok - stored, "", 0),
        ];
    }

    private static async Task<double> ClosedLoopAsync(HttpClient http, int senders, TimeSpan duration, Func<HttpRequestMessage> request)
    {
        long stored = 0;
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                using var message = request();
                using var response = await http.SendAsync(message);
                await response.Content.ReadAsByteArrayAsync();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref stored);
                }
            }
        })));
        return stored / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private sealed record Answer(HttpStatusCode? Status, double Milliseconds);

    private sealed record Flood(Task<Answer[]> Answers, TimeSpan Elapsed);

    /// <summary>Sends at the given rate whatever the answers; each sender gives up after 3 s, as a gateway would.</summary>
    private static async Task<Flood> OpenLoopAsync(HttpClient http, double rate, TimeSpan duration, Func<HttpRequestMessage> request)
    {
        var sent = new List<Task<Answer>>((int)(rate * duration.TotalSeconds) + 16);
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < duration)
        {
            var due = (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * rate);
            while (sent.Count < due)
            {
                sent.Add(SendAsync(http, request()));
            }

            await Task.Delay(1);
        }

        return new Flood(Task.WhenAll(sent), Stopwatch.GetElapsedTime(started));
    }

    private static async Task<Answer> SendAsync(HttpClient http, HttpRequestMessage message)
    {
        await Task.Yield();
        var sent = Stopwatch.GetTimestamp();
        using var giveUp = new CancellationTokenSource(GiveUpAfter);
        try
        {
            using (message)
            using (var response = await http.SendAsync(message, giveUp.Token))
            {
                await response.Content.ReadAsByteArrayAsync(giveUp.Token);
                return new Answer(response.StatusCode, Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or HttpRequestException)
        {
            return new Answer(null, Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
        }
    }
}
