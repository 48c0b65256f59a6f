using Microsoft.Playwright;
using Portal.E2E.Support;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

[Collection(PortalCollection.Name)]
public sealed class ContactsTests(PortalFixture portal)
{
    [Fact]
    public async Task AnAdministratorChangesContactTwoAndRefreshesItAfterThePersonEditsTheirPhone()
    {
        // alpha-file01 and ops@alpha.example are changed by this test only.
        var admin = await portal.NewPageAsync();
        await admin.SignInAsync("admin@alpha.example");
        await admin.WaitForCircuitAsync();
        await admin.FollowAsync(admin.DeviceTable().Locator("tr", new() { HasText = "alpha-file01" }).GetByRole(AriaRole.Link).First);
        var deviceUrl = admin.Url;
        await admin.FollowAsync(admin.GetByRole(AriaRole.Link, new() { Name = "連絡先の変更" }));

        var preview = admin.Locator("[data-testid=escalation-preview]");
        await Expect(preview).ToContainTextAsync("つながらない場合は 佐藤 花子 さん");
        await admin.GetByRole(AriaRole.Radiogroup, new() { Name = "連絡先2 (連絡先1に連絡がつかない場合に電話)" }).GetByText("中村 陽介").ClickAsync();
        await Expect(preview).ToContainTextAsync("つながらない場合は 中村 陽介 さん (03-1234-5604) に電話します。");
        await Expect(preview).ToContainTextAsync("中村 陽介 <ops@alpha.example>");
        await admin.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(admin).ToHaveURLAsync(deviceUrl);
        await Expect(admin.Locator("[data-testid=contact][data-priority='2']")).ToContainTextAsync("中村 陽介");
        await Expect(admin.Locator("[data-testid=timeline]")).ToContainTextAsync("連絡先の変更");

        var person = await portal.NewPageAsync();
        await person.SignInAsync("ops@alpha.example");
        await person.WaitForCircuitAsync();
        await person.FollowAsync(person.GetByRole(AriaRole.Link, new() { Name = "ユーザ情報" }));
        await person.GetByLabel("電話番号").FillAsync("080-5555-6666");
        await person.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(person.Locator("[data-testid=profile-saved]")).ToContainTextAsync("1 台の機器の連絡先です");

        await admin.ReloadAsync();
        await admin.WaitForCircuitAsync();
        var stale = admin.Locator("[data-testid=contact][data-priority='2'] [data-testid=contact-stale]");
        await Expect(stale).ToContainTextAsync("登録後に変更あり");
        await Expect(stale).ToContainTextAsync("080-5555-6666");
        await stale.GetByRole(AriaRole.Button, new() { Name = "最新の情報に更新" }).ClickAsync();
        await Expect(admin.Locator("[data-testid=contact-stale]")).ToHaveCountAsync(0);
        await Expect(admin.Locator("[data-testid=contact][data-priority='2']")).ToContainTextAsync("080-5555-6666");
    }

    [Fact]
    public async Task WhenAFailureMailToAContactBouncesTheAdministratorSeesItOnTheDeviceAndContactsPages()
    {
        // beta-erp01's contact 2 copy gets an address MimeKit refuses (one saved before the portal checked with it).
        const string Planted = "taro.@docomo.ne.jp";
        var server = portal.Server;
        var device = await server.QueryAsync<string>("SELECT Id FROM Devices WHERE HostName = 'beta-erp01'");
        var original = await server.QueryAsync<string>(
            "SELECT c.Email FROM RegistrationContacts c JOIN Registrations r ON r.Id = c.RegistrationId WHERE r.DeviceId = $d AND c.Priority = 2", ("$d", device));
        await server.QueryAsync<long>(
            "UPDATE RegistrationContacts SET Email = $e WHERE Priority = 2 AND RegistrationId = (SELECT Id FROM Registrations WHERE DeviceId = $d) RETURNING 1", ("$e", Planted), ("$d", device));
        try
        {
            var model = await server.QueryAsync<string>("SELECT ModelNumber FROM Devices WHERE Id = $d", ("$d", device));
            var serial = await server.QueryAsync<string>("SELECT SerialNumber FROM Devices WHERE Id = $d", ("$d", device));
            using (var client = new HttpClient { BaseAddress = server.BaseUrl })
            {
                client.DefaultRequestHeaders.Authorization = new("Bearer", "demo-intake-token");
                using var sent = await client.PostReportAsync(Gateway.Failure(model, serial, "fan", "FAN-0BNC", "筐体ファン停止 (E2E bounce)"));
                Assert.Equal(System.Net.HttpStatusCode.OK, sent.StatusCode);
            }

            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (await server.QueryAsync<long>("SELECT COUNT(*) FROM Notifications WHERE Recipient = $e AND State = 3", ("$e", Planted)) == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the mail to the planted address was not marked failed within 20 s");
                await Task.Delay(200);
            }

            var admin = await portal.NewPageAsync();
            await admin.SignInAsync("admin@beta.example");
            await admin.WaitForCircuitAsync();
            await admin.FollowAsync(admin.DeviceTable().Locator("tr", new() { HasText = "beta-erp01" }).GetByRole(AriaRole.Link).First);
            var bounced = admin.Locator("[data-testid=contact][data-priority='2'] [data-testid=contact-bounced]");
            await Expect(bounced).ToContainTextAsync("メール不達");
            await Expect(bounced).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\d{4}/\d{2}/\d{2} \d{2}:\d{2} JST"));
            await Expect(admin.Locator("[data-testid=contact][data-priority='1'] [data-testid=contact-bounced]")).ToHaveCountAsync(0);

            await admin.GotoAsync(new Uri(server.BaseUrl, "/contacts").ToString());
            await admin.WaitForCircuitAsync();
            await Expect(admin.Locator("[data-testid=bulk-device][data-host='beta-erp01'] [data-testid=contacts-bounced]")).ToBeVisibleAsync();
            await Expect(admin.Locator("[data-testid=bulk-device][data-host='beta-wms01'] [data-testid=contacts-bounced]")).ToHaveCountAsync(0);
        }
        finally
        {
            await server.QueryAsync<long>(
                "UPDATE RegistrationContacts SET Email = $e WHERE Priority = 2 AND RegistrationId = (SELECT Id FROM Registrations WHERE DeviceId = $d) RETURNING 1", ("$e", original), ("$d", device));
        }
    }

