using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Application.Common;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Users;
using Portal.Application.Features.Applications;
using Portal.Application.Features.Contacts;
using Portal.Application.Features.Devices;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

public sealed class DecideApplicationTests : IDisposable
{
    private readonly World _world = new();
    private readonly Queue<string> _codes = new();

    /// <summary>Key codes come from the queue when the test fills it, from the cryptographic generator otherwise.</summary>
    private AcceptApplicationHandler Accept => new(_world.Factory, _world.User, _world.Clock, new KeyCodeIssuer(NextCode));

    private ReissueKeyHandler Reissue => new(_world.Factory, _world.User, _world.Clock, new KeyCodeIssuer(NextCode));

    private RejectApplicationHandler Reject => new(_world.Factory, _world.User, _world.Clock);

    private KeyCode NextCode()
    {
        if (_codes.Count == 0)
        {
            return KeyCode.NewRandom();
        }

        Assert.True(KeyCode.TryParse(_codes.Dequeue(), out var code));
        return code;
    }

    private async Task<ServiceRegistration> RegistrationOf(Device device)
    {
        await using var db = _world.Database.CreateContext();
        return await db.Registrations.Include(r => r.History).SingleAsync(r => r.DeviceId == device.Id);
    }

    [Fact]
    public async Task AcceptIssuesAFiveDigitKeyCodeUsableOneHourLaterAndAuditsIt()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Applied);
        var registration = await RegistrationOf(device);
        _world.ActAsStaff();

        var result = await Accept.HandleAsync(new(registration.Id));

        Assert.True(result.IsOk, string.Join(",", result.Errors));
        Assert.Matches("^[0-9]{5}$", result.Value!.KeyCode);
        Assert.Equal(World.Start, result.Value.IssuedAt);
        Assert.Equal(World.Start.AddHours(1), result.Value.OpeningPossibleFrom);
        var saved = await RegistrationOf(device);
        Assert.Equal((ServiceStatus.Accepted, result.Value.KeyCode), (saved.Status, saved.KeyCode));
        await using var db = _world.Database.CreateContext();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "Accept");
        Assert.Equal((_world.Staff.Id, device.Id), (audit.ActorUserId, audit.DeviceId));
        Assert.Contains("\"Status\":\"Applied\"", audit.Before, StringComparison.Ordinal);
        Assert.Contains("\"Status\":\"Accepted\"", audit.After, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ServiceStatus.NotApplied)]
    [InlineData(ServiceStatus.Accepted)]
    [InlineData(ServiceStatus.Opened)]
    public async Task OnlyAnAppliedRegistrationCanBeAccepted(ServiceStatus status)
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", status);
        var before = await RegistrationOf(device);
        _world.ActAsStaff();

        var result = await Accept.HandleAsync(new(before.Id));

        Assert.Equal((ResultStatus.Conflict, ErrorCodes.InvalidTransition), (result.Status, result.Errors[0].Code));
        var after = await RegistrationOf(device);
        Assert.Equal((status, before.KeyCode, before.Version), (after.Status, after.KeyCode, after.Version));
    }

    [Fact]
    public async Task CustomersCanNeitherAcceptNorRejectNorReissue()
    {
        var applied = await RegistrationOf(_world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Applied));
        var accepted = await RegistrationOf(_world.AddDevice(_world.AlphaAccount, "alpha-02", ServiceStatus.Accepted));
        _world.ActAs(_world.AlphaAdmin);

        var results = new Result[]
        {
            await Accept.HandleAsync(new(applied.Id)),
            await Reject.HandleAsync(new(applied.Id, "理由")),
            await Reissue.HandleAsync(new(accepted.Id)),
        };

        Assert.All(results, r => Assert.Equal((ResultStatus.Forbidden, ErrorCodes.StaffOnly), (r.Status, r.Errors[0].Code)));
        await using var db = _world.Database.CreateContext();
        Assert.Empty(await db.AuditEntries.ToListAsync());
    }

    [Fact]
    public async Task RejectionReturnsToNotAppliedAndTheCustomerSeesTheReason()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Applied);
        _world.ActAsStaff();

        var result = await Reject.HandleAsync(new((await RegistrationOf(device)).Id, "  機器管理番号の登録内容を確認してください  "));

        Assert.True(result.IsOk);
        _world.ActAs(_world.AlphaAdmin);
        var detail = (await new GetDeviceDetailHandler(_world.Factory, _world.User, _world.Clock).HandleAsync(new(device.Id))).Value!;
        Assert.Equal(ServiceStatus.NotApplied, detail.Registration.Status);
        Assert.Equal("機器管理番号の登録内容を確認してください", detail.Registration.RejectionReason);
        Assert.Equal(ServiceStatus.NotApplied, detail.Registration.Timeline[^1].To);
        Assert.Equal("機器管理番号の登録内容を確認してください", detail.Registration.Timeline[^1].Note);
        Assert.True(detail.CanApply);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task RejectionWithoutAReasonIsRefused(string reason)
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Applied);
        _world.ActAsStaff();

        var result = await Reject.HandleAsync(new((await RegistrationOf(device)).Id, reason));

        Assert.Equal((ResultStatus.Invalid, ErrorCodes.ReasonRequired), (result.Status, result.Errors[0].Code));
        Assert.Equal(ServiceStatus.Applied, (await RegistrationOf(device)).Status);
    }

    [Fact]
    public async Task TwoAcceptedRegistrationsMayHoldTheSameKeyCodeBecauseTheDeviceIdentifiesTheOpening()
    {
        var first = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Applied);
        var second = _world.AddDevice(_world.BetaAccount, "beta-01", ServiceStatus.Applied);
        _world.ActAsStaff();
        _codes.Enqueue("01234");
        _codes.Enqueue("01234");

        var a = await Accept.HandleAsync(new((await RegistrationOf(first)).Id));
        var b = await Accept.HandleAsync(new((await RegistrationOf(second)).Id));

        Assert.Equal(("01234", "01234"), (a.Value!.KeyCode, b.Value!.KeyCode));
        Assert.Equal((ServiceStatus.Accepted, ServiceStatus.Accepted), ((await RegistrationOf(first)).Status, (await RegistrationOf(second)).Status));
    }

    [Fact]
    public async Task ReissueReplacesTheKeyCodeAndRestartsTheHour()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Applied);
        var id = (await RegistrationOf(device)).Id;
        _world.ActAsStaff();
        _codes.Enqueue("11111");
        _codes.Enqueue("22222");
        await Accept.HandleAsync(new(id));
        _world.Clock.Advance(TimeSpan.FromMinutes(50));

        var result = await Reissue.HandleAsync(new(id));

        Assert.Equal("22222", result.Value!.KeyCode);
        Assert.Equal(World.Start.AddMinutes(50), result.Value.IssuedAt);
        Assert.Equal(World.Start.AddMinutes(110), result.Value.OpeningPossibleFrom);
        var saved = await RegistrationOf(device);
        Assert.Equal(("22222", ServiceStatus.Accepted), (saved.KeyCode, saved.Status));
        Assert.False(saved.IsOpeningPossible(World.Start.AddMinutes(109)));
        Assert.Equal(RegistrationStep.KeyReissued, saved.History.OrderBy(h => h.Id).Last().Step);
        await using var db = _world.Database.CreateContext();
        Assert.Single(await db.AuditEntries.Where(a => a.Action == "ReissueKey" && a.DeviceId == device.Id).ToListAsync());
    }

    /// <summary>Applied for by the plain user; the administrator and the deputy (who reads English) are the contacts.</summary>
    private async Task<(Device Device, Guid RegistrationId)> AppliedByUserWithTwoContacts(string hostName)
    {
        var device = _world.AddDevice(_world.AlphaAccount, hostName, withRegistration: false);
        await using var db = _world.Database.CreateContext();
        var registration = new ServiceRegistration(Guid.NewGuid(), device.Id);
        ContactChoice Contact(UserProfile p) => new(p.Id, p.Name, p.Email, p.Phone, p.Affiliation, null);
        Assert.True(registration.Apply(_world.AlphaUser.Id, [Contact(_world.AlphaAdmin), Contact(_world.AlphaDeputy)], _world.Clock.GetUtcNow()).IsOk);
        db.Registrations.Add(registration);
        var deputy = await db.UserProfiles.SingleAsync(p => p.Id == _world.AlphaDeputy.Id);
        Assert.True(deputy.ChangePreferredCulture("en").IsOk);
        await db.SaveChangesAsync();
        return (device, registration.Id);
    }

    private async Task<List<Portal.Application.Domain.Notifications.Notification>> MailsAbout(Device device, string kind)
    {
        await using var db = _world.Database.CreateContext();
        return await db.Notifications.Where(n => n.DeviceId == device.Id && n.Kind == kind).ToListAsync();
    }

    [Fact]
    public async Task AcceptanceMailsTheApplicantAndEachContactOnceWithTheTimeOpeningWorksInJapanTime()
    {
        var (device, id) = await AppliedByUserWithTwoContacts("alpha-01");
        _world.ActAsStaff();
        _codes.Enqueue("73519");

        Assert.True((await Accept.HandleAsync(new(id))).IsOk);

        var mails = await MailsAbout(device, "ApplicationAccepted");
        Assert.Equal(new[] { _world.AlphaAdmin.Email, _world.AlphaDeputy.Email, _world.AlphaUser.Email }.Order(StringComparer.Ordinal), mails.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.All(mails, m => Assert.Equal(Portal.Application.Domain.Notifications.MailLane.Alert, m.Lane));

        // Issued 01:00 UTC: opening works from 11:00 in Japan. The key code itself is only on the portal's page.
        var japanese = mails.Single(m => m.Recipient == _world.AlphaUser.Email);
        Assert.StartsWith("【エクスプレス通報サービス】", japanese.Subject, StringComparison.Ordinal);
        Assert.Contains("開局可能日時 (日本時間): 2026/11/20 11:00:00", japanese.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("73519", japanese.Body, StringComparison.Ordinal);
        var english = mails.Single(m => m.Recipient == _world.AlphaDeputy.Email);
        Assert.Equal("en", english.Culture);
        Assert.Contains("Opening possible from (Japan time): 2026/11/20 11:00:00", english.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendingBackMailsTheReasonAndReissueSaysTheOldKeyNoLongerWorks()
    {
        var (sentBack, sentBackId) = await AppliedByUserWithTwoContacts("alpha-01");
        var (reissued, reissuedId) = await AppliedByUserWithTwoContacts("alpha-02");
        _world.ActAsStaff();

        Assert.True((await Reject.HandleAsync(new(sentBackId, "保守契約の期限を確認できません"))).IsOk);
        await Accept.HandleAsync(new(reissuedId));
        _world.Clock.Advance(TimeSpan.FromDays(1));
        Assert.True((await Reissue.HandleAsync(new(reissuedId))).IsOk);

        var reasons = await MailsAbout(sentBack, "ApplicationSentBack");
        Assert.Equal(3, reasons.Count);
        Assert.Contains("理由: 保守契約の期限を確認できません", reasons.Single(m => m.Recipient == _world.AlphaUser.Email).Body, StringComparison.Ordinal);
        var keys = await MailsAbout(reissued, "KeyReissued");
        Assert.Equal(3, keys.Count);
        var mail = keys.Single(m => m.Recipient == _world.AlphaAdmin.Email).Body;
        Assert.Contains("以前のキーコードは使用できなくなりました", mail, StringComparison.Ordinal);
        Assert.Contains("開局可能日時 (日本時間): 2026/11/21 11:00:00", mail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARegistrationWithoutAKeyGetsNoNewKeyCode()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Applied);
        _world.ActAsStaff();

        var result = await Reissue.HandleAsync(new((await RegistrationOf(device)).Id));

        Assert.Equal((ResultStatus.Conflict, ErrorCodes.InvalidTransition), (result.Status, result.Errors[0].Code));
    }

    [Fact]
    public async Task AnUnknownRegistrationIsNotFound()
    {
        _world.ActAsStaff();

        var result = await Accept.HandleAsync(new(Guid.NewGuid()));

        Assert.Equal(ResultStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task TheQueueShowsAppliedRegistrationsOldestFirstToStaffOnly()
    {
        _world.AddDevice(_world.AlphaAccount, "opened", ServiceStatus.Opened);

        // Stored first, applied last: the queue orders by application time, not by storage.
        var newer = _world.AddDevice(_world.AlphaAccount, "newer");
        var older = _world.AddDevice(_world.BetaAccount, "older");
        await ApplyAsync(older, _world.BetaAdmin, _world.BetaAccount.Id);
        _world.Clock.Advance(TimeSpan.FromMinutes(1));
        await ApplyAsync(newer, _world.AlphaAdmin, _world.AlphaAccount.Id);
        var queue = new GetAcceptanceQueueHandler(_world.Factory, _world.User, _world.Clock);

        _world.ActAs(_world.AlphaAdmin);
        var refused = await queue.HandleAsync(new());
        _world.ActAsStaff();
        var items = (await queue.HandleAsync(new())).Value!;

        Assert.Equal(ResultStatus.Forbidden, refused.Status);
        Assert.Equal([older.Id, newer.Id], items.Select(i => i.DeviceId));
        Assert.Equal("SP2000001", items[0].SupportId);
        Assert.Equal([_world.BetaAdmin.Name], items[0].ContactNames);
        Assert.Equal(_world.BetaAdmin.Name, items[0].ApplicantName);
        Assert.Equal(World.Start, items[0].AppliedAt);
    }

    private async Task ApplyAsync(Device device, UserProfile applicant, Guid supportAccountId)
    {
        _world.ActAs(applicant);
        var apply = new ApplyForServiceHandler(_world.Factory, _world.User, _world.Clock, new KeyCodeIssuer(), Options.Create(new AcceptanceOptions()));
        var result = await apply.HandleAsync(new ApplyForServiceCommand(supportAccountId, [device.Id], new ContactRequest(applicant.Id, null), null));
        Assert.True(result.IsOk, string.Join(",", result.Errors));
    }

    public void Dispose() => _world.Dispose();
}
