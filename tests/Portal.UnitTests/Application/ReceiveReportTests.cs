using Microsoft.EntityFrameworkCore;
using Portal.Application.Domain.Calls;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Maintenance;
using Portal.Application.Domain.Notifications;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Features.Intake;
using Portal.Application.Features.Notifications;
using Portal.Infrastructure.Intake;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

public sealed class ReceiveReportTests : IDisposable
{
    private const string Sender = "gateway-a";
    private static readonly ReportEvent FanFailure = new(EventCategory.Fan, "FAN-0012", EventSeverity.Critical, "筐体ファン 3 停止");

    private readonly World _world = new();

    private IntakeReport Report(Device device, IntakeType type, string? keyCode = null, ReportEvent? e = null, string? replyTo = null, string? hostName = null, string? id = null, string? serial = null, string? model = null) =>
        new(id ?? Guid.NewGuid().ToString("N"), type, model ?? device.ModelNumber, serial ?? device.SerialNumber, keyCode, hostName, _world.Clock.GetUtcNow().AddSeconds(-5), replyTo, e, ReportMeans.Https, ReportRoute.Agent);

    private Task<IntakeResponse> SendAsync(IntakeReport report) => _world.ReceiveAsync(Sender, report);

    /// <summary>An application accepted right now, by default with key code 12345.</summary>
    private Device AcceptedNow(string hostName = "alpha-01", string keyCode = "12345")
    {
        var device = _world.AddDevice(_world.AlphaAccount, hostName, ServiceStatus.Applied);
        using var db = _world.Database.CreateContext();
        var registration = db.Registrations.Single(r => r.DeviceId == device.Id);
        Assert.True(KeyCode.TryParse(keyCode, out var key));
        Assert.True(registration.Accept(key, OpeningMethod.KeyCode, _world.Staff.Id, _world.Clock.GetUtcNow()).IsOk);
        db.SaveChanges();
        return device;
    }

    /// <summary>An opened device whose contacts are the administrator (1) and the deputy (2).</summary>
    private Device OpenedWithTwoContacts(string hostName = "alpha-01")
    {
        var device = _world.AddDevice(_world.AlphaAccount, hostName, ServiceStatus.Opened);
        using var db = _world.Database.CreateContext();
        var registration = db.Registrations.Include(r => r.Contacts).Single(r => r.DeviceId == device.Id);
        ContactChoice Of(Portal.Application.Domain.Users.UserProfile p) => new(p.Id, p.Name, p.Email, p.Phone, p.Affiliation, null);
        Assert.True(registration.ChangeContacts([Of(_world.AlphaAdmin), Of(_world.AlphaDeputy)], _world.Clock.GetUtcNow()).IsOk);
        db.SaveChanges();
        return device;
    }

    private async Task<(List<Report> Reports, List<Notification> Mails, List<CallTask> Calls, ServiceRegistration Registration, Device Device)> StateOf(Device device)
    {
        await using var db = _world.Database.CreateContext();
        return (
            await db.Reports.Where(r => r.DeviceId == device.Id).OrderBy(r => r.Id).ToListAsync(),
            await db.Notifications.Where(n => n.DeviceId == device.Id).OrderBy(n => n.Recipient).ToListAsync(),
            await db.CallTasks.Where(c => c.DeviceId == device.Id).ToListAsync(),
            await db.Registrations.SingleAsync(r => r.DeviceId == device.Id),
            await db.Devices.SingleAsync(d => d.Id == device.Id));
    }