    [Fact]
    public async Task TheBulkEditorSearchesChoosesEveryMatchAndChangesTheirContacts()
    {
        // SP1000002's only opened device, alpha-lab01, is changed by this test only (to the contacts it has).
        var page = await portal.NewPageAsync();
        await page.SignInAsync("admin@alpha.example");
        await page.WaitForCircuitAsync();
        await page.GotoAsync("/contacts");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "SP1000002 (株式会社アルファ製作所)" }).CheckAsync();
        var devices = page.Locator("[data-testid=bulk-device]");
        await Expect(devices).ToHaveCountAsync(1);
        await page.Locator("[data-testid=device-search]").FillAsync("no-such-host");
        await Expect(devices).ToHaveCountAsync(0);
        await page.Locator("[data-testid=device-search]").FillAsync("LAB");
        await Expect(devices).ToHaveCountAsync(1);

        await page.Locator("[data-testid=choose-all]").ClickAsync();
        await Expect(page.Locator("[data-testid=chosen-count]")).ToHaveTextAsync("1 台を選択しています。");
        await Expect(devices.GetByRole(AriaRole.Checkbox)).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Radiogroup, new() { Name = "連絡先1 (最初に電話)" }).GetByText("山田 太郎").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "1 台の連絡先を変更" }).ClickAsync();

        await Expect(page.Locator("[data-testid=contacts-saved]")).ToHaveTextAsync("1 台の機器の連絡先を変更しました。");
        await Expect(page.Locator("[data-testid=chosen-count]")).ToHaveTextAsync("0 台を選択しています。");
        await Expect(devices.First).ToContainTextAsync("山田 太郎");
        var changed = await portal.Server.QueryAsync<long>(
            "SELECT COUNT(*) FROM AuditEntries WHERE Action = 'ChangeContacts' AND DeviceId = (SELECT Id FROM Devices WHERE HostName = 'alpha-lab01')");
        Assert.Equal(1L, changed);
    }

    [Fact]
    public async Task AUserRoleMemberSeesContactsButCannotEditThem()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync("user@alpha.example");
        await page.WaitForCircuitAsync();
        await page.FollowAsync(page.DeviceTable().Locator("tr", new() { HasText = "alpha-db02" }).GetByRole(AriaRole.Link).First);

        await Expect(page.Locator("[data-testid=contacts-readonly]")).ToContainTextAsync("利用管理者または利用管理者代行のみ");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "連絡先の変更" })).ToHaveCountAsync(0);
        await page.GotoAsync(page.Url + "/contacts");
        await Expect(page.Locator("[data-testid=contacts-readonly]")).ToContainTextAsync("利用管理者または利用管理者代行のみ");
        await Expect(page.Locator("[data-testid=contacts-editor]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AMemberOfAnotherCustomerGetsNotFoundForTheContactsAndSitePages()
    {
        var alpha = await portal.NewPageAsync();
        await alpha.SignInAsync("admin@alpha.example");
        var href = await alpha.DeviceTable().Locator("tr", new() { HasText = "alpha-db02" }).GetByRole(AriaRole.Link).First.GetAttributeAsync("href");

        var beta = await portal.NewPageAsync();
        await beta.SignInAsync("admin@beta.example");
        foreach (var url in new[] { href!, $"{href}/contacts", $"{href}/site" })
        {
            var response = await beta.GotoAsync(url);
            Assert.Equal(404, response!.Status);
            await Expect(beta.GetByRole(AriaRole.Heading, new() { Name = "ページが見つかりません" })).ToBeVisibleAsync();
            await Expect(beta.Locator("body")).Not.ToContainTextAsync("alpha-db02");
        }
    }
}
