using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Domain.Registrations;
using Portal.Application.Features.Devices;
using Portal.Application.Features.Profile;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

public sealed class ProfileAndSiteTests : IDisposable
{
    private readonly World _world = new();

    private UpdateMyProfileHandler UpdateProfile => new(_world.Factory, _world.User, _world.Clock);

    private ChangeInstallationSiteHandler ChangeSite => new(_world.Factory, _world.User, _world.Clock);

    [Theory]
    [InlineData("03-1234-5678", "03-1234-5678")]
    [InlineData("0312345678", "0312345678")]
    [InlineData("090-1234-5678", "090-1234-5678")]
    [InlineData("09012345678", "09012345678")]
    [InlineData("0120-000-000", "0120-000-000")]
    [InlineData("０３－１２３４－５６７８", "03-1234-5678")]
    [InlineData(" 06-6543-2101 ", "06-6543-2101")]
    public async Task JapanesePhoneNumbersWithOrWithoutHyphensAreAccepted(string typed, string stored)
    {
        _world.ActAs(_world.AlphaUser);

        var result = await UpdateProfile.HandleAsync(new UpdateMyProfileCommand("鈴木 一郎", "suzuki@alpha.example", typed, "製造部"));

        Assert.True(result.IsOk, string.Join(",", result.Errors));
        await using var db = _world.Database.CreateContext();
        Assert.Equal(stored, (await db.UserProfiles.SingleAsync(p => p.Id == _world.AlphaUser.Id)).Phone);
    }

    [Theory]
    [InlineData("")]
    [InlineData("3-1234-5678")]
    [InlineData("03-1234-567")]
    [InlineData("090-1234-56789")]
    [InlineData("03--1234-5678")]
    [InlineData("03-1234-5678-")]
    [InlineData("+81-3-1234-5678")]
    [InlineData("03(1234)5678")]
    public async Task OtherPhoneNumbersAreRefused(string typed)
    {
        _world.ActAs(_world.AlphaUser);

        var result = await UpdateProfile.HandleAsync(new UpdateMyProfileCommand("鈴木 一郎", "suzuki@alpha.example", typed, "製造部"));

        Assert.Equal((ResultStatus.Invalid, ErrorCodes.PhoneInvalid, "Phone"), (result.Status, result.Errors[0].Code, result.Errors[0].Field));
    }

    [Theory]
    [InlineData("suzuki")]
    [InlineData("suzuki@alpha")]
    [InlineData("鈴木 <suzuki@alpha.example>")]
    [InlineData("suzuki@alpha.example, sato@alpha.example")]
    [InlineData("suzuki @alpha.example")]
    [InlineData("taro.@docomo.ne.jp")]
    [InlineData("taro..yamada@docomo.ne.jp")]
    [InlineData(".taro@docomo.ne.jp")]
    public async Task MalformedEmailAddressesAreRefused(string typed)
    {
        _world.ActAs(_world.AlphaUser);

        var result = await UpdateProfile.HandleAsync(new UpdateMyProfileCommand("鈴木 一郎", typed, "03-1234-5678", "製造部"));

        Assert.Equal((ErrorCodes.EmailInvalid, "Email"), (result.Errors[0].Code, result.Errors[0].Field));
    }

    [Fact]
    public async Task EveryProblemIsNamedAtOnceAndNothingChanges()
    {
        _world.ActAs(_world.AlphaAdmin);

        var result = await UpdateProfile.HandleAsync(new UpdateMyProfileCommand(" ", "bad", "123", "  "));

        Assert.Equal(
            [(ErrorCodes.NameRequired, "Name"), (ErrorCodes.EmailInvalid, "Email"), (ErrorCodes.PhoneInvalid, "Phone"), (ErrorCodes.AffiliationRequired, "Affiliation")],
            result.Errors.Select(e => (e.Code, e.Field!)));
        await using var db = _world.Database.CreateContext();
        var profile = await db.UserProfiles.SingleAsync(p => p.Id == _world.AlphaAdmin.Id);
        Assert.Equal((_world.AlphaAdmin.Name, _world.AlphaAdmin.Phone, _world.AlphaAdmin.Affiliation), (profile.Name, profile.Phone, profile.Affiliation));
        Assert.Empty(await db.AuditEntries.ToListAsync());
    }

