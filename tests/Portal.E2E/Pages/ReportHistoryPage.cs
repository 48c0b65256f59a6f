using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.E2E.Support;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Pages;

/// <summary>The report history ("/reports"): filters, the table that hears of new reports, and its CSV.</summary>
public sealed class ReportHistoryPage(IPage page)
{
    public const string Path = "/reports";

    public static Task<ReportHistoryPage> OpenAsync(IPage page) =>
        page.OpenAsync(Path, p => new ReportHistoryPage(p));

    /// <summary>Follows the menu's link, as a person does.</summary>
    public static async Task<ReportHistoryPage> FollowAsync(IPage page)
    {
        await new MainMenu(page).FollowAsync("通報履歴");
        return new ReportHistoryPage(page);
    }

    public ILocator Table => page.Locator("[data-testid=report-table]");

    public ILocator Rows => Table.Locator("tbody tr");

    public ILocator Row(string text) => page.Locator("[data-testid=report-table] tbody tr", new() { HasText = text });

    public ILocator DeviceFilter => page.GetByLabel("機器", new() { Exact = true });

    /// <summary>Types <paramref name="search"/> into the device picker and takes <paramref name="hostName"/> from its list.</summary>
    public async Task ChooseDeviceAsync(string search, string hostName)
    {
        await DeviceFilter.FillAsync(search);
        await page.GetByRole(AriaRole.Option, new() { Name = hostName }).ClickAsync();
        // MudAutocomplete closes its list before it reports the choice; a person sees the name in the box first.
        await Expect(DeviceFilter).ToHaveValueAsync(new Regex(hostName));
    }

    public Task FillMessageSearchAsync(string text) => page.GetByLabel("メッセージ検索").FillAsync(text);

    public Task ApplyFiltersAsync() => page.GetByRole(AriaRole.Button, new() { Name = "絞り込む" }).ClickAsync();

    /// <summary>Shows only the reports whose message holds <paramref name="text"/>.</summary>
    public async Task SearchMessagesAsync(string text)
    {
        await FillMessageSearchAsync(text);
        await ApplyFiltersAsync();
    }

    /// <summary>Downloads what the filters hold as CSV, as its bytes.</summary>
    public async Task<byte[]> ExportCsvAsync()
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=export-csv]").ClickAsync());
        return await File.ReadAllBytesAsync((await download.PathAsync())!);
    }
}
