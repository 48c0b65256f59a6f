using Portal.Application.Common;
using Portal.Application.Domain.Registrations;
using Portal.Application.Features.Applications;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

public sealed class ListApplicableDevicesTests : IDisposable
{
    private readonly World _world = new();

    private ListApplicableDevicesHandler Handler => new(_world.Factory, _world.User, _world.Clock);

    [Fact]
    public async Task PagesThroughTheDevicesThatMayBeAppliedForInManagementNumberOrder()
    {
        for (var i = 0; i < 60; i++)
        {
            _world.AddDevice(_world.AlphaAccount, $"new-{i:00}", i % 2 == 0 ? ServiceStatus.NotApplied : ServiceStatus.Ended, withRegistration: i % 3 != 0);
        }

        _world.AddDevice(_world.AlphaAccount, "opened", ServiceStatus.Opened);
        _world.AddDevice(_world.AlphaAccount, "applied", ServiceStatus.Applied);
        _world.ActAs(_world.AlphaAdmin);

        var first = (await Handler.HandleAsync(new ListApplicableDevicesQuery(_world.AlphaAccount.Id))).Value!;
        var last = (await Handler.HandleAsync(new ListApplicableDevicesQuery(_world.AlphaAccount.Id, Page: 99))).Value!;

        Assert.Equal(60, first.Matching);
        Assert.Equal(25, first.Rows.Count);
        Assert.Equal(2, last.Page);
        Assert.Equal(10, last.Rows.Count);
        var all = first.Rows.Concat((await Handler.HandleAsync(new ListApplicableDevicesQuery(_world.AlphaAccount.Id, Page: 1))).Value!.Rows).Concat(last.Rows).ToList();
        Assert.Equal(60, all.Select(d => d.Id).Distinct().Count());
        Assert.Equal(all.Select(d => d.DeviceManagementNumber).Order(StringComparer.Ordinal), all.Select(d => d.DeviceManagementNumber));
        Assert.DoesNotContain(all, d => d.HostName is "opened" or "applied");
    }

    [Fact]
    public async Task SearchesAnyPartOfTheNumbersAndHostNameLiterally()
    {
        _world.AddDevice(_world.AlphaAccount, "web_01");
        _world.AddDevice(_world.AlphaAccount, "web-02");
        _world.AddDevice(_world.AlphaAccount, "db-01", serialNumber: "SER-WEB");
        _world.ActAs(_world.AlphaAdmin);

        var web = (await Handler.HandleAsync(new ListApplicableDevicesQuery(_world.AlphaAccount.Id, "WEB"))).Value!;
        var underscore = (await Handler.HandleAsync(new ListApplicableDevicesQuery(_world.AlphaAccount.Id, "b_0"))).Value!;

        Assert.Equal(["db-01", "web-02", "web_01"], web.Rows.Select(r => r.HostName).Order(StringComparer.Ordinal));
        Assert.Equal("web_01", Assert.Single(underscore.Rows).HostName);
    }

    [Fact]
    public async Task OnlyAnAdministratorOrDeputyOfTheSupportIdGetsItsDevices()
    {
        _world.AddDevice(_world.BetaAccount, "beta-01");
        _world.AddDevice(_world.AlphaAccount, "alpha-01");

        _world.ActAs(_world.AlphaAdmin);
        var otherCustomers = await Handler.HandleAsync(new ListApplicableDevicesQuery(_world.BetaAccount.Id));
        _world.ActAs(_world.AlphaUser);
        var userRole = await Handler.HandleAsync(new ListApplicableDevicesQuery(_world.AlphaAccount.Id));
        _world.ActAs(_world.AlphaDeputy);
        var deputy = await Handler.HandleAsync(new ListApplicableDevicesQuery(_world.AlphaAccount.Id));

        Assert.Equal(ErrorCodes.ApplyRequiresAdministrator, otherCustomers.Errors[0].Code);
        Assert.Equal(ErrorCodes.ApplyRequiresAdministrator, userRole.Errors[0].Code);
        Assert.Equal("alpha-01", Assert.Single(deputy.Value!.Rows).HostName);
    }

