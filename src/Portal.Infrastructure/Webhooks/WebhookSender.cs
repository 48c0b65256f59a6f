using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Notifications;
using Portal.Application.Domain.Webhooks;
using Portal.Application.Features.Webhooks;
using Portal.Infrastructure.Mail;
using Portal.Infrastructure.Observability;
using Portal.Infrastructure.Persistence;
using StandardWebhooks;

namespace Portal.Infrastructure.Webhooks;

/// <summary>
/// Posts the webhook outbox, on every instance at once: each round claims a batch of due deliveries
/// (<see cref="WebhookClaim"/>), posts them in parallel, signed per Standard Webhooks, and records each outcome on its
/// row and on its endpoint. Any 2xx answer delivers; anything else, or no answer within the time-out, is tried again
/// later with backoff. An endpoint failing for a day is paused and its administrators mailed. A crash between a post
/// and its record may post that delivery again, under the same webhook-id, for the receiver to drop.
/// </summary>
public sealed class WebhookSender : BackgroundService
{
    public const int BatchSize = 50;

    private readonly IPortalDbContextFactory _dbFactory;
    private readonly IWebhookSecretProtector _secrets;
    private readonly TimeProvider _clock;
    private readonly IOptions<WebhookOptions> _options;
    private readonly IOptions<MailOptions> _mail;
    private readonly ILogger<WebhookSender> _logger;
    private readonly PortalMetrics? _metrics;
    private readonly HttpClient _http;

