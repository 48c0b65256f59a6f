using System.Globalization;
using Microsoft.Playwright;
using Portal.E2E.Support;

namespace Portal.E2E.Pages;

/// <summary>The maintenance windows ("/maintenance") with each support ID's calendar feed.</summary>
public sealed class MaintenancePage(IPage page)
{
    public const string Path = "/maintenance";

    public static Task<MaintenancePage> OpenAsync(IPage page) =>
        page.OpenAsync(Path, p => new MaintenancePage(p));

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "定期メンテナンス", Level = 1 });

    public ILocator Windows => page.Locator("[data-testid=maintenance-table]");

    public ILocator AnnounceLink => page.GetByRole(AriaRole.Link, new() { Name = "定期メンテナンスの登録" });

    public CalendarFeed Feed(string supportId) => new(page, page.Locator($"[data-testid=calendar-feed][data-support-id='{supportId}']"));
}

/// <summary>A support ID's iCalendar feed of its windows: a secret link the member issues, re-issues and revokes.</summary>
public sealed class CalendarFeed(IPage page, ILocator card)
{
    public ILocator Link => card.Locator("[data-testid=calendar-feed-link]");

    public ILocator State => card.Locator("[data-testid=calendar-feed-state]");

    public ILocator Message => page.Locator("[data-testid=calendar-feed-message]");

    public ILocator RevokeAllButton => card.GetByRole(AriaRole.Button, new() { Name = "全員のリンクを無効にする" });

    public Task IssueAsync() => card.GetByRole(AriaRole.Button, new() { Name = "リンクを発行" }).ClickAsync();

    public Task ReissueAsync() => card.GetByRole(AriaRole.Button, new() { Name = "リンクを再発行 (古いリンクは使えなくなります)" }).ClickAsync();

    public Task RevokeAsync() => card.GetByRole(AriaRole.Button, new() { Name = "リンクを無効にする" }).ClickAsync();

    public async Task<string> AddressAsync() => (await Link.GetAttributeAsync("href"))!;
}

/// <summary>The announcement of a maintenance window ("/maintenance/new").</summary>
public sealed class AnnounceMaintenancePage(IPage page)
{
    public const string Path = "/maintenance/new";

    public static Task<AnnounceMaintenancePage> OpenAsync(IPage page) =>
        page.OpenAsync(Path, p => new AnnounceMaintenancePage(p));

    public ILocator EarliestStart => page.Locator("[data-testid=earliest-start]");

    public ILocator Refused => page.Locator("[data-testid=maintenance-refused]");

    public ILocator Form => page.Locator("[data-testid=maintenance-form]");

    /// <summary>Announces a window of the device from <paramref name="start"/> to <paramref name="end"/> (Japan time).</summary>
    public async Task AnnounceAsync(string hostName, DateTimeOffset start, DateTimeOffset end, string reason)
    {
        await page.GetByLabel(hostName, new() { Exact = false }).CheckAsync();
        await page.GetByLabel("開始日時 (日本時間)").FillAsync(LocalInput(start));
        await page.GetByLabel("終了日時 (日本時間)").FillAsync(LocalInput(end));
        await page.GetByLabel("理由").FillAsync(reason);
        await page.GetByRole(AriaRole.Button, new() { Name = "登録する" }).ClickAsync();
    }

    // What a datetime-local input holds: the time in Japan, to the minute.
    private static string LocalInput(DateTimeOffset instant) =>
        instant.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
