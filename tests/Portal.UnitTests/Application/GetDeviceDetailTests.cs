using Portal.Application.Common;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Registrations;
using Portal.Application.Features.Devices;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

public sealed class GetDeviceDetailTests : IDisposable
{
    private readonly World _world = new();

    private GetDeviceDetailHandler Handler => new(_world.Factory, _world.User, _world.Clock);

    [Fact]
    public async Task MemberSeesTheDeviceWithRegistrationContactsAndTimeline()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        _world.ActAs(_world.AlphaDeputy);

        var result = await Handler.HandleAsync(new(device.Id));

        Assert.True(result.IsOk);
        var detail = result.Value!;
        Assert.Equal(MemberRole.Deputy, detail.Role);
        Assert.Equal(ServiceStatus.Opened, detail.Registration.Status);
        Assert.Equal(_world.AlphaAdmin.Name, Assert.Single(detail.Registration.Contacts).Name);
        Assert.Equal(
            [ServiceStatus.Applied, ServiceStatus.Accepted, ServiceStatus.Opened],
            detail.Registration.Timeline.Select(t => t.To));
        Assert.Equal(detail.Registration.KeyIssuedAt!.Value.AddHours(1), detail.Registration.OpeningPossibleFrom);
    }

    [Fact]
    public async Task AnotherCustomersDeviceIsNotFound()
    {
        var betaDevice = _world.AddDevice(_world.BetaAccount, "beta-01", ServiceStatus.Opened);
        _world.ActAs(_world.AlphaAdmin);

        var result = await Handler.HandleAsync(new(betaDevice.Id));

        Assert.Equal(ResultStatus.NotFound, result.Status);
        Assert.Null(result.Value);
    }

    [Fact]
    public async Task UnknownDeviceIsNotFound()
    {
        _world.ActAs(_world.AlphaAdmin);

        var result = await Handler.HandleAsync(new(Guid.NewGuid()));

        Assert.Equal(ResultStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task StaffSeeEveryCustomersDeviceWithoutARole()
    {
        var betaDevice = _world.AddDevice(_world.BetaAccount, "beta-01");
        _world.ActAsStaff();

        var result = await Handler.HandleAsync(new(betaDevice.Id));

        Assert.True(result.IsOk);
        Assert.Null(result.Value!.Role);
        Assert.Equal("SP2000001", result.Value.SupportId);
    }

    public void Dispose() => _world.Dispose();
}
