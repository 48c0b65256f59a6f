using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Notifications;
using Portal.Infrastructure.Mail;

namespace Portal.Bench;

/// <summary>
/// The outbox sender against a real SMTP server on loopback (Debian's aiosmtpd, discarding what it receives):
/// how many mails a second one instance delivers, and how long a new alert waits while 100,000 bulk notices
/// are pending and being sent.
/// </summary>
public static class MailScenario
{
    private const string Python = "/usr/bin/python3";

    public static async Task<IReadOnlyList<Measurement>> RunAsync(BenchOptions options, TextWriter log)
    {
        var backlog = options.Smoke ? 500 : 100_000;
        var alerts = options.Smoke ? 2 : 10;
        await using var database = await BenchDatabase.CreateAsync(new SeedPlan(10), TimeProvider.System, new BenchUser());
        using var sink = await StartSinkAsync();
        var factory = database.Services.GetRequiredService<IPortalDbContextFactory>();
        var mail = Microsoft.Extensions.Options.Options.Create(new MailOptions
        {
            PollSeconds = 0.2,
            Smtp = new SmtpOptions { Host = "127.0.0.1", Port = sink.Port, Security = "None" },
        });
        var sender = new OutboxSender(factory, new SmtpMailTransport(mail), TimeProvider.System, mail, NullLogger<OutboxSender>.Instance);

        var backlogAt = DateTimeOffset.UtcNow;
        await database.SeedAsync(backlog, i => [new Notification(Guid.NewGuid(), "PeriodicOverdue", MailLane.Bulk, $"user{i + 1}@bench.example", "【エクスプレス通報サービス】定期通報未着のお知らせ", "定期通報が届いていません。", "ja", null, backlogAt.AddTicks(-(i + 1)))]);
        log.WriteLine($"   {backlog:N0} bulk notices pending; aiosmtpd on port {sink.Port}");
        await sender.StartAsync(CancellationToken.None);
        var latencies = new Latencies();
        try
        {
            // Alerts arrive one at a time while the backlog is being sent.
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < alerts; i++)
            {
                await Task.Delay(options.Smoke ? 200 : 2000);
                var queued = Stopwatch.GetTimestamp();
                var id = await QueueAlertAsync(factory);
                while (!await IsSentAsync(factory, id))
                {
                    if (Stopwatch.GetElapsedTime(queued) > TimeSpan.FromSeconds(60))
                    {
                        throw new BenchCheckFailedException($"an alert was not delivered within 60 s behind {backlog:N0} bulk notices");
                    }

                    await Task.Delay(20);
                }

                latencies.Add(Stopwatch.GetElapsedTime(queued).TotalMilliseconds);
            }

            // Then the rest of the backlog, for the delivery rate.
            long remaining;
            while ((remaining = await database.CountAsync(db => db.Notifications.Where(n => n.State == NotificationState.Pending))) > 0 && Stopwatch.GetElapsedTime(started) < TimeSpan.FromMinutes(10))
            {
                await Task.Delay(500);
            }

            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var sent = await database.CountAsync(db => db.Notifications.Where(n => n.State == NotificationState.Sent));
            var failed = await database.CountAsync(db => db.Notifications.Where(n => n.State == NotificationState.Failed));
            log.WriteLine($"   {sent:N0} sent, {failed:N0} failed, {remaining:N0} still pending after {elapsed:F0} s");
            if (failed > 0)
            {
                throw new BenchCheckFailedException($"{failed:N0} mails failed against a sink that accepts everything");
            }

            return
            [
                new("mail", "mails/s to the local SMTP server (one instance)", sent / elapsed, "1/s"),
                new("mail", "bulk notices pending at the start", backlog, ""),
                new("mail", "alert delivered, p50", latencies.Percentile(50), "ms"),
                Measurement.AtMost("mail", "alert delivered, max", latencies.Percentile(100), "ms", 10_000),
            ];
        }
        finally
        {
            await sender.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<Guid> QueueAlertAsync(IPortalDbContextFactory factory)
    {
        var now = DateTimeOffset.UtcNow;
        var alert = new Notification(Guid.CreateVersion7(now), "FailureDetected", MailLane.Alert, "admin@bench.example", "【エクスプレス通報サービス】障害通報受信のお知らせ", "障害通報を受信しました。", "ja", null, now);
        await using var db = factory.Create();
        db.Notifications.Add(alert);
        await db.SaveChangesAsync();
        return alert.Id;
    }

    private static async Task<bool> IsSentAsync(IPortalDbContextFactory factory, Guid id)
    {
        await using var db = factory.Create();
        return await db.Notifications.AsNoTracking().AnyAsync(n => n.Id == id && n.State == NotificationState.Sent);
    }

    private sealed class Sink(Process process, int port) : IDisposable
    {
        public int Port { get; } = port;

        public void Dispose()
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
        }
    }

    private static async Task<Sink> StartSinkAsync()
    {
        int port;
        using (var listener = new TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var process = Process.Start(new ProcessStartInfo(Python, ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Sink"]) { RedirectStandardError = true, UseShellExecute = false })
            ?? throw new BenchCheckFailedException("could not start aiosmtpd");
        for (var i = 0; i < 100; i++)
        {
            if (process.HasExited)
            {
                throw new BenchCheckFailedException($"aiosmtpd exited (is python3-aiosmtpd installed? the test command installs it): {await process.StandardError.ReadToEndAsync()}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return new Sink(process, port);
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new BenchCheckFailedException("aiosmtpd did not start listening");
    }
}
