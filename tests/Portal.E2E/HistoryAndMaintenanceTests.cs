using System.Text;
using Portal.E2E.Pages;
using Portal.E2E.Support;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

[Collection(PortalCollection.Name)]
public sealed class HistoryAndMaintenanceTests(PortalFixture portal)
{
    private async Task SendFailureAsync(string hostName, string message, string code)
    {
        using var response = await portal.Server.SendReportAsync(IntakeReport.Failure(await portal.Database.DeviceAsync(hostName), "disk", code, message));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TheDeviceFilterFindsADeviceAsYouTypeAndTheAddressKeepsIt()
    {
        // The picker searches the database, so it is there for a support ID of any size.
        var page = await portal.NewPageAsync();
        await page.SignInAsync("admin@alpha.example");
        await page.WaitForCircuitAsync();
        var history = await ReportHistoryPage.FollowAsync(page);
        await Expect(history.Rows.First).ToBeVisibleAsync();

        await history.ChooseDeviceAsync("db02", "alpha-db02");
        await history.ApplyFiltersAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("device="));
        // The address changes at once and the table when its rows are read: the newest row of the whole history may
        // be alpha-db02's already, so the test waits for every row to be, not for the first.
        await Expect(history.Rows.First).ToContainTextAsync("alpha-db02");
        await Expect(history.Rows.Filter(new() { HasNotText = "alpha-db02" })).ToHaveCountAsync(0);
        Assert.All(await history.Rows.AllInnerTextsAsync(), row => Assert.Contains("alpha-db02", row, StringComparison.Ordinal));

        // Opened from its address, the picker names the device again.
        await page.ReloadAsync();
        await page.WaitForCircuitAsync();
        await Expect(history.DeviceFilter).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("alpha-db02"));
    }

    [Fact]
    public async Task AReportSentToTheIntakeAppearsInTheOpenHistoryAndInItsCsv()
    {
        // beta-wms02 is reported on by this test only.
        var page = await portal.NewPageAsync();
        await page.SignInAsync("admin@beta.example");
        await page.WaitForCircuitAsync();
        var history = await ReportHistoryPage.FollowAsync(page);
        await Expect(history.Rows.First).ToBeVisibleAsync();
        const string Message = "RAID 論理ドライブ 1 縮退 (E2E)";

        await SendFailureAsync("beta-wms02", Message, "RAID-0042");

        // No reload: the open page hears of the report.
        var row = history.Rows.First;
        await Expect(row).ToContainTextAsync(Message);
        await Expect(row).ToContainTextAsync("障害通報");
        await Expect(row).ToContainTextAsync("連絡先へメール・電話連絡");

        await history.SearchMessagesAsync("RAID-0042");
        await Expect(history.Rows).ToHaveCountAsync(1);
        var bytes = await history.ExportCsvAsync();
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
        var history = await ReportHistoryPage.FollowAsync(page);

        await history.SearchMessagesAsync("HTML-0001");
        await Expect(history.Rows).ToHaveCountAsync(1);
        await Expect(history.Rows.First).ToContainTextAsync(Markup);
        Assert.Equal(0, await page.Locator("#injected").CountAsync());

        await history.SearchMessagesAsync("CSV-0001");
        await Expect(history.Rows).ToHaveCountAsync(1);
        var csv = Encoding.UTF8.GetString((await history.ExportCsvAsync())[3..]);
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
        var announce = await AnnounceMaintenancePage.OpenAsync(page);
        await Expect(announce.EarliestStart).ToContainTextAsync("今登録できる最も早い開始日時");

        var start = DateTimeOffset.UtcNow.AddDays(3).AddHours(1);
        await announce.AnnounceAsync("alpha-web01", start, start.AddHours(3), "BIOS 更新 (E2E)");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/maintenance$"));
        await Expect(new MaintenancePage(page).Windows).ToContainTextAsync("BIOS 更新 (E2E)");

        // Three days pass: the window, as registered, is moved to now (the running portal keeps real time).
        var deviceId = await portal.Database.DeviceIdAsync("alpha-web01");
        var moved = await portal.Database.MoveWindowEarlierAsync(deviceId, "BIOS 更新 (E2E)", TimeSpan.FromHours(72 + 2));
        Assert.Equal(1, moved);
        var mailsBefore = await portal.Database.MailsAboutAsync(deviceId);

        await SendFailureAsync("alpha-web01", "ファン 2 停止 (メンテナンス中 E2E)", "FAN-0099");

        var history = await ReportHistoryPage.OpenAsync(page);
        await Expect(history.Row("ファン 2 停止 (メンテナンス中 E2E)")).ToContainTextAsync("対応なし (定期メンテナンス中)");
        Assert.Equal(mailsBefore, await portal.Database.MailsAboutAsync(deviceId));
        Assert.Equal(0, await portal.Database.CallTasksAsync(deviceId));
    }

    [Fact]
    public async Task EachCustomerHasAnICalendarFeedOfItsWindows()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync("user@alpha.example");
        var feed = (await MaintenancePage.OpenAsync(page)).Feed("SP1000001");
        await feed.IssueAsync();
        var feedUrl = await feed.AddressAsync();
        await Expect(feed.State).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\d{4}/\d{2}/\d{2} \d{2}:\d{2} JST"));
        using var anonymous = new HttpClient();

        var calendar = await anonymous.GetAsync(new Uri(feedUrl));
        var wrongSecret = await anonymous.GetAsync(new Uri(System.Text.RegularExpressions.Regex.Replace(feedUrl, "/[^/]+\\.ics$", "/guessed.ics")));

        Assert.Equal("text/calendar", calendar.Content.Headers.ContentType?.MediaType);
        Assert.True(calendar.Headers.CacheControl?.NoStore);
        var ics = await calendar.Content.ReadAsStringAsync();
        Assert.StartsWith("BEGIN:VCALENDAR", ics, StringComparison.Ordinal);
        Assert.Contains("BEGIN:VEVENT", ics, StringComparison.Ordinal);
        Assert.Contains("alpha-db01", ics, StringComparison.Ordinal);
        Assert.DoesNotContain("beta-", ics, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, wrongSecret.StatusCode);

        // Re-issued: the old address stops at once, the new one works; the member's own revoke ends it.
        await feed.ReissueAsync();
        await Expect(feed.Link).Not.ToHaveAttributeAsync("href", feedUrl);
        var newUrl = await feed.AddressAsync();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri(feedUrl))).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await anonymous.GetAsync(new Uri(newUrl))).StatusCode);
        await feed.RevokeAsync();
        await Expect(feed.Message).ToContainTextAsync("無効にしました");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri(newUrl))).StatusCode);
        await Expect(feed.RevokeAllButton).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AUserRoleMemberCannotRegisterAWindow()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync("user@alpha.example");
        await page.WaitForCircuitAsync();
        await new MainMenu(page).FollowAsync("定期メンテナンス");
        var maintenance = new MaintenancePage(page);
        await Expect(maintenance.Heading).ToBeVisibleAsync();
        await Expect(maintenance.AnnounceLink).ToHaveCountAsync(0);

        await page.GotoAsync(AnnounceMaintenancePage.Path);

        var announce = new AnnounceMaintenancePage(page);
        await Expect(announce.Refused).ToContainTextAsync("利用管理者または利用管理者代行のみ");
        await Expect(announce.Form).ToHaveCountAsync(0);
    }
}
