using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Features.Devices;

namespace Portal.Bench;

/// <summary>
/// Live timelines: 200 open pages of one customer listen on the real portal's feed while a stream of failure reports
/// for other customers goes through the real intake. A notice is what makes a page query (it loads itself again),
/// so the pages' queries are their notices: none may arrive. The instance's own reads of the signals are counted
/// from EF Core's command events. Then one report for the customer: every page hears it once, and how soon.
/// </summary>
public static class LiveScenario
{
    private const int Pages = 200;

    public static async Task<IReadOnlyList<Measurement>> RunAsync(BenchOptions options, TextWriter log)
    {
        var devices = options.DevicesOr(10_000, 200);
        await using var database = await BenchDatabase.CreateAsync(new SeedPlan(devices), TimeProvider.System, new BenchUser());
        string[] tokens = ["bench-gateway-0", "bench-gateway-1"];
        var settings = tokens.Select((t, i) => KeyValuePair.Create($"Centre:IntakeTokens:{i}", (string?)t)).ToDictionary();
        await using var portal = BenchPortal.Start(database.Folder, settings);
        var feed = portal.Services.GetRequiredService<TimelineFeed>();

        // The customer of device 0 (devices 0 to 9 share its support ID); every page listens to it.
        var account = database.AccountOf(0);
        var notices = new long[Pages];
        var lastNotice = 0L;
        var subscriptions = Enumerable.Range(0, Pages).Select(page => feed.Subscribe([account], _ =>
        {
            Interlocked.Increment(ref notices[page]);
            Interlocked.Exchange(ref lastNotice, Stopwatch.GetTimestamp());
        })).ToList();

        using var reads = new SignalReads();
        await Task.Delay(TimeSpan.FromSeconds(options.Smoke ? 1.5 : 3));

        var seconds = options.Smoke ? 3 : 30;
        var readsBefore = reads.Count;
        var stream = await Load.RunAsync(
            new LoadPlan("closed", new Uri(portal.Address, "/api/centre/reports"), 16, 0, seconds, devices, "other", "failure", tokens, FirstDevice: SeedPlan.DevicesPerAccount),
            options.OutOfProcessLoad);
        var stored = stream.Answers.Count(a => a.Status == 200);
        var readsDuring = reads.Count - readsBefore;
        var heardDuring = notices.Sum();
        log.WriteLine($"   {Pages} pages of one customer open; {stored:N0} failure reports of other customers stored in {stream.ElapsedSeconds:F0} s ({stored / stream.ElapsedSeconds:N0}/s); notices to the pages: {heardDuring:N0}; the instance read the signals {readsDuring:N0} times");

        // One report for the customer's own device: every page hears it, once.
        Interlocked.Exchange(ref lastNotice, 0);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(portal.Address, "/api/centre/reports"))
        {
            Content = new StringContent(
                System.Text.Json.JsonSerializer.Serialize(new
                {
                    reportId = "own-1",
                    type = "failure",
                    modelNumber = BenchDatabase.ModelNumber(0),
                    serialNumber = BenchDatabase.SerialNumber(0),
                    hostName = BenchDatabase.HostName(0),
                    occurredAt = DateTimeOffset.UtcNow,
                    means = "https",
                    route = "agent",
                    @event = new { category = "fan", code = "FAN-0001", severity = "critical", message = "Fan 1 stopped" },
                }),
                Encoding.UTF8,
                "application/json"),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", tokens[0]) },
        };
        using var answer = await http.SendAsync(request);
        var acknowledged = Stopwatch.GetTimestamp();
        if (!answer.IsSuccessStatusCode)
        {
            throw new BenchCheckFailedException($"the customer's own report was answered {(int)answer.StatusCode}");
        }

        var waited = Stopwatch.StartNew();
        while (notices.Any(n => n == 0) && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var heard = notices.Count(n => n == 1);
        var latency = Interlocked.Read(ref lastNotice) is var last and > 0 ? Stopwatch.GetElapsedTime(acknowledged, last).TotalMilliseconds : double.PositiveInfinity;
        log.WriteLine($"   the customer's own report: {heard} of {Pages} pages told once ({notices.Count(n => n > 1)} more than once), the last {latency:F0} ms after it was acknowledged");
        subscriptions.ForEach(s => s.Dispose());

        return
        [
            new("live", "other customers' reports stored", stored, ""),
            Measurement.AtMost("live", $"notices to the {Pages} pages (each one a page load)", heardDuring, "", 0),
            new("live", "signal reads by the instance", readsDuring / stream.ElapsedSeconds, "1/s"),
            Measurement.AtLeast("live", "pages told once of their own report", heard, "", Pages),
            Measurement.AtMost("live", "own report to the last page told", latency, "ms", 2000),
        ];
    }

    /// <summary>Counts this process's reads of the live signals (EF Core's command events), whatever the pages.</summary>
    private sealed class SignalReads : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly IDisposable _all;
        private readonly List<IDisposable> _listeners = [];
        private long _count;

        public SignalReads() => _all = DiagnosticListener.AllListeners.Subscribe(this);

        public long Count => Interlocked.Read(ref _count);

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
            {
                lock (_listeners)
                {
                    _listeners.Add(listener.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuted.Name
                && value.Value is CommandExecutedEventData { Command.CommandText: var sql }
                && sql.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
                && sql.Contains(TimelineSignals.Column, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            _all.Dispose();
            lock (_listeners)
            {
                _listeners.ForEach(l => l.Dispose());
            }
        }
    }
}