    [Fact]
    public async Task TheDashboardAndEveryPickerFindTheSameDevicesForTheSameSearch()
    {
        // One definition (DeviceSearch): numbers, host name and the support ID, any part, any case.
        _world.AddDevice(_world.AlphaAccount, "web-01", ServiceStatus.Opened);
        _world.AddDevice(_world.AlphaAccount, "db-01", ServiceStatus.Opened, serialNumber: "SER-WEB");
        _world.AddDevice(_world.AlphaAccount, "app-01", ServiceStatus.Opened);
        _world.AddDevice(_world.AlphaAccount, "new-web", ServiceStatus.NotApplied);
        _world.ActAs(_world.AlphaAdmin);
        var dashboard = new Portal.Application.Features.Devices.ListMyDevicesHandler(_world.Factory, _world.User, _world.Clock);
        var maintenance = new Portal.Application.Features.Maintenance.ListMaintainableDevicesHandler(_world.Factory, _world.User);
        var contacts = new Portal.Application.Features.Contacts.ListContactsDeviceIdsHandler(_world.Factory, _world.User);

        // The support ID by its start only: its digits alone ("01" of host web-01 is in SP1000001 too) match nothing.
        foreach (var (term, expected) in new[] { ("web", 2), ("sp100000", 3), ("1000001", 0), ("web-01", 1), ("no-such", 0) })
        {
            var onDashboard = (await dashboard.HandleAsync(new(term, ServiceStatus.Opened, WithSummary: false))).Value!.Rows.Select(d => d.Id).Order();
            var inMaintenance = (await maintenance.HandleAsync(new(term))).Value!.Rows.Select(d => d.Id).Order();
            var inContacts = (await contacts.HandleAsync(new(_world.AlphaAccount.Id, term))).Value!.Order();
            Assert.Equal(expected, onDashboard.Count());
            Assert.Equal(onDashboard, inMaintenance);
            Assert.Equal(onDashboard, inContacts);
        }

        var applicable = (await Handler.HandleAsync(new ListApplicableDevicesQuery(_world.AlphaAccount.Id, "SP1000001"))).Value!;
        Assert.Equal("new-web", Assert.Single(applicable.Rows).HostName);
    }

    public void Dispose() => _world.Dispose();
}

public sealed class ListMaintainableDevicesTests : IDisposable
{
    private readonly World _world = new();

    [Fact]
    public async Task OnlyOpenedDevicesOfSupportIdsThePersonAdministersComeAPageAtATime()
    {
        for (var i = 0; i < 30; i++)
        {
            _world.AddDevice(_world.AlphaAccount, $"open-{i:00}", ServiceStatus.Opened);
        }

        _world.AddDevice(_world.AlphaAccount, "accepted", ServiceStatus.Accepted);
        _world.AddDevice(_world.BetaAccount, "beta-open", ServiceStatus.Opened);
        var handler = new Portal.Application.Features.Maintenance.ListMaintainableDevicesHandler(_world.Factory, _world.User);

        _world.ActAs(_world.AlphaAdmin);
        var first = (await handler.HandleAsync(new())).Value!;
        var second = (await handler.HandleAsync(new(Page: 1))).Value!;
        var searched = (await handler.HandleAsync(new("OPEN-1"))).Value!;
        _world.ActAs(_world.AlphaUser);
        var userRole = (await handler.HandleAsync(new())).Value!;

        Assert.Equal((30, 25, 5), (first.Matching, first.Rows.Count, second.Rows.Count));
        Assert.All(first.Rows.Concat(second.Rows), r => Assert.StartsWith("open-", r.HostName, StringComparison.Ordinal));
        Assert.Equal(10, searched.Matching);
        Assert.Equal(0, userRole.Matching);
    }

    public void Dispose() => _world.Dispose();
}
