using Microsoft.Playwright;
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
        var menu = staff.GetByRole(AriaRole.Navigation, new() { Name = "メインメニュー", Exact = true });
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "機器検索", Exact = true })).ToBeVisibleAsync();
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "機器一覧", Exact = true })).ToHaveCountAsync(0);
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "お申し込み", Exact = true })).ToHaveCountAsync(0);

        var user = await portal.NewPageAsync();
        await user.SignInAsync("user@alpha.example");
        await user.WaitForCircuitAsync();
        menu = user.GetByRole(AriaRole.Navigation, new() { Name = "メインメニュー", Exact = true });
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "機器一覧", Exact = true })).ToBeVisibleAsync();
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "お申し込み", Exact = true })).ToHaveCountAsync(0);
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "連絡先の一括変更", Exact = true })).ToHaveCountAsync(0);
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "機器検索", Exact = true })).ToHaveCountAsync(0);

        var deputy = await portal.NewPageAsync();
        await deputy.SignInAsync("deputy@alpha.example");
        await deputy.WaitForCircuitAsync();
        menu = deputy.GetByRole(AriaRole.Navigation, new() { Name = "メインメニュー", Exact = true });
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "お申し込み", Exact = true })).ToBeVisibleAsync();
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "連絡先の一括変更", Exact = true })).ToBeVisibleAsync();
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

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "機器検索 (全お客様)" })).ToBeVisibleAsync();
        await page.GetByLabel("検索").FillAsync("beta-wms");

        var table = page.Locator("[data-testid=staff-device-table]");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(table).ToContainTextAsync("ベータ物流株式会社");

        await page.GetByLabel("検索").FillAsync("alpha-db01");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
        await table.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.Locator("[data-testid=device-management-number]")).ToBeVisibleAsync();
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
        var overview = page.Locator("[data-testid=attention-overview]");
        await Expect(overview).ToContainTextAsync("要確認の機器 (全お客様)");
        var tile = overview.Locator("[data-mark-count=KeyNotYetUsable]");
        var count = int.Parse(await tile.Locator(".tile-count").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(count, 1, 50);

        await tile.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/staff/devices\\?mark=KeyNotYetUsable$"));
        var rows = page.Locator("[data-testid=staff-device-table] tbody tr");
        await Expect(rows).ToHaveCountAsync(count);
        await Expect(rows.Locator("[data-mark=KeyNotYetUsable]")).ToHaveCountAsync(count);
        await Expect(page.Locator("tr[data-device=alpha-app01] [data-mark=KeyNotYetUsable]")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("鍵コード有効化待ち.*JST.*から"));

        // A term narrows the marked list (other tests may issue keys too); a term that matches no marked device finds nothing.
        var marked = await page.Locator("tr[data-device^=alpha-app]").CountAsync();
        await page.GetByLabel("検索").FillAsync("alpha-app");
        await Expect(rows.First.Locator("td").Last).ToContainTextAsync("ホスト名");
        await Expect(rows).ToHaveCountAsync(marked);
        await Expect(page.Locator("tr[data-device^=alpha-app] [data-mark=KeyNotYetUsable]")).ToHaveCountAsync(marked);
        await Expect(page.Locator("tr[data-device=alpha-app01]")).ToBeVisibleAsync();
        await page.GetByLabel("検索").FillAsync("beta-wms");
        await Expect(page.Locator("[data-testid=staff-search-none]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task StaffFindADeviceBySerialAndWorkItsFailureCallThroughContactTwo()
    {
        // alpha-db02 (contacts: the alpha administrator, then the deputy) gets this test's failure.
        var serial = await portal.Server.QueryAsync<string>("SELECT SerialNumber FROM Devices WHERE HostName = 'alpha-db02'");
        var model = await portal.Server.QueryAsync<string>("SELECT ModelNumber FROM Devices WHERE HostName = 'alpha-db02'");
        using (var client = new HttpClient { BaseAddress = portal.Server.BaseUrl })
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", "demo-intake-token");
            var sent = await client.PostReportAsync(Gateway.Failure(model, serial, "temperature", "TEMP-0777", "筐体温度が上限を超えました (E2E)"));
            Assert.Equal(System.Net.HttpStatusCode.OK, sent.StatusCode);
        }

        var page = await portal.NewPageAsync();
        await page.SignInAsync("staff@centre.example");
        await page.WaitForCircuitAsync();
        await page.FollowAsync(page.GetByRole(AriaRole.Link, new() { Name = "機器検索" }));
        await page.GiveStaffReasonAsync("障害通報の対応 (E2E)");
        await page.GetByLabel("検索").FillAsync(serial);
        var table = page.Locator("[data-testid=staff-device-table]");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(table).ToContainTextAsync("alpha-db02");
        await Expect(table).ToContainTextAsync("製造号機 (完全一致)");

        await page.FollowAsync(page.GetByRole(AriaRole.Link, new() { Name = "障害のお電話 (コールリスト)" }));
        var card = page.Locator("[data-testid=call-task]", new() { HasText = "TEMP-0777" });
        await Expect(card.Locator("[data-testid=call-contact][data-priority='1']")).ToContainTextAsync("今お電話する方");
        await Expect(card.Locator("[data-testid=call-contact][data-priority='1']")).ToContainTextAsync("山田 太郎");
        await card.GetByRole(AriaRole.Button, new() { Name = "連絡先1が応答なし" }).ClickAsync();
        await Expect(card.Locator("[data-testid=call-contact][data-priority='2']")).ToContainTextAsync("今お電話する方");
        await Expect(card.Locator("[data-testid=call-steps]")).ToContainTextAsync("連絡先1 応答なし");
        await card.GetByRole(AriaRole.Button, new() { Name = "連絡先2に連絡がついた" }).ClickAsync();
        await Expect(card).ToHaveCountAsync(0);

        await page.FollowAsync(page.GetByRole(AriaRole.Link, new() { Name = "監査ログ" }));
        var audit = page.Locator("[data-testid=audit-table]");
        await Expect(audit.Locator("tr[data-action=RecordCall]")).ToHaveCountAsync(2);
        await Expect(audit.Locator("tr[data-action=RecordCall]").First).ToContainTextAsync("連絡先2に連絡");
        var csv = await (await page.Context.APIRequest.GetAsync(new Uri(portal.Server.BaseUrl, "/staff/audit/export.csv").ToString())).TextAsync();
        Assert.Contains("連絡先2に連絡", csv, StringComparison.Ordinal);

        // People read both: actions, values and who acted in words, times in Japan time, never the stored codes or JSON.
        foreach (var text in new[] { await audit.InnerTextAsync(), csv })
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
        const string keyOf = "SELECT KeyCode FROM Registrations WHERE DeviceId = (SELECT Id FROM Devices WHERE HostName = 'alpha-app02')";
        var before = await portal.Server.QueryAsync<string>(keyOf);
        var page = await portal.NewPageAsync();
        await page.SignInAsync("staff@centre.example");
        await page.WaitForCircuitAsync();
        await page.FollowAsync(page.GetByRole(AriaRole.Link, new() { Name = "機器検索" }));
        await page.GiveStaffReasonAsync("キーコード紛失のご連絡 (E2E)");
        await page.GetByLabel("検索").FillAsync("alpha-app02");
        var table = page.Locator("[data-testid=staff-device-table]");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
        await page.FollowAsync(table.GetByRole(AriaRole.Link));

        // Cancelled: the key in force stays.
        await page.GetByRole(AriaRole.Button, new() { Name = "キーコード再発行" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("今のキーコードはすぐに使えなくなります");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "キャンセル" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        Assert.Equal(before, await portal.Server.QueryAsync<string>(keyOf));

        // Confirmed: a new key, and the customer is mailed.
        await page.GetByRole(AriaRole.Button, new() { Name = "キーコード再発行" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "キーコード再発行" }).ClickAsync();
        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("を発行しました");
        Assert.NotEqual(before, await portal.Server.QueryAsync<string>(keyOf));
        Assert.True(await portal.Server.QueryAsync<long>(
            "SELECT COUNT(*) FROM Notifications WHERE Kind = 'KeyReissued' AND DeviceId = (SELECT Id FROM Devices WHERE HostName = 'alpha-app02')") >= 1);
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
        await Expect(page.DeviceTable()).ToBeVisibleAsync();

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
