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

    [Fact]
    public void SearchSortAndPagesWorkOnThePlainTable()
    {
        UseCulture("ja");
        for (var i = 1; i <= 30; i++)
        {
            World.AddDevice(World.AlphaAccount, $"host-{i:D2}", i % 3 == 0 ? ServiceStatus.Opened : ServiceStatus.Applied);
        }

        World.ActAs(World.AlphaAdmin);
        var page = Bunit.Render<Home>();
        IReadOnlyList<string> Hosts() => [.. page.FindAll("[data-testid=device-table] tbody tr").Select(row => row.Children[3].TextContent)];

        // 25 a page, as MudTable's pager did.
        page.WaitForAssertion(() => Assert.Equal(25, Hosts().Count));
        Assert.Equal("30 件中 1-25 件", page.Find("[data-testid=table-info]").TextContent.Trim());
        page.Find("button[aria-label=次のページ]").Click();
        Assert.Equal(5, Hosts().Count);
        Assert.Equal("30 件中 26-30 件", page.Find("[data-testid=table-info]").TextContent.Trim());
        Assert.True(page.Find("button[aria-label=次のページ]").HasAttribute("disabled"));

        // Sorting by host name: ascending, descending, then the list's own order again.
        var host = page.FindAll("th").Single(th => th.TextContent.Contains("ホスト名", StringComparison.Ordinal));
        host.QuerySelector("button")!.Click();
        page.Find("button[aria-label=最初のページ]").Click();
        Assert.Equal("host-01", Hosts()[0]);
        Assert.Equal("ascending", page.FindAll("th").Single(th => th.TextContent.Contains("ホスト名", StringComparison.Ordinal)).GetAttribute("aria-sort"));
        page.FindAll("th").Single(th => th.TextContent.Contains("ホスト名", StringComparison.Ordinal)).QuerySelector("button")!.Click();
        Assert.Equal("host-30", Hosts()[0]);

        // A search narrows the rows and starts again at the first page.
        page.Find("input[type=search]").Input("host-1");
        Assert.Equal(["host-19", "host-18", "host-17", "host-16", "host-15", "host-14", "host-13", "host-12", "host-11", "host-10"], Hosts());
        Assert.Equal("10 件中 1-10 件", page.Find("[data-testid=table-info]").TextContent.Trim());
        page.Find("input[type=search]").Input("存在しない");
        Assert.Empty(Hosts());
        Assert.Equal("0 件中 0-0 件", page.Find("[data-testid=table-info]").TextContent.Trim());
    }

    [Fact]
    public void RowsWrittenAsMarkupEncodeWhatTheyShow()
    {
        UseCulture("ja");
        var device = World.AddDevice(World.AlphaAccount, "<img src=x onerror=alert(1)>", ServiceStatus.Opened);
        World.ActAs(World.AlphaAdmin);

        var page = Bunit.Render<Home>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=device-table] tbody tr")));
        var row = page.Find("[data-testid=device-table] tbody tr");
        Assert.Empty(row.QuerySelectorAll("img"));
        Assert.Equal("<img src=x onerror=alert(1)>", row.Children[3].TextContent);
        Assert.Equal("ホスト名", row.Children[3].GetAttribute("data-label"));
        Assert.Equal($"/devices/{device.Id}", row.QuerySelector("a")!.GetAttribute("href"));
    }
}
