using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Users;
using Portal.Application.Features.Devices;
using Portal.Application.Features.Tokens;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

/// <summary>
/// Personal access tokens: made for one's own support IDs, found by their id and proved by their secret, acting with
/// the owner's role as it is at each call, limited to the token's support IDs, and read-only unless made read-write.
/// </summary>
public sealed class PersonalAccessTokenTests : IDisposable
{
    private readonly World _world = new();

    private CreateTokenHandler Create => new(_world.Factory, _world.User, _world.Clock);

    private AuthenticateTokenHandler Authenticate => new(_world.Factory, _world.Clock);

    private DateOnly InDays(int days) => JapanTime.Today(_world.Clock).AddDays(days);

    private async Task<CreatedToken> MakeAsync(Portal.Application.Domain.Users.UserProfile owner, TokenScope scope, params Guid[] accounts)
    {
        _world.ActAs(owner);
        var created = await Create.HandleAsync(new CreateTokenCommand("script", scope, accounts, InDays(30)));
        Assert.True(created.IsOk, created.Errors.Count > 0 ? created.Errors[0].Code : null);
        return created.Value!;
    }

    [Fact]
    public async Task ATokenIsShownOnceAndStoredOnlyAsTheHashOfItsSecret()
    {
        var created = await MakeAsync(_world.AlphaUser, TokenScope.Read, _world.AlphaAccount.Id);

        Assert.StartsWith(PersonalAccessToken.Prefix, created.Text, StringComparison.Ordinal);
        await using var db = _world.Database.CreateContext();
        var stored = await db.PersonalAccessTokens.SingleAsync();
        var (_, secret) = PersonalAccessToken.Parse(created.Text)!.Value;
        Assert.Equal(32, stored.SecretHash.Length);
        Assert.DoesNotContain(secret, System.Text.Encoding.UTF8.GetString(stored.SecretHash), StringComparison.Ordinal);
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "TokenCreated");
        Assert.DoesNotContain(secret, audit.After ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenIsMadeOnlyForTheOwnersSupportIdsAndWithinAYear()
    {
        _world.ActAs(_world.AlphaUser);

        var foreign = await Create.HandleAsync(new CreateTokenCommand("script", TokenScope.Read, [_world.BetaAccount.Id], InDays(30)));
        var tooLong = await Create.HandleAsync(new CreateTokenCommand("script", TokenScope.Read, [_world.AlphaAccount.Id], InDays(400)));
        var unnamed = await Create.HandleAsync(new CreateTokenCommand(" ", TokenScope.Read, [], InDays(30)));
        var farAway = await Create.HandleAsync(new CreateTokenCommand("script", TokenScope.Read, [_world.AlphaAccount.Id], DateOnly.MaxValue));

        Assert.Equal(ResultStatus.NotFound, foreign.Status);
        Assert.Equal([ErrorCodes.TokenExpiryInvalid], tooLong.Errors.Select(e => e.Code));
        Assert.Equal([ErrorCodes.TokenNameRequired, ErrorCodes.TokenNeedsSupportId], unnamed.Errors.Select(e => e.Code));
        Assert.Equal([ErrorCodes.TokenExpiryInvalid], farAway.Errors.Select(e => e.Code));
        await using var db = _world.Database.CreateContext();
        Assert.Empty(await db.PersonalAccessTokens.ToListAsync());
    }

    [Fact]
    public async Task TheTokensIdFindsItAndOnlyItsOwnSecretProvesIt()
    {
        var created = await MakeAsync(_world.AlphaAdmin, TokenScope.Read, _world.AlphaAccount.Id);
        var other = await MakeAsync(_world.BetaAdmin, TokenScope.Read, _world.BetaAccount.Id);
        var (id, _) = PersonalAccessToken.Parse(created.Text)!.Value;
        var (_, otherSecret) = PersonalAccessToken.Parse(other.Text)!.Value;

        var actor = await Authenticate.HandleAsync(new(created.Text));
        var mixed = await Authenticate.HandleAsync(new($"{PersonalAccessToken.Prefix}{id:N}_{otherSecret}"));

        Assert.Equal(_world.AlphaAdmin.Id, actor?.UserId);
        Assert.Equal($"{_world.AlphaAdmin.Name} (API: script)", actor!.Name);
        Assert.Equal([_world.AlphaAccount.Id], actor?.Token?.SupportAccountIds);
        Assert.False(actor!.IsStaff);
        Assert.Null(mixed);
        Assert.Null(await Authenticate.HandleAsync(new("ers_not-a-token")));
    }

    [Fact]
    public async Task ATokenSeesOnlyItsOwnSupportIdsEvenWhenItsOwnerSeesMore()
    {
        using (var db = _world.Database.CreateContext())
        {
            db.SupportAccounts.Single(a => a.Id == _world.BetaAccount.Id).AddMember(_world.AlphaAdmin.Id, MemberRole.Administrator);
            db.SaveChanges();
        }

        var alpha = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        var beta = _world.AddDevice(_world.BetaAccount, "beta-01", ServiceStatus.Opened);
        var created = await MakeAsync(_world.AlphaAdmin, TokenScope.ReadWrite, _world.AlphaAccount.Id);
        _world.User.Actor = await Authenticate.HandleAsync(new(created.Text));

        var listed = await new ListMyDevicesHandler(_world.Factory, _world.User, _world.Clock).HandleAsync(new ListMyDevicesQuery());
        var detail = new GetDeviceDetailHandler(_world.Factory, _world.User, _world.Clock);

        Assert.Equal([alpha.Id], listed.Value!.Rows.Select(r => r.Id));
        Assert.True((await detail.HandleAsync(new(alpha.Id))).IsOk);
        Assert.Equal(ResultStatus.NotFound, (await detail.HandleAsync(new(beta.Id))).Status);
    }

    [Fact]
    public async Task AReadTokenChangesNothingWhateverItsOwnersRole()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        var read = await MakeAsync(_world.AlphaAdmin, TokenScope.Read, _world.AlphaAccount.Id);
        var write = await MakeAsync(_world.AlphaAdmin, TokenScope.ReadWrite, _world.AlphaAccount.Id);
        var change = new ChangeInstallationSiteCommand(device.Id, "100-0005", "東京都", "千代田区丸の内1-1-1", null);

        _world.User.Actor = await Authenticate.HandleAsync(new(read.Text));
        var refused = await new ChangeInstallationSiteHandler(_world.Factory, _world.User, _world.Clock).HandleAsync(change);
        _world.User.Actor = await Authenticate.HandleAsync(new(write.Text));
        var changed = await new ChangeInstallationSiteHandler(_world.Factory, _world.User, _world.Clock).HandleAsync(change);

        Assert.Equal((ResultStatus.Forbidden, ErrorCodes.TokenReadOnly), (refused.Status, refused.Errors[0].Code));
        Assert.True(changed.IsOk);
    }

