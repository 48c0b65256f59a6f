using Portal.Application.Domain.Devices;

namespace Portal.UnitTests.Domain;

public sealed class ContractTests
{
    [Fact]
    public void FreeWarrantyCoversOneYearFromDelivery()
    {
        var contract = Contract.FreeWarranty(new DateOnly(2025, 4, 1));

        Assert.Equal(new DateOnly(2026, 3, 31), contract.ValidUntil);
        Assert.False(contract.IsExpiredOn(new DateOnly(2026, 3, 31)));
        Assert.True(contract.IsExpiredOn(new DateOnly(2026, 4, 1)));
    }

    [Fact]
    public void SupportPackStartsUnconfirmedUntilTheRegistrationCentreConfirms()
    {
        var contract = Contract.SupportPack(new DateOnly(2028, 1, 31), confirmed: false);

        Assert.False(contract.SupportPackConfirmed);
        Assert.True(contract.ConfirmSupportPack().SupportPackConfirmed);
    }

    [Theory]
    [InlineData("NP8100-2345", true)]
    [InlineData("np8100-2345", true)]
    [InlineData("N8100-2345", false)]
    public void SelectionPackModelNumbersAreRecognised(string modelNumber, bool expected)
    {
        var device = new Device(Guid.NewGuid(), Guid.NewGuid(), modelNumber, "123", "E1", "host", InstallationSite.Empty, Contract.Maintenance(new DateOnly(2030, 1, 1)));

        Assert.Equal(expected, device.HasSelectionPackModelNumber);
    }
}
