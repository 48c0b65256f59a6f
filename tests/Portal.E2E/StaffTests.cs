using Microsoft.Playwright;
using Portal.E2E.Pages;
using Portal.E2E.Support;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

[Collection(PortalCollection.Name)]
public sealed class StaffTests(PortalFixture portal)
{
    [Fact]
    public async Task StaffLandOnTheConsoleAndEachMenuShowsOnlyWhatItsRoleCanUse()
    {
        var staff = await portal.NewPageAsync();
        await staff.SignInAsync("staff@centre.example");
        await Expect(staff).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/staff/devices$"));
        var menu = new MainMenu(staff);
        await Expect(menu.Link("機器検索")).ToBeVisibleAsync();
        await Expect(menu.Link("機器一覧")).ToHaveCountAsync(0);
        await Expect(menu.Link("お申し込み")).ToHaveCountAsync(0);

        var user = await portal.NewPageAsync();
        await user.SignInAsync("user@alpha.example");
        await user.WaitForCircuitAsync();
        menu = new MainMenu(user);
        await Expect(menu.Link("機器一覧")).ToBeVisibleAsync();
        await Expect(menu.Link("お申し込み")).ToHaveCountAsync(0);
        await Expect(menu.Link("連絡先の一括変更")).ToHaveCountAsync(0);
        await Expect(menu.Link("機器検索")).ToHaveCountAsync(0);

        var deputy = await portal.NewPageAsync();
        await deputy.SignInAsync("deputy@alpha.example");
        await deputy.WaitForCircuitAsync();
        menu = new MainMenu(deputy);
        await Expect(menu.Link("お申し込み")).ToBeVisibleAsync();
        await Expect(menu.Link("連絡先の一括変更")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task StaffLookDevicesUpAcrossCustomers()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync("staff@centre.example");
        await page.WaitForCircuitAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "機器検索" }).ClickAsync();

        // Once per sign-in staff say why they look at customer data; then every view is recorded with it.
        await page.WaitForCircuitAsync();
        await page.GiveStaffReasonAsync("お客様からのお電話 (E2E)");

        var search = new StaffDevicesPage(page);
        await Expect(search.Heading).ToBeVisibleAsync();
        await search.SearchAsync("beta-wms");

        await Expect(search.Rows).ToHaveCountAsync(2);
        await Expect(search.Table).ToContainTextAsync("ベータ物流株式会社");

