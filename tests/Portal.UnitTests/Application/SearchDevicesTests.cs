using Portal.Application.Common;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;
using Portal.Application.Features.Staff;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

public sealed class SearchDevicesTests : IDisposable
{
    private readonly World _world = new();
    private readonly Device _target;

    public SearchDevicesTests()
    {
        // The target is opened, so its contact (the alpha administrator) is on record.
        _target = _world.AddDevice(_world.AlphaAccount, "alpha-db01", ServiceStatus.Opened, modelNumber: "N8100-2801", serialNumber: "7100075");
        _world.AddDevice(_world.BetaAccount, "beta-db01", modelNumber: "N8150-1123", serialNumber: "8200001");
        _world.ActAsStaff();
    }

    private SearchDevicesHandler Handler => new(_world.Factory, _world.User, _world.Clock);

    public static TheoryData<string, LookupKey> Keys => new()
    {
        { "DMN", LookupKey.DeviceManagementNumber },
        { "7100075", LookupKey.SerialNumber },
        { "alpha-db01", LookupKey.HostName },
        { "ALPHA-DB01", LookupKey.HostName },
        { "n8100-2801", LookupKey.ModelNumber },
        { "sp1000001", LookupKey.SupportId },
        { "アルファ", LookupKey.CustomerName },
        { "PHONE", LookupKey.ContactPhone },
        { "EMAIL", LookupKey.ContactEmail },
    };

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task EachLookupKeyFindsTheDeviceExactly(string term, LookupKey key)
    {
        term = term switch
        {
            "DMN" => _target.DeviceManagementNumber,
            "PHONE" => _world.AlphaAdmin.Phone,
            "EMAIL" => _world.AlphaAdmin.Email.ToUpperInvariant(),
            _ => term,
        };

        var rows = (await Handler.HandleAsync(new SearchDevicesQuery($"  {term} "))).Value!;

        var first = rows[0];
        Assert.Equal((_target.Id, key, true), (first.Id, first.MatchedOn, first.Exact));
        Assert.Equal(("SP1000001", "アルファ", ServiceStatus.Opened), (first.SupportId, first.OrganizationName, first.Status));
    }

    [Fact]
    public async Task ExactMatchesComeBeforePrefixMatches()
    {
        var longer = _world.AddDevice(_world.BetaAccount, "beta-db02", serialNumber: "71000750");
        var shorter = _world.AddDevice(_world.BetaAccount, "beta-db03", serialNumber: "710007");

        var rows = (await Handler.HandleAsync(new SearchDevicesQuery("710007"))).Value!;

        Assert.Equal([shorter.Id, _target.Id, longer.Id], rows.Select(r => r.Id));
        Assert.Equal([true, false, false], rows.Select(r => r.Exact));
    }

    [Fact]
    public async Task PrefixesFindEveryCustomersDevices()
    {
        Assert.Equal(["alpha-db01", "beta-db01"], (await Handler.HandleAsync(new SearchDevicesQuery("N81"))).Value!.Select(r => r.HostName).Order(StringComparer.Ordinal));
        Assert.Equal(["beta-db01"], (await Handler.HandleAsync(new SearchDevicesQuery("SP2"))).Value!.Select(r => r.HostName));
        Assert.Equal(["beta-db01"], (await Handler.HandleAsync(new SearchDevicesQuery("ベー"))).Value!.Select(r => r.HostName));
        Assert.Equal(["alpha-db01"], (await Handler.HandleAsync(new SearchDevicesQuery("alpha-"))).Value!.Select(r => r.HostName));
        Assert.Empty((await Handler.HandleAsync(new SearchDevicesQuery("nothing-like-this"))).Value!);
        Assert.Empty((await Handler.HandleAsync(new SearchDevicesQuery("   "))).Value!);
    }

    [Fact]
    public async Task PhonesCompareAsDigitsAndCustomerNamesAndAddressesMatchInPart()
    {
        // The world's people all have 03-1234-5678; the target's contact is the alpha administrator.
        var digitsOnly = (await Handler.HandleAsync(new SearchDevicesQuery("0312345678"))).Value!;
        var phonePrefix = (await Handler.HandleAsync(new SearchDevicesQuery("03-1234"))).Value!;
        var namePart = (await Handler.HandleAsync(new SearchDevicesQuery("ルフ"))).Value!;
        var addressPrefix = (await Handler.HandleAsync(new SearchDevicesQuery(_world.AlphaAdmin.Email[..12].ToUpperInvariant()))).Value!;

        Assert.Contains(digitsOnly, r => r.Id == _target.Id && r.MatchedOn == LookupKey.ContactPhone && r.Exact);
        Assert.Contains(phonePrefix, r => r.Id == _target.Id && r.MatchedOn == LookupKey.ContactPhone && !r.Exact);
        Assert.Equal([(_target.Id, LookupKey.CustomerName)], namePart.Select(r => (r.Id, r.MatchedOn)));
        Assert.Equal([(_target.Id, LookupKey.ContactEmail)], addressPrefix.Select(r => (r.Id, r.MatchedOn)));
    }

    [Fact]
    public void ThePrefixRangeEndsJustAfterEveryStringWithThePrefix()
    {
        Assert.Equal("N82", SearchDevicesHandler.Successor("N81"));
        Assert.True(string.CompareOrdinal("N81ZZZZ", SearchDevicesHandler.Successor("N81")) < 0);
    }

    [Fact]
    public async Task CustomersAreRefused()
    {
        _world.ActAs(_world.AlphaAdmin);

        var result = await Handler.HandleAsync(new SearchDevicesQuery("beta"));

        Assert.Equal(ResultStatus.Forbidden, result.Status);
        Assert.Equal(ErrorCodes.StaffOnly, result.Errors[0].Code);
        Assert.Null(result.Value);
    }

    public void Dispose() => _world.Dispose();
}
