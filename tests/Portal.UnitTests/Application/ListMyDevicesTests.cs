using Portal.Application.Common;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Registrations;
using Portal.Application.Features.Devices;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

public sealed class ListMyDevicesTests : IDisposable
{
    private readonly World _world = new();

    private ListMyDevicesHandler Handler => new(_world.Factory, _world.User);

    [Fact]
    public async Task CustomerSeesOnlyTheDevicesOfTheirOwnSupportIds()
    {
        var mine = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        _world.AddDevice(_world.BetaAccount, "beta-01", ServiceStatus.Opened);
        _world.ActAs(_world.AlphaUser);

        var result = await Handler.HandleAsync();

        var device = Assert.Single(result.Value!);
        Assert.Equal(mine.Id, device.Id);
        Assert.Equal(ServiceStatus.Opened, device.Status);
        Assert.Equal(MemberRole.User, device.Role);
        Assert.Equal("SP1000001", device.SupportId);
    }

    [Fact]
    public async Task AMemberOfTwoSupportIdsSeesBoth()
    {
        using (var db = _world.Database.CreateContext())
        {
            var beta = db.SupportAccounts.Single(a => a.Id == _world.BetaAccount.Id);
            beta.AddMember(_world.AlphaAdmin.Id, MemberRole.Deputy);
            db.SaveChanges();
        }

        _world.AddDevice(_world.AlphaAccount, "alpha-01");
        _world.AddDevice(_world.BetaAccount, "beta-01", ServiceStatus.Applied);
        _world.ActAs(_world.AlphaAdmin);

        var result = await Handler.HandleAsync();

        Assert.Equal(["alpha-01", "beta-01"], result.Value!.Select(d => d.HostName));
        Assert.Equal([MemberRole.Administrator, MemberRole.Deputy], result.Value!.Select(d => d.Role));
    }

    [Fact]
    public async Task StatusIsTheRegistrationsStatus()
    {
        foreach (var status in Enum.GetValues<ServiceStatus>())
        {
            _world.AddDevice(_world.AlphaAccount, $"host-{status}", status);
        }

        _world.ActAs(_world.AlphaDeputy);

        var result = await Handler.HandleAsync();

        Assert.Equal(
            Enum.GetValues<ServiceStatus>().Select(s => ($"host-{s}", s)).OrderBy(x => x.Item1),
            result.Value!.Select(d => (d.HostName, d.Status)).OrderBy(x => x.HostName));
    }

    [Fact]
    public async Task NobodySignedInIsRefused()
    {
        _world.AddDevice(_world.AlphaAccount, "alpha-01");
        _world.ActAnonymously();

        var result = await Handler.HandleAsync();

        Assert.Equal(ResultStatus.Forbidden, result.Status);
        Assert.Null(result.Value);
    }

    public void Dispose() => _world.Dispose();
}
