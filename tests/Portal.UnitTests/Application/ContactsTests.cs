using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;
using Portal.Application.Features.Contacts;
using Portal.Application.Features.Devices;
using Portal.Application.Features.Profile;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

public sealed class ContactsTests : IDisposable
{
    private readonly World _world = new();

    private ChangeContactsHandler Change => new(_world.Factory, _world.User, _world.Clock);

    private RefreshContactHandler Refresh => new(_world.Factory, _world.User, _world.Clock);

    private GetContactsEditorHandler Editor => new(_world.Factory, _world.User);

    private ListContactsDevicesHandler BulkDevices => new(_world.Factory, _world.User);

    private ListContactsDeviceIdsHandler BulkDeviceIds => new(_world.Factory, _world.User);

    private ListBulkContactsAccountsHandler BulkAccounts => new(_world.Factory, _world.User);

    private GetDeviceDetailHandler Detail => new(_world.Factory, _world.User, _world.Clock);

    private ChangeContactsCommand ToAdminAndDeputy(params Device[] devices) =>
        new([.. devices.Select(d => d.Id)], new ContactRequest(_world.AlphaDeputy.Id, "平日 9:00-18:00"), new ContactRequest(_world.AlphaAdmin.Id, null));

    private async Task<IReadOnlyList<RegistrationContact>> ContactsOf(Device device)
    {
        await using var db = _world.Database.CreateContext();
        return (await db.Registrations.Include(r => r.Contacts).SingleAsync(r => r.DeviceId == device.Id)).Contacts.OrderBy(c => c.Priority).ToList();
    }

    [Theory]
    [InlineData(MemberRole.Administrator)]
    [InlineData(MemberRole.Deputy)]
    public async Task AdministratorsAndDeputiesChangeTheContactsOfAnOpenedDevice(MemberRole role)
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        _world.ActAs(role == MemberRole.Administrator ? _world.AlphaAdmin : _world.AlphaDeputy);
        _world.Clock.Advance(TimeSpan.FromDays(1));

        var result = await Change.HandleAsync(ToAdminAndDeputy(device));

