using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Notifications;
using Portal.Application.Domain.Webhooks;
using Portal.Application.Features.Webhooks;
using Portal.Infrastructure.Mail;
using Portal.Infrastructure.Webhooks;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;
using OptionsOf = Microsoft.Extensions.Options.Options;

namespace Portal.Bench;

/// <summary>
/// The webhook sender against a real HTTP receiver on loopback (Kestrel in this process, answering 204 to every
/// post and checking a sample of signatures as a customer's receiver would): how many deliveries a second one
/// instance posts through a backlog of 20,000, whether every one arrives exactly once, and how long a new alert
/// waits while the bulk backlog is being sent.
/// </summary>
public static class WebhookScenario
{
    private const string Name = "webhooks";
    private const int Endpoints = 10;

    public static async Task<IReadOnlyList<Measurement>> RunAsync(BenchOptions options, TextWriter log)
    {
        var backlog = options.Smoke ? 500 : 20_000;
        var alerts = options.Smoke ? 2 : 10;
        var total = backlog + alerts;
        var settings = new WebhookOptions { AllowLoopback = true, PollSeconds = 0.05, TimeoutSeconds = 10, RetryFirstDelaySeconds = 30 };
        var webhookOptions = OptionsOf.Create(settings);
        await using var database = await BenchDatabase.CreateAsync(new SeedPlan(10), TimeProvider.System, new BenchUser());
        var factory = database.Services.GetRequiredService<IPortalDbContextFactory>();
        await using var receiver = await Receiver.StartAsync();
        var guard = new WebhookAddressGuard(webhookOptions);
        var secrets = new DataProtectionWebhookSecrets(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider());

        var seeding = Stopwatch.StartNew();
        var (endpoints, data) = await SeedEndpointsAsync(factory, guard, secrets, receiver);
        var start = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(5);
        var @event = WebhookEventNames.Of(WebhookEvents.FailureRecorded);
        await database.SeedAsync(backlog, i => [new WebhookDelivery(endpoints[i % endpoints.Count].Id, @event, MailLane.Bulk, data, deviceId: null, start + TimeSpan.FromMilliseconds(i))]);
        log.WriteLine($"   {backlog:N0} bulk deliveries pending for {Endpoints} endpoints (seeded in {seeding.Elapsed.TotalSeconds:F1} s); receiver on {receiver.Address}");

        var logger = new RecordingLogger<WebhookSender>();
        using var sender = new WebhookSender(factory, guard, secrets, TimeProvider.System, webhookOptions, OptionsOf.Create(new MailOptions()), logger);
        var started = Stopwatch.GetTimestamp();
        await sender.StartAsync(CancellationToken.None);
        Latencies latencies;
        int behindBacklog;
        double elapsed;
        try
        {
            // Alerts arrive one at a time while the backlog is being sent; the rate is over both.
            var alerting = SendAlertsAsync(factory, receiver, endpoints[0].Id, data, alerts, TimeSpan.FromMilliseconds(options.Smoke ? 50 : 200), backlog);
            await WaitForAllDeliveredAsync(factory, receiver, logger, alerting, total, started);
            elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            (latencies, behindBacklog) = await alerting;
        }
        finally
        {
            await sender.StopAsync(CancellationToken.None);
        }

        // Exactly once: every row delivered, every message received, none twice.
        await using var db = factory.Create();
        var delivered = await db.WebhookDeliveries.CountAsync(d => d.State == WebhookDeliveryState.Delivered);
        var retried = await db.WebhookDeliveries.CountAsync(d => d.Attempts > 1);
        var lost = total - receiver.Distinct;
        log.WriteLine($"   {delivered:N0} delivered in {elapsed:F1} s; receiver got {receiver.Received:N0} posts, {receiver.Distinct:N0} distinct webhook-ids, {receiver.Verified:N0} signatures verified; {retried:N0} retried");
        log.WriteLine($"   alerts: {behindBacklog} of {alerts} queued while bulk deliveries were still pending");
        if (receiver.Failure is { } failure)
        {
            throw new BenchCheckFailedException(failure);
        }

        if (lost != 0 || receiver.Duplicates != 0 || receiver.Received != total || delivered != total)
        {
            throw new BenchCheckFailedException($"{total:N0} deliveries queued: {delivered:N0} rows delivered, {receiver.Received:N0} posts received, {lost:N0} lost, {receiver.Duplicates:N0} duplicates");
        }

        return
        [
            new(Name, "deliveries/s to a loopback receiver (one instance)", total / elapsed, "1/s"),
            new(Name, "bulk deliveries pending at the start", backlog, ""),
            new(Name, "posts at once (WebhookOptions.Concurrency)", settings.Concurrency, ""),
            Measurement.AtMost(Name, "deliveries lost", lost, "", 0),
            Measurement.AtMost(Name, "deliveries received twice", receiver.Duplicates, "", 0),
            new(Name, $"alerts queued while bulk deliveries were pending (of {alerts})", behindBacklog, ""),
            new(Name, "alert received behind the backlog, p50", latencies.Percentile(50), "ms"),
            new(Name, "alert received behind the backlog, p95", latencies.Percentile(95), "ms"),
        ];
    }