    [Fact]
    public async Task EachPersonEditsOnlyTheirOwnProfileAndTheEditIsAudited()
    {
        _world.ActAs(_world.AlphaUser);

        var result = await UpdateProfile.HandleAsync(new UpdateMyProfileCommand("鈴木 一郎", "suzuki@alpha.example", "090-1111-2222", "製造部"));

        Assert.True(result.IsOk);
        await using var db = _world.Database.CreateContext();
        Assert.Equal("製造部", (await db.UserProfiles.SingleAsync(p => p.Id == _world.AlphaUser.Id)).Affiliation);
        Assert.Equal(_world.AlphaAdmin.Affiliation, (await db.UserProfiles.SingleAsync(p => p.Id == _world.AlphaAdmin.Id)).Affiliation);
        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal(("UpdateProfile", _world.AlphaUser.Id.ToString(), _world.AlphaUser.Id), (audit.Action, audit.EntityId, audit.ActorUserId!.Value));
        Assert.Contains("\"Affiliation\":\"\"", audit.Before, StringComparison.Ordinal);
        Assert.Contains("\"Affiliation\":\"製造部\"", audit.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdministratorsChangeTheSiteWhichIsRecordedWithItsDate()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        _world.ActAs(_world.AlphaDeputy);
        _world.Clock.Advance(TimeSpan.FromDays(2));

        var result = await ChangeSite.HandleAsync(new ChangeInstallationSiteCommand(device.Id, "〒１００－０００５", "東京都", "千代田区丸の内1-1-1", "アルファビル 5F"));

        Assert.True(result.IsOk, string.Join(",", result.Errors));
        var detail = (await new GetDeviceDetailHandler(_world.Factory, _world.User, _world.Clock).HandleAsync(new(device.Id))).Value!;
        Assert.Equal("〒100-0005 東京都 千代田区丸の内1-1-1 アルファビル 5F", detail.InstallationSite.ToString());
        Assert.Equal(World.Start.AddDays(2), detail.SiteChangedAt);
        var timeline = (await new GetDeviceTimelineHandler(_world.Factory, _world.User, _world.Clock).HandleAsync(new GetDeviceTimelineQuery(device.Id))).Value!;
        var change = Assert.Single(timeline.Entries);
        Assert.Equal(("ChangeInstallationSite", _world.AlphaDeputy.Name, World.Start.AddDays(2)), (change.Change!.Action, change.ActorName, change.At));
        Assert.Equal("〒100-0005 東京都 千代田区丸の内1-1-1 アルファビル 5F", Assert.Single(change.Change.Fields).After);
    }

    [Fact]
    public async Task ASiteWithABadPostalCodeOrPrefectureIsRefusedFieldByField()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        _world.ActAs(_world.AlphaAdmin);

        var result = await ChangeSite.HandleAsync(new ChangeInstallationSiteCommand(device.Id, "100-005", "東京", " ", null));

        Assert.Equal(
            [(ErrorCodes.PostalCodeInvalid, "PostalCode"), (ErrorCodes.PrefectureInvalid, "Prefecture"), (ErrorCodes.AddressRequired, "AddressLine")],
            result.Errors.Select(e => (e.Code, e.Field!)));
        await using var db = _world.Database.CreateContext();
        Assert.Null((await db.Devices.SingleAsync(d => d.Id == device.Id)).SiteChangedAt);
    }

    [Fact]
    public async Task UsersAndOtherCustomersCannotChangeTheSite()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        var command = new ChangeInstallationSiteCommand(device.Id, "1000005", "東京都", "千代田区丸の内1-1-1", null);

        _world.ActAs(_world.AlphaUser);
        var user = await ChangeSite.HandleAsync(command);
        _world.ActAs(_world.BetaAdmin);
        var other = await ChangeSite.HandleAsync(command);

        Assert.Equal((ResultStatus.Forbidden, ErrorCodes.ChangeRequiresAdministrator), (user.Status, user.Errors[0].Code));
        Assert.Equal(ResultStatus.NotFound, other.Status);
        Assert.Equal(ResultStatus.NotFound, (await new GetDeviceTimelineHandler(_world.Factory, _world.User, _world.Clock).HandleAsync(new GetDeviceTimelineQuery(device.Id))).Status);
    }

    public void Dispose() => _world.Dispose();
}
