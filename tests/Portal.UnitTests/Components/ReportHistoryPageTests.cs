using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Features.Devices;
using Portal.Web.Components.Pages.Reports;

namespace Portal.UnitTests.Components;

public sealed class ReportHistoryPageTests : ComponentTestContext
{
    private readonly Device _device;

    public ReportHistoryPageTests()
    {
        Bunit.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Bunit.Render<MudPopoverProvider>();
        UseCulture("ja");
        _device = World.AddDevice(World.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        var now = World.Clock.GetUtcNow();
        World.AddReport(_device, now.AddHours(-3));
        World.AddReport(_device, now.AddHours(-2), ReportType.Failure, new ReportEvent(EventCategory.Fan, "FAN-0012", EventSeverity.Critical, "筐体ファン 3 停止"));
        World.AddReport(_device, now.AddHours(-1), ReportType.Failure, new ReportEvent(EventCategory.Disk, "DISK-0107", EventSeverity.Warning, "物理ディスク 2 予兆"));
        World.ActAs(World.AlphaUser);
    }

    private BunitNavigationManager Navigation => Bunit.Services.GetRequiredService<BunitNavigationManager>();

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<ReportHistory> page, string testId) =>
        page.Find($"[data-testid={testId}]") is { TagName: "INPUT" } input ? input : page.Find($"[data-testid={testId}] input");

    private static List<string> Rows(IRenderedComponent<ReportHistory> page) =>
        [.. page.FindAll("[data-testid=report-table] tbody tr").Select(r => r.TextContent)];

    [Fact]
    public void FiltersInTheAddressNarrowTheTable()
    {
        Navigation.NavigateTo("/reports?type=Failure&q=FAN");

        var page = Bunit.Render<ReportHistory>();

        page.WaitForAssertion(() => Assert.Single(Rows(page)));
        Assert.Contains("筐体ファン 3 停止", Rows(page)[0], StringComparison.Ordinal);
        Assert.Contains("障害通報", Rows(page)[0], StringComparison.Ordinal);
        Assert.Equal("FAN", Input(page, "filter-text").GetAttribute("value"));
    }

    [Fact]
    public async Task ApplyingAFilterPutsItInTheAddressAndTheCsvLink()
    {
        Navigation.NavigateTo("/reports");
        var page = Bunit.Render<ReportHistory>();
        page.WaitForAssertion(() => Assert.Equal(3, Rows(page).Count));

        await Input(page, "filter-text").ChangeAsync(new ChangeEventArgs { Value = "ディスク" });
        await page.FindAll("button").Single(b => b.TextContent.Trim() == "絞り込む").ClickAsync(new());
        page.Render();

        Assert.EndsWith("/reports?q=%E3%83%87%E3%82%A3%E3%82%B9%E3%82%AF", Navigation.Uri, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Single(Rows(page)));
        Assert.Equal("/reports/export.csv?q=%E3%83%87%E3%82%A3%E3%82%B9%E3%82%AF", page.Find("[data-testid=export-csv]").GetAttribute("href"));
    }

    [Fact]
    public async Task AnEndDateBeforeTheStartIsExplained()
    {
        Navigation.NavigateTo("/reports");
        var page = Bunit.Render<ReportHistory>();

        await Input(page, "filter-from").ChangeAsync(new ChangeEventArgs { Value = "2026-11-20" });
        await Input(page, "filter-to").ChangeAsync(new ChangeEventArgs { Value = "2026-11-19" });
        await page.FindAll("button").Single(b => b.TextContent.Trim() == "絞り込む").ClickAsync(new());

        Assert.Contains("終了日は開始日以降にしてください", page.Find("[data-testid=report-filters]").TextContent, StringComparison.Ordinal);
        Assert.EndsWith("/reports", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void ANewReportAppearsWithoutReloadingWhenItsSupportIdSignals()
    {
        Navigation.NavigateTo("/reports");
        var page = Bunit.Render<ReportHistory>();
        page.WaitForAssertion(() => Assert.Equal(3, Rows(page).Count));

        World.AddReport(_device, World.Clock.GetUtcNow(), ReportType.Failure, new ReportEvent(EventCategory.Power, "PSU-0004", EventSeverity.Critical, "電源ユニット 2 入力喪失"));
        Bunit.Services.GetRequiredService<TimelineFeed>().Observed(new Dictionary<Guid, long> { [World.AlphaAccount.Id] = 1 });

        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));
        Assert.Contains("電源ユニット 2 入力喪失", Rows(page)[0], StringComparison.Ordinal);
    }
}
