using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Features.Applications;
using Portal.Application.Features.Contacts;
using Portal.Application.Features.Devices;
using Portal.Application.Features.Intake;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

/// <summary>
/// The lifecycle's use cases on a real database (issue 18): who may do what, what staff see, what the intake then
/// accepts, and the mails and audit entries each step leaves.
/// </summary>
public sealed class ServiceLifecycleHandlerTests : IDisposable
{
    private const string Sender = "gateway-a";
    private readonly World _world = new();

    private WithdrawApplicationHandler Withdraw => new(_world.Database, _world.User, _world.Clock);
    private ReapplyHandler Reapply => new(_world.Database, _world.User, _world.Clock);
    private RequestEndHandler RequestEnd => new(_world.Database, _world.User, _world.Clock);

    private CancelEndRequestHandler CancelEndRequest => new(_world.Database, _world.User, _world.Clock);

    private ConfirmEndHandler ConfirmEnd => new(_world.Database, _world.User, _world.Clock);
    private AcceptApplicationHandler Accept => new(_world.Database, _world.User, _world.Clock, new KeyCodeIssuer());

    private ReissueKeyHandler ReissueKey => new(_world.Database, _world.User, _world.Clock, new KeyCodeIssuer());
    private GetAcceptanceQueueHandler Queue => new(_world.Database, _world.User, _world.Clock);
    private GetKeyFileHandler KeyFile => new(_world.Database, _world.User, _world.Clock, _world.KeyFiles);
    private CorrectModelNumberHandler CorrectModelNumber => new(_world.Database, _world.User, _world.Clock);

    private ChangeContractHandler ChangeContract => new(_world.Database, _world.User, _world.Clock);

    public void Dispose() => _world.Dispose();

    private IntakeReport Opening(Device device, string? keyCode = null, SentKeyFile? file = null, string? replyTo = null) =>
        new(Guid.NewGuid().ToString("N"), IntakeType.Opening, device.ModelNumber, device.SerialNumber, keyCode, "new-host", _world.Clock.GetUtcNow(), replyTo, null, ReportMeans.Https, ReportRoute.Agent, file);

    private async Task<ServiceRegistration> RegistrationOf(Device device)
    {
        await using var db = _world.Database.CreateContext();
        return await db.Registrations.Include(r => r.History).SingleAsync(r => r.DeviceId == device.Id);
    }

    private async Task<List<string>> ActionsOf(Device device)
    {
        await using var db = _world.Database.CreateContext();
        return await db.AuditEntries.Where(a => a.DeviceId == device.Id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
    }

    private async Task<List<string>> MailKindsOf(Device device)
    {
        await using var db = _world.Database.CreateContext();
        return await db.Notifications.Where(n => n.DeviceId == device.Id).OrderBy(n => n.CreatedAt).Select(n => n.Kind).ToListAsync();
    }

    private async Task<IReadOnlyList<QueuedApplication>> QueueAsStaffAsync()
    {
        _world.ActAsStaff();
        return (await Queue.HandleAsync(new())).OrThrow();
    }

    [Fact]
    public async Task AWithdrawnApplicationLeavesTheStaffQueueAndIsAuditedAndMailed()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "w", ServiceStatus.Applied);
        Assert.Contains(await QueueAsStaffAsync(), q => q.DeviceId == device.Id);

        _world.ActAs(_world.AlphaDeputy);
        Assert.True((await Withdraw.HandleAsync(new(device.Id))).IsOk);

