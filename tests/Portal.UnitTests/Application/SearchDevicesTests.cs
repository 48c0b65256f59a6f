using Portal.Application.Common;
using Portal.Application.Features.Staff;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

public sealed class SearchDevicesTests : IDisposable
{
    private readonly World _world = new();

    private SearchDevicesHandler Handler => new(_world.Factory, _world.User);

    [Fact]
    public async Task StaffFindDevicesOfEveryCustomerByPrefix()
    {
        var alpha = _world.AddDevice(_world.AlphaAccount, "alpha-db01");
        var beta = _world.AddDevice(_world.BetaAccount, "beta-db01");
        _world.ActAsStaff();

        var bySerial = (await Handler.HandleAsync(beta.SerialNumber[..8])).Value!;
        var byHost = (await Handler.HandleAsync("ALPHA-")).Value!;
        var bySupportId = (await Handler.HandleAsync("SP2")).Value!;
        var everything = (await Handler.HandleAsync(null)).Value!;

        Assert.Equal([beta.Id], bySerial.Select(d => d.Id));
        Assert.Equal([alpha.Id], byHost.Select(d => d.Id));
        Assert.Equal([beta.Id], bySupportId.Select(d => d.Id));
        Assert.Equal(2, everything.Count);
    }

    [Fact]
    public async Task CustomersAreRefused()
    {
        _world.AddDevice(_world.BetaAccount, "beta-db01");
        _world.ActAs(_world.AlphaAdmin);

        var result = await Handler.HandleAsync("beta");

        Assert.Equal(ResultStatus.Forbidden, result.Status);
        Assert.Equal(ErrorCodes.StaffOnly, result.Errors[0].Code);
        Assert.Null(result.Value);
    }

    public void Dispose() => _world.Dispose();
}