    /// <summary>
    /// Endpoints of the bench's support ID, each on its own path of the receiver, and the data of one failure
    /// event as the outbox writes it.
    /// </summary>
    private static async Task<(List<WebhookEndpoint> Endpoints, string Data)> SeedEndpointsAsync(IPortalDbContextFactory factory, WebhookAddressGuard guard, IWebhookSecretProtector secrets, Receiver receiver)
    {
        var now = DateTimeOffset.UtcNow;
        await using var db = factory.Create();
        var account = await db.SupportAccounts.AsNoTracking().OrderBy(a => a.SupportId).FirstAsync();
        var endpoints = new List<WebhookEndpoint>();
        for (var i = 0; i < Endpoints; i++)
        {
            // The address an administrator would give, through the same guard the add handler asks.
            var url = await guard.CheckAsync(new Uri(receiver.Address, $"hooks/{i}").AbsoluteUri, CancellationToken.None);
            if (!url.IsOk)
            {
                throw new BenchCheckFailedException($"the webhook address guard refused the loopback receiver ({string.Join(", ", url.Errors.Select(e => e.Code))})");
            }

            var (endpoint, secret) = WebhookEndpoint.Create(account.Id, $"ベンチ受信 {i}", url.Value!, WebhookFormat.Standard, WebhookEvents.All, "ja", secrets, now).Value;
            receiver.Expect(new Uri(endpoint.Url).AbsolutePath, secret);
            endpoints.Add(endpoint);
        }

        db.WebhookEndpoints.AddRange(endpoints);
        await db.SaveChangesAsync();
        var data = WebhookOutbox.DataOf(new WebhookEvent(WebhookEvents.FailureRecorded, account.Id, Device: null, now), account.SupportId);
        return (endpoints, data);
    }

    /// <summary>
    /// One alert at a time, <paramref name="gap"/> after the previous one arrived: each timed from its insert to its
    /// arrival at the receiver. Only alerts queued while bulk deliveries were still pending are timed: the others
    /// would measure an empty queue.
    /// </summary>
    private static async Task<(Latencies Latencies, int BehindBacklog)> SendAlertsAsync(IPortalDbContextFactory factory, Receiver receiver, Guid endpointId, string data, int alerts, TimeSpan gap, int backlog)
    {
        var latencies = new Latencies();
        var behind = 0;
        for (var i = 0; i < alerts; i++)
        {
            await Task.Delay(gap);
            await using var db = factory.Create();
            var isBehind = await db.WebhookDeliveries.AnyAsync(d => d.Lane == MailLane.Bulk && d.State == WebhookDeliveryState.Pending);

            var alert = new WebhookDelivery(endpointId, WebhookEventNames.Of(WebhookEvents.FailureRecorded), MailLane.Alert, data, deviceId: null, DateTimeOffset.UtcNow);
            var arrival = receiver.Await(alert.MessageId);
            db.WebhookDeliveries.Add(alert);
            var queued = Stopwatch.GetTimestamp();
            await db.SaveChangesAsync();
            if (await Task.WhenAny(arrival, Task.Delay(TimeSpan.FromSeconds(60))) != arrival)
            {
                throw new BenchCheckFailedException($"an alert was not delivered within 60 s behind {backlog:N0} bulk deliveries");
            }

            if (isBehind)
            {
                behind++;
                latencies.Add(Stopwatch.GetElapsedTime(queued, await arrival).TotalMilliseconds);
            }
        }

        return (latencies, behind);
    }