        Assert.True(result.IsOk, string.Join(",", result.Errors));
        var contacts = await ContactsOf(device);
        Assert.Equal(
            [(1, _world.AlphaDeputy.Id, "平日 9:00-18:00"), (2, _world.AlphaAdmin.Id, null)],
            contacts.Select(c => (c.Priority, c.UserId, c.ReachableHours)));
        Assert.All(contacts, c => Assert.Equal(World.Start.AddDays(1), c.ChosenAt));
        await using var db = _world.Database.CreateContext();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "ChangeContacts");
        Assert.Equal((device.Id, World.Start.AddDays(1)), (audit.DeviceId!.Value, audit.At));
        Assert.Contains(_world.AlphaAdmin.Name, audit.Before, StringComparison.Ordinal);
        Assert.Contains($"\"Contact1\":\"{_world.AlphaDeputy.Name}", audit.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUserRoleMemberIsRefusedWithTheReasonAndSeesThemReadOnly()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        _world.ActAs(_world.AlphaUser);

        var result = await Change.HandleAsync(ToAdminAndDeputy(device));
        var editor = await Editor.HandleAsync(new(device.Id));

        Assert.Equal((ResultStatus.Forbidden, ErrorCodes.ChangeRequiresAdministrator), (result.Status, result.Errors[0].Code));
        Assert.False(editor.Value!.CanEdit);
        Assert.Equal(ErrorCodes.ChangeRequiresAdministrator, editor.Value.RefusalCode);
        Assert.Single(editor.Value.Devices[0].Contacts);
        Assert.Equal(_world.AlphaAdmin.Id, Assert.Single(await ContactsOf(device)).UserId);
    }

    [Fact]
    public async Task AMemberOfAnotherSupportIdFindsNothing()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        _world.ActAs(_world.BetaAdmin);

        Assert.Equal(ResultStatus.NotFound, (await Change.HandleAsync(ToAdminAndDeputy(device))).Status);
        Assert.Equal(ResultStatus.NotFound, (await Editor.HandleAsync(new(device.Id))).Status);
        Assert.Equal(ResultStatus.NotFound, (await Refresh.HandleAsync(new(device.Id, 1))).Status);
        Assert.Equal(_world.AlphaAdmin.Id, Assert.Single(await ContactsOf(device)).UserId);
    }

    [Theory]
    [InlineData(ServiceStatus.Applied)]
    [InlineData(ServiceStatus.Accepted)]
    [InlineData(ServiceStatus.Ended)]
    public async Task DevicesThatAreNotOpenedAreRefused(ServiceStatus status)
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", status);
        _world.ActAs(_world.AlphaAdmin);

        var result = await Change.HandleAsync(ToAdminAndDeputy(device));

        Assert.Equal((ResultStatus.Conflict, ErrorCodes.ContactsChangeNeedsOpenedService), (result.Status, result.Errors[0].Code));
        Assert.Equal(ErrorCodes.ContactsChangeNeedsOpenedService, (await Editor.HandleAsync(new(device.Id))).Value!.RefusalCode);
    }

    [Fact]
    public async Task SeveralDevicesChangeTogetherOrNotAtAll()
    {
        var first = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        var second = _world.AddDevice(_world.AlphaAccount, "alpha-02", ServiceStatus.Opened);
        var applied = _world.AddDevice(_world.AlphaAccount, "alpha-03", ServiceStatus.Applied);
        _world.ActAs(_world.AlphaAdmin);

        var refused = await Change.HandleAsync(ToAdminAndDeputy(first, second, applied));
        Assert.Equal(ErrorCodes.ContactsChangeNeedsOpenedService, refused.Errors[0].Code);
        Assert.Equal(_world.AlphaAdmin.Id, Assert.Single(await ContactsOf(first)).UserId);

        var result = await Change.HandleAsync(ToAdminAndDeputy(first, second));
        Assert.True(result.IsOk);
        Assert.Equal(2, (await ContactsOf(first)).Count);
        Assert.Equal(2, (await ContactsOf(second)).Count);
        await using var db = _world.Database.CreateContext();
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == "ChangeContacts"));
    }

    [Fact]
    public async Task DevicesOfTwoSupportIdsCannotBeChangedTogether()
    {
        var other = new SupportAccount(Guid.NewGuid(), Guid.Empty, "SP1000009");
        await using (var db = _world.Database.CreateContext())
        {
            other = new SupportAccount(Guid.NewGuid(), db.SupportAccounts.Single(a => a.Id == _world.AlphaAccount.Id).OrganizationId, "SP1000009");
            other.AddMember(_world.AlphaAdmin.Id, MemberRole.Administrator);
            other.AddMember(_world.AlphaDeputy.Id, MemberRole.Deputy);
            db.SupportAccounts.Add(other);
            await db.SaveChangesAsync();
        }

        var mine = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        var lab = _world.AddDevice(other, "lab-01", ServiceStatus.Opened);
        _world.ActAs(_world.AlphaAdmin);

        var result = await Change.HandleAsync(ToAdminAndDeputy(mine, lab));

        Assert.Equal((ResultStatus.Invalid, ErrorCodes.DevicesOfOneSupportId), (result.Status, result.Errors[0].Code));
    }

    [Fact]
    public async Task AContactMustBeAMemberOfTheDevicesSupportId()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        _world.ActAs(_world.AlphaAdmin);

        var result = await Change.HandleAsync(new([device.Id], new ContactRequest(_world.AlphaAdmin.Id, null), new ContactRequest(_world.BetaAdmin.Id, null)));

        Assert.Equal((ResultStatus.Invalid, ErrorCodes.ContactNotMember, "Contact2"), (result.Status, result.Errors[0].Code, result.Errors[0].Field));
    }

    [Fact]
    public async Task ContactOneIsRequiredAndTheTwoMustDiffer()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        _world.ActAs(_world.AlphaAdmin);

        var none = await Change.HandleAsync(new([device.Id], null, new ContactRequest(_world.AlphaAdmin.Id, null)));
        var same = await Change.HandleAsync(new([device.Id], new ContactRequest(_world.AlphaAdmin.Id, null), new ContactRequest(_world.AlphaAdmin.Id, null)));

        Assert.Equal(ErrorCodes.ContactRequired, none.Errors[0].Code);
        Assert.Equal(ErrorCodes.DuplicateContact, same.Errors[0].Code);
    }

    [Fact]
    public void TheDomainAcceptsAtMostTwoContacts()
    {
        var registration = new ServiceRegistration(Guid.NewGuid(), Guid.NewGuid());
        ContactChoice Person(string name) => new(Guid.NewGuid(), name, $"{name}@example.test", "0312345678", "部", null);
        Assert.True(registration.Apply(Guid.NewGuid(), [Person("a")], World.Start).IsOk);
        Assert.True(registration.Accept(KeyCode.NewRandom(), OpeningMethod.KeyCode, null, World.Start).IsOk);
        Assert.True(registration.Open(World.Start.AddHours(1)).IsOk);

        var result = registration.ChangeContacts([Person("a"), Person("b"), Person("c")], World.Start.AddHours(2));

        Assert.Equal(ErrorCodes.TooManyContacts, result.Errors[0].Code);
        Assert.Single(registration.Contacts);
    }

    [Fact]
    public async Task DroppingContactTwoRemovesIt()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        _world.ActAs(_world.AlphaAdmin);
        await Change.HandleAsync(ToAdminAndDeputy(device));

        var result = await Change.HandleAsync(new([device.Id], new ContactRequest(_world.AlphaAdmin.Id, null), null));

        Assert.True(result.IsOk);
        Assert.Equal(_world.AlphaAdmin.Id, Assert.Single(await ContactsOf(device)).UserId);
    }

    [Fact]
    public async Task AProfileEditMakesTheCopyStaleAndOneClickRefreshesIt()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        _world.ActAs(_world.AlphaAdmin);
        await Change.HandleAsync(ToAdminAndDeputy(device));

        // The deputy changes their own phone: the centre's copy does not follow (FAQ Q1-18).
        _world.ActAs(_world.AlphaDeputy);
        var updated = await new UpdateMyProfileHandler(_world.Factory, _world.User, _world.Clock)
            .HandleAsync(new UpdateMyProfileCommand(_world.AlphaDeputy.Name, _world.AlphaDeputy.Email, "090-9999-0000", _world.AlphaDeputy.Affiliation));
        Assert.Equal(1, updated.Value!.ContactCopiesChanged);

        _world.ActAs(_world.AlphaAdmin);
        var stale = (await Detail.HandleAsync(new(device.Id))).Value!.Registration.Contacts;
        Assert.True(stale[0].IsStale);
        Assert.Equal(("03-1234-5678", "090-9999-0000"), (stale[0].Phone, stale[0].ChangedSinceChosen!.Phone));
        Assert.False(stale[1].IsStale);

        _world.Clock.Advance(TimeSpan.FromHours(1));
        var refreshed = await Refresh.HandleAsync(new(device.Id, 1));

        Assert.True(refreshed.IsOk, string.Join(",", refreshed.Errors));
        var fresh = (await Detail.HandleAsync(new(device.Id))).Value!.Registration.Contacts;
        Assert.All(fresh, c => Assert.False(c.IsStale));
        Assert.Equal(("090-9999-0000", "平日 9:00-18:00"), (fresh[0].Phone, fresh[0].ReachableHours));
        await using var db = _world.Database.CreateContext();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "RefreshContact");
        Assert.Contains("03-1234-5678", audit.Before, StringComparison.Ordinal);
        Assert.Contains("090-9999-0000", audit.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefreshIsForAdministratorsAndDeputiesOnly()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        _world.ActAs(_world.AlphaUser);

        var result = await Refresh.HandleAsync(new(device.Id, 1));

        Assert.Equal((ResultStatus.Forbidden, ErrorCodes.ChangeRequiresAdministrator), (result.Status, result.Errors[0].Code));
    }

    [Fact]
    public async Task TheBulkEditorOffersOnlyOpenedDevicesOfAdministeredSupportIds()
    {
        var opened = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        _world.AddDevice(_world.AlphaAccount, "alpha-02", ServiceStatus.Applied);
        _world.AddDevice(_world.BetaAccount, "beta-01", ServiceStatus.Opened);

        _world.ActAs(_world.AlphaDeputy);
        var editors = (await BulkAccounts.HandleAsync(new())).Value!;
        _world.ActAs(_world.AlphaUser);
        var refused = await BulkAccounts.HandleAsync(new());

        var editor = Assert.Single(editors);
        Assert.Equal(1, editor.OpenedDevices);
        _world.ActAs(_world.AlphaDeputy);
        var devices = (await BulkDevices.HandleAsync(new ListContactsDevicesQuery(editor.SupportAccountId))).Value!;
        Assert.Equal(opened.Id, Assert.Single(devices.Rows).Id);
        Assert.Equal(3, editor.Candidates.Count);
        Assert.Equal(ErrorCodes.ChangeRequiresAdministrator, refused.Errors[0].Code);
    }

    [Fact]
    public async Task TheBulkEditorPagesAndSearchesInTheDatabaseAndChoosesEveryMatchOnAnyPage()
    {
        for (var i = 0; i < 30; i++)
        {
            _world.AddDevice(_world.AlphaAccount, $"alpha-{i:00}", ServiceStatus.Opened);
        }

        // Serial and management numbers are hexadecimal: the search uses letters they cannot hold.
        _world.AddDevice(_world.AlphaAccount, "alpha-sql01", ServiceStatus.Opened);
        _world.AddDevice(_world.AlphaAccount, "alpha-sql02", ServiceStatus.Accepted);
        _world.ActAs(_world.AlphaAdmin);

        var first = (await BulkDevices.HandleAsync(new ListContactsDevicesQuery(_world.AlphaAccount.Id))).Value!;
        var second = (await BulkDevices.HandleAsync(new ListContactsDevicesQuery(_world.AlphaAccount.Id, Page: 1))).Value!;
        var found = (await BulkDevices.HandleAsync(new ListContactsDevicesQuery(_world.AlphaAccount.Id, "SQL0"))).Value!;
        var all = (await BulkDeviceIds.HandleAsync(new ListContactsDeviceIdsQuery(_world.AlphaAccount.Id))).Value!;
        var matching = (await BulkDeviceIds.HandleAsync(new ListContactsDeviceIdsQuery(_world.AlphaAccount.Id, "sql0"))).Value!;

        Assert.Equal((31, 25, 6), (first.Matching, first.Rows.Count, second.Rows.Count));
        Assert.Empty(first.Rows.Select(d => d.Id).Intersect(second.Rows.Select(d => d.Id)));
        Assert.All(first.Rows, d => Assert.Single(d.Contacts));
        Assert.Equal("alpha-sql01", Assert.Single(found.Rows).HostName);
        Assert.Equal(31, all.Count);
        Assert.Equal(found.Rows[0].Id, Assert.Single(matching));

        // Only the support ID's administrators and deputies: not a user of it, nor another customer.
        _world.ActAs(_world.AlphaUser);
        Assert.Equal(ResultStatus.Forbidden, (await BulkDevices.HandleAsync(new ListContactsDevicesQuery(_world.AlphaAccount.Id))).Status);
        Assert.Equal(ResultStatus.Forbidden, (await BulkDeviceIds.HandleAsync(new ListContactsDeviceIdsQuery(_world.AlphaAccount.Id))).Status);
        _world.ActAs(_world.BetaAdmin);
        Assert.Equal(ResultStatus.Forbidden, (await BulkDeviceIds.HandleAsync(new ListContactsDeviceIdsQuery(_world.AlphaAccount.Id))).Status);
    }

    [Fact]
    public async Task AContactWhoseLastMailAboutTheDeviceFailedIsShownAsBouncedUntilAMailGetsThrough()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        var other = _world.AddDevice(_world.AlphaAccount, "alpha-02", ServiceStatus.Opened);
        var address = (await ContactsOf(device)).Single().Email;
        _world.ActAs(_world.AlphaAdmin);
        // A mail about another device that failed is that device's matter.
        await Mail(other, address, fails: true);
        Assert.All((await Detail.HandleAsync(new(device.Id))).Value!.Registration.Contacts, c => Assert.Null(c.Bounced));

        var failedAt = _world.Clock.GetUtcNow();
        await Mail(device, address, fails: true);
        _world.Clock.Advance(TimeSpan.FromMinutes(5));
        await Mail(device, "someone-else@alpha.example", fails: false);

        var bounced = Assert.Single((await Detail.HandleAsync(new(device.Id))).Value!.Registration.Contacts).Bounced;
        Assert.Equal(new MailBounce(failedAt, "550 5.1.1 no such mailbox"), bounced);
        // The bulk editor shows each device's own: both bounced.
        var editor = Assert.Single((await BulkAccounts.HandleAsync(new())).Value!);
        var devices = (await BulkDevices.HandleAsync(new ListContactsDevicesQuery(editor.SupportAccountId))).Value!;
        Assert.Equal(2, devices.Rows.Count);
        Assert.All(devices.Rows, d => Assert.NotNull(d.Contacts.Single().Bounced));

        // A later mail delivered to the address (the person fixed their mailbox): no longer bounced.
        _world.Clock.Advance(TimeSpan.FromMinutes(5));
        await Mail(device, address, fails: false);
        Assert.Null(Assert.Single((await Detail.HandleAsync(new(device.Id))).Value!.Registration.Contacts).Bounced);
    }

    private async Task Mail(Device device, string to, bool fails)
    {
        await using var db = _world.Database.CreateContext();
        var mail = new Portal.Application.Domain.Notifications.Notification(Guid.CreateVersion7(), "FailureDetected", Portal.Application.Domain.Notifications.MailLane.Alert, to, "件名", "本文", "ja", device.Id, _world.Clock.GetUtcNow());
        if (fails)
        {
            mail.MarkFailed("550 5.1.1 no such mailbox");
        }
        else
        {
            mail.MarkSent(_world.Clock.GetUtcNow());
        }

        db.Notifications.Add(mail);
        await db.SaveChangesAsync();
    }

    public void Dispose() => _world.Dispose();
}
