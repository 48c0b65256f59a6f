using System.Net;
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
        var settings = _smtp.PortalSettings();
        settings["Centre__IntakeTokens__0"] = Token;
        // The shortest claim the portal accepts with a 5 s SMTP timeout: a send window of 10 s (MailOptions.SendWindow).
        settings["Mail__Smtp__TimeoutSeconds"] = "5";
        settings["Mail__ClaimLeaseSeconds"] = "45";
        settings["Centre__JobIntervalMinutes"] = "0.005";
        settings["Centre__JobLeaseSeconds"] = "6";
        settings["Proxy__KnownProxies__0"] = "127.0.0.1";
        _first = await PortalServer.StartAsync(settings);
        _second = await PortalServer.StartAsync(settings, dataFolder: _first.DataFolder);
        _balancer = await LoadBalancer.StartAsync(_first, _second);
    }

    [Fact]
    public async Task AlertsFromReportsSpreadOverTwoInstancesAreMailedOnceEachEvenWhenOneIsKilled()
    {
        // Both devices alert their two contacts; each report has its own event code, so none is suppressed.
        var devices = new[] { "alpha-web01", "beta-wms01" };
        var identities = new List<DemoDevice>();
        foreach (var host in devices)
        {
            identities.Add(await _first.Database.DeviceAsync(host));
        }

        using var client = Gateway.Client(_balancer.BaseUrl, Token);
        async Task SendAsync(int n)
        {
            // A 503 ("busy, nothing stored") is sent again after Retry-After with the same id, as a gateway does.
            var report = IntakeReport.Failure(identities[n % identities.Count], "fan", $"TWO-{n:D4}", "筐体ファン停止 (2 instances)") with { ReportId = $"two-{n}-{Guid.NewGuid():N}" };
            using var response = await client.PostReportAsync(report);
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
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (await _first.Database.UnsentAlertsAsync("TWO-") > 0 && DateTime.UtcNow < deadline)
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
        Assert.Equal(0L, await _first.Database.UnsentAlertsAsync("TWO-"));
    }

    [Fact]
    public async Task RemindersForAThousandWindowsGoOutOnceAndTheSurvivorTakesOverTheJobs()
    {
        // 500 windows while both instances look for due jobs every 0.3 s (their runs would overlap if both ran),
        // then 500 after one is killed holding the maintenance job: each window's two contacts get one reminder.
        Assert.Equal(500L, await _first.Database.AddReminderWindowsAsync(phase: 1));
        var mails = await _smtp.WaitForAsync(m => ReminderOf(m) is not null, count: 1000, TimeSpan.FromSeconds(90));
        Assert.Equal(1000, mails.Count);

        await _second.KillAsync();
        var heldUntil = DateTimeOffset.UtcNow.AddSeconds(6);
        Assert.Equal(1L, await _first.Database.GiveJobLeaseToTheDeadAsync("maintenance", heldUntil));
        Assert.Equal(500L, await _first.Database.AddReminderWindowsAsync(phase: 2));

        mails = await _smtp.WaitForAsync(m => ReminderOf(m) is not null, count: 2000, TimeSpan.FromSeconds(90));
        await Task.Delay(TimeSpan.FromSeconds(7)); // a lease past the dead holder's and many more looks: nothing more may come
        mails = [.. _smtp.Messages().Where(m => ReminderOf(m) is not null)];
        Assert.Equal(2000, mails.Count);
        Assert.Equal(2000, mails.Select(m => (ReminderOf(m), m.To.Mailboxes.Single().Address)).Distinct().Count());
        Assert.Equal(1000L, await _first.Database.RemindedWindowsAsync());

        // The survivor took the job once the dead holder's lease ran out: not before, and within a lease and a look.
        var firstTakenOver = await _first.Database.FirstReminderQueuedAsync("REM-2-");
        Assert.InRange(firstTakenOver, heldUntil, heldUntil.AddSeconds(20));
    }

    private static string? ReminderOf(MimeKit.MimeMessage m) =>
        System.Text.RegularExpressions.Regex.Match(m.TextBody ?? string.Empty, "REM-[12]-[0-9]+") is { Success: true } window ? window.Value : null;

    public async Task DisposeAsync()
    {
        await _balancer.DisposeAsync();
        await _second.DisposeAsync();
        await _first.DisposeAsync();
        await _smtp.DisposeAsync();
    }
}
