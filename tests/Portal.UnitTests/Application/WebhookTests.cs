using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Application.Common;
using Portal.Application.Domain.Maintenance;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Domain.Webhooks;
using Portal.Application.Features.Intake;
using Portal.Application.Features.Webhooks;
using Portal.Infrastructure.Mail;
using Portal.Infrastructure.Webhooks;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

/// <summary>
/// Webhooks end to end below the web layer: endpoints kept by administrators, one delivery per chosen event in the
/// change's own transaction, posted to a real HTTP receiver on loopback with a Standard Webhooks signature the
/// receiver checks by the spec's own recipe, retried until answered, and paused after a day of failures.
/// </summary>
public sealed class WebhookTests : IDisposable
{
    private static readonly ReportEvent FanFailure = new(EventCategory.Fan, "FAN-0012", EventSeverity.Critical, "筐体ファン 3 停止 <b>*now*</b>");

    // On a file, as the portal runs: several senders at once each hold their own connection and transaction.
    private readonly World _world = new(TestDatabase.FileBacked());
    private readonly Receiver _receiver = new();

    /// <summary>A public name for the endpoints the centre may post to, and names that resolve inside.</summary>
    private readonly Dictionary<string, IPAddress[]> _names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hooks.alpha.example"] = [IPAddress.Parse("93.184.216.34")],
        ["inside.alpha.example"] = [IPAddress.Parse("10.0.0.5")],
        ["metadata.alpha.example"] = [IPAddress.Parse("169.254.169.254")],
        ["mixed.alpha.example"] = [IPAddress.Parse("93.184.216.34"), IPAddress.Parse("192.168.1.10")],
    };

    private WebhookAddressGuard Guard(bool allowLoopback) => new(Options.Create(new WebhookOptions { AllowLoopback = allowLoopback }))
    {
        Resolve = (host, ct) => _names.TryGetValue(host, out var known) ? Task.FromResult(known) : Dns.GetHostAddressesAsync(host, ct),
    };

    /// <summary>One key ring for the whole test, as the portal's instances share theirs through the database.</summary>
    private readonly DataProtectionWebhookSecrets _secrets = new(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider());

    private AddWebhookEndpointHandler Add(bool allowLoopback = true) => new(_world.Factory, _world.User, Guard(allowLoopback), _secrets, _world.Clock);

    private WebhookSender Sender(bool allowLoopback = true) => new(
        _world.Factory,
        Guard(allowLoopback),
        _secrets,
        _world.Clock,
        Options.Create(new WebhookOptions { AllowLoopback = allowLoopback, RetryFirstDelaySeconds = 1, TimeoutSeconds = 5 }),
        Options.Create(new MailOptions { PortalUrl = "https://portal.example.jp/" }),
        NullLogger<WebhookSender>.Instance);

    private async Task<WebhookSecretShown> EndpointAsync(WebhookEvents events = WebhookEvents.All, WebhookFormat format = WebhookFormat.Standard, string path = "hook")
    {
        _world.ActAs(_world.AlphaAdmin);
        var added = await Add().HandleAsync(new AddWebhookEndpointCommand(_world.AlphaAccount.Id, "運用チャット", $"{_receiver.Url}{path}", format, events, "ja"));
        Assert.True(added.IsOk, added.Errors.Count > 0 ? added.Errors[0].Code : null);
        return added.Value!;
    }

    private IntakeReport Report(Portal.Application.Domain.Devices.Device device, IntakeType type, string? keyCode = null, ReportEvent? e = null) =>
        new(Guid.NewGuid().ToString("N"), type, device.ModelNumber, device.SerialNumber, keyCode, null, _world.Clock.GetUtcNow().AddSeconds(-5), null, e, ReportMeans.Https, ReportRoute.Agent);

    private async Task<List<WebhookDelivery>> DeliveriesAsync()
    {
        await using var db = _world.Database.CreateContext();
        return await db.WebhookDeliveries.OrderBy(d => d.CreatedAt).ThenBy(d => d.Event).ToListAsync();
    }

    [Fact]
    public async Task AnAdministratorAddsAnEndpointAndSeesItsSecretOnceAndNobodyElseMay()
    {
        var shown = await EndpointAsync();

        _world.ActAs(_world.AlphaDeputy);
        var deputy = await Add().HandleAsync(new AddWebhookEndpointCommand(_world.AlphaAccount.Id, "x", "https://hooks.alpha.example/", WebhookFormat.Standard, WebhookEvents.All, "ja"));
        _world.ActAs(_world.BetaAdmin);
        var stranger = await Add().HandleAsync(new AddWebhookEndpointCommand(_world.AlphaAccount.Id, "x", "https://hooks.alpha.example/", WebhookFormat.Standard, WebhookEvents.All, "ja"));
        var strangersList = await new ListWebhookEndpointsHandler(_world.Factory, _world.User).HandleAsync(new ListWebhookEndpointsQuery(_world.AlphaAccount.Id));
        _world.ActAs(_world.AlphaAdmin);
        var invalid = await Add().HandleAsync(new AddWebhookEndpointCommand(_world.AlphaAccount.Id, " ", "https://hooks.alpha.example/", WebhookFormat.Standard, WebhookEvents.None, "ja"));

        Assert.StartsWith("whsec_", shown.Secret, StringComparison.Ordinal);
        await using (var stored = _world.Database.CreateContext())
        {
            var endpoint = await stored.WebhookEndpoints.SingleAsync();
            Assert.DoesNotContain(shown.Secret["whsec_".Length..], endpoint.ProtectedSecret, StringComparison.Ordinal);
            Assert.Equal(shown.Secret, _secrets.Unprotect(endpoint.ProtectedSecret));
        }

        Assert.Equal((ResultStatus.Forbidden, ErrorCodes.WebhooksRequireAdministrator), (deputy.Status, deputy.Errors[0].Code));
        Assert.Equal(ResultStatus.NotFound, stranger.Status);
        Assert.Equal(ResultStatus.NotFound, strangersList.Status);
        Assert.Equal([ErrorCodes.WebhookNameRequired, ErrorCodes.WebhookEventsRequired], invalid.Errors.Select(e => e.Code));
        await using var db = _world.Database.CreateContext();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "WebhookAdded");
        Assert.DoesNotContain(shown.Secret, audit.After!, StringComparison.Ordinal);
        Assert.Equal(_world.AlphaAdmin.Id, audit.ActorUserId);
    }

    [Fact]
    public async Task AChangeChecksTheAddressAgainAndIsRefusedWhenSomeoneChangedTheEndpointMeanwhile()
    {
        var shown = await EndpointAsync();
        var change = new ChangeWebhookEndpointHandler(_world.Factory, _world.User, Guard(allowLoopback: true), _world.Clock);

        var inside = await change.HandleAsync(new ChangeWebhookEndpointCommand(shown.EndpointId, 0, "運用", "https://10.1.2.3/hook", WebhookFormat.Slack, WebhookEvents.FailureRecorded, "en"));
        var changed = await change.HandleAsync(new ChangeWebhookEndpointCommand(shown.EndpointId, 0, "運用", $"{_receiver.Url}slack", WebhookFormat.Slack, WebhookEvents.FailureRecorded, "en"));
        var stale = await change.HandleAsync(new ChangeWebhookEndpointCommand(shown.EndpointId, 0, "古い画面", $"{_receiver.Url}old", WebhookFormat.Standard, WebhookEvents.All, "ja"));
        _world.ActAs(_world.AlphaDeputy);
        var deputy = await change.HandleAsync(new ChangeWebhookEndpointCommand(shown.EndpointId, 1, "代行", $"{_receiver.Url}x", WebhookFormat.Standard, WebhookEvents.All, "ja"));

        Assert.Equal(ErrorCodes.WebhookUrlPrivate, inside.Errors[0].Code);
        Assert.True(changed.IsOk);
        Assert.Equal((ResultStatus.Conflict, ErrorCodes.ChangedMeanwhile), (stale.Status, stale.Errors[0].Code));
        Assert.Equal(ErrorCodes.WebhooksRequireAdministrator, deputy.Errors[0].Code);
        await using var db = _world.Database.CreateContext();
        var endpoint = await db.WebhookEndpoints.SingleAsync();
        Assert.Equal(("運用", WebhookFormat.Slack, WebhookEvents.FailureRecorded, "en", 1), (endpoint.Name, endpoint.Format, endpoint.Events, endpoint.Culture, endpoint.Version));
        Assert.Equal(shown.Secret, _secrets.Unprotect(endpoint.ProtectedSecret));
    }

    [Theory]
    [InlineData("https://127.0.0.1/hook", ErrorCodes.WebhookUrlPrivate)]
    [InlineData("https://10.1.2.3/hook", ErrorCodes.WebhookUrlPrivate)]
    [InlineData("https://169.254.169.254/latest/meta-data/", ErrorCodes.WebhookUrlPrivate)]
    [InlineData("https://[::1]/hook", ErrorCodes.WebhookUrlPrivate)]
    [InlineData("https://[::ffff:127.0.0.1]/hook", ErrorCodes.WebhookUrlPrivate)]
    [InlineData("https://[fd00::1]/hook", ErrorCodes.WebhookUrlPrivate)]
    [InlineData("https://[2002:a00:1::1]/hook", ErrorCodes.WebhookUrlPrivate)]
    [InlineData("https://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/hook", ErrorCodes.WebhookUrlPrivate)]
    [InlineData("https://2130706433/hook", ErrorCodes.WebhookUrlPrivate)]
    [InlineData("https://localhost/hook", ErrorCodes.WebhookUrlPrivate)]
    [InlineData("https://inside.alpha.example/hook", ErrorCodes.WebhookUrlPrivate)]
    [InlineData("https://metadata.alpha.example/hook", ErrorCodes.WebhookUrlPrivate)]
    [InlineData("https://mixed.alpha.example/hook", ErrorCodes.WebhookUrlPrivate)]
    [InlineData("http://hooks.alpha.example/hook", ErrorCodes.WebhookUrlNotHttps)]
    [InlineData("ftp://hooks.alpha.example/hook", ErrorCodes.WebhookUrlInvalid)]
    [InlineData("https://user:pass@hooks.alpha.example/hook", ErrorCodes.WebhookUrlInvalid)]
    [InlineData("hooks.alpha.example/hook", ErrorCodes.WebhookUrlInvalid)]
    public async Task InProductionTheGuardRefusesEveryAddressThatIsNotPublicHttps(string url, string code)
    {
        var checkedUrl = await Guard(allowLoopback: false).CheckAsync(url, CancellationToken.None);

        Assert.Equal((ResultStatus.Invalid, code), (checkedUrl.Status, checkedUrl.Errors[0].Code));
    }

    [Fact]
    public async Task InProductionAPublicHttpsAddressIsAllowedAndInDevelopmentOnlyLoopbackIsAddedNotPrivateRanges()
    {
        var production = Guard(allowLoopback: false);
        var development = Guard(allowLoopback: true);

        Assert.True((await production.CheckAsync("https://hooks.alpha.example/hook", CancellationToken.None)).IsOk);
        Assert.True((await development.CheckAsync("http://127.0.0.1:8080/hook", CancellationToken.None)).IsOk);
        Assert.Equal(ErrorCodes.WebhookUrlPrivate, (await development.CheckAsync("https://10.1.2.3/hook", CancellationToken.None)).Errors[0].Code);
        Assert.Equal(ErrorCodes.WebhookUrlPrivate, (await development.CheckAsync("https://169.254.169.254/", CancellationToken.None)).Errors[0].Code);
        Assert.Equal(ErrorCodes.WebhookUrlNotHttps, (await development.CheckAsync("http://hooks.alpha.example/hook", CancellationToken.None)).Errors[0].Code);
        Assert.False(WebhookAddressGuard.IsPublic(IPAddress.Parse("64:ff9b::a00:1")));
        Assert.True(WebhookAddressGuard.IsPublic(IPAddress.Parse("2606:4700::1111")));
    }

    [Fact]
    public async Task ANameThatResolvesInsideAfterItWasCheckedIsRefusedWhenTheSenderConnects()
    {
        // Public when the administrator gave it, then pointed at the loopback receiver: DNS rebinding.
        _names["rebind.alpha.example"] = [IPAddress.Parse("93.184.216.34")];
        _world.ActAs(_world.AlphaAdmin);
        var added = await Add(allowLoopback: false).HandleAsync(new AddWebhookEndpointCommand(_world.AlphaAccount.Id, "rebind", $"https://rebind.alpha.example:{new Uri(_receiver.Url).Port}/hook", WebhookFormat.Standard, WebhookEvents.All, "ja"));
        Assert.True(added.IsOk);
        _names["rebind.alpha.example"] = [IPAddress.Loopback];
        Assert.True((await new SendTestWebhookEventHandler(_world.Factory, _world.User, _world.Clock).HandleAsync(new SendTestWebhookEventCommand(added.Value!.EndpointId))).IsOk);

        var round = await Sender(allowLoopback: false).SendDueAsync(CancellationToken.None);

        Assert.Equal((1, 0), (round.Claimed, round.Delivered));
        Assert.Empty(_receiver.Received);
        var delivery = Assert.Single(await DeliveriesAsync());
        Assert.Equal((WebhookDeliveryState.Pending, null), (delivery.State, delivery.LastStatusCode));
        Assert.Equal(WebhookFailures.AddressRefused, delivery.LastError);
    }

    [Fact]
    public async Task AFailureIsOneSignedDeliveryPerEndpointThatChoseItAndNothingForTheOthers()
    {
        var all = await EndpointAsync(WebhookEvents.All, path: "all");
        await EndpointAsync(WebhookEvents.OpeningSucceeded, path: "openings");
        var device = OpenedWithContact();
        var beta = _world.AddDevice(_world.BetaAccount, "beta-01", ServiceStatus.Opened);

        await _world.ReceiveAsync("gw", Report(device, IntakeType.Failure, e: FanFailure));
        await _world.ReceiveAsync("gw", Report(beta, IntakeType.Failure, e: FanFailure));
        _world.Clock.Advance(TimeSpan.FromMinutes(10));
        await _world.ReceiveAsync("gw", Report(device, IntakeType.Failure, e: FanFailure)); // suppressed: told nobody
        var round = await Sender().SendDueAsync(CancellationToken.None);

        Assert.Equal((1, 1), (round.Claimed, round.Delivered));
        var received = Assert.Single(_receiver.Received);
        Assert.Equal("/all", received.Path);
        Assert.True(received.SignedBy(all.Secret), "the signature checks out with the endpoint's secret");
        using var body = JsonDocument.Parse(received.Body);
        Assert.Equal("failure.recorded", body.RootElement.GetProperty("type").GetString());
        var data = body.RootElement.GetProperty("data");
        Assert.Equal(("SP1000001", device.Id.ToString(), "FAN-0012", "critical"), (
            data.GetProperty("supportId").GetString(),
            data.GetProperty("device").GetProperty("id").GetString(),
            data.GetProperty("failure").GetProperty("code").GetString(),
            data.GetProperty("failure").GetProperty("severity").GetString()));
        Assert.Equal(FanFailure.Message, data.GetProperty("failure").GetProperty("message").GetString());
        var delivery = Assert.Single(await DeliveriesAsync());
        Assert.Equal(received.Id, delivery.MessageId);
        Assert.Equal((WebhookDeliveryState.Delivered, 1, 204), (delivery.State, delivery.Attempts, delivery.LastStatusCode));
    }

    [Fact]
    public async Task DecisionsOpeningsMismatchesTheLockAndMaintenanceAreEachTheirEvent()
    {
        await EndpointAsync(WebhookEvents.All);
        var inMaintenance = OpenedWithContact("alpha-maintenance");
        var applied = _world.AddDevice(_world.AlphaAccount, "alpha-applied", ServiceStatus.Applied);
        var sentBack = _world.AddDevice(_world.AlphaAccount, "alpha-sent-back", ServiceStatus.Applied);
        var guessed = _world.AddDevice(_world.AlphaAccount, "alpha-guessed", ServiceStatus.Accepted);
        await using (var db = _world.Database.CreateContext())
        {
            var now = _world.Clock.GetUtcNow();
            db.MaintenanceWindows.Add(MaintenanceWindow.Schedule(inMaintenance.Id, now.AddMinutes(-10), now.AddHours(3), "点検", _world.AlphaAdmin.Id, now.AddDays(-5)).Value!);
            await db.SaveChangesAsync();
        }

        _world.ActAsStaff();
        var accept = new Portal.Application.Features.Applications.AcceptApplicationHandler(_world.Factory, _world.User, _world.Clock, new Portal.Application.Features.Applications.KeyCodeIssuer());
        var reject = new Portal.Application.Features.Applications.RejectApplicationHandler(_world.Factory, _world.User, _world.Clock);
        var registrationOf = async (Guid deviceId) =>
        {
            await using var db = _world.Database.CreateContext();
            return await db.Registrations.Where(r => r.DeviceId == deviceId).Select(r => r.Id).SingleAsync();
        };
        var key = (await accept.HandleAsync(new(await registrationOf(applied.Id)))).Value!;
        Assert.True((await reject.HandleAsync(new(await registrationOf(sentBack.Id), "型番が違います"))).IsOk);
        _world.Clock.Advance(TimeSpan.FromHours(1));
        await _world.ReceiveAsync("gw", Report(applied, IntakeType.Opening, keyCode: key.KeyCode));
        await _world.ReceiveAsync("gw", Report(inMaintenance, IntakeType.Failure, e: FanFailure));
        for (var i = 0; i < 5; i++)
        {
            await _world.ReceiveAsync("gw", Report(guessed, IntakeType.Opening, keyCode: "00000"));
        }

        var deliveries = await DeliveriesAsync();
        string[] TypesOf(Guid deviceId) => [.. deliveries.Where(d => d.DeviceId == deviceId).Select(d => d.Event)];

        Assert.Equal(["application.accepted", "opening.succeeded"], TypesOf(applied.Id));
        Assert.Equal(["application.sent_back"], TypesOf(sentBack.Id));
        Assert.Contains("型番が違います", deliveries.Single(d => d.Event == "application.sent_back").Data, StringComparison.Ordinal);
        Assert.Equal(["failure.suppressed_by_maintenance"], TypesOf(inMaintenance.Id));
        Assert.Equal(["opening.locked", .. Enumerable.Repeat("opening.mismatch", 5)], TypesOf(guessed.Id).Order(StringComparer.Ordinal));
        Assert.All(deliveries, d => Assert.Equal(d.Event.StartsWith("opening", StringComparison.Ordinal) ? Portal.Application.Domain.Notifications.MailLane.Alert : Portal.Application.Domain.Notifications.MailLane.Bulk, d.Lane));
    }

    [Fact]
    public async Task MaintenanceStartAndEndAreToldOnceEachWhicheverRunSeesThem()
    {
        await EndpointAsync(WebhookEvents.MaintenanceStarted | WebhookEvents.MaintenanceEnded);
        var device = OpenedWithContact();
        var raise = new RaiseMaintenanceWebhooksHandler(_world.Factory, _world.Clock);
        Assert.Equal(0, await raise.HandleAsync(new())); // the first run only starts the cursor
        var now = _world.Clock.GetUtcNow();
        await using (var db = _world.Database.CreateContext())
        {
            db.MaintenanceWindows.Add(MaintenanceWindow.Schedule(device.Id, now.AddMinutes(5), now.AddMinutes(65), "点検", _world.AlphaAdmin.Id, now.AddDays(-5)).Value!);
            await db.SaveChangesAsync();
        }

        _world.Clock.Advance(TimeSpan.FromMinutes(15));
        var started = await raise.HandleAsync(new());
        var again = await raise.HandleAsync(new());
        _world.Clock.Advance(TimeSpan.FromHours(1));
        var ended = await raise.HandleAsync(new());

        Assert.Equal((1, 0, 1), (started, again, ended));
        Assert.Equal(["maintenance.started", "maintenance.ended"], (await DeliveriesAsync()).Select(d => d.Event));
    }

    [Fact]
    public async Task AReceiverAnswering500IsTriedAgainWithBackoffUntilItTakesTheDelivery()
    {
        var shown = await EndpointAsync();
        var device = OpenedWithContact();
        await _world.ReceiveAsync("gw", Report(device, IntakeType.Failure, e: FanFailure));
        _receiver.FailNext(2);
        var sender = Sender();

        var first = await sender.SendDueAsync(CancellationToken.None);
        var tooSoon = await sender.SendDueAsync(CancellationToken.None);
        _world.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await sender.SendDueAsync(CancellationToken.None);
        _world.Clock.Advance(TimeSpan.FromSeconds(2));
        var third = await sender.SendDueAsync(CancellationToken.None);

        Assert.Equal((1, 0, 1, 1), (first.Retrying, tooSoon.Claimed, second.Retrying, third.Delivered));
        Assert.Equal(3, _receiver.Received.Count);
        Assert.Single(_receiver.Received.Select(r => r.Id).Distinct());
        Assert.All(_receiver.Received, r => Assert.True(r.SignedBy(shown.Secret)));
        var delivery = Assert.Single(await DeliveriesAsync());
        Assert.Equal((WebhookDeliveryState.Delivered, 3, 204), (delivery.State, delivery.Attempts, delivery.LastStatusCode));
        await using var db = _world.Database.CreateContext();
        Assert.Null((await db.WebhookEndpoints.SingleAsync()).FailingSince);
    }

    [Fact]
    public async Task AnEndpointFailingForADayIsPausedItsAdministratorsMailedAndOnlyATestGoesOutUntilResumed()
    {
        var shown = await EndpointAsync();
        var device = OpenedWithContact();
        await _world.ReceiveAsync("gw", Report(device, IntakeType.Failure, e: FanFailure));
        _receiver.FailNext(int.MaxValue);
        var sender = Sender();

        await sender.SendDueAsync(CancellationToken.None);
        _world.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        var beforeTheDay = await sender.SendDueAsync(CancellationToken.None);
        _world.Clock.Advance(TimeSpan.FromSeconds(1));
        _world.Clock.Advance(TimeSpan.FromHours(1));
        var atTheDay = await sender.SendDueAsync(CancellationToken.None);
        _world.Clock.Advance(TimeSpan.FromHours(2));
        var whilePaused = await sender.SendDueAsync(CancellationToken.None);

        Assert.Equal((0, 1), (beforeTheDay.Paused, atTheDay.Paused));
        Assert.Equal(0, whilePaused.Claimed);
        await using (var db = _world.Database.CreateContext())
        {
            Assert.NotNull((await db.WebhookEndpoints.SingleAsync()).PausedAt);
            var mail = await db.Notifications.SingleAsync(n => n.Kind == "WebhookPaused");
            Assert.Equal(_world.AlphaAdmin.Email, mail.Recipient);
            Assert.Contains("運用チャット", mail.Subject, StringComparison.Ordinal);
            Assert.Equal("members", mail.LinkPath);
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "WebhookPausedAfterFailures"));
        }

        // The administrator checks the receiver with a test event, then resumes: what waited goes out.
        _receiver.FailNext(0);
        _world.ActAs(_world.AlphaAdmin);
        Assert.True((await new SendTestWebhookEventHandler(_world.Factory, _world.User, _world.Clock).HandleAsync(new SendTestWebhookEventCommand(shown.EndpointId))).IsOk);
        var test = await sender.SendDueAsync(CancellationToken.None);
        Assert.True((await new PauseWebhookEndpointHandler(_world.Factory, _world.User, _world.Clock).HandleAsync(new PauseWebhookEndpointCommand(shown.EndpointId, Paused: false))).IsOk);
        var resumed = await sender.SendDueAsync(CancellationToken.None);

        Assert.Equal((1, 1), (test.Delivered, resumed.Delivered));
        Assert.Equal(["test", "failure.recorded"], _receiver.Received.Where(r => r.Status == 204).Select(r => r.Type));
    }

    [Fact]
    public async Task TheSenderRecordsItsRoundsWhereTheDatabaseRetriesTransientFailures()
    {
        // SQL Server in production: EF refuses a transaction begun outside its execution strategy.
        using var world = new World(TestDatabase.RetryingOnFailure());
        world.ActAs(world.AlphaAdmin);
        var shown = (await new AddWebhookEndpointHandler(world.Factory, world.User, Guard(allowLoopback: true), _secrets, world.Clock)
            .HandleAsync(new AddWebhookEndpointCommand(world.AlphaAccount.Id, "運用チャット", $"{_receiver.Url}hook", WebhookFormat.Standard, WebhookEvents.All, "ja"))).Value!;
        var sender = new WebhookSender(
            world.Factory,
            Guard(allowLoopback: true),
            _secrets,
            world.Clock,
            Options.Create(new WebhookOptions { AllowLoopback = true, RetryFirstDelaySeconds = 1, TimeoutSeconds = 5 }),
            Options.Create(new MailOptions { PortalUrl = "https://portal.example.jp/" }),
            NullLogger<WebhookSender>.Instance);
        _receiver.FailNext(int.MaxValue);
        Assert.True((await new SendTestWebhookEventHandler(world.Factory, world.User, world.Clock).HandleAsync(new SendTestWebhookEventCommand(shown.EndpointId))).IsOk);

        var failed = await sender.SendDueAsync(CancellationToken.None);
        world.Clock.Advance(TimeSpan.FromHours(25));
        var paused = await sender.SendDueAsync(CancellationToken.None);

        Assert.Equal((1, 1), (failed.Retrying, paused.Paused));
        await using var db = world.Database.CreateContext();
        Assert.NotNull((await db.WebhookEndpoints.SingleAsync()).PausedAt);
        Assert.Equal(1, await db.Notifications.CountAsync(n => n.Kind == "WebhookPaused"));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "WebhookPausedAfterFailures"));
    }

    [Fact]
    public async Task AfterARotationBothSecretsSignForADayThenOnlyTheNewOne()
    {
        var old = await EndpointAsync();
        _world.ActAs(_world.AlphaAdmin);
        var rotated = (await new RotateWebhookSecretHandler(_world.Factory, _world.User, _secrets, _world.Clock).HandleAsync(new RotateWebhookSecretCommand(old.EndpointId))).Value!;
        var test = new SendTestWebhookEventHandler(_world.Factory, _world.User, _world.Clock);
        var sender = Sender();

        await test.HandleAsync(new SendTestWebhookEventCommand(old.EndpointId));
        await sender.SendDueAsync(CancellationToken.None);
        _world.Clock.Advance(WebhookEndpoint.RotationOverlap);
        await test.HandleAsync(new SendTestWebhookEventCommand(old.EndpointId));
        await sender.SendDueAsync(CancellationToken.None);

        Assert.NotEqual(old.Secret, rotated.Secret);
        Assert.Equal([true, false], _receiver.Received.Select(r => r.SignedBy(old.Secret)));
        Assert.Equal([true, true], _receiver.Received.Select(r => r.SignedBy(rotated.Secret)));
    }

    [Fact]
    public async Task ADeadEndpointCostsOneTryARoundWhileTheOthersAreDelivered()
    {
        await EndpointAsync(WebhookEvents.All, path: "dead");
        await EndpointAsync(WebhookEvents.All, path: "alive");
        var devices = Enumerable.Range(0, 4).Select(i => OpenedWithContact($"alpha-{i:00}")).ToList();
        foreach (var device in devices)
        {
            await _world.ReceiveAsync("gw", Report(device, IntakeType.Failure, e: FanFailure));
        }

        _receiver.FailPath = "/dead";
        var round = await Sender().SendDueAsync(CancellationToken.None);

        Assert.Equal((8, 4, 1), (round.Claimed, round.Delivered, round.Retrying));
        Assert.Single(_receiver.Received, r => r.Path == "/dead");
        Assert.Equal(4, _receiver.Received.Count(r => r.Path == "/alive" && r.Status == 204));
        var waiting = (await DeliveriesAsync()).Where(d => d.State == WebhookDeliveryState.Pending).ToList();
        Assert.Equal(4, waiting.Count);
        Assert.All(waiting, d => Assert.Equal(_world.Clock.GetUtcNow().AddSeconds(1), d.NextAttemptAt));
        Assert.Equal(0, (await Sender().SendDueAsync(CancellationToken.None)).Claimed);
    }

    [Fact]
    public async Task OfTwoInstancesThatSeeTheFailureThatEndsTheDayOnlyOnePausesAndMails()
    {
        await EndpointAsync();
        var device = OpenedWithContact();
        await _world.ReceiveAsync("gw", Report(device, IntakeType.Failure, e: FanFailure));
        _receiver.FailNext(int.MaxValue);
        await Sender().SendDueAsync(CancellationToken.None);
        _world.Clock.Advance(WebhookEndpoint.FailureWindow);

        // Each instance holds one due delivery of the endpoint when the receiver answers both with 500.
        _receiver.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Sender().SendDueAsync(CancellationToken.None);
        await WaitUntilAsync(() => _receiver.Pending == 1);
        await _world.ReceiveAsync("gw", Report(device, IntakeType.Failure, e: FanFailure with { Code = "FAN-0099" }));
        var second = Sender().SendDueAsync(CancellationToken.None);
        await WaitUntilAsync(() => _receiver.Pending == 2);
        _receiver.Gate.SetResult();
        var rounds = await Task.WhenAll(first, second);

        Assert.Equal([1, 1], rounds.Select(r => r.Claimed));
        Assert.Equal(1, rounds.Sum(r => r.Paused));
        await using var db = _world.Database.CreateContext();
        Assert.Equal(1, await db.Notifications.CountAsync(n => n.Kind == "WebhookPaused"));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "WebhookPausedAfterFailures"));
        Assert.DoesNotContain("/hook", (await db.Notifications.SingleAsync(n => n.Kind == "WebhookPaused")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWindowCancelledWhileInForceEndsThenAndOneCancelledBeforeItStartedIsNeverTold()
    {
        await EndpointAsync(WebhookEvents.MaintenanceStarted | WebhookEvents.MaintenanceEnded);
        var device = OpenedWithContact();
        var other = OpenedWithContact("alpha-02");
        var raise = new RaiseMaintenanceWebhooksHandler(_world.Factory, _world.Clock);
        await raise.HandleAsync(new());
        var now = _world.Clock.GetUtcNow();
        await using (var db = _world.Database.CreateContext())
        {
            db.MaintenanceWindows.Add(MaintenanceWindow.Schedule(device.Id, now.AddMinutes(5), now.AddHours(5), "長い点検", _world.AlphaAdmin.Id, now.AddDays(-5)).Value!);
            db.MaintenanceWindows.Add(MaintenanceWindow.Schedule(other.Id, now.AddMinutes(50), now.AddHours(5), "取りやめ", _world.AlphaAdmin.Id, now.AddDays(-5)).Value!);
            await db.SaveChangesAsync();
        }

        _world.Clock.Advance(TimeSpan.FromMinutes(10));
        await raise.HandleAsync(new());
        _world.Clock.Advance(TimeSpan.FromMinutes(10));
        await using (var db = _world.Database.CreateContext())
        {
            foreach (var window in await db.MaintenanceWindows.ToListAsync())
            {
                Assert.True(window.Cancel(_world.Clock.GetUtcNow()).IsOk);
            }

            await db.SaveChangesAsync();
        }

        _world.Clock.Advance(TimeSpan.FromHours(6));
        await raise.HandleAsync(new());

        var told = await DeliveriesAsync();
        Assert.Equal(["maintenance.started", "maintenance.ended"], told.Select(d => d.Event));
        Assert.All(told, d => Assert.Equal(device.Id, d.DeviceId));
        Assert.Equal(now.AddMinutes(20), JsonDocument.Parse(told[1].Data).RootElement.GetProperty("at").GetDateTimeOffset());
    }

    [Fact]
    public async Task ATestEventIsSentAtMostTwiceAMinuteAndOldDeliveriesAreGivenUpThenRemoved()
    {
        var shown = await EndpointAsync();
        _world.ActAs(_world.AlphaAdmin);
        var test = new SendTestWebhookEventHandler(_world.Factory, _world.User, _world.Clock);

        var first = await test.HandleAsync(new SendTestWebhookEventCommand(shown.EndpointId));
        var again = await test.HandleAsync(new SendTestWebhookEventCommand(shown.EndpointId));
        _world.Clock.Advance(SendTestWebhookEventHandler.TestInterval + TimeSpan.FromSeconds(1));
        var later = await test.HandleAsync(new SendTestWebhookEventCommand(shown.EndpointId));

        Assert.True(first.IsOk);
        Assert.Equal((ResultStatus.Conflict, ErrorCodes.WebhookTestTooSoon), (again.Status, again.Errors[0].Code));
        Assert.True(later.IsOk);

        // Paused, both wait; three days on they are given up, and thirty days on removed.
        await using (var db = _world.Database.CreateContext())
        {
            var endpoint = await db.WebhookEndpoints.SingleAsync();
            Assert.True(endpoint.Pause(_world.Clock.GetUtcNow()).IsOk);
            await db.SaveChangesAsync();
        }

        await using var context = _world.Database.CreateContext();
        _world.Clock.Advance(WebhookDelivery.GivenUpAfter);
        var givenUp = await WebhookHousekeeping.RunAsync(context, _world.Clock.GetUtcNow(), CancellationToken.None);
        Assert.Equal(1, givenUp); // the first test, three days old; the second is a few seconds younger
        _world.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await WebhookHousekeeping.RunAsync(context, _world.Clock.GetUtcNow(), CancellationToken.None));
        Assert.All(await DeliveriesAsync(), d => Assert.Equal(WebhookDeliveryState.Failed, d.State));
        _world.Clock.Advance(WebhookDelivery.KeptFor);
        Assert.Equal(2, await WebhookHousekeeping.RunAsync(context, _world.Clock.GetUtcNow(), CancellationToken.None));
        Assert.Empty(await DeliveriesAsync());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition(), "the receiver got the posts in time");
    }

    [Fact]
    public void TeamsGetsOneAdaptiveCardAndSlackPlainTextBlocksWithinTheirLimitsAndTheDevicesTextIsNeverMarkup()
    {
        var device = OpenedWithContact();
        var e = new WebhookEvent(WebhookEvents.FailureRecorded, _world.AlphaAccount.Id, WebhookDevice.Of(device), World.Start, WebhookFailure.Of(FanFailure with { Message = "**太字** [罠](https://evil.example) <!channel> & " + new string('x', 4000) }, World.Start));
        var data = WebhookOutbox.DataOf(e, "SP1000001");
        var portal = new Uri("https://portal.example.jp/");

        using var teams = JsonDocument.Parse(WebhookPayloads.Render(WebhookFormat.Teams, "failure.recorded", data, World.Start, "ja", portal));
        using var slack = JsonDocument.Parse(WebhookPayloads.Render(WebhookFormat.Slack, "failure.recorded", data, World.Start, "en", portal));

        // Teams: https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using
        var attachment = Assert.Single(teams.RootElement.GetProperty("attachments").EnumerateArray());
        Assert.Equal("message", teams.RootElement.GetProperty("type").GetString());
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal(("AdaptiveCard", "1.4"), (card.GetProperty("type").GetString(), card.GetProperty("version").GetString()));
        var body = card.GetProperty("body").EnumerateArray().ToList();
        Assert.Equal(["TextBlock", "FactSet", "TextBlock"], body.Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("障害通報を受信しました", body[0].GetProperty("text").GetString());
        Assert.Contains(body[1].GetProperty("facts").EnumerateArray(), f => f.GetProperty("value").GetString() == "重大");
        Assert.All(body[1].GetProperty("facts").EnumerateArray(), f => Assert.Equal(JsonValueKind.String, f.GetProperty("value").ValueKind));
        Assert.StartsWith(@"\*\*太字\*\* \[罠\]\(https://evil\.example\)", body[2].GetProperty("text").GetString(), StringComparison.Ordinal);
        var action = Assert.Single(card.GetProperty("actions").EnumerateArray());
        Assert.Equal(("Action.OpenUrl", $"https://portal.example.jp/devices/{device.Id}"), (action.GetProperty("type").GetString(), action.GetProperty("url").GetString()));

        // Slack: https://api.slack.com/reference/block-kit/blocks
        Assert.Equal("Failure report received", slack.RootElement.GetProperty("text").GetString());
        var blocks = slack.RootElement.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(["header", "section", "section", "actions"], blocks.Select(b => b.GetProperty("type").GetString()));
        Assert.InRange(blocks[0].GetProperty("text").GetProperty("text").GetString()!.Length, 1, WebhookPayloads.SlackHeaderLimit);
        var fields = blocks[1].GetProperty("fields").EnumerateArray().ToList();
        Assert.InRange(fields.Count, 1, WebhookPayloads.SlackFieldCount);
        Assert.All(fields.Append(blocks[0].GetProperty("text")).Append(blocks[2].GetProperty("text")), t => Assert.Equal("plain_text", t.GetProperty("type").GetString()));
        Assert.All(fields, f => Assert.InRange(f.GetProperty("text").GetString()!.Length, 1, WebhookPayloads.SlackFieldLimit));
        var message = blocks[2].GetProperty("text").GetProperty("text").GetString()!;
        Assert.Equal(WebhookPayloads.SlackTextLimit, message.Length);
        Assert.StartsWith("**太字** [罠](https://evil.example) <!channel> & ", message, StringComparison.Ordinal);
        Assert.Equal($"https://portal.example.jp/devices/{device.Id}", blocks[3].GetProperty("elements")[0].GetProperty("url").GetString());
    }

    private Portal.Application.Domain.Devices.Device OpenedWithContact(string hostName = "alpha-01") =>
        _world.AddDevice(_world.AlphaAccount, hostName, ServiceStatus.Opened);

    public void Dispose()
    {
        _receiver.Dispose();
        _world.Dispose();
    }

    /// <summary>A real HTTP receiver on loopback that records each post and answers 204, or 500 while told to fail.</summary>
    private sealed class Receiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly CancellationTokenSource _stop = new();
        private int _failures;

        public Receiver()
        {
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public ConcurrentQueue<Post> ReceivedQueue { get; } = new();

        public IReadOnlyList<Post> Received => [.. ReceivedQueue];

        public void FailNext(int count) => Volatile.Write(ref _failures, count);

        /// <summary>Posts to this path are always answered 500.</summary>
        public string? FailPath { get; set; }

        private int _pending;

        /// <summary>Posts received and not yet answered.</summary>
        public int Pending => Volatile.Read(ref _pending);

        /// <summary>While set, every post waits for it before it is answered (a slow receiver).</summary>
        public TaskCompletionSource? Gate { get; set; }

        private async Task ServeAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }

                _ = Task.Run(() => AnswerAsync(context));
            }
        }

        private async Task AnswerAsync(HttpListenerContext context)
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var fail = Volatile.Read(ref _failures) > 0;
            if (fail && _failures != int.MaxValue)
            {
                Interlocked.Decrement(ref _failures);
            }

            var status = fail || context.Request.Url!.AbsolutePath == FailPath ? 500 : 204;
            if (Gate is { } gate)
            {
                Interlocked.Increment(ref _pending);
                await gate.Task;
            }

            ReceivedQueue.Enqueue(new Post(
                context.Request.Url!.AbsolutePath,
                context.Request.Headers["webhook-id"]!,
                context.Request.Headers["webhook-timestamp"]!,
                context.Request.Headers["webhook-signature"]!,
                body,
                status));
            context.Response.StatusCode = status;
            context.Response.Close();
        }

        private static int FreePort()
        {
            using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            return ((IPEndPoint)socket.LocalEndpoint).Port;
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Close();
            _stop.Dispose();
        }
    }

    /// <summary>One post as received, and the Standard Webhooks check done by the spec's recipe, not by the sender's library.</summary>
    private sealed record Post(string Path, string Id, string Timestamp, string Signature, string Body, int Status)
    {
        public string Type => JsonDocument.Parse(Body).RootElement.GetProperty("type").GetString()!;

        public bool SignedBy(string secret)
        {
            var key = Convert.FromBase64String(secret["whsec_".Length..]);
            var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{Id}.{Timestamp}.{Body}")));
            return Signature.Split(' ').Contains(expected);
        }
    }
}
