using System.Net;
using System.Net.Http.Headers;
using Portal.E2E.Support;

namespace Portal.E2E;

/// <summary>
/// Two portal processes on one database with one real SMTP server, behind a real reverse proxy: the reports are
/// spread over both, and every alert mail and every reminder goes out once, even when one instance is killed
/// mid-run.
/// </summary>
public sealed class TwoInstanceTests : IAsyncLifetime
{
    private const string Token = "two-instance-token";
    private SmtpSink _smtp = null!;
    private PortalServer _first = null!;
    private PortalServer _second = null!;
    private LoadBalancer _balancer = null!;

    public async Task InitializeAsync()
    {
        _smtp = await SmtpSink.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["Centre__IntakeTokens__0"] = Token,
            ["Mail__Smtp__Host"] = "127.0.0.1",
            ["Mail__Smtp__Port"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail__Smtp__Security"] = "None",
            ["Mail__PollSeconds"] = "0.2",
            // The shortest claim the portal accepts with a 5 s SMTP timeout: a send window of 10 s (MailOptions.SendWindow).
            ["Mail__Smtp__TimeoutSeconds"] = "5",
            ["Mail__ClaimLeaseSeconds"] = "45",
            ["Centre__JobIntervalMinutes"] = "0.005",
            ["Centre__JobLeaseSeconds"] = "6",
            ["Proxy__KnownProxies__0"] = "127.0.0.1",
        };
        _first = await PortalServer.StartAsync(settings);
        _second = await PortalServer.StartAsync(settings, dataFolder: _first.DataFolder);
        _balancer = await LoadBalancer.StartAsync(_first, _second);
    }