        await search.SearchAsync("alpha-db01");
        await Expect(search.Rows).ToHaveCountAsync(1);
        await search.Table.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(new DevicePage(page).ManagementNumber).ToBeVisibleAsync();
        await Expect(page.Locator("body")).ToContainTextAsync("株式会社アルファ製作所");
    }

    [Fact]
    public async Task TheConsoleCountsDevicesPerMarkAcrossCustomersAndEachCountListsThem()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync("staff@centre.example");
        await page.WaitForCircuitAsync();
        await page.GiveStaffReasonAsync("要確認の機器の確認 (E2E)");

        // The demo's alpha-app01 got its key twenty minutes ago: not usable yet, with the time it will be.
        var console = new StaffDevicesPage(page);
        await Expect(console.AttentionOverview).ToContainTextAsync("要確認の機器 (全お客様)");
        var tile = console.MarkTile("KeyNotYetUsable");
        var count = int.Parse(await tile.Locator(".tile-count").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(count, 1, 50);

        await tile.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/staff/devices\\?mark=KeyNotYetUsable$"));
        var rows = console.Rows;
        await Expect(rows).ToHaveCountAsync(count);
        await Expect(rows.Locator("[data-mark=KeyNotYetUsable]")).ToHaveCountAsync(count);
        await Expect(console.Row("alpha-app01").Locator("[data-mark=KeyNotYetUsable]")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("鍵コード有効化待ち.*JST.*から"));

        // A term narrows the marked list (other tests may issue keys too); a term that matches no marked device finds nothing.
        var marked = await console.RowsStartingWith("alpha-app").CountAsync();
        await console.SearchAsync("alpha-app");
        await Expect(rows.First.Locator("td").Last).ToContainTextAsync("ホスト名");
        await Expect(rows).ToHaveCountAsync(marked);
        await Expect(console.RowsStartingWith("alpha-app").Locator("[data-mark=KeyNotYetUsable]")).ToHaveCountAsync(marked);
        await Expect(console.Row("alpha-app01")).ToBeVisibleAsync();
        await console.SearchAsync("beta-wms");
        await Expect(console.None).ToBeVisibleAsync();
    }

    [Fact]
    public async Task StaffFindADeviceBySerialAndWorkItsFailureCallThroughContactTwo()
    {
        // alpha-db02 (contacts: the alpha administrator, then the deputy) gets this test's failure.
        var device = await portal.Database.DeviceAsync("alpha-db02");
        using (var sent = await portal.Server.SendReportAsync(IntakeReport.Failure(device, "temperature", "TEMP-0777", "筐体温度が上限を超えました (E2E)")))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, sent.StatusCode);
        }

        var page = await portal.NewPageAsync();
        await page.SignInAsync("staff@centre.example");
        await page.WaitForCircuitAsync();
        var menu = new MainMenu(page);
        await menu.FollowAsync("機器検索");
        await page.GiveStaffReasonAsync("障害通報の対応 (E2E)");
        var search = new StaffDevicesPage(page);
        await search.SearchAsync(device.Serial);
        await Expect(search.Rows).ToHaveCountAsync(1);
        await Expect(search.Table).ToContainTextAsync("alpha-db02");
        await Expect(search.Table).ToContainTextAsync("製造号機 (完全一致)");

        await menu.FollowAsync("障害のお電話 (コールリスト)");
        var call = new CallListPage(page).CallTask("TEMP-0777");
        await Expect(call.Contact(1)).ToContainTextAsync("今お電話する方");
        await Expect(call.Contact(1)).ToContainTextAsync("山田 太郎");
        await call.NoAnswerAsync(1);
        await Expect(call.Contact(2)).ToContainTextAsync("今お電話する方");
        await Expect(call.Steps).ToContainTextAsync("連絡先1 応答なし");
        await call.ReachedAsync(2);
        await Expect(call.Card).ToHaveCountAsync(0);

        await menu.FollowAsync("監査ログ");
        var audit = new AuditPage(page);
        await Expect(audit.Entries("RecordCall")).ToHaveCountAsync(2);
        await Expect(audit.Entries("RecordCall").First).ToContainTextAsync("連絡先2に連絡");
        var csv = await audit.ExportCsvAsync();
        Assert.Contains("連絡先2に連絡", csv, StringComparison.Ordinal);

        // People read both: actions, values and who acted in words, times in Japan time, never the stored codes or JSON.
        foreach (var text in new[] { await audit.Table.InnerTextAsync(), csv })
        {
            foreach (var raw in new[] { "{\"", "[{", "\":", "RecordCall", "StaffViewed", "SignInSucceeded", "ReachedContact2", "NoAnswerContact1", "system" })
            {
                Assert.DoesNotContain(raw, text, StringComparison.Ordinal);
            }

            Assert.DoesNotMatch(@"\d{4}-\d{2}-\d{2}T", text);
        }
    }

    [Fact]
    public async Task ReissuingAKeyAsksFirstThenTellsTheCustomer()
    {
        var before = await portal.Database.KeyCodeAsync("alpha-app02");
        var page = await portal.NewPageAsync();
        await page.SignInAsync("staff@centre.example");
        await page.WaitForCircuitAsync();
        await new MainMenu(page).FollowAsync("機器検索");
        await page.GiveStaffReasonAsync("キーコード紛失のご連絡 (E2E)");
        var search = new StaffDevicesPage(page);
        await search.SearchAsync("alpha-app02");
        await Expect(search.Rows).ToHaveCountAsync(1);
        await search.OpenFoundDeviceAsync();
        var device = new DevicePage(page);

        // Cancelled: the key in force stays.
        await device.AskToReissueKeyAsync();
        await Expect(device.Dialog).ToContainTextAsync("今のキーコードはすぐに使えなくなります");
        await device.CancelDialogAsync();
        await Expect(device.Dialog).ToHaveCountAsync(0);
        Assert.Equal(before, await portal.Database.KeyCodeAsync("alpha-app02"));

        // Confirmed: a new key, and the customer is mailed.
        await device.AskToReissueKeyAsync();
        await device.ConfirmKeyReissueAsync();
        await Expect(device.Snackbar).ToContainTextAsync("を発行しました");
        Assert.NotEqual(before, await portal.Database.KeyCodeAsync("alpha-app02"));
        Assert.True(await portal.Database.MailsAboutAsync("alpha-app02", "KeyReissued") >= 1);
    }

    [Theory]
    [InlineData("/staff/calls")]
    [InlineData("/staff/audit")]
    [InlineData("/staff/applications")]
    [InlineData("/staff/audit/export.csv")]
    public async Task CustomersAreRefusedEveryStaffAddress(string url)
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync("admin@alpha.example");
        await Expect(new DashboardPage(page).Devices).ToBeVisibleAsync();

        var response = await page.GotoAsync(url);

        Assert.Equal(403, response!.Status);
        await Expect(page.Locator("body")).Not.ToContainTextAsync("ベータ物流");
    }

    [Fact]
    public async Task CustomersCannotOpenTheStaffArea()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync("admin@alpha.example");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "機器検索" })).Not.ToBeVisibleAsync();

        var response = await page.GotoAsync("/staff/devices");

        Assert.Equal(403, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "アクセスできません" })).ToBeVisibleAsync();
        await Expect(page.Locator("body")).Not.ToContainTextAsync("beta-");
    }
}
