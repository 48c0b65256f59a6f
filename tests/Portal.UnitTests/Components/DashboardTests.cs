using Bunit;
using MudBlazor;
using Portal.Application.Domain.Registrations;
using Portal.Web.Components.Pages;

namespace Portal.UnitTests.Components;

public sealed class DashboardTests : ComponentTestContext
{
    [Fact]
    public void ListsOnlyTheSignedInCustomersDevicesWithJapaneseStatusChips()
    {
        UseCulture("ja");
        World.AddDevice(World.AlphaAccount, "alpha-opened", ServiceStatus.Opened);
        World.AddDevice(World.AlphaAccount, "alpha-applied", ServiceStatus.Applied);
        World.AddDevice(World.BetaAccount, "beta-opened", ServiceStatus.Opened);
        World.ActAs(World.AlphaUser);
        Bunit.Render<MudPopoverProvider>();

        var page = Bunit.Render<Home>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=device-table] tbody tr").Count));
        var table = page.Find("[data-testid=device-table]").TextContent;
        Assert.Contains("alpha-opened", table, StringComparison.Ordinal);
        Assert.Contains("alpha-applied", table, StringComparison.Ordinal);
        Assert.DoesNotContain("beta-opened", table, StringComparison.Ordinal);
        var chips = page.FindAll("[data-status]").Select(chip => chip.TextContent.Trim()).ToList();
        Assert.Equal(2, chips.Count);
        Assert.Contains("開局", chips);
        Assert.Contains("申込", chips);
        Assert.Contains("機器一覧", page.Find("h1").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void SpeaksEnglishWhenEnglishIsChosen()
    {
        UseCulture("en");
        World.AddDevice(World.AlphaAccount, "alpha-opened", ServiceStatus.Opened);
        World.ActAs(World.AlphaAdmin);
        Bunit.Render<MudPopoverProvider>();

        var page = Bunit.Render<Home>();

        page.WaitForAssertion(() => Assert.Equal("Opened", page.Find("[data-status]").TextContent.Trim()));
        Assert.Equal("My devices", page.Find("h1").TextContent.Trim());
        Assert.Contains("Device management no.", page.Find("thead").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void SaysSoWhenTheUserHasNoDevices()
    {
        UseCulture("ja");
        World.AddDevice(World.BetaAccount, "beta-opened", ServiceStatus.Opened);
        World.ActAs(World.AlphaUser);

        var page = Bunit.Render<Home>();

        page.WaitForAssertion(() => Assert.Contains("登録されている機器はありません", page.Find("[data-testid=no-devices]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void StatusSummaryCountsDevicesPerStatus()
    {
        UseCulture("ja");
        World.AddDevice(World.AlphaAccount, "a1", ServiceStatus.Opened);
        World.AddDevice(World.AlphaAccount, "a2", ServiceStatus.Opened);
        World.AddDevice(World.AlphaAccount, "a3", ServiceStatus.NotApplied);
        World.ActAs(World.AlphaAdmin);
        Bunit.Render<MudPopoverProvider>();

        var page = Bunit.Render<Home>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=status-summary]")));
        var summary = page.Find("[data-testid=status-summary]").TextContent;
        Assert.Matches("開局\\s*2", summary);
        Assert.Matches("未申込\\s*1", summary);
        Assert.Matches("受付\\s*0", summary);
    }
}