    [Fact]
    public async Task AMatchingOpeningAnHourAfterIssuanceOpensTheServiceAndMailsSenderAndContacts()
    {
        var device = AcceptedNow();
        _world.Clock.Advance(KeyCode.ActivationDelay);

        var response = await SendAsync(Report(device, IntakeType.Opening, "12345", replyTo: "setup@alpha.example", hostName: "alpha-db99"));

        Assert.Equal((IntakeOutcome.Opened, device.DeviceManagementNumber), (response.Outcome, response.DeviceManagementNumber));
        var state = await StateOf(device);
        Assert.Equal(ServiceStatus.Opened, state.Registration.Status);
        Assert.Equal("alpha-db99", state.Device.HostName);
        Assert.Equal(ReportHandling.Opened, Assert.Single(state.Reports).Handling);
        Assert.Equal(new[] { _world.AlphaAdmin.Email, "setup@alpha.example" }.Order(StringComparer.Ordinal), state.Mails.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.All(state.Mails, m => Assert.Contains("開局通報受信のお知らせ", m.Subject, StringComparison.Ordinal));
        await using var db = _world.Database.CreateContext();
        Assert.Single(await db.AuditEntries.Where(a => a.Action == "OpeningReport" && a.DeviceId == device.Id).ToListAsync());
    }

    [Fact]
    public async Task AtFiftyNineMinutesFiftyNineSecondsTheSenderIsToldWhenToRetryAndAtTheHourItOpens()
    {
        var device = AcceptedNow();
        _world.Clock.Advance(TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(59));

        var early = await SendAsync(Report(device, IntakeType.Opening, "12345"));
        _world.Clock.Advance(TimeSpan.FromSeconds(1));
        var onTime = await SendAsync(Report(device, IntakeType.Opening, "12345"));

        Assert.Equal((IntakeOutcome.TooEarly, World.Start.AddHours(1)), (early.Outcome, early.RetryAfter!.Value));
        Assert.Null(early.Mismatches);
        Assert.Equal(IntakeOutcome.Opened, onTime.Outcome);
        Assert.Equal([ReportHandling.OpeningTooEarly, ReportHandling.Opened], (await StateOf(device)).Reports.Select(r => r.Handling));
    }

    [Fact]
    public async Task AWrongKeyIsAMismatchOnTheDeviceTheModelAndSerialNameAndTheSenderIsToldOnlyWhatItSent()
    {
        var device = AcceptedNow();
        _world.Clock.Advance(TimeSpan.FromHours(2));

        var wrongKey = await SendAsync(Report(device, IntakeType.Opening, "54321", replyTo: "setup@alpha.example"));

        Assert.Equal((IntakeOutcome.Mismatch, null), (wrongKey.Outcome, wrongKey.DeviceManagementNumber));
        Assert.Equal(["keyCode"], wrongKey.Mismatches!);
        var state = await StateOf(device);
        Assert.Equal((ServiceStatus.Accepted, 1), (state.Registration.Status, state.Registration.WrongKeyCount));
        Assert.Equal(ReportHandling.OpeningMismatch, Assert.Single(state.Reports).Handling);
        var reply = state.Mails.Single(m => m.Recipient == "setup@alpha.example");
        Assert.Contains("内容不一致", reply.Subject, StringComparison.Ordinal);
        Assert.Contains("開局キーコード (通報された値: 54321)", reply.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(device.DeviceManagementNumber, reply.Subject + reply.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(device.HostName, reply.Subject + reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherModelNumberIsAnUnknownDeviceAndTheSenderIsToldToCheckModelAndSerial()
    {
        var device = AcceptedNow();
        _world.Clock.Advance(TimeSpan.FromHours(2));

        var wrongModel = await SendAsync(Report(device, IntakeType.Opening, "12345", model: "N8100-9999", replyTo: "setup@alpha.example"));

        Assert.Equal((IntakeOutcome.UnknownDevice, null), (wrongModel.Outcome, wrongModel.DeviceManagementNumber));
        await using var db = _world.Database.CreateContext();
        var reply = await db.Notifications.SingleAsync(n => n.Recipient == "setup@alpha.example");
        Assert.Null(reply.DeviceId);
        Assert.Contains("型番 (通報された値: N8100-9999)", reply.Body, StringComparison.Ordinal);
        Assert.Contains($"製造号機 (通報された値: {device.SerialNumber})", reply.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(device.DeviceManagementNumber, reply.Body, StringComparison.Ordinal);
        Assert.Equal(ServiceStatus.Accepted, (await StateOf(device)).Registration.Status);
    }

    [Fact]
    public async Task AsModelAndSerialWithBsKeyIsAMismatchOnAAndBLearnsNothingNorDoesTheSender()
    {
        // A and B belong to different customers; the sender knows A's model and serial and B's key.
        var a = AcceptedNow("alpha-01", "11111");
        var b = _world.AddDevice(_world.BetaAccount, "beta-secret-host", ServiceStatus.Applied);
        await using (var db = _world.Database.CreateContext())
        {
            var registration = await db.Registrations.Include(r => r.Contacts).SingleAsync(r => r.DeviceId == b.Id);
            Assert.True(KeyCode.TryParse("22222", out var key));
            Assert.True(registration.Accept(key, OpeningMethod.KeyCode, _world.Staff.Id, _world.Clock.GetUtcNow()).IsOk);
            await db.SaveChangesAsync();
        }

        _world.Clock.Advance(TimeSpan.FromHours(2));

        var response = await SendAsync(Report(a, IntakeType.Opening, "22222", replyTo: "attacker@evil.example", hostName: "evil-host"));

        Assert.Equal(IntakeOutcome.Mismatch, response.Outcome);
        Assert.Equal(["keyCode"], response.Mismatches!);
        var stateA = await StateOf(a);
        var stateB = await StateOf(b);
        Assert.Equal(ReportHandling.OpeningMismatch, Assert.Single(stateA.Reports).Handling);
        Assert.Equal((ServiceStatus.Accepted, "beta-secret-host", 0), (stateB.Registration.Status, stateB.Device.HostName, stateB.Registration.WrongKeyCount));
        Assert.Empty(stateB.Reports);
        Assert.Empty(stateB.Mails);
        await using var check = _world.Database.CreateContext();
        var reply = await check.Notifications.SingleAsync(n => n.Recipient == "attacker@evil.example");
        foreach (var secret in new[] { b.DeviceManagementNumber, "beta-secret-host", b.SerialNumber, a.DeviceManagementNumber, "alpha-01", _world.BetaAdmin.Email, _world.BetaAdmin.Name })
        {
            Assert.DoesNotContain(secret, reply.Subject + reply.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheSixthWrongKeyWithin24HoursIsRefusedAsLockedEvenWhenCorrectUntilTheKeyIsReissued()
    {
        var device = OpenedWithTwoContacts();
        await using (var db = _world.Database.CreateContext())
        {
            var registration = await db.Registrations.SingleAsync(r => r.DeviceId == device.Id);
            Assert.True(KeyCode.TryParse("12345", out var key));
            SetKey(registration, key);
            await db.SaveChangesAsync();
        }

        var answers = new List<IntakeResponse>();
        foreach (var guess in new[] { "00001", "00002", "00003", "00004", "00005" })
        {
            _world.Clock.Advance(TimeSpan.FromHours(4));
            answers.Add(await SendAsync(Report(device, IntakeType.Opening, guess)));
        }

        var rightKeyAfterLock = await SendAsync(Report(device, IntakeType.Opening, "12345", hostName: "taken-over"));

        Assert.All(answers, a => Assert.Equal(IntakeOutcome.Mismatch, a.Outcome));
        Assert.Equal(IntakeOutcome.OpeningLocked, rightKeyAfterLock.Outcome);
        var state = await StateOf(device);
        Assert.True(state.Registration.IsOpeningLocked);
        Assert.NotEqual("taken-over", state.Device.HostName);
        Assert.Equal(ReportHandling.OpeningLocked, state.Reports[^1].Handling);
        Assert.Equal(2, state.Mails.Count(m => m.Kind == nameof(MailKind.OpeningLocked)));
        await using (var db = _world.Database.CreateContext())
        {
            Assert.Single(await db.AuditEntries.Where(a => a.Action == "OpeningLocked" && a.DeviceId == device.Id).ToListAsync());

            // A new key (staff re-issue) lifts the lock; after its hour the right key opens again.
            var registration = await db.Registrations.SingleAsync(r => r.DeviceId == device.Id);
            Assert.True(KeyCode.TryParse("67890", out var fresh));
            SetKey(registration, fresh);
            await db.SaveChangesAsync();
        }

        _world.Clock.Advance(KeyCode.ActivationDelay);
        Assert.Equal(IntakeOutcome.Mismatch, (await SendAsync(Report(device, IntakeType.Opening, "12345"))).Outcome);
        Assert.Equal(IntakeOutcome.Opened, (await SendAsync(Report(device, IntakeType.Opening, "67890", hostName: "reinstalled"))).Outcome);
        Assert.Equal("reinstalled", (await StateOf(device)).Device.HostName);
    }

    [Fact]
    public async Task WrongKeysSpreadOverMoreThan24HoursDoNotLock()
    {
        var device = AcceptedNow();
        for (var i = 0; i < 8; i++)
        {
            _world.Clock.Advance(TimeSpan.FromHours(7));
            Assert.Equal(IntakeOutcome.Mismatch, (await SendAsync(Report(device, IntakeType.Opening, "99999"))).Outcome);
        }

        Assert.False((await StateOf(device)).Registration.IsOpeningLocked);
        Assert.Equal(IntakeOutcome.Opened, (await SendAsync(Report(device, IntakeType.Opening, "12345"))).Outcome);
    }

    [Fact]
    public async Task AGuessingRunOf2000KeysAgainstUnknownSerialsLearnsNothing()
    {
        // Real keys exist: an accepted device holds 01000, which is among the guesses.
        var real = AcceptedNow("alpha-01", "01000");
        _world.Clock.Advance(TimeSpan.FromHours(2));
        var before = await StateOf(real);

        // All at once, so admission must not shed any: this is about what the answers say.
        await using var intake = _world.NewIntake(new IntakeOptions { MaxWaitSeconds = 120 });
        var answers = await Task.WhenAll(Enumerable.Range(0, 2_000).Select(async n =>
            (await intake.SubmitAsync(Sender, Report(real, IntakeType.Opening, n.ToString("D5", System.Globalization.CultureInfo.InvariantCulture), serial: $"GUESS-{n}"))).Response!));

        // Every answer is the same, whether the key was somebody's or not.
        Assert.All(answers, a => Assert.Equal(new IntakeResponse(IntakeOutcome.UnknownDevice), a));
        var after = await StateOf(real);
        Assert.Equal((before.Registration.Status, before.Registration.Version, before.Device.HostName), (after.Registration.Status, after.Registration.Version, after.Device.HostName));
        Assert.Empty(after.Reports);
        Assert.Empty(after.Mails);
    }

    [Fact]
    public async Task AConnectivityTestsResultMailRepeatsOnlyWhatWasSent()
    {
        var device = OpenedWithTwoContacts();

        await SendAsync(Report(device, IntakeType.ConnectivityTest, replyTo: "someone@example.org"));

        var mail = Assert.Single((await StateOf(device)).Mails);
        Assert.Equal("someone@example.org", mail.Recipient);
        Assert.Contains(device.SerialNumber, mail.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(device.DeviceManagementNumber, mail.Subject + mail.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(device.HostName, mail.Subject + mail.Body, StringComparison.Ordinal);
    }

    /// <summary>A key as staff re-issue it, straight through the registration's state machine.</summary>
    private void SetKey(ServiceRegistration registration, KeyCode key) =>
        Assert.True(registration.ReissueKey(key, OpeningMethod.KeyCode, _world.Staff.Id, _world.Clock.GetUtcNow()).IsOk);

    [Fact]
    public async Task ARepeatedOpeningOfAnOpenedDeviceUpdatesItsHostName()
    {
        var device = AcceptedNow();
        _world.Clock.Advance(TimeSpan.FromHours(1));
        await SendAsync(Report(device, IntakeType.Opening, "12345", hostName: "old-name"));
        _world.Clock.Advance(TimeSpan.FromDays(30));

        var response = await SendAsync(Report(device, IntakeType.Opening, "12345", hostName: "new-name"));

        Assert.Equal(IntakeOutcome.Opened, response.Outcome);
        var state = await StateOf(device);
        Assert.Equal(("new-name", ServiceStatus.Opened), (state.Device.HostName, state.Registration.Status));
        Assert.Equal(World.Start.AddHours(1), state.Registration.FirstOpenedAt);
    }

    [Fact]
    public async Task AnUnknownDeviceIsSaidSoAndNothingEntersTheHistory()
    {
        var device = OpenedWithTwoContacts();

        var response = await SendAsync(Report(device, IntakeType.Periodic, serial: "NO-SUCH-SERIAL"));

        Assert.Equal((IntakeOutcome.UnknownDevice, null), (response.Outcome, response.DeviceManagementNumber));
        await using var db = _world.Database.CreateContext();
        Assert.Empty(await db.Reports.ToListAsync());
        Assert.Single(await db.IntakeReceipts.ToListAsync());
    }

    [Theory]
    [InlineData(ServiceStatus.NotApplied)]
    [InlineData(ServiceStatus.Applied)]
    [InlineData(ServiceStatus.Accepted)]
    [InlineData(ServiceStatus.Ended)]
    public async Task ReportsOtherThanOpeningFromADeviceThatIsNotOpenedAnswerNotOpened(ServiceStatus status)
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", status);

        var response = await SendAsync(Report(device, IntakeType.Failure, e: FanFailure));

        Assert.Equal(IntakeOutcome.NotOpened, response.Outcome);
        var state = await StateOf(device);
        Assert.Empty(state.Reports);
        Assert.Empty(state.Mails);
    }

    [Fact]
    public async Task AFailureMailsEachContactOnceAndOpensACallTask()
    {
        var device = OpenedWithTwoContacts();

        var response = await SendAsync(Report(device, IntakeType.Failure, e: FanFailure, replyTo: "setup@alpha.example"));

        Assert.Equal(IntakeOutcome.Recorded, response.Outcome);
        var state = await StateOf(device);
        Assert.Equal(ReportHandling.ContactsNotified, Assert.Single(state.Reports).Handling);
        Assert.Equal(new[] { _world.AlphaAdmin.Email, _world.AlphaDeputy.Email }.Order(StringComparer.Ordinal), state.Mails.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.All(state.Mails, m => Assert.Contains("FAN-0012", m.Body, StringComparison.Ordinal));
        var call = Assert.Single(state.Calls);
        Assert.Equal((CallTaskState.Open, EventSeverity.Critical, state.Reports[0].Id), (call.State, call.Severity, call.ReportId));
    }

    [Fact]
    public async Task TheSameEventWithinSixtyMinutesIsSuppressedAndAtSixtyMinutesActedOnAgain()
    {
        var device = OpenedWithTwoContacts();
        await SendAsync(Report(device, IntakeType.Failure, e: FanFailure));

        _world.Clock.Advance(TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(59));
        var repeat = await SendAsync(Report(device, IntakeType.Failure, e: FanFailure));
        var otherEvent = await SendAsync(Report(device, IntakeType.Failure, e: FanFailure with { Code = "FAN-0013" }));
        _world.Clock.Advance(TimeSpan.FromSeconds(1));
        var hourLater = await SendAsync(Report(device, IntakeType.Failure, e: FanFailure));

        Assert.Equal((IntakeOutcome.Suppressed, IntakeOutcome.Recorded, IntakeOutcome.Recorded), (repeat.Outcome, otherEvent.Outcome, hourLater.Outcome));
        var state = await StateOf(device);
        Assert.Equal(
            [ReportHandling.ContactsNotified, ReportHandling.SuppressedRepeat, ReportHandling.ContactsNotified, ReportHandling.ContactsNotified],
            state.Reports.Select(r => r.Handling));
        Assert.Equal(3, state.Calls.Count);
        Assert.Equal(6, state.Mails.Count);
    }

    [Fact]
    public async Task AFailureInsideAMaintenanceWindowIsRecordedButNotActedOn()
    {
        var device = OpenedWithTwoContacts();
        await using (var db = _world.Database.CreateContext())
        {
            db.MaintenanceWindows.Add(MaintenanceWindow.Schedule(device.Id, World.Start.AddMinutes(-10), World.Start.AddHours(2), "点検", _world.AlphaAdmin.Id, World.Start.AddDays(-5)).Value!);
            await db.SaveChangesAsync();
        }

        var response = await SendAsync(Report(device, IntakeType.Failure, e: FanFailure));

        Assert.Equal(IntakeOutcome.Recorded, response.Outcome);
        var state = await StateOf(device);
        Assert.Equal(ReportHandling.NotActedOnMaintenance, Assert.Single(state.Reports).Handling);
        Assert.Empty(state.Mails);
        Assert.Empty(state.Calls);
    }

    [Fact]
    public async Task APseudoFailureTestIsInTheHistoryAndItsResultGoesToTheSenderWithoutACall()
    {
        var device = OpenedWithTwoContacts();
        var test = new ReportEvent(EventCategory.Other, "TEST-0001", EventSeverity.Info, "擬似障害");

        var first = await SendAsync(Report(device, IntakeType.PseudoFailure, e: test, replyTo: "setup@alpha.example"));
        _world.Clock.Advance(TimeSpan.FromMinutes(5));
        var again = await SendAsync(Report(device, IntakeType.PseudoFailure, e: test, replyTo: "setup@alpha.example"));

        Assert.Equal((IntakeOutcome.Recorded, IntakeOutcome.Suppressed), (first.Outcome, again.Outcome));
        var state = await StateOf(device);
        Assert.Equal([ReportType.PseudoFailure, ReportType.PseudoFailure], state.Reports.Select(r => r.Type));
        Assert.Equal("setup@alpha.example", Assert.Single(state.Mails).Recipient);
        Assert.Empty(state.Calls);
    }

    [Fact]
    public async Task AConnectivityTestIsAnsweredAndMailedButNotKeptInHistory()
    {
        var device = AcceptedNow();

        var response = await SendAsync(Report(device, IntakeType.ConnectivityTest, replyTo: "setup@alpha.example"));

        Assert.Equal(IntakeOutcome.Recorded, response.Outcome);
        var state = await StateOf(device);
        Assert.Empty(state.Reports);
        var mail = Assert.Single(state.Mails);
        Assert.Contains("通報テスト", mail.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEndReportEndsTheServiceAndLaterReportsAnswerNotOpened()
    {
        var device = OpenedWithTwoContacts();

        var end = await SendAsync(Report(device, IntakeType.End));
        var later = await SendAsync(Report(device, IntakeType.Periodic));

        Assert.Equal((IntakeOutcome.Recorded, IntakeOutcome.NotOpened), (end.Outcome, later.Outcome));
        var state = await StateOf(device);
        Assert.Equal(ServiceStatus.Ended, state.Registration.Status);
        Assert.Equal(ReportType.End, Assert.Single(state.Reports).Type);
    }

    [Fact]
    public async Task AResentReportGetsTheFirstAnswerAndIsStoredOnce()
    {
        var device = OpenedWithTwoContacts();
        var report = Report(device, IntakeType.Failure, e: FanFailure, id: "gw-000001");

        var first = await SendAsync(report);
        _world.Clock.Advance(TimeSpan.FromHours(3));
        var second = await SendAsync(report);
        var otherSender = await _world.ReceiveAsync("gateway-b", report);

        Assert.Equal(IntakeOutcome.Recorded, first.Outcome);
        Assert.Equal((IntakeOutcome.Duplicate, IntakeOutcome.Recorded, device.DeviceManagementNumber), (second.Outcome, second.FirstOutcome, second.DeviceManagementNumber));
        Assert.Equal(IntakeOutcome.Recorded, otherSender.Outcome);
        var state = await StateOf(device);
        Assert.Equal(2, state.Reports.Count);
        Assert.Equal(2, state.Calls.Count);
    }

    [Fact]
    public async Task AContactWhoChoseEnglishIsMailedInEnglish()
    {
        var device = OpenedWithTwoContacts();
        await using (var db = _world.Database.CreateContext())
        {
            (await db.UserProfiles.SingleAsync(p => p.Id == _world.AlphaDeputy.Id)).ChangePreferredCulture("en");
            await db.SaveChangesAsync();
        }

        await SendAsync(Report(device, IntakeType.Failure, e: FanFailure));

        var mails = (await StateOf(device)).Mails;
        Assert.StartsWith("[Express Report Service] Failure report received", mails.Single(m => m.Recipient == _world.AlphaDeputy.Email).Subject, StringComparison.Ordinal);
        Assert.Contains("Component: fan", mails.Single(m => m.Recipient == _world.AlphaDeputy.Email).Body, StringComparison.Ordinal);
        Assert.StartsWith("【エクスプレス通報サービス】障害通報受信のお知らせ", mails.Single(m => m.Recipient == _world.AlphaAdmin.Email).Subject, StringComparison.Ordinal);
    }

    public void Dispose() => _world.Dispose();
}