    public WebhookSender(IPortalDbContextFactory dbFactory, WebhookAddressGuard guard, IWebhookSecretProtector secrets, TimeProvider clock, IOptions<WebhookOptions> options, IOptions<MailOptions> mail, ILogger<WebhookSender> logger, PortalMetrics? metrics = null)
    {
        (_dbFactory, _secrets, _clock, _options, _mail, _logger, _metrics) = (dbFactory, secrets, clock, options, mail, logger, metrics);
        var timeout = TimeSpan.FromSeconds(Math.Max(1, options.Value.TimeoutSeconds));
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = guard.ConnectAsync,
            ConnectTimeout = timeout,
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            MaxConnectionsPerServer = Math.Max(1, options.Value.Concurrency),
        })
        {
            Timeout = timeout,

            // HTTP/1.1 only: HTTP/3 would open QUIC connections that the guard's ConnectCallback never sees.
            DefaultRequestVersion = System.Net.HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("ExpressReportService-Webhooks/1.0");
    }

    /// <summary>What one round did.</summary>
    public sealed record Round(int Claimed, int Delivered, int Retrying, int Paused);

    private sealed record Attempt(int? StatusCode, TimeSpan Latency, string? Error)
    {
        public bool Succeeded => Error is null;
    }

    /// <summary>
    /// Several workers on each instance, each claiming and posting its own batch: a batch held up by a slow receiver
    /// (up to its time-out) holds up only its own worker, and the others go on claiming what is due, alerts first.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, _options.Value.Workers)).Select(_ => WorkAsync(stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(0.05, _options.Value.PollSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                Round round;
                do
                {
                    round = await SendDueAsync(stoppingToken);
                }
                while (round.Claimed == BatchSize);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.WebhookRoundFailed(ex, interval);
            }

            await Task.Delay(interval, _clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async Task<Round> SendDueAsync(CancellationToken cancellationToken)
    {
        var settings = _options.Value;
        await using var db = (PortalDbContext)_dbFactory.Create();
        var claimed = await WebhookClaim.TakeAsync(db, BatchSize, _clock.GetUtcNow(), TimeSpan.FromSeconds(settings.ClaimLeaseSeconds), cancellationToken);
        if (claimed.Count == 0)
        {
            return new Round(0, 0, 0, 0);
        }

        var endpointIds = claimed.Select(d => d.EndpointId).Distinct().ToList();
        var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => endpointIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);

        // A post started within this window has time to time out and be recorded before the claim ends.
        var startBy = claimed[0].ClaimedUntil!.Value - TimeSpan.FromSeconds(settings.TimeoutSeconds) - SqliteBusyTimeout.LongestWriteWait;
        var attempts = new ConcurrentDictionary<Guid, Attempt>();
        using var slots = new SemaphoreSlim(Math.Max(1, settings.Concurrency));
        async Task TryAsync(WebhookEndpoint endpoint, WebhookDelivery delivery)
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                if (_clock.GetUtcNow() < startBy)
                {
                    attempts[delivery.Id] = await PostAsync(endpoint, delivery, cancellationToken);
                }
            }
            finally
            {
                slots.Release();
            }
        }

        try
        {
            // Each endpoint's first delivery of the round probes its receiver, and only if it took that one do the
            // others follow, all at once: a dead receiver costs one time-out a round, not a slot per delivery.
            await Task.WhenAll(claimed.GroupBy(d => d.EndpointId).Select(async group =>
            {
                if (!endpoints.TryGetValue(group.Key, out var endpoint))
                {
                    return;
                }

                var first = group.First();
                await TryAsync(endpoint, first);
                if (attempts.TryGetValue(first.Id, out var probe) && probe.Succeeded)
                {
                    await Task.WhenAll(group.Skip(1).Select(delivery => TryAsync(endpoint, delivery)));
                }
            }));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await RecordAsync(db, claimed, endpoints, attempts, CancellationToken.None);
            throw;
        }

        return await RecordAsync(db, claimed, endpoints, attempts, cancellationToken);
    }

    private async Task<Attempt> PostAsync(WebhookEndpoint endpoint, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var started = _clock.GetTimestamp();
        try
        {
            // The address was checked when it was given; plain HTTP is refused again here, and the connection is
            // checked by the guard, so a row changed behind the portal's back cannot reach inside either.
            var url = new Uri(endpoint.Url);
            if (url.Scheme != Uri.UriSchemeHttps && !(_options.Value.AllowLoopback && url.Scheme == Uri.UriSchemeHttp))
            {
                return new Attempt(null, TimeSpan.Zero, WebhookFailures.NotHttps);
            }

            var body = WebhookPayloads.Render(endpoint.Format, delivery.Event, delivery.Data, delivery.CreatedAt, endpoint.Culture, PortalUrl());
            var at = _clock.GetUtcNow();

            // During a rotation both secrets sign, so a receiver with either one accepts the delivery.
            var signature = string.Join(' ', endpoint.SigningSecrets(_secrets, at).Select(secret => new StandardWebhook(secret).Sign(delivery.MessageId, at, body)));
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("webhook-id", delivery.MessageId);
            request.Headers.Add("webhook-timestamp", at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", signature);
            started = _clock.GetTimestamp();
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return new Attempt(status, _clock.GetElapsedTime(started), response.IsSuccessStatusCode ? null : $"HTTP {status} {response.ReasonPhrase}".TrimEnd());
        }
        catch (HttpRequestException ex) when (ex.InnerException is WebhookAddressRefusedException)
        {
            return new Attempt(null, _clock.GetElapsedTime(started), WebhookFailures.AddressRefused);
        }
        catch (HttpRequestException ex)
        {
            return new Attempt(null, _clock.GetElapsedTime(started), ex.InnerException?.Message ?? ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Attempt(null, _clock.GetElapsedTime(started), WebhookFailures.NoAnswer);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever else goes wrong with one delivery is that delivery's failed try, never the round's.
            _logger.WebhookNotPosted(ex, delivery.MessageId);
            return new Attempt(null, _clock.GetElapsedTime(started), WebhookFailures.Unexpected);
        }
    }

    private Uri? PortalUrl() => Uri.TryCreate(_mail.Value.PortalUrl, UriKind.Absolute, out var portal) ? portal : null;

    /// <summary>
    /// Each delivery's outcome, and each endpoint's, in one transaction. Any success in the round clears the
    /// endpoint's failing state. A failure starts it, makes every other waiting delivery of the endpoint wait for the
    /// next try, and may pause the endpoint: a conditional statement, so only one sender pauses it and mails.
    /// What was not tried is released for any sender.
    /// </summary>
    private async Task<Round> RecordAsync(PortalDbContext db, List<WebhookDelivery> claimed, Dictionary<Guid, WebhookEndpoint> endpoints, ConcurrentDictionary<Guid, Attempt> attempts, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var firstDelay = TimeSpan.FromSeconds(_options.Value.RetryFirstDelaySeconds);
        int delivered = 0, retrying = 0;
        foreach (var delivery in claimed.Where(d => attempts.ContainsKey(d.Id)))
        {
            var attempt = attempts[delivery.Id];
            if (attempt.Succeeded)
            {
                delivery.MarkDelivered(attempt.StatusCode!.Value, attempt.Latency, now);
                delivered++;
            }
            else
            {
                delivery.MarkAttemptFailed(attempt.StatusCode, attempt.Latency, attempt.Error!, now, firstDelay);
                retrying++;
            }
        }

        var failedUntil = claimed.Where(d => attempts.TryGetValue(d.Id, out var a) && !a.Succeeded)
            .GroupBy(d => d.EndpointId)
            .ToDictionary(g => g.Key, g => g.Min(d => d.NextAttemptAt));
        foreach (var delivery in claimed.Where(d => !attempts.ContainsKey(d.Id)))
        {
            if (failedUntil.TryGetValue(delivery.EndpointId, out var until))
            {
                delivery.Defer(until);
            }
            else
            {
                delivery.ReleaseClaim();
            }
        }

        var succeeded = claimed.Where(d => attempts.TryGetValue(d.Id, out var a) && a.Succeeded).Select(d => d.EndpointId).ToHashSet();

        // SQL Server retries a transient failure by running the whole unit again (EF refuses a transaction begun
        // outside its strategy); a retry starts without the pause mails and audit entries of the failed attempt.
        var paused = 0;
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            foreach (var added in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added && e.Entity is Notification or AuditEntry).ToList())
            {
                added.State = EntityState.Detached;
            }

            paused = 0;
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);

            // Only endpoints that were failing when the round began have a failing state to clear.
            foreach (var id in succeeded.Where(id => endpoints.TryGetValue(id, out var e) && e.FailingSince is not null))
            {
                await db.WebhookEndpoints.Where(e => e.Id == id && e.FailingSince != null)
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.FailingSince, (DateTimeOffset?)null), CancellationToken.None);
            }

            foreach (var (id, until) in failedUntil.Where(f => !succeeded.Contains(f.Key)))
            {
                await db.WebhookEndpoints.Where(e => e.Id == id && e.FailingSince == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.FailingSince, now), CancellationToken.None);
                await db.WebhookDeliveries
                    .Where(d => d.EndpointId == id && d.State == WebhookDeliveryState.Pending && d.NextAttemptAt < until && (d.ClaimedUntil == null || d.ClaimedUntil <= now))
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, until), CancellationToken.None);
                var pausedNow = await db.WebhookEndpoints.Where(WebhookEndpoint.DueForPause.For(now)).Where(e => e.Id == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.PausedAt, now).SetProperty(e => e.Version, e => e.Version + 1), CancellationToken.None);
                if (pausedNow == 1)
                {
                    paused++;
                    _logger.WebhookEndpointPaused(id, WebhookEndpoint.FailureWindow);
                    await WebhookPausedNotice.AddAsync(db, await db.WebhookEndpoints.AsNoTracking().SingleAsync(e => e.Id == id, CancellationToken.None), now, CancellationToken.None);
                }
            }

            await SaveAsync(db);
            await transaction.CommitAsync(CancellationToken.None);
        });

        _metrics?.WebhooksDelivered("delivered", delivered);
        _metrics?.WebhooksDelivered("retry", retrying);
        return new Round(claimed.Count, delivered, retrying, paused);
    }

    private Task SaveAsync(PortalDbContext db) => ClaimedRows.SaveAsync(db, lost =>
    {
        foreach (var entry in lost)
        {
            _logger.WebhookClaimLost(entry.Metadata.ClrType.Name, entry.Property("Id").CurrentValue);
        }
    });

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }
}