        Assert.DoesNotContain(await QueueAsStaffAsync(), q => q.DeviceId == device.Id);
        Assert.Equal(ServiceStatus.NotApplied, (await RegistrationOf(device)).Status);
        Assert.Contains("WithdrawApplication", await ActionsOf(device));
        Assert.Contains(nameof(Portal.Application.Features.Notifications.MailKind.ApplicationWithdrawn), await MailKindsOf(device));
    }

    [Fact]
    public async Task AUserRoleMemberMayWithdrawOnlyTheirOwnApplicationAndAnotherCustomerNothing()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "w", ServiceStatus.Applied);

        _world.ActAs(_world.AlphaUser);
        Assert.Equal(ErrorCodes.WithdrawNotAllowed, (await Withdraw.HandleAsync(new(device.Id))).Errors[0].Code);
        _world.ActAs(_world.BetaAdmin);
        Assert.Equal(ResultStatus.NotFound, (await Withdraw.HandleAsync(new(device.Id))).Status);
        _world.ActAsStaff();
        Assert.Equal(ResultStatus.Forbidden, (await Withdraw.HandleAsync(new(device.Id))).Status);

        Assert.Equal(ServiceStatus.Applied, (await RegistrationOf(device)).Status);
    }

    [Fact]
    public async Task AReapplicationForALostKeyIssuesANewKeyThatOpensWhileTheOldOneStopsWorking()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "r", ServiceStatus.Opened);
        var oldKey = (await RegistrationOf(device)).KeyCode!;

        _world.ActAs(_world.AlphaUser);
        Assert.Equal(ErrorCodes.ChangeRequiresAdministrator, (await Reapply.HandleAsync(new(device.Id, ReapplicationReason.KeyLost, null))).Errors[0].Code);
        _world.ActAs(_world.AlphaAdmin);
        Assert.True((await Reapply.HandleAsync(new(device.Id, ReapplicationReason.KeyLost, "鍵の控えを紛失"))).IsOk);

        // Until the new key is issued, the old one still opens (e.g. after an OS reinstall).
        Assert.Equal(IntakeOutcome.Opened, (await _world.ReceiveAsync(Sender, Opening(device, oldKey))).Outcome);
        var queued = Assert.Single(await QueueAsStaffAsync(), q => q.DeviceId == device.Id);
        Assert.Equal(ReapplicationReason.KeyLost, queued.Reapplication);
        Assert.True(KeyCode.TryParse(oldKey == "54321" ? "12345" : "54321", out var next));
        var issued = (await new AcceptApplicationHandler(_world.Database, _world.User, _world.Clock, new KeyCodeIssuer(() => next)).HandleAsync(new(queued.RegistrationId))).OrThrow();
        Assert.Equal(next.Value, issued.KeyCode);

        _world.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(IntakeOutcome.Mismatch, (await _world.ReceiveAsync(Sender, Opening(device, oldKey))).Outcome);

        Assert.Equal(IntakeOutcome.Opened, (await _world.ReceiveAsync(Sender, Opening(device, issued.KeyCode))).Outcome);
        var registration = await RegistrationOf(device);
        Assert.Equal(ServiceStatus.Opened, registration.Status);
        Assert.Equal([RegistrationStep.Reapplied, RegistrationStep.ReapplicationAccepted], registration.History.Where(h => h.Step is not null).OrderBy(h => h.Id).Select(h => h.Step!.Value));
        Assert.Equal(["Reapply", "OpeningReport", "AcceptReapplication", "OpeningReport"], await ActionsOf(device));
        Assert.Contains(nameof(Portal.Application.Features.Notifications.MailKind.KeyReissued), await MailKindsOf(device));
    }

    [Fact]
    public async Task AnEndRequestedDeviceKeepsAlertingUntilItsEndReportThenEndsAndCanBeAppliedForAgain()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "e", ServiceStatus.Opened);
        _world.ActAs(_world.AlphaDeputy);
        Assert.True((await RequestEnd.HandleAsync(new(device.Id))).IsOk);
        Assert.NotNull((await RegistrationOf(device)).EndRequestedAt);

        var failure = new IntakeReport("f-1", IntakeType.Failure, device.ModelNumber, device.SerialNumber, null, null, _world.Clock.GetUtcNow(), null, new ReportEvent(EventCategory.Fan, "F-1", EventSeverity.Critical, "Fan stopped"), ReportMeans.Https, ReportRoute.Agent);
        Assert.Equal(IntakeOutcome.Recorded, (await _world.ReceiveAsync(Sender, failure)).Outcome);
        await using (var db = _world.Database.CreateContext())
        {
            Assert.Equal(1, await db.CallTasks.CountAsync(c => c.DeviceId == device.Id));
        }

        var end = new IntakeReport("end-1", IntakeType.End, device.ModelNumber, device.SerialNumber, null, null, _world.Clock.GetUtcNow(), null, null, ReportMeans.Https, ReportRoute.Agent);
        Assert.Equal(IntakeOutcome.Recorded, (await _world.ReceiveAsync(Sender, end)).Outcome);
        var ended = await RegistrationOf(device);
        Assert.Equal(ServiceStatus.Ended, ended.Status);
        Assert.Null(ended.EndRequestedAt);
        Assert.Contains(nameof(Portal.Application.Features.Notifications.MailKind.ServiceEnded), await MailKindsOf(device));

        _world.ActAs(_world.AlphaAdmin);
        var again = await new ApplyForServiceHandler(_world.Database, _world.User, _world.Clock, new KeyCodeIssuer(), Microsoft.Extensions.Options.Options.Create(new AcceptanceOptions()))
            .HandleAsync(new(_world.AlphaAccount.Id, [device.Id], new ContactRequest(_world.AlphaAdmin.Id, null), null));
        Assert.True(again.IsOk);
        Assert.Equal(ServiceStatus.Applied, (await RegistrationOf(device)).Status);
    }

    [Fact]
    public async Task StaffConfirmAnEndWithAReasonAndCustomersCannot()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "e", ServiceStatus.Opened);
        _world.ActAs(_world.AlphaAdmin);
        Assert.True((await RequestEnd.HandleAsync(new(device.Id))).IsOk);
        Assert.Equal(ErrorCodes.StaffOnly, (await ConfirmEnd.HandleAsync(new(device.Id, "x"))).Errors[0].Code);

        _world.ActAsStaff();
        Assert.Equal(ErrorCodes.ReasonRequired, (await ConfirmEnd.HandleAsync(new(device.Id, " "))).Errors[0].Code);
        Assert.True((await ConfirmEnd.HandleAsync(new(device.Id, "サーバ撤去をお客様に電話で確認"))).IsOk);

        Assert.Equal(ServiceStatus.Ended, (await RegistrationOf(device)).Status);
        Assert.Equal(["RequestEnd", "ConfirmEnd"], await ActionsOf(device));
    }

    [Fact]
    public async Task AFreeWarrantyDeviceOpensWithItsGenuineKeyFileAfterTheHourAndAnEditedOrOldFileIsAMismatch()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "kf", ServiceStatus.Applied, contract: Contract.FreeWarranty(new DateOnly(2026, 6, 1)));
        _world.ActAsStaff();
        var issued = (await Accept.HandleAsync(new((await RegistrationOf(device)).Id))).OrThrow();
        Assert.Equal(OpeningMethod.KeyFile, issued.Method);
        Assert.Contains(nameof(Portal.Application.Features.Notifications.MailKind.ApplicationAcceptedKeyFile), await MailKindsOf(device));

        _world.ActAs(_world.AlphaUser);
        var download = (await KeyFile.HandleAsync(new(device.Id))).OrThrow();
        Assert.Contains($"keyCode: {issued.KeyCode}", download.Text, StringComparison.Ordinal);
        Assert.Contains("DownloadKeyFile", await ActionsOf(device));

        SentKeyFile Sent(string text)
        {
            var (file, signature) = OpeningKeyFile.Parse(text)!.Value;
            return new SentKeyFile(file, _world.KeyFiles.IsGenuine(file, signature));
        }

        Assert.Equal(IntakeOutcome.TooEarly, (await _world.ReceiveAsync(Sender, Opening(device, file: Sent(download.Text)))).Outcome);
        _world.Clock.Advance(TimeSpan.FromHours(1));

        var edited = download.Text.Replace($"deviceManagementNumber: {device.DeviceManagementNumber}", "deviceManagementNumber: E999999999", StringComparison.Ordinal);
        var mismatch = await _world.ReceiveAsync(Sender, Opening(device, file: Sent(edited), replyTo: "setup@gw.example"));
        Assert.Equal((IntakeOutcome.Mismatch, "keyFile"), (mismatch.Outcome, Assert.Single(mismatch.Mismatches!)));
        Assert.Equal(IntakeOutcome.Mismatch, (await _world.ReceiveAsync(Sender, Opening(device, keyCode: issued.KeyCode))).Outcome);
        Assert.Equal(IntakeOutcome.Opened, (await _world.ReceiveAsync(Sender, Opening(device, file: Sent(download.Text)))).Outcome);

        // A re-issue makes the old file useless, as it does an old key code.
        _world.ActAsStaff();
        (await ReissueKey.HandleAsync(new((await RegistrationOf(device)).Id))).OrThrow();
        _world.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(IntakeOutcome.Mismatch, (await _world.ReceiveAsync(Sender, Opening(device, file: Sent(download.Text)))).Outcome);
        _world.ActAs(_world.AlphaAdmin);
        Assert.Equal(IntakeOutcome.Opened, (await _world.ReceiveAsync(Sender, Opening(device, file: Sent((await KeyFile.HandleAsync(new(device.Id))).OrThrow().Text)))).Outcome);
    }

    [Fact]
    public async Task AKeyCodeDeviceHasNoKeyFileAndAnotherCustomerGetsNone()
    {
        var keyCodeDevice = _world.AddDevice(_world.AlphaAccount, "kc", ServiceStatus.Accepted);
        var keyFileDevice = _world.AddDevice(_world.AlphaAccount, "kf", ServiceStatus.Accepted, contract: Contract.FreeWarranty(new DateOnly(2026, 6, 1)));

        _world.ActAs(_world.AlphaAdmin);
        Assert.Equal(ErrorCodes.NoKeyFile, (await KeyFile.HandleAsync(new(keyCodeDevice.Id))).Errors[0].Code);
        _world.ActAs(_world.BetaAdmin);
        Assert.Equal(ResultStatus.NotFound, (await KeyFile.HandleAsync(new(keyFileDevice.Id))).Status);
        Assert.DoesNotContain("DownloadKeyFile", await ActionsOf(keyFileDevice));
    }

    [Fact]
    public async Task AStaffCorrectionOfAnNpModelNumberMakesTheDeviceEligible()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "np", modelNumber: "NP8100-2345");
        Assert.Equal(Eligibility.SelectionPackModelNumber, device.CheckEligibility(new DateOnly(2026, 11, 20)));

        _world.ActAs(_world.AlphaAdmin);
        Assert.Equal(ErrorCodes.StaffOnly, (await CorrectModelNumber.HandleAsync(new(device.Id, "N8100-2345"))).Errors[0].Code);
        _world.ActAsStaff();
        Assert.Equal(ErrorCodes.ModelNumberInvalid, (await CorrectModelNumber.HandleAsync(new(device.Id, "N8100 2345"))).Errors[0].Code);
        Assert.True((await CorrectModelNumber.HandleAsync(new(device.Id, "n8100-2345"))).IsOk);

        _world.ActAs(_world.AlphaAdmin);
        var detail = (await new GetDeviceDetailHandler(_world.Database, _world.User, _world.Clock).HandleAsync(new(device.Id))).OrThrow();
        Assert.Equal(("N8100-2345", Eligibility.Eligible), (detail.ModelNumber, detail.Eligibility));
        Assert.Equal(["CorrectModelNumber"], await ActionsOf(device));
    }

    [Fact]
    public async Task AModelNumberIsNotChangedWhileAKeyIsInForce()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "o", ServiceStatus.Opened);
        _world.ActAsStaff();

        Assert.Equal(ErrorCodes.ModelNumberFixedInService, (await CorrectModelNumber.HandleAsync(new(device.Id, "N8100-9999"))).Errors[0].Code);
    }

    [Fact]
    public async Task AWarrantyThatBecomesAMaintenanceContractAsksForAReapplicationWithANewKeyCode()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "kf", ServiceStatus.Opened, contract: Contract.FreeWarranty(new DateOnly(2026, 6, 1)));
        _world.ActAs(_world.AlphaAdmin);
        Assert.Equal(ErrorCodes.ContractNeedsNoNewKey, (await Reapply.HandleAsync(new(device.Id, ReapplicationReason.ContractChanged, null))).Errors[0].Code);

        _world.ActAsStaff();
        Assert.True((await ChangeContract.HandleAsync(new(device.Id, ContractType.MaintenanceContract, new DateOnly(2029, 3, 31), false))).IsOk);
        Assert.Contains(nameof(Portal.Application.Features.Notifications.MailKind.ContractChanged), await MailKindsOf(device));

        _world.ActAs(_world.AlphaAdmin);
        var detail = (await new GetDeviceDetailHandler(_world.Database, _world.User, _world.Clock).HandleAsync(new(device.Id))).OrThrow();
        Assert.True(detail.NeedsNewKey);
        Assert.True((await Reapply.HandleAsync(new(device.Id, ReapplicationReason.ContractChanged, null))).IsOk);
        _world.ActAsStaff();
        var issued = (await Accept.HandleAsync(new((await RegistrationOf(device)).Id))).OrThrow();
        Assert.Equal(OpeningMethod.KeyCode, issued.Method);
        _world.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(IntakeOutcome.Opened, (await _world.ReceiveAsync(Sender, Opening(device, issued.KeyCode))).Outcome);
    }

    [Fact]
    public async Task AnApplicantRemovedFromTheSupportIdHearsNothingMoreOfItsDevices()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "m", ServiceStatus.Opened);
        await using (var db = _world.Database.CreateContext())
        {
            var registration = await db.Registrations.Include(r => r.Contacts).SingleAsync(r => r.DeviceId == device.Id);
            var deputy = _world.AlphaDeputy;
            Assert.True(registration.ChangeContacts([new ContactChoice(deputy.Id, deputy.Name, deputy.Email, deputy.Phone, deputy.Affiliation, null)], _world.Clock.GetUtcNow()).IsOk);
            await db.SaveChangesAsync();
        }

        async Task<int> MailsToApplicantAsync()
        {
            await using var db = _world.Database.CreateContext();
            return await db.Notifications.CountAsync(n => n.DeviceId == device.Id && n.Recipient == _world.AlphaAdmin.Email);
        }

        _world.ActAs(_world.AlphaDeputy);
        Assert.True((await RequestEnd.HandleAsync(new(device.Id))).IsOk);
        Assert.Equal(1, await MailsToApplicantAsync());
        Assert.True((await CancelEndRequest.HandleAsync(new(device.Id))).IsOk);
        Assert.Equal(2, await MailsToApplicantAsync());

        await using (var db = _world.Database.CreateContext())
        {
            db.SupportMemberships.RemoveRange(db.SupportMemberships.Where(m => m.UserId == _world.AlphaAdmin.Id && m.SupportAccountId == _world.AlphaAccount.Id));
            await db.SaveChangesAsync();
        }

        Assert.True((await RequestEnd.HandleAsync(new(device.Id))).IsOk);
        Assert.Equal(2, await MailsToApplicantAsync());
    }

    [Fact]
    public async Task TheDevicePageOffersAReapplicationOnlyWhereTheStateMachineAllowsOneAndSaysWhichReasonsApply()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "p", ServiceStatus.Opened);
        var detail = new GetDeviceDetailHandler(_world.Database, _world.User, _world.Clock);

        _world.ActAs(_world.AlphaAdmin);
        var opened = (await detail.HandleAsync(new(device.Id))).OrThrow();
        Assert.True(opened.CanReapply);
        Assert.Equal(
            new Dictionary<ReapplicationReason, string> { [ReapplicationReason.Moved] = ErrorCodes.MoveNeedsOnlySiteChange, [ReapplicationReason.ContractChanged] = ErrorCodes.ContractNeedsNoNewKey },
            opened.ReasonRefusals);
        Assert.False(opened.NeedsNewKey);

        _world.ActAs(_world.AlphaUser);
        Assert.False((await detail.HandleAsync(new(device.Id))).OrThrow().CanReapply);

        _world.ActAs(_world.AlphaAdmin);
        Assert.True((await Reapply.HandleAsync(new(device.Id, ReapplicationReason.KeyLost, null))).IsOk);
        var pending = (await detail.HandleAsync(new(device.Id))).OrThrow();
        Assert.Equal((false, ErrorCodes.AlreadyApplied), (pending.CanReapply, pending.ReapplyRefusal));
    }
}