    [Fact]
    public async Task ATokenActsWithItsOwnersRoleAsItIsAtEachCall()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        var created = await MakeAsync(_world.AlphaDeputy, TokenScope.ReadWrite, _world.AlphaAccount.Id);
        var change = new ChangeInstallationSiteCommand(device.Id, "100-0005", "東京都", "千代田区丸の内1-1-1", null);
        using (var db = _world.Database.CreateContext())
        {
            db.SupportAccounts.Include(a => a.Members).Single(a => a.Id == _world.AlphaAccount.Id).ChangeRole(MemberRole.Administrator, _world.AlphaDeputy.Id, MemberRole.User).OrThrow();
            db.SaveChanges();
        }

        _world.User.Actor = await Authenticate.HandleAsync(new(created.Text));
        var refused = await new ChangeInstallationSiteHandler(_world.Factory, _world.User, _world.Clock).HandleAsync(change);

        Assert.Equal((ResultStatus.Forbidden, ErrorCodes.ChangeRequiresAdministrator), (refused.Status, refused.Errors[0].Code));
    }

    [Fact]
    public async Task ARevokedOrExpiredTokenActsAsNobody()
    {
        var revoked = await MakeAsync(_world.AlphaUser, TokenScope.Read, _world.AlphaAccount.Id);
        var expiring = await MakeAsync(_world.AlphaUser, TokenScope.Read, _world.AlphaAccount.Id);
        Assert.True((await new RevokeTokenHandler(_world.Factory, _world.User, _world.Clock).HandleAsync(new RevokeTokenCommand(revoked.Id))).IsOk);

        Assert.Null(await Authenticate.HandleAsync(new(revoked.Text)));
        Assert.NotNull(await Authenticate.HandleAsync(new(expiring.Text)));
        _world.Clock.Advance(TimeSpan.FromDays(32));
        Assert.Null(await Authenticate.HandleAsync(new(expiring.Text)));
    }

    [Fact]
    public async Task AnAdministratorSeesAndRevokesTheTokensOfTheirSupportIdsMembersAndNobodyElseCan()
    {
        var users = await MakeAsync(_world.AlphaUser, TokenScope.Read, _world.AlphaAccount.Id);
        var revoke = new RevokeTokenHandler(_world.Factory, _world.User, _world.Clock);
        var list = new ListTokensHandler(_world.Factory, _world.User, _world.Clock);

        _world.ActAs(_world.BetaAdmin);
        Assert.Equal(ResultStatus.NotFound, (await revoke.HandleAsync(new RevokeTokenCommand(users.Id))).Status);
        Assert.Equal(ResultStatus.NotFound, (await list.HandleAsync(new ListTokensQuery(_world.AlphaAccount.Id))).Status);
        _world.ActAs(_world.AlphaDeputy);
        Assert.Equal(ResultStatus.NotFound, (await revoke.HandleAsync(new RevokeTokenCommand(users.Id))).Status);

        _world.ActAs(_world.AlphaAdmin);
        var seen = await list.HandleAsync(new ListTokensQuery(_world.AlphaAccount.Id));
        var revoked = await revoke.HandleAsync(new RevokeTokenCommand(users.Id));

        var row = Assert.Single(seen.Value!);
        Assert.Equal(_world.AlphaUser.Name, row.OwnerName);
        Assert.Equal(["SP1000001"], row.SupportIds);
        Assert.True(revoked.IsOk);
        Assert.Null(await Authenticate.HandleAsync(new(users.Text)));
        await using var db = _world.Database.CreateContext();
        Assert.Equal(_world.AlphaAdmin.Id, (await db.AuditEntries.SingleAsync(a => a.Action == "TokenRevoked")).ActorUserId);
    }

    [Fact]
    public async Task AnAdministratorSeesOnlyTheirOwnSupportIdsOfAMembersTokenThatAlsoReachesAnotherCustomer()
    {
        using (var db = _world.Database.CreateContext())
        {
            db.SupportAccounts.Single(a => a.Id == _world.BetaAccount.Id).AddMember(_world.AlphaUser.Id, MemberRole.User);
            db.SaveChanges();
        }

        await MakeAsync(_world.AlphaUser, TokenScope.Read, _world.AlphaAccount.Id, _world.BetaAccount.Id);
        _world.ActAs(_world.AlphaAdmin);

        var seen = await new ListTokensHandler(_world.Factory, _world.User, _world.Clock).HandleAsync(new ListTokensQuery(_world.AlphaAccount.Id));

        Assert.Equal(["SP1000001"], Assert.Single(seen.Value!).SupportIds);
    }

    [Fact]
    public async Task AMemberRemovedFromASupportIdKeepsNoTokenForItEvenWhenInvitedBack()
    {
        var created = await MakeAsync(_world.AlphaUser, TokenScope.Read, _world.AlphaAccount.Id);
        _world.ActAs(_world.AlphaAdmin);

        var removed = await new Portal.Application.Features.Members.RemoveMemberHandler(_world.Factory, _world.User, _world.Accounts, _world.Clock)
            .HandleAsync(new Portal.Application.Features.Members.RemoveMemberCommand(_world.AlphaAccount.Id, _world.AlphaUser.Id));
        using (var db = _world.Database.CreateContext())
        {
            db.SupportAccounts.Include(a => a.Members).Single(a => a.Id == _world.AlphaAccount.Id).AddMember(_world.AlphaUser.Id, MemberRole.User).OrThrow();
            db.SaveChanges();
        }

        Assert.True(removed.IsOk, removed.Errors.Count > 0 ? removed.Errors[0].Code : null);
        Assert.Null(await Authenticate.HandleAsync(new(created.Text)));
        await using var check = _world.Database.CreateContext();
        var token = await check.PersonalAccessTokens.SingleAsync();
        Assert.Empty(token.SupportAccountIds);
        Assert.Equal(_world.AlphaAdmin.Id, token.RevokedBy);
    }

    [Fact]
    public async Task AReadWriteTokenOfAnAdministratorAppliesForADeviceAndAReadTokenCannot()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-new", ServiceStatus.NotApplied);
        var read = await MakeAsync(_world.AlphaAdmin, TokenScope.Read, _world.AlphaAccount.Id);
        var write = await MakeAsync(_world.AlphaAdmin, TokenScope.ReadWrite, _world.AlphaAccount.Id);
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(_world.Clock).AddSingleton<IPortalDbContextFactory>(_world.Database).AddSingleton<ICurrentUser>(_world.User)
            .AddSingleton<IAccounts>(_world.Accounts).AddSingleton(_world.KeyFiles)
            .AddPortalApplication(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        await using var provider = services.BuildServiceProvider();
        var apply = provider.GetRequiredService<Portal.Application.Features.Applications.ApplyForServiceHandler>();
        var command = new Portal.Application.Features.Applications.ApplyForServiceCommand(_world.AlphaAccount.Id, [device.Id], new Portal.Application.Features.Contacts.ContactRequest(_world.AlphaAdmin.Id, null), null);

        _world.User.Actor = await Authenticate.HandleAsync(new(read.Text));
        var refused = await apply.HandleAsync(command);
        _world.User.Actor = await Authenticate.HandleAsync(new(write.Text));
        var applied = await apply.HandleAsync(command);

        Assert.Equal(ErrorCodes.TokenReadOnly, refused.Errors[0].Code);
        Assert.True(applied.IsOk, applied.Errors.Count > 0 ? applied.Errors[0].Code : null);
        await using var db = _world.Database.CreateContext();
        Assert.Equal(ServiceStatus.Applied, (await db.Registrations.SingleAsync(r => r.DeviceId == device.Id)).Status);
        Assert.Contains("(API: script)", (await db.AuditEntries.Where(a => a.DeviceId == device.Id).Select(a => a.ActorName).FirstAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenCannotMakeAnotherToken()
    {
        var created = await MakeAsync(_world.AlphaAdmin, TokenScope.ReadWrite, _world.AlphaAccount.Id);
        _world.User.Actor = await Authenticate.HandleAsync(new(created.Text));

        var again = await Create.HandleAsync(new CreateTokenCommand("copy", TokenScope.ReadWrite, [_world.AlphaAccount.Id], InDays(30)));

        Assert.Equal(ResultStatus.Forbidden, again.Status);
    }

    public void Dispose() => _world.Dispose();
}
