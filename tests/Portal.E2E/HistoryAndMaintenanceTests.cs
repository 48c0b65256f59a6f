using System.Net.Http.Headers;
using System.Text;
using Microsoft.Playwright;
using Portal.E2E.Support;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

[Collection(PortalCollection.Name)]
public sealed class HistoryAndMaintenanceTests(PortalFixture portal)
{
    private const string DemoToken = "demo-intake-token";

    private async Task<HttpResponseMessage> SendFailureAsync(string hostName, string message, string code)
    {
        var model = await portal.Server.QueryAsync<string>("SELECT ModelNumber FROM Devices WHERE HostName = $h", ("$h", hostName));
        var serial = await portal.Server.QueryAsync<string>("SELECT SerialNumber FROM Devices WHERE HostName = $h", ("$h", hostName));
        using var client = new HttpClient { BaseAddress = portal.Server.BaseUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DemoToken);
        var response = await client.PostReportAsync(Gateway.Failure(model, serial, "disk", code, message));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    [Fact]
    public async Task TheDeviceFilterFindsADeviceAsYouTypeAndTheAddressKeepsIt()
    {
        // The picker searches the database, so it is there for a support ID of any size.
        var page = await portal.NewPageAsync();
        await page.SignInAsync("admin@alpha.example");
        await page.WaitForCircuitAsync();
        await page.FollowAsync(page.GetByRole(AriaRole.Link, new() { Name = "通報履歴" }));
        var table = page.Locator("[data-testid=report-table]");
        await Expect(table.Locator("tbody tr").First).ToBeVisibleAsync();

        await page.GetByLabel("機器", new() { Exact = true }).FillAsync("db02");
        await page.GetByRole(AriaRole.Option, new() { Name = "alpha-db02" }).ClickAsync();
        // MudAutocomplete closes its list before it reports the choice; a person sees the name in the box first.
        await Expect(page.GetByLabel("機器", new() { Exact = true })).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("alpha-db02"));
        await page.GetByRole(AriaRole.Button, new() { Name = "絞り込む" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("device="));
        // The address changes at once and the table when its rows are read: the newest row of the whole history may
        // be alpha-db02's already, so the test waits for every row to be, not for the first.
        await Expect(table.Locator("tbody tr").First).ToContainTextAsync("alpha-db02");
        await Expect(table.Locator("tbody tr").Filter(new() { HasNotText = "alpha-db02" })).ToHaveCountAsync(0);
        Assert.All(await table.Locator("tbody tr").AllInnerTextsAsync(), row => Assert.Contains("alpha-db02", row, StringComparison.Ordinal));

        // Opened from its address, the picker names the device again.
        await page.ReloadAsync();
        await page.WaitForCircuitAsync();
        await Expect(page.GetByLabel("機器", new() { Exact = true })).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("alpha-db02"));
    }