    private HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = _balancer.BaseUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    [Fact]
    public async Task AlertsFromReportsSpreadOverTwoInstancesAreMailedOnceEachEvenWhenOneIsKilled()
    {
        // Both devices alert their two contacts; each report has its own event code, so none is suppressed.
        var devices = new[] { "alpha-web01", "beta-wms01" };
        var identities = new List<(string Model, string Serial)>();
        foreach (var host in devices)
        {
            identities.Add((
                await _first.QueryAsync<string>("SELECT ModelNumber FROM Devices WHERE HostName = $h", ("$h", host)),
                await _first.QueryAsync<string>("SELECT SerialNumber FROM Devices WHERE HostName = $h", ("$h", host))));
        }

        using var client = Client();
        async Task SendAsync(int n)
        {
            var (model, serial) = identities[n % identities.Count];
            // A 503 ("busy, nothing stored") is sent again after Retry-After with the same id, as a gateway does.
            var reportId = $"two-{n}-{Guid.NewGuid():N}";
            using var response = await client.PostReportAsync(Gateway.Failure(model, serial, "fan", $"TWO-{n:D4}", "筐体ファン停止 (2 instances)", reportId));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        // The first half through the balancer (round robin over both instances), eight at a time.
        for (var n = 0; n < 100; n += 8)
        {
            await Task.WhenAll(Enumerable.Range(n, Math.Min(8, 100 - n)).Select(SendAsync));
        }

        // The second instance dies while its sender may hold a batch; the balancer takes it out of rotation (until
        // then its reports get 502 and are sent again), and the other instance takes over its mails.
        await _second.KillAsync();
        for (var n = 100; n < 200; n += 8)
        {
            await Task.WhenAll(Enumerable.Range(n, Math.Min(8, 200 - n)).Select(SendAsync));
        }

        static string? CodeOf(MimeKit.MimeMessage m) =>
            System.Text.RegularExpressions.Regex.Match(m.TextBody ?? string.Empty, "TWO-[0-9]{4}") is { Success: true } code ? code.Value : null;
        // The killed instance's batch waits for its claim to run out (45 s).
        await _smtp.WaitForAsync(m => CodeOf(m) is not null, count: 400, TimeSpan.FromSeconds(150));
        // A message the dead instance sent but did not mark is already in the 400; its row waits for the claim to run
        // out and is then sent again, so the rows, not the mails, say when the run is over.
        const string Unsent = "SELECT COUNT(*) FROM Notifications WHERE Kind = 'FailureDetected' AND State <> 2 AND Body LIKE '%TWO-%'";
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (await _first.QueryAsync<long>(Unsent) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
        }

        await Task.Delay(3000);
        var mails = _smtp.Messages().Where(m => CodeOf(m) is not null).ToList();

        var distinct = mails.Select(m => (CodeOf(m), m.To.Mailboxes.Single().Address)).Distinct().Count();
        Assert.Equal(400, distinct);

        // A kill between a send and its mark may send that one message again (same Message-ID): at most one.
        Assert.InRange(mails.Count, 400, 401);
        Assert.Equal(mails.Count - 400, mails.Count - mails.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(0L, await _first.QueryAsync<long>(Unsent));
    }

    [Fact]
    public async Task RemindersForAThousandWindowsGoOutOnceAndTheSurvivorTakesOverTheJobs()
    {
        // 500 windows while both instances look for due jobs every 0.3 s (their runs would overlap if both ran),
        // then 500 after one is killed holding the maintenance job: each window's two contacts get one reminder.
        Assert.Equal(500L, await AddWindowsAsync(phase: 1));
        var mails = await _smtp.WaitForAsync(m => ReminderOf(m) is not null, count: 1000, TimeSpan.FromSeconds(90));
        Assert.Equal(1000, mails.Count);

        await _second.KillAsync();
        var heldUntil = DateTimeOffset.UtcNow.AddSeconds(6);
        Assert.Equal(1L, await _first.QueryAsync<long>(
            "UPDATE JobLeases SET Holder = 'killed/0/0', HeldUntil = $until WHERE Name = 'maintenance' RETURNING 1", ("$until", heldUntil.UtcTicks)));
        Assert.Equal(500L, await AddWindowsAsync(phase: 2));

        mails = await _smtp.WaitForAsync(m => ReminderOf(m) is not null, count: 2000, TimeSpan.FromSeconds(90));
        await Task.Delay(TimeSpan.FromSeconds(7)); // a lease past the dead holder's and many more looks: nothing more may come
        mails = [.. _smtp.Messages().Where(m => ReminderOf(m) is not null)];
        Assert.Equal(2000, mails.Count);
        Assert.Equal(2000, mails.Select(m => (ReminderOf(m), m.To.Mailboxes.Single().Address)).Distinct().Count());
        Assert.Equal(1000L, await _first.QueryAsync<long>("SELECT COUNT(*) FROM MaintenanceWindows WHERE Reason LIKE 'REM-%' AND ReminderSentAt IS NOT NULL"));

        // The survivor took the job once the dead holder's lease ran out: not before, and within a lease and a look.
        var firstTakenOver = new DateTimeOffset(await _first.QueryAsync<long>(
            "SELECT MIN(CreatedAt) FROM Notifications WHERE Kind = 'MaintenanceReminder' AND Body LIKE '%REM-2-%'"), TimeSpan.Zero);
        Assert.InRange(firstTakenOver, heldUntil, heldUntil.AddSeconds(20));
    }

    private static string? ReminderOf(MimeKit.MimeMessage m) =>
        System.Text.RegularExpressions.Regex.Match(m.TextBody ?? string.Empty, "REM-[12]-[0-9]+") is { Success: true } window ? window.Value : null;

    /// <summary>500 windows starting within the next hours, over two opened devices with two contacts each, in one statement.</summary>
    private Task<long> AddWindowsAsync(int phase)
    {
        var now = DateTimeOffset.UtcNow;
        return _first.QueryAsync<long>(
            """
            INSERT INTO MaintenanceWindows (Id, DeviceId, StartsAt, EndsAt, Reason, CreatedAt, CreatedByUserId)
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 499)
            SELECT upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6))),
                   (SELECT Id FROM Devices WHERE HostName = CASE i % 2 WHEN 0 THEN 'alpha-web01' ELSE 'beta-wms01' END),
                   $start + i * 50000000, $start + i * 50000000 + 36000000000, 'REM-' || $phase || '-' || i, $now,
                   '00000000-0000-0000-0000-000000000001'
            FROM n;
            SELECT changes();
            """,
            ("$start", now.AddHours(2).UtcTicks), ("$now", now.UtcTicks), ("$phase", phase));
    }

    public async Task DisposeAsync()
    {
        await _balancer.DisposeAsync();
        await _second.DisposeAsync();
        await _first.DisposeAsync();
        await _smtp.DisposeAsync();
    }
}
