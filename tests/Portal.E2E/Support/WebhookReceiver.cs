using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace Portal.E2E.Support;

/// <summary>
/// A customer's webhook receiver on loopback (Kestrel): it checks each post's Standard Webhooks signature with the
/// secret the portal showed, as a receiver would with the StandardWebhooks library, and answers 500 while told to.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failures;
    private string? _failingPath;

    private WebhookReceiver(WebApplication app, Uri url) => (_app, Url) = (app, url);

    public Uri Url { get; }

    /// <summary>Each endpoint's signing secret by its path on this receiver, once the portal has shown it.</summary>
    public ConcurrentDictionary<string, string> Secrets { get; } = new();

    public ConcurrentQueue<Post> Received { get; } = new();

    /// <summary>The next <paramref name="count"/> posts to <paramref name="path"/> are answered 500; others 204.</summary>
    public void FailNext(int count, string path)
    {
        _failingPath = path;
        Volatile.Write(ref _failures, count);
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var verified = false;
            if (receiver!.Secrets.TryGetValue(request.Path.Value ?? string.Empty, out var secret))
            {
                try
                {
                    new StandardWebhook(secret).Verify(body, request.Headers);
                    verified = true;
                }
                catch (WebhookVerificationException)
                {
                }
            }

            var fail = request.Path == receiver._failingPath && Interlocked.Decrement(ref receiver._failures) >= 0;

            var status = fail ? 500 : 204;
            receiver.Received.Enqueue(new Post(request.Path, request.Headers["webhook-id"].ToString(), body, verified, status));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Urls.Single();
        receiver = new WebhookReceiver(app, new Uri(address.EndsWith('/') ? address : address + "/"));
        return receiver;
    }

    /// <summary>Waits until the posts received satisfy <paramref name="enough"/>.</summary>
    public async Task<IReadOnlyList<Post>> WaitForAsync(Func<IReadOnlyList<Post>, bool> enough, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var received = Received.ToList();
            if (enough(received))
            {
                return received;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The receiver has {received.Count} posts: {string.Join(", ", received.Select(p => $"{p.Type}/{p.Status}"))}");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    public sealed record Post(string Path, string Id, string Body, bool Verified, int Status)
    {
        public string Type => System.Text.Json.JsonDocument.Parse(Body).RootElement.GetProperty("type").GetString()!;
    }
}