    [Fact]
    public async Task AReportSentToTheIntakeAppearsInTheOpenHistoryAndInItsCsv()
    {
        // beta-wms02 is reported on by this test only.
        var page = await portal.NewPageAsync();
        await page.SignInAsync("admin@beta.example");
        await page.WaitForCircuitAsync();
        await page.FollowAsync(page.GetByRole(AriaRole.Link, new() { Name = "通報履歴" }));
        var table = page.Locator("[data-testid=report-table]");
        await Expect(table.Locator("tbody tr").First).ToBeVisibleAsync();
        const string Message = "RAID 論理ドライブ 1 縮退 (E2E)";

        await SendFailureAsync("beta-wms02", Message, "RAID-0042");

        // No reload: the open page hears of the report.
        var row = table.Locator("tbody tr").First;
        await Expect(row).ToContainTextAsync(Message);
        await Expect(row).ToContainTextAsync("障害通報");
        await Expect(row).ToContainTextAsync("連絡先へメール・電話連絡");

        await page.GetByLabel("メッセージ検索").FillAsync("RAID-0042");
        await page.GetByRole(AriaRole.Button, new() { Name = "絞り込む" }).ClickAsync();
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=export-csv]").ClickAsync());
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var csv = Encoding.UTF8.GetString(bytes[3..]);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("受信日時 (JST),発生日時 (JST),", lines[0], StringComparison.Ordinal);
        Assert.Equal(2, lines.Length);
        // The cells hold bare times, which Excel reads as times; the headers say which zone.
        Assert.Matches(@"^\d{4}/\d{2}/\d{2} \d{2}:\d{2},\d{4}/\d{2}/\d{2} \d{2}:\d{2},", lines[1]);
        Assert.Contains(Message, lines[1], StringComparison.Ordinal);
        Assert.Contains("beta-wms02", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task MarkupAndFormulasInAReportAreShownAsTextOnThePageAndDefusedInTheCsv()
    {
        // beta-erp01 is reported on by this test only.
        const string Markup = "Fan <3> stopped <img id=injected src=x onerror=alert(1)> & 'A'; /* CPU1 */";
        const string Formula = "=HYPERLINK(\"http://example.com\",\"x\")";
        await SendFailureAsync("beta-erp01", Markup, "HTML-0001");
        await SendFailureAsync("beta-erp01", Formula, "CSV-0001");
        var page = await portal.NewPageAsync();
        await page.SignInAsync("admin@beta.example");
        await page.WaitForCircuitAsync();
        await page.FollowAsync(page.GetByRole(AriaRole.Link, new() { Name = "通報履歴" }));
        var table = page.Locator("[data-testid=report-table]");

        await page.GetByLabel("メッセージ検索").FillAsync("HTML-0001");
        await page.GetByRole(AriaRole.Button, new() { Name = "絞り込む" }).ClickAsync();
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(table.Locator("tbody tr").First).ToContainTextAsync(Markup);
        Assert.Equal(0, await page.Locator("#injected").CountAsync());

        await page.GetByLabel("メッセージ検索").FillAsync("CSV-0001");
        await page.GetByRole(AriaRole.Button, new() { Name = "絞り込む" }).ClickAsync();
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=export-csv]").ClickAsync());
        var csv = Encoding.UTF8.GetString((await File.ReadAllBytesAsync((await download.PathAsync())!))[3..]);
        // This test's report, found by its formula: other tests' reports of the same minute may come first.
        var row = Assert.Single(csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries), l => l.Contains("HYPERLINK", StringComparison.Ordinal));
        Assert.Contains("\"'=HYPERLINK(\"\"http://example.com\"\",\"\"x\"\")\"", row, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailureInsideAWindowRegisteredThreeDaysAheadIsNotActedOnAndMailsNobody()
    {
        // alpha-web01 gets windows from this test only.
        var page = await portal.NewPageAsync();
        await page.SignInAsync("admin@alpha.example");
        await page.WaitForCircuitAsync();
        await page.GotoAsync("/maintenance/new");
        await page.WaitForCircuitAsync();
        await Expect(page.Locator("[data-testid=earliest-start]")).ToContainTextAsync("今登録できる最も早い開始日時");

        var start = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9)).AddDays(3).AddHours(1);
        await page.GetByLabel("alpha-web01", new() { Exact = false }).CheckAsync();
        await page.GetByLabel("開始日時 (日本時間)").FillAsync(start.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("終了日時 (日本時間)").FillAsync(start.AddHours(3).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("理由").FillAsync("BIOS 更新 (E2E)");
        await page.GetByRole(AriaRole.Button, new() { Name = "登録する" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/maintenance$"));
        await Expect(page.Locator("[data-testid=maintenance-table]")).ToContainTextAsync("BIOS 更新 (E2E)");

        // Three days pass: the window, as registered, is moved to now (the running portal keeps real time).
        var deviceId = await portal.Server.QueryAsync<string>("SELECT Id FROM Devices WHERE HostName = 'alpha-web01'");
        var shift = TimeSpan.FromHours(72 + 2).Ticks;
        var moved = await portal.Server.QueryAsync<long>(
            "UPDATE MaintenanceWindows SET StartsAt = StartsAt - $s, EndsAt = EndsAt - $s WHERE DeviceId = $d AND Reason = 'BIOS 更新 (E2E)' RETURNING 1",
            ("$s", shift), ("$d", deviceId));
        Assert.Equal(1, moved);
        var mailsBefore = await portal.Server.QueryAsync<long>("SELECT COUNT(*) FROM Notifications WHERE DeviceId = $d", ("$d", deviceId));

        await SendFailureAsync("alpha-web01", "ファン 2 停止 (メンテナンス中 E2E)", "FAN-0099");

        await page.GotoAsync("/reports");
        await page.WaitForCircuitAsync();
        var row = page.Locator("[data-testid=report-table] tbody tr", new() { HasText = "ファン 2 停止 (メンテナンス中 E2E)" });
        await Expect(row).ToContainTextAsync("対応なし (定期メンテナンス中)");
        Assert.Equal(mailsBefore, await portal.Server.QueryAsync<long>("SELECT COUNT(*) FROM Notifications WHERE DeviceId = $d", ("$d", deviceId)));
        Assert.Equal(0, await portal.Server.QueryAsync<long>("SELECT COUNT(*) FROM CallTasks WHERE DeviceId = $d", ("$d", deviceId)));
    }

    [Fact]
    public async Task EachCustomerHasAnICalendarFeedOfItsWindows()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync("user@alpha.example");
        await page.GotoAsync("/maintenance");
        await page.WaitForCircuitAsync();
        var card = page.Locator("[data-testid=calendar-feed][data-support-id='SP1000001']");
        await card.GetByRole(AriaRole.Button, new() { Name = "リンクを発行" }).ClickAsync();
        var feedUrl = await card.Locator("[data-testid=calendar-feed-link]").GetAttributeAsync("href");
        await Expect(card.Locator("[data-testid=calendar-feed-state]")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\d{4}/\d{2}/\d{2} \d{2}:\d{2} JST"));
        using var anonymous = new HttpClient();

        var feed = await anonymous.GetAsync(new Uri(feedUrl!));
        var wrongSecret = await anonymous.GetAsync(new Uri(System.Text.RegularExpressions.Regex.Replace(feedUrl!, "/[^/]+\\.ics$", "/guessed.ics")));

        Assert.Equal("text/calendar", feed.Content.Headers.ContentType?.MediaType);
        Assert.True(feed.Headers.CacheControl?.NoStore);
        var ics = await feed.Content.ReadAsStringAsync();
        Assert.StartsWith("BEGIN:VCALENDAR", ics, StringComparison.Ordinal);
        Assert.Contains("BEGIN:VEVENT", ics, StringComparison.Ordinal);
        Assert.Contains("alpha-db01", ics, StringComparison.Ordinal);
        Assert.DoesNotContain("beta-", ics, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, wrongSecret.StatusCode);

        // Re-issued: the old address stops at once, the new one works; the member's own revoke ends it.
        await card.GetByRole(AriaRole.Button, new() { Name = "リンクを再発行 (古いリンクは使えなくなります)" }).ClickAsync();
        await Expect(card.Locator("[data-testid=calendar-feed-link]")).Not.ToHaveAttributeAsync("href", feedUrl!);
        var newUrl = await card.Locator("[data-testid=calendar-feed-link]").GetAttributeAsync("href");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri(feedUrl!))).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await anonymous.GetAsync(new Uri(newUrl!))).StatusCode);
        await card.GetByRole(AriaRole.Button, new() { Name = "リンクを無効にする" }).ClickAsync();
        await Expect(page.Locator("[data-testid=calendar-feed-message]")).ToContainTextAsync("無効にしました");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri(newUrl!))).StatusCode);
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "全員のリンクを無効にする" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AUserRoleMemberCannotRegisterAWindow()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync("user@alpha.example");
        await page.WaitForCircuitAsync();
        await page.FollowAsync(page.GetByRole(AriaRole.Link, new() { Name = "定期メンテナンス" }));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "定期メンテナンス", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "定期メンテナンスの登録" })).ToHaveCountAsync(0);

        await page.GotoAsync("/maintenance/new");

        await Expect(page.Locator("[data-testid=maintenance-refused]")).ToContainTextAsync("利用管理者または利用管理者代行のみ");
        await Expect(page.Locator("[data-testid=maintenance-form]")).ToHaveCountAsync(0);
    }
}
