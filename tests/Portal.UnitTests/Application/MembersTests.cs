using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Registrations;
using Portal.Application.Features.Members;
using Portal.Application.Features.Notifications;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

/// <summary>Members of a support ID: who may invite, change and remove whom, and what a removal leaves behind.</summary>
public sealed class MembersTests : IDisposable
{
    private readonly World _world = new();
    private readonly ServiceProvider _services;

    public MembersTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_world.Clock);
        services.AddSingleton<IPortalDbContextFactory>(_world.Database);
        services.AddSingleton<ICurrentUser>(_world.User);
        services.AddSingleton<IAccounts>(_world.Accounts);
        services.AddPortalApplication(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        _services = services.BuildServiceProvider();
    }

    private T Handler<T>()
        where T : notnull => _services.GetRequiredService<T>();

    [Fact]
    public async Task AnInvitationIsMailedWithALinkThatNamesItAndCarriesASecretNotKept()
    {
        _world.ActAs(_world.AlphaAdmin);

        var invitation = (await Handler<InviteMemberHandler>().HandleAsync(new(_world.AlphaAccount.Id, " New.Person@Alpha.example ", MemberRole.Deputy))).OrThrow();

        await using var db = _world.Database.CreateContext();
        var mail = await db.Notifications.SingleAsync(n => n.Kind == nameof(MailKind.MemberInvited));
        Assert.Equal("New.Person@Alpha.example", mail.Recipient);
        Assert.Contains("SP1000001", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("利用管理者代行", mail.Body, StringComparison.Ordinal);
        Assert.StartsWith($"invitations/{invitation.Id:N}/", mail.LinkPath, StringComparison.Ordinal);
        var secret = mail.LinkPath![$"invitations/{invitation.Id:N}/".Length..];
        var stored = await db.MemberInvitations.SingleAsync();
        Assert.True(stored.SecretMatches(secret));
        Assert.False(stored.SecretMatches(secret + "x"));
        Assert.DoesNotContain(secret, Convert.ToHexString(stored.SecretHash), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(World.Start + MemberInvitation.Lifetime, stored.ExpiresAt);
    }

    [Fact]
    public async Task ANewInvitationOfTheSameAddressReplacesTheOpenOne()
    {
        _world.ActAs(_world.AlphaAdmin);
        await Handler<InviteMemberHandler>().HandleAsync(new(_world.AlphaAccount.Id, "again@alpha.example", MemberRole.User));

        await Handler<InviteMemberHandler>().HandleAsync(new(_world.AlphaAccount.Id, "AGAIN@alpha.example", MemberRole.Deputy));

        var list = (await Handler<ListMembersHandler>().HandleAsync(new(_world.AlphaAccount.Id))).OrThrow();
        Assert.Equal(MemberRole.Deputy, Assert.Single(list.Invitations).Role);
    }

    [Fact]
    public async Task ADeputyInvitesAndRemovesUsersOnly()
    {
        _world.ActAs(_world.AlphaDeputy);
        var invite = Handler<InviteMemberHandler>();

        var asAdministrator = await invite.HandleAsync(new(_world.AlphaAccount.Id, "boss@alpha.example", MemberRole.Administrator));
        var asUser = await invite.HandleAsync(new(_world.AlphaAccount.Id, "op@alpha.example", MemberRole.User));
        var removeAdministrator = await Handler<RemoveMemberHandler>().HandleAsync(new(_world.AlphaAccount.Id, _world.AlphaAdmin.Id));
        var promoteUser = await Handler<ChangeMemberRoleHandler>().HandleAsync(new(_world.AlphaAccount.Id, _world.AlphaUser.Id, MemberRole.Deputy));
        var list = (await Handler<ListMembersHandler>().HandleAsync(new(_world.AlphaAccount.Id))).OrThrow();

        Assert.Equal(ErrorCodes.MembersRequireAdministrator, Assert.Single(asAdministrator.Errors).Code);
        Assert.True(asUser.IsOk);
        Assert.Equal(ResultStatus.Forbidden, removeAdministrator.Status);
        Assert.Equal(ResultStatus.Forbidden, promoteUser.Status);
        Assert.Equal([MemberRole.User], list.AssignableRoles);
        Assert.Equal([_world.AlphaUser.Id], list.Members.Where(m => m.CanChange).Select(m => m.UserId));
        Assert.True((await Handler<RemoveMemberHandler>().HandleAsync(new(_world.AlphaAccount.Id, _world.AlphaUser.Id))).IsOk);
    }

    [Fact]
    public async Task AUserOfTheSupportIdIsToldWhyAndAnotherCustomerLearnsNothing()
    {
        _world.ActAs(_world.AlphaUser);
        var user = await Handler<ListMembersHandler>().HandleAsync(new(_world.AlphaAccount.Id));
        var userInvites = await Handler<InviteMemberHandler>().HandleAsync(new(_world.AlphaAccount.Id, "x@alpha.example", MemberRole.User));
        _world.ActAs(_world.BetaAdmin);
        var stranger = await Handler<ListMembersHandler>().HandleAsync(new(_world.AlphaAccount.Id));
        var strangerRemoves = await Handler<RemoveMemberHandler>().HandleAsync(new(_world.AlphaAccount.Id, _world.AlphaUser.Id));

        Assert.Equal(ErrorCodes.MembersRequireAdministrator, Assert.Single(user.Errors).Code);
        Assert.Equal(ResultStatus.Forbidden, userInvites.Status);
        Assert.Equal(ResultStatus.NotFound, stranger.Status);
        Assert.Equal(ResultStatus.NotFound, strangerRemoves.Status);
    }

    [Fact]
    public async Task TheLastAdministratorCanBeNeitherRemovedNorDemoted()
    {
        _world.ActAs(_world.AlphaAdmin);

        var removed = await Handler<RemoveMemberHandler>().HandleAsync(new(_world.AlphaAccount.Id, _world.AlphaAdmin.Id));
        var demoted = await Handler<ChangeMemberRoleHandler>().HandleAsync(new(_world.AlphaAccount.Id, _world.AlphaAdmin.Id, MemberRole.User));

        Assert.Equal(ErrorCodes.LastAdministrator, Assert.Single(removed.Errors).Code);
        Assert.Equal(ErrorCodes.LastAdministrator, Assert.Single(demoted.Errors).Code);
        Assert.Empty(_world.Accounts.EndedSessions);
        await using var db = _world.Database.CreateContext();
        Assert.Equal(MemberRole.Administrator, (await db.SupportMemberships.SingleAsync(m => m.UserId == _world.AlphaAdmin.Id)).Role);
    }

    [Fact]
    public async Task RemovingAContactTellsTheManagersWhichDevicesNeedNewContactsAndEndsTheSessions()
    {
        // Devices of the world name the alpha administrator as contact 1.
        var opened = _world.AddDevice(_world.AlphaAccount, "alpha-web", ServiceStatus.Opened);
        _world.AddDevice(_world.AlphaAccount, "alpha-ended", ServiceStatus.Ended);
        _world.ActAs(_world.AlphaAdmin);
        Assert.True((await Handler<ChangeMemberRoleHandler>().HandleAsync(new(_world.AlphaAccount.Id, _world.AlphaDeputy.Id, MemberRole.Administrator))).IsOk);
        _world.ActAs(_world.AlphaDeputy);

        var removed = (await Handler<RemoveMemberHandler>().HandleAsync(new(_world.AlphaAccount.Id, _world.AlphaAdmin.Id))).OrThrow();

        Assert.Equal(1, removed.ContactDevices);
        Assert.Equal([_world.AlphaDeputy.Id, _world.AlphaAdmin.Id], _world.Accounts.EndedSessions);
        await using var db = _world.Database.CreateContext();
        var device = await db.Devices.SingleAsync(d => d.Id == opened.Id);
        var notice = await db.Notifications.SingleAsync(n => n.Kind == nameof(MailKind.ContactsNeedChange));
        Assert.Equal(_world.AlphaDeputy.Email, notice.Recipient);
        Assert.Contains(device.DeviceManagementNumber, notice.Body, StringComparison.Ordinal);
        Assert.Equal("contacts", notice.LinkPath);
        Assert.Equal(_world.AlphaAdmin.Email, (await db.Notifications.SingleAsync(n => n.Kind == nameof(MailKind.MemberRemoved))).Recipient);
        Assert.False(await db.SupportMemberships.AnyAsync(m => m.UserId == _world.AlphaAdmin.Id && m.SupportAccountId == _world.AlphaAccount.Id));
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "RemoveMember");
        Assert.Equal(_world.AlphaDeputy.Id, audit.ActorUserId);
    }

    [Fact]
    public async Task ARoleChangeIsMailedToThePersonInTheirLanguage()
    {
        _world.ActAs(_world.AlphaAdmin);

        Assert.True((await Handler<ChangeMemberRoleHandler>().HandleAsync(new(_world.AlphaAccount.Id, _world.AlphaUser.Id, MemberRole.Deputy))).IsOk);

        await using var db = _world.Database.CreateContext();
        var mail = await db.Notifications.SingleAsync(n => n.Kind == nameof(MailKind.MemberRoleChanged));
        Assert.Equal(_world.AlphaUser.Email, mail.Recipient);
        Assert.Contains("「利用者」から「利用管理者代行」", mail.Body, StringComparison.Ordinal);
        Assert.Equal([_world.AlphaUser.Id], _world.Accounts.EndedSessions);
    }

    [Fact]
    public async Task AnInvitationNoLongerStandsWhenItsSenderCouldNoLongerGiveTheRole()
    {
        _world.ActAs(_world.AlphaDeputy);
        (await Handler<InviteMemberHandler>().HandleAsync(new(_world.AlphaAccount.Id, "op@alpha.example", MemberRole.User))).OrThrow();
        await using var db = _world.Database.CreateContext();
        var invitation = await db.MemberInvitations.SingleAsync();
        var account = await db.SupportAccounts.Include(a => a.Members).SingleAsync(a => a.Id == _world.AlphaAccount.Id);
        Assert.True(invitation.IsBackedBy(account));

        _world.ActAs(_world.AlphaAdmin);
        (await Handler<RemoveMemberHandler>().HandleAsync(new(_world.AlphaAccount.Id, _world.AlphaDeputy.Id))).OrThrow();

        await using var after = _world.Database.CreateContext();
        Assert.False(invitation.IsBackedBy(await after.SupportAccounts.Include(a => a.Members).SingleAsync(a => a.Id == _world.AlphaAccount.Id)));
        Assert.Empty((await Handler<ListMembersHandler>().HandleAsync(new(_world.AlphaAccount.Id))).OrThrow().Invitations);
    }

    [Fact]
    public async Task TwoAdministratorsRemovingEachOtherAtOnceLeaveOne()
    {
        // A database file, so that each handler has a connection of its own, as two instances would.
        using var world = new World(TestDatabase.FileBacked());
        world.ActAs(world.AlphaAdmin);
        (await new ChangeMemberRoleHandler(world.Factory, world.User, world.Accounts, world.Clock).HandleAsync(new(world.AlphaAccount.Id, world.AlphaDeputy.Id, MemberRole.Administrator))).OrThrow();
        for (var round = 0; round < 5; round++)
        {
            var (a, b) = round == 0 ? (world.AlphaAdmin, world.AlphaDeputy) : await AdministratorsAsync(world);
            var one = new RemoveMemberHandler(world.Factory, new TestUser { Actor = new Actor(a.Id, a.Name, false) }, world.Accounts, world.Clock);
            var other = new RemoveMemberHandler(world.Factory, new TestUser { Actor = new Actor(b.Id, b.Name, false) }, world.Accounts, world.Clock);

            var results = await Task.WhenAll(
                Task.Run(() => one.HandleAsync(new(world.AlphaAccount.Id, b.Id))),
                Task.Run(() => other.HandleAsync(new(world.AlphaAccount.Id, a.Id))));

            Assert.Single(results, r => r.IsOk);
            Assert.Contains(results, r => r.Errors.Any(e => e.Code == ErrorCodes.LastAdministrator || e.Code == ErrorCodes.NotFound));
            await using var db = world.Database.CreateContext();
            Assert.Equal(1, await db.SupportMemberships.CountAsync(m => m.SupportAccountId == world.AlphaAccount.Id && m.Role == MemberRole.Administrator));
        }
    }

    /// <summary>The remaining administrator makes a fresh person a second one, for the next round.</summary>
    private static async Task<(Portal.Application.Domain.Users.UserProfile, Portal.Application.Domain.Users.UserProfile)> AdministratorsAsync(World world)
    {
        await using var db = world.Database.CreateContext();
        var remaining = await db.SupportMemberships.SingleAsync(m => m.SupportAccountId == world.AlphaAccount.Id && m.Role == MemberRole.Administrator);
        var person = await db.UserProfiles.SingleAsync(p => p.Id == remaining.UserId);
        var fresh = world.Person("新 管理者", "情報システム部");
        db.SupportAccounts.Include(a => a.Members).Single(a => a.Id == world.AlphaAccount.Id).AddMember(fresh.Id, MemberRole.Administrator).OrThrow();
        await db.SaveChangesAsync();
        return (person, fresh);
    }

    [Fact]
    public void AnInvitationWorksOnceAndNotAfterItsWeek()
    {
        var now = World.Start;
        var (invitation, _) = MemberInvitation.Issue(Guid.NewGuid(), "a@b.example", MemberRole.User, Guid.NewGuid(), now);
        var (late, _) = MemberInvitation.Issue(Guid.NewGuid(), "a@b.example", MemberRole.User, Guid.NewGuid(), now);

        Assert.True(invitation.Accept(Guid.NewGuid(), now.AddDays(6)).IsOk);
        Assert.Equal(ErrorCodes.InvitationUsed, Assert.Single(invitation.Accept(Guid.NewGuid(), now.AddDays(6)).Errors).Code);
        Assert.Equal(ErrorCodes.InvitationExpired, Assert.Single(late.Accept(Guid.NewGuid(), now + MemberInvitation.Lifetime).Errors).Code);
        Assert.True(invitation.IsFor("A@B.example "));
    }

    public void Dispose()
    {
        _services.Dispose();
        _world.Dispose();
    }
}