    private static async Task WaitForAllDeliveredAsync(IPortalDbContextFactory factory, Receiver receiver, RecordingLogger<WebhookSender> logger, Task alerting, int total, long started)
    {
        var progressAt = Stopwatch.GetTimestamp();
        var last = -1;
        for (var poll = 0; ; poll++)
        {
            await using var db = factory.Create();
            var delivered = await db.WebhookDeliveries.CountAsync(d => d.State == WebhookDeliveryState.Delivered);
            if (delivered == total && alerting.IsCompleted)
            {
                return;
            }

            if (receiver.Failure is { } failure)
            {
                throw new BenchCheckFailedException(failure);
            }

            if (logger.First is { } logged)
            {
                throw new BenchCheckFailedException($"the sender logged: {logged}");
            }

            if (alerting.IsFaulted)
            {
                await alerting;
            }

            // A failed post waits 30 s for its retry: name it rather than wait for it (once a second: it scans the
            // pending rows, and the sender shares these two cores).
            var failed = poll % 10 == 9
                ? await db.WebhookDeliveries.AsNoTracking().Where(d => d.State == WebhookDeliveryState.Pending && d.LastError != null).Select(d => d.LastError).FirstOrDefaultAsync()
                : null;
            if (failed is not null)
            {
                throw new BenchCheckFailedException($"a delivery to a receiver that accepts everything failed: {failed}");
            }

            if (delivered != last)
            {
                (last, progressAt) = (delivered, Stopwatch.GetTimestamp());
            }
            else if (Stopwatch.GetElapsedTime(progressAt) > TimeSpan.FromSeconds(60) || Stopwatch.GetElapsedTime(started) > TimeSpan.FromMinutes(10))
            {
                throw new BenchCheckFailedException($"{delivered:N0} of {total:N0} deliveries done; no progress for 60 s");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// A customer's receiver: Kestrel on a loopback port, 204 to every post. It counts posts and distinct
    /// webhook-ids, and verifies every 100th signature (and every awaited alert's) with the Standard Webhooks
    /// library a receiver would use; a signature that does not verify is remembered and fails the run.
    /// </summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private const int VerifyEvery = 100;

        private readonly WebApplication _app;
        private readonly ConcurrentDictionary<string, string> _secrets = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, byte> _ids = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _awaited = new(StringComparer.Ordinal);
        private int _received;
        private int _duplicates;
        private int _verified;
        private int _tamperChecked;
        private string? _failure;

        private Receiver(WebApplication app) => _app = app;

        public Uri Address { get; private set; } = null!;

        public int Received => Volatile.Read(ref _received);

        public int Duplicates => Volatile.Read(ref _duplicates);

        public int Distinct => _ids.Count;

        public int Verified => Volatile.Read(ref _verified);

        /// <summary>The first wrong thing the receiver saw (a signature that does not verify, an unknown path).</summary>
        public string? Failure => Volatile.Read(ref _failure);

        public static async Task<Receiver> StartAsync()
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var receiver = new Receiver(app);
            app.Run(receiver.HandleAsync);
            await app.StartAsync();
            receiver.Address = new Uri(app.Urls.First());
            return receiver;
        }

        public void Expect(string path, string secret) => _secrets[path] = secret;

        /// <summary>Completes with the Stopwatch timestamp of the message's arrival.</summary>
        public Task<long> Await(string messageId) =>
            _awaited.GetOrAdd(messageId, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        private async Task HandleAsync(HttpContext context)
        {
            var arrived = Stopwatch.GetTimestamp();
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var id = context.Request.Headers["webhook-id"].ToString();
            var count = Interlocked.Increment(ref _received);
            if (!_ids.TryAdd(id, 0))
            {
                Interlocked.Increment(ref _duplicates);
            }

            _awaited.TryRemove(id, out var awaited);
            if (!HttpMethods.IsPost(context.Request.Method) || !_secrets.TryGetValue(context.Request.Path.Value ?? string.Empty, out var secret))
            {
                Fail($"{context.Request.Method} {context.Request.Path} is no endpoint's address");
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if (count % VerifyEvery == 1 || awaited is not null)
            {
                var webhook = new StandardWebhook(secret);
                try
                {
                    webhook.Verify(body, context.Request.Headers);
                    Interlocked.Increment(ref _verified);
                }
                catch (WebhookVerificationException ex)
                {
                    Fail($"delivery {id} to {context.Request.Path} does not verify: {ex.Message}");
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    return;
                }

                // Once: the check must be able to fail, or the verified count means nothing.
                if (Interlocked.Exchange(ref _tamperChecked, 1) == 0 && Verifies(webhook, body + " ", context.Request.Headers))
                {
                    Fail("a tampered body verified: the receiver's signature check checks nothing");
                }
            }

            awaited?.TrySetResult(arrived);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }

        private static bool Verifies(StandardWebhook webhook, string body, IHeaderDictionary headers)
        {
            try
            {
                webhook.Verify(body, headers);
                return true;
            }
            catch (WebhookVerificationException)
            {
                return false;
            }
        }

        private void Fail(string failure) => Interlocked.CompareExchange(ref _failure, failure, null);

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>The sender's warnings and errors (a failed round is logged and retried, not thrown): the first fails the run.</summary>
    private sealed class RecordingLogger<T> : ILogger<T>
    {
        private string? _first;

        public string? First => Volatile.Read(ref _first);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Interlocked.CompareExchange(ref _first, $"{logLevel}: {formatter(state, exception)}{(exception is null ? string.Empty : $" ({exception.GetType().Name}: {exception.Message})")}", null);
            }
        }
    }
}
