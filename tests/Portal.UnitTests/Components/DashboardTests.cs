using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
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
    public void SearchSortPagesAndTilesAreAddressesTheListIsReadFrom()
    {
        UseCulture("ja");
        for (var i = 1; i <= 30; i++)
        {
            World.AddDevice(World.AlphaAccount, $"host-{i:D2}", i % 3 == 0 ? ServiceStatus.Opened : ServiceStatus.Applied);
        }

        World.ActAs(World.AlphaAdmin);
        var navigation = Bunit.Services.GetRequiredService<BunitNavigationManager>();
        var page = Bunit.Render<Home>();
        IReadOnlyList<string> Hosts() => [.. page.FindAll("[data-testid=device-table] tbody tr").Select(row => row.Children[3].TextContent)];
        string Href(string selector) => new Uri(page.Find(selector).GetAttribute("href")!, UriKind.RelativeOrAbsolute).ToString();

        // 25 a page; the pager's links carry the page, the current one is not a link.
        page.WaitForAssertion(() => Assert.Equal(25, Hosts().Count));
        Assert.Equal("30 件中 1-25 件", page.Find("[data-testid=table-info]").TextContent.Trim());
        Assert.True(page.Find("[aria-label=最初のページ]").HasAttribute("disabled"));
        Assert.EndsWith("/?page=2", Href("a[aria-label=次のページ]"), StringComparison.Ordinal);
        navigation.NavigateTo(Href("a[aria-label=次のページ]"));
        page.WaitForAssertion(() => Assert.Equal(5, Hosts().Count));
        Assert.Equal("30 件中 26-30 件", page.Find("[data-testid=table-info]").TextContent.Trim());
        Assert.True(page.Find("[aria-label=次のページ]").HasAttribute("disabled"));

        // Sorting by host name: ascending, descending, then the list's own order again, each from the first page.
        string HostHeader() => Href("th:nth-child(4) a");
        Assert.EndsWith("/?sort=HostName", HostHeader(), StringComparison.Ordinal);
        navigation.NavigateTo(HostHeader());
        page.WaitForAssertion(() => Assert.Equal("host-01", Hosts()[0]));
        Assert.Equal("ascending", page.Find("th:nth-child(4)").GetAttribute("aria-sort"));
        navigation.NavigateTo(HostHeader());
        page.WaitForAssertion(() => Assert.Equal("host-30", Hosts()[0]));
        Assert.Equal("descending", page.Find("th:nth-child(4)").GetAttribute("aria-sort"));
        Assert.EndsWith("/", HostHeader(), StringComparison.Ordinal);

        // A search (the form's q) narrows the rows; a status tile narrows them further and keeps the search.
        navigation.NavigateTo("/?q=host-1&sort=HostName&desc=true");
        page.WaitForAssertion(() => Assert.Equal(["host-19", "host-18", "host-17", "host-16", "host-15", "host-14", "host-13", "host-12", "host-11", "host-10"], Hosts()));
        Assert.Equal("10 件中 1-10 件", page.Find("[data-testid=table-info]").TextContent.Trim());
        Assert.Equal("host-1", page.Find("input[type=search]").GetAttribute("value"));
        var opened = page.Find("[data-status-tile=Opened]");
        Assert.Contains("10", opened.TextContent, StringComparison.Ordinal);
        navigation.NavigateTo(opened.GetAttribute("href")!);
        page.WaitForAssertion(() => Assert.Equal(["host-18", "host-15", "host-12"], Hosts()));
        Assert.Equal("true", page.Find("[data-status-tile=Opened]").GetAttribute("aria-current"));

        navigation.NavigateTo("/?q=存在しない");
        page.WaitForAssertion(() => Assert.Empty(Hosts()));
        Assert.Equal("0 件中 0-0 件", page.Find("[data-testid=table-info]").TextContent.Trim());
    }

    [Fact]
    public void AnAddressEditedByHandShowsWhatMakesSense()
    {
        UseCulture("en");
        World.AddDevice(World.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        World.ActAs(World.AlphaAdmin);
        Bunit.Services.GetRequiredService<BunitNavigationManager>().NavigateTo("/?status=Nonsense&sort=DROP&page=-4&size=7");

        var page = Bunit.Render<Home>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=device-table] tbody tr")));
        Assert.Equal("1-1 of 1", page.Find("[data-testid=table-info]").TextContent.Trim());
    }

    [Fact]
    public void RowsEncodeWhatTheyShow()
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
