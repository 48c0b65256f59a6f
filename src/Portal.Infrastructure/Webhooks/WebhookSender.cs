using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
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
    public const int BatchSize = 100;

    private readonly IPortalDbContextFactory _dbFactory;
    private readonly TimeProvider _clock;
    private readonly IOptions<WebhookOptions> _options;
    private readonly IOptions<MailOptions> _mail;
    private readonly ILogger<WebhookSender> _logger;
    private readonly PortalMetrics? _metrics;
    private readonly HttpClient _http;

    public WebhookSender(IPortalDbContextFactory dbFactory, WebhookAddressGuard guard, TimeProvider clock, IOptions<WebhookOptions> options, IOptions<MailOptions> mail, ILogger<WebhookSender> logger, PortalMetrics? metrics = null)
    {
        (_dbFactory, _clock, _options, _mail, _logger, _metrics) = (dbFactory, clock, options, mail, logger, metrics);
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
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("ExpressReportService-Webhooks/1.0");
    }

    /// <summary>What one round did.</summary>
    public sealed record Round(int Claimed, int Delivered, int Retrying, int Paused);

    private sealed record Attempt(int? StatusCode, TimeSpan Latency, string? Error)
    {
        public bool Succeeded => Error is null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
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
                _logger.LogError(ex, "Webhook delivery failed; retrying in {Interval}", interval);
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
        var endpoints = await db.WebhookEndpoints.Where(e => endpointIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);

        // A post started within this window has time to time out and be recorded before the claim ends.
        var startBy = claimed[0].ClaimedUntil!.Value - TimeSpan.FromSeconds(settings.TimeoutSeconds) - SqliteBusyTimeout.LongestWriteWait;
        var attempts = new ConcurrentDictionary<Guid, Attempt>();
        try
        {
            await Parallel.ForEachAsync(
                claimed,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Concurrency), CancellationToken = cancellationToken },
                async (delivery, token) =>
                {
                    if (_clock.GetUtcNow() < startBy)
                    {
                        attempts[delivery.Id] = await PostAsync(endpoints[delivery.EndpointId], delivery, token);
                    }
                });
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
        var body = WebhookPayloads.Render(endpoint.Format, delivery.Event, delivery.Data, delivery.CreatedAt, endpoint.Culture, PortalUrl());
        var at = _clock.GetUtcNow();

        // During a rotation both secrets sign, so a receiver with either one accepts the delivery.
        var signature = string.Join(' ', endpoint.SigningSecrets(at).Select(secret => new StandardWebhook(secret).Sign(delivery.MessageId, at, body)));
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", delivery.MessageId);
        request.Headers.Add("webhook-timestamp", at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signature);
        var started = _clock.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return new Attempt(status, _clock.GetElapsedTime(started), response.IsSuccessStatusCode ? null : $"HTTP {status} {response.ReasonPhrase}".TrimEnd());
        }
        catch (HttpRequestException ex)
        {
            return new Attempt(null, _clock.GetElapsedTime(started), ex.InnerException?.Message ?? ex.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Attempt(null, _clock.GetElapsedTime(started), $"No answer within {_options.Value.TimeoutSeconds:0.#} s");
        }
    }

    private Uri? PortalUrl() => Uri.TryCreate(_mail.Value.PortalUrl, UriKind.Absolute, out var portal) ? portal : null;

    /// <summary>
    /// Each delivery's outcome, and each endpoint's: any success in the round clears its failing state; otherwise a
    /// failure may pause it. What was not tried is released for any sender.
    /// </summary>
    private async Task<Round> RecordAsync(PortalDbContext db, List<WebhookDelivery> claimed, Dictionary<Guid, WebhookEndpoint> endpoints, ConcurrentDictionary<Guid, Attempt> attempts, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var firstDelay = TimeSpan.FromSeconds(_options.Value.RetryFirstDelaySeconds);
        int delivered = 0, retrying = 0, paused = 0;
        foreach (var delivery in claimed)
        {
            if (!attempts.TryGetValue(delivery.Id, out var attempt))
            {
                delivery.ReleaseClaim();
            }
            else if (attempt.Succeeded)
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

        foreach (var (id, endpoint) in endpoints)
        {
            var tried = claimed.Where(d => d.EndpointId == id && attempts.ContainsKey(d.Id)).Select(d => attempts[d.Id]).ToList();
            if (tried.Any(a => a.Succeeded))
            {
                endpoint.RecordSuccess();
            }
            else if (tried.Count > 0 && endpoint.RecordFailure(now))
            {
                paused++;
                _logger.LogWarning("Webhook endpoint {Id} failed for {Window} and is paused", id, WebhookEndpoint.FailureWindow);
                await WebhookPausedNotice.AddAsync(db, endpoint, now, cancellationToken);
            }
        }

        await SaveAsync(db);
        _metrics?.WebhooksDelivered("delivered", delivered);
        _metrics?.WebhooksDelivered("retry", retrying);
        return new Round(claimed.Count, delivered, retrying, paused);
    }

    /// <summary>
    /// Saves on the rows this claim still holds. A delivery whose claim ran out and was taken by another sender is
    /// left to it; an endpoint an administrator changed meanwhile keeps the change (its failing state is read again
    /// next round).
    /// </summary>
    private async Task SaveAsync(PortalDbContext db)
    {
        while (true)
        {
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
                return;
            }
            catch (DbUpdateConcurrencyException lost)
            {
                foreach (var entry in lost.Entries)
                {
                    _logger.LogWarning("Webhook {Type} {Id} changed elsewhere before this round's result was recorded", entry.Metadata.ClrType.Name, entry.Property("Id").CurrentValue);
                    entry.State = EntityState.Detached;
                }
            }
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }
}
