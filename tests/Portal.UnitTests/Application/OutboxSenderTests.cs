using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Application.Domain.Notifications;
using Portal.Application.Domain.Registrations;
using Portal.Infrastructure.Mail;
using Portal.Infrastructure.Persistence;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

/// <summary>
/// The outbox on a real database with the real pickup-folder and SMTP transports: claims that no two senders
/// share, alerts before bulk notices, and a message that can never be delivered failing alone and at once.
/// </summary>
public sealed class OutboxSenderTests : IDisposable
{
    private readonly World _world = new(TestDatabase.FileBacked(SqliteBusyTimeout.Instance));
    private readonly string _pickup = Path.Combine(Path.GetTempPath(), $"portal-outbox-{Guid.NewGuid():N}");
    private readonly Guid _deviceId;

    public OutboxSenderTests() => _deviceId = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened).Id;

    private static IOptions<MailOptions> Options(int smtpPort = 0) => Microsoft.Extensions.Options.Options.Create(new MailOptions
    {
        PortalUrl = "https://portal.example.jp/centre",
        Smtp = smtpPort == 0 ? new SmtpOptions() : new SmtpOptions { Host = "127.0.0.1", Port = smtpPort, Security = "None" },
    });

    private OutboxSender Sender(IMailTransport? transport = null) =>
        new(_world.Factory, transport ?? new PickupFolderMailTransport(Options(), _pickup), _world.Clock, Options(), NullLogger<OutboxSender>.Instance);

    private Notification Queue(string recipient, MailLane lane = MailLane.Alert, string kind = "FailureDetected")
    {
        var mail = new Notification(Guid.CreateVersion7(), kind, lane, recipient, "件名", "本文", "ja", _deviceId, _world.Clock.GetUtcNow());
        using var db = _world.Database.CreateContext();
        db.Notifications.Add(mail);
        db.SaveChanges();
        return mail;
    }

    private async Task<Notification> Reload(Guid id)
    {
        await using var db = _world.Database.CreateContext();
        return await db.Notifications.AsNoTracking().SingleAsync(n => n.Id == id);
    }

    private string[] Delivered() => Directory.Exists(_pickup) ? Directory.GetFiles(_pickup, "*.eml") : [];

    [Theory]
    [InlineData("taro.@docomo.ne.jp")]
    [InlineData("管理者 <admin@alpha.example>")]
    public async Task AnAddressTheMailLibraryRefusesFailsAtOnceAndTheAlertBehindItIsDelivered(string planted)
    {
        var bad = Queue(planted);
        _world.Clock.Advance(TimeSpan.FromSeconds(1));
        var alert = Queue("admin@alpha.example");

        var round = await Sender().SendDueAsync(CancellationToken.None);

        Assert.Equal((2, 1, 1, 0), (round.Claimed, round.Sent, round.Failed, round.Retrying));
        var failed = await Reload(bad.Id);
        Assert.Equal((NotificationState.Failed, 1), (failed.State, failed.Attempts));
        Assert.Contains(planted, failed.LastError);
        Assert.Equal(NotificationState.Sent, (await Reload(alert.Id)).State);
        Assert.Single(Delivered(), f => f.Contains(alert.Id.ToString("N"), StringComparison.Ordinal));

        // Given up for good: no later round tries it again.
        _world.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, (await Sender().SendDueAsync(CancellationToken.None)).Claimed);
    }

    [Fact]
    public async Task EveryMailEndsWithALinkToThePageItIsAboutInItsLanguage()
    {
        var mail = Queue("admin@alpha.example");

        await Sender().SendDueAsync(CancellationToken.None);

        var sent = await MimeKit.MimeMessage.LoadAsync(Delivered().Single());
        Assert.EndsWith($"ポータルで確認する: https://portal.example.jp/centre/devices/{_deviceId}", sent.TextBody!.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal($"{mail.Id:N}@portal", sent.MessageId);
    }

    [Fact]
    public async Task AlertsAreClaimedBeforeAnyBulkNoticeHoweverManyAreWaiting()
    {
        var bulk = Enumerable.Range(0, OutboxSender.BatchSize * 2).Select(_ => Queue("admin@alpha.example", MailLane.Bulk, "PeriodicOverdue")).ToList();
        _world.Clock.Advance(TimeSpan.FromMinutes(5));
        var alert = Queue("admin@alpha.example");

        var first = await Sender().SendDueAsync(CancellationToken.None);

        Assert.Equal(OutboxSender.BatchSize, first.Sent);
        Assert.Equal(NotificationState.Sent, (await Reload(alert.Id)).State);
        Assert.Equal(OutboxSender.BatchSize - 1, (await Task.WhenAll(bulk.Select(b => Reload(b.Id)))).Count(b => b.State == NotificationState.Sent));
    }

    [Fact]
    public async Task WithAHundredThousandBulkMailsWaitingANewAlertIsDeliveredWithinTenSeconds()
    {
        await using (var db = _world.Database.CreateContext())
        {
            var now = _world.Clock.GetUtcNow().UtcTicks;
            await db.Database.ExecuteSqlAsync($"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000),
                ids(i, h) AS (SELECT i, upper(hex(randomblob(16))) FROM n)
                INSERT INTO Notifications (Id, Kind, Lane, Recipient, Subject, Body, Culture, DeviceId, CreatedAt, State, Attempts, NextAttemptAt)
                SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-' || substr(h, 13, 4) || '-' || substr(h, 17, 4) || '-' || substr(h, 21, 12),
                       'PeriodicOverdue', 2, 'user' || i || '@alpha.example', '定期通報未着', '本文', 'ja', NULL, {now} - i, 1, 0, {now} - i
                FROM ids
                """);
        }

        var sender = new OutboxSender(_world.Factory, new PickupFolderMailTransport(Options(), _pickup), TimeProvider.System,
            Microsoft.Extensions.Options.Options.Create(new MailOptions { PollSeconds = 0.5 }), NullLogger<OutboxSender>.Instance);
        await sender.StartAsync(CancellationToken.None);
        try
        {
            // The sender is busy with the backlog when the alert arrives.
            while (Delivered().Length < OutboxSender.BatchSize)
            {
                await Task.Delay(50);
            }

            var queued = System.Diagnostics.Stopwatch.StartNew();
            var alert = Queue("admin@alpha.example");
            while ((await Reload(alert.Id)).State != NotificationState.Sent && queued.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
            }

            Assert.Equal(NotificationState.Sent, (await Reload(alert.Id)).State);
            Assert.InRange(queued.Elapsed.TotalSeconds, 0, 10);
        }
        finally
        {
            await sender.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task TwoSendersAtOnceDeliverEveryMessageExactlyOnce()
    {
        var mails = Enumerable.Range(0, 400).Select(i => Queue($"user{i}@alpha.example", i % 3 == 0 ? MailLane.Alert : MailLane.Bulk)).ToList();
        var senders = new[] { Sender(), Sender() };

        // Both drain the same outbox at the same time, each on its own connection, as two instances would.
        var rounds = await Task.WhenAll(senders.Select(s => Task.Run(async () =>
        {
            var mine = new List<OutboxSender.Round>();
            OutboxSender.Round round;
            do
            {
                round = await s.SendDueAsync(CancellationToken.None);
                mine.Add(round);
            }
            while (round.Claimed > 0);
            return mine;
        })));

        Assert.All(rounds, r => Assert.True(r.Sum(x => x.Sent) > 0, "both senders took part"));
        Assert.Equal(400, rounds.Sum(r => r.Sum(x => x.Sent)));
        var files = Delivered();
        Assert.Equal(400, files.Length);
        Assert.All(mails, m => Assert.Single(files, f => f.Contains(m.Id.ToString("N"), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AMessageClaimedByASenderThatDiedIsTakenOverOnceItsClaimRunsOut()
    {
        var mail = Queue("admin@alpha.example");
        await using (var db = _world.Database.CreateContext())
        {
            // Another instance took it and died before sending.
            await db.Notifications.ExecuteUpdateAsync(s => s
                .SetProperty(n => n.ClaimToken, Guid.NewGuid())
                .SetProperty(n => n.ClaimedUntil, _world.Clock.GetUtcNow() + TimeSpan.FromSeconds(new MailOptions().ClaimLeaseSeconds)));
        }

        Assert.Equal(0, (await Sender().SendDueAsync(CancellationToken.None)).Claimed);

        _world.Clock.Advance(TimeSpan.FromSeconds(new MailOptions().ClaimLeaseSeconds));
        Assert.Equal(1, (await Sender().SendDueAsync(CancellationToken.None)).Sent);
        var sent = await Reload(mail.Id);
        Assert.Equal((NotificationState.Sent, null), (sent.State, sent.ClaimToken));
    }

    [Fact]
    public async Task ASenderStartsNoMessageOnceItsClaimHasTooLittleTimeLeftForTheResultAndFreesTheRestAtOnce()
    {
        var mails = Enumerable.Range(0, 5).Select(i => Queue($"user{i}@alpha.example")).ToList();
        var options = new MailOptions();
        Assert.Equal(TimeSpan.FromSeconds(60), options.SendWindow);

        // Each message takes 25 s to send and record (a slow server, a long wait for the write lock).
        var slow = new HookedTransport(new PickupFolderMailTransport(Options(), _pickup), _ =>
        {
            _world.Clock.Advance(TimeSpan.FromSeconds(25));
            return Task.CompletedTask;
        });
        var round = await Sender(slow).SendDueAsync(CancellationToken.None);

        // Started at 0, 25 and 50 s; at 75 s a fourth could still be recording when the claim ends at 120 s.
        Assert.Equal((5, 3), (round.Claimed, round.Sent));
        Assert.Equal(3, Delivered().Length);
        var left = await Task.WhenAll(mails.Skip(3).Select(m => Reload(m.Id)));
        Assert.All(left, m => Assert.Equal((NotificationState.Pending, 0, null), (m.State, m.Attempts, m.ClaimToken)));
        Assert.Equal(2, (await Sender().SendDueAsync(CancellationToken.None)).Sent);
    }

    [Fact]
    public async Task AResultThatLandsAfterAnotherSenderTookTheMessageLeavesThatSendersClaimAlone()
    {
        var late = Queue("user0@alpha.example");
        var onTime = Queue("user1@alpha.example");
        var other = Guid.NewGuid();
        var racing = new HookedTransport(new PickupFolderMailTransport(Options(), _pickup), async sent =>
        {
            if (sent.Id != late.Id)
            {
                return;
            }

            // While this result waited, the claim ran out and another sender took the message.
            await using var db = _world.Database.CreateContext();
            await db.Notifications.Where(n => n.Id == late.Id).ExecuteUpdateAsync(s => s
                .SetProperty(n => n.ClaimToken, other)
                .SetProperty(n => n.ClaimedUntil, _world.Clock.GetUtcNow().AddMinutes(2)));
        });

        var round = await Sender(racing).SendDueAsync(CancellationToken.None);

        Assert.Equal(2, round.Sent);
        var taken = await Reload(late.Id);
        Assert.Equal((NotificationState.Pending, (Guid?)other), (taken.State, taken.ClaimToken));
        Assert.Equal(NotificationState.Sent, (await Reload(onTime.Id)).State);
    }

    /// <summary>Runs a step after each message is sent and before its result is recorded.</summary>
    private sealed class HookedTransport(IMailTransport inner, Func<Notification, Task> afterSend) : IMailTransport
    {
        public Task SendAsync(IReadOnlyList<Notification> batch, Func<Notification, Exception?, Task> onResult, Func<bool> mayStart, CancellationToken cancellationToken) =>
            inner.SendAsync(batch, async (notification, failure) =>
            {
                await afterSend(notification);
                await onResult(notification, failure);
            }, mayStart, cancellationToken);
    }

    [Fact]
    public async Task WhileTheMailServerIsDownEachMessageBacksOffAndNoneIsLost()
    {
        var mails = Enumerable.Range(0, 3).Select(i => Queue($"user{i}@alpha.example")).ToList();
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();

        var round = await Sender(new SmtpMailTransport(Options(port))).SendDueAsync(CancellationToken.None);

        Assert.True(round.ServerDown);
        Assert.Equal(3, round.Retrying);
        foreach (var mail in mails)
        {
            var waiting = await Reload(mail.Id);
            Assert.Equal((NotificationState.Pending, 1, null), (waiting.State, waiting.Attempts, waiting.ClaimToken));
            Assert.True(waiting.NextAttemptAt > _world.Clock.GetUtcNow());
        }

        Assert.Equal(0, (await Sender().SendDueAsync(CancellationToken.None)).Claimed);
    }

    [Fact]
    public void OnSqlServerOnlyTheClaimReadsPastOtherClaimsLockedRows()
    {
        const string claim = """
            -- outbox claim

            UPDATE [n]
            SET [n].[ClaimToken] = @token
            FROM [Notifications] AS [n]
            WHERE [n].[Id] IN (SELECT TOP(@p) [n0].[Id] FROM [Notifications] AS [n0] WHERE [n0].[State] = 1 ORDER BY [n0].[Lane])
            """;
        var hinted = SqlServerClaimHints.WithHints(claim);

        Assert.Contains("FROM [Notifications] AS [n] WITH (UPDLOCK, READPAST, ROWLOCK)", hinted);
        Assert.Contains("FROM [Notifications] AS [n0] WITH (UPDLOCK, READPAST, ROWLOCK)", hinted);
        var other = "SELECT [n].[Id] FROM [Notifications] AS [n]";
        Assert.Equal(other, SqlServerClaimHints.WithHints(other));
    }

    public void Dispose()
    {
        _world.Dispose();
        if (Directory.Exists(_pickup))
        {
            Directory.Delete(_pickup, recursive: true);
        }
    }
}
