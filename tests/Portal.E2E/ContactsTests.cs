using Microsoft.Playwright;
using Portal.E2E.Pages;
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
        await new DashboardPage(admin).OpenDeviceAsync("alpha-file01");
        var deviceUrl = admin.Url;
        var device = new DevicePage(admin);
        await admin.FollowAsync(device.ChangeContactsLink);

        var contacts = new DeviceContactsPage(admin);
        await Expect(contacts.EscalationPreview).ToContainTextAsync("つながらない場合は 佐藤 花子 さん");
        await contacts.ChooseContactAsync(2, "中村 陽介");
        await Expect(contacts.EscalationPreview).ToContainTextAsync("つながらない場合は 中村 陽介 さん (03-1234-5604) に電話します。");
        await Expect(contacts.EscalationPreview).ToContainTextAsync("中村 陽介 <ops@alpha.example>");
        await contacts.SaveAsync();
        await Expect(admin).ToHaveURLAsync(deviceUrl);
        await Expect(device.Contact(2)).ToContainTextAsync("中村 陽介");
        await Expect(device.Timeline).ToContainTextAsync("連絡先の変更");

        var person = await portal.NewPageAsync();
        await person.SignInAsync("ops@alpha.example");
        await person.WaitForCircuitAsync();
        await person.FollowAsync(person.GetByRole(AriaRole.Link, new() { Name = "ユーザ情報" }));
        await person.GetByLabel("電話番号").FillAsync("080-5555-6666");
        await person.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(person.Locator("[data-testid=profile-saved]")).ToContainTextAsync("1 台の機器の連絡先です");

        await admin.ReloadAsync();
        await admin.WaitForCircuitAsync();
        var stale = device.StaleContact(2);
        await Expect(stale).ToContainTextAsync("登録後に変更あり");
        await Expect(stale).ToContainTextAsync("080-5555-6666");
        await device.RefreshContactAsync(2);
        await Expect(device.StaleContacts).ToHaveCountAsync(0);
        await Expect(device.Contact(2)).ToContainTextAsync("080-5555-6666");
    }

    [Fact]
    public async Task WhenAFailureMailToAContactBouncesTheAdministratorSeesItOnTheDeviceAndContactsPages()
    {
        // beta-erp01's contact 2 copy gets an address MimeKit refuses (one saved before the portal checked with it).
        const string Planted = "taro.@docomo.ne.jp";
        var server = portal.Server;
        var device = await portal.Database.DeviceAsync("beta-erp01");
        var original = await portal.Database.ContactEmailAsync(device.Id, priority: 2);
        await portal.Database.SetContactEmailAsync(device.Id, priority: 2, Planted);
        try
        {
            using (var sent = await server.SendReportAsync(IntakeReport.Failure(device, "fan", "FAN-0BNC", "筐体ファン停止 (E2E bounce)")))
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, sent.StatusCode);
            }

            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (await portal.Database.FailedMailsToAsync(Planted) == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the mail to the planted address was not marked failed within 20 s");
                await Task.Delay(200);
            }

            var admin = await portal.NewPageAsync();
            await admin.SignInAsync("admin@beta.example");
            await admin.WaitForCircuitAsync();
            await new DashboardPage(admin).OpenDeviceAsync("beta-erp01");
            var devicePage = new DevicePage(admin);
            await Expect(devicePage.BouncedContact(2)).ToContainTextAsync("メール不達");
            await Expect(devicePage.BouncedContact(2)).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\d{4}/\d{2}/\d{2} \d{2}:\d{2} JST"));
            await Expect(devicePage.BouncedContact(1)).ToHaveCountAsync(0);

            var contacts = await ContactsPage.OpenAsync(admin);
            await Expect(contacts.Bounced("beta-erp01")).ToBeVisibleAsync();
            await Expect(contacts.Bounced("beta-wms01")).ToHaveCountAsync(0);
        }
        finally
        {
            await portal.Database.SetContactEmailAsync(device.Id, priority: 2, original);
        }
    }

    [Fact]
    public async Task TheBulkEditorSearchesChoosesEveryMatchAndChangesTheirContacts()
    {
        // SP1000002's only opened device, alpha-lab01, is changed by this test only (to the contacts it has).
        var page = await portal.NewPageAsync();
        await page.SignInAsync("admin@alpha.example");
        await page.WaitForCircuitAsync();
        var contacts = await ContactsPage.OpenAsync(page);
        await contacts.ShowSupportIdAsync("SP1000002 (株式会社アルファ製作所)");
        await Expect(contacts.Devices).ToHaveCountAsync(1);
        await contacts.SearchAsync("no-such-host");
        await Expect(contacts.Devices).ToHaveCountAsync(0);
        await contacts.SearchAsync("LAB");
        await Expect(contacts.Devices).ToHaveCountAsync(1);

        await contacts.ChooseAllAsync();
        await Expect(contacts.ChosenCount).ToHaveTextAsync("1 台を選択しています。");
        await Expect(contacts.Devices.GetByRole(AriaRole.Checkbox)).ToBeCheckedAsync();
        await contacts.ChooseContactAsync(1, "山田 太郎");
        await contacts.ChangeAsync(count: 1);

        await Expect(contacts.Saved).ToHaveTextAsync("1 台の機器の連絡先を変更しました。");
        await Expect(contacts.ChosenCount).ToHaveTextAsync("0 台を選択しています。");
        await Expect(contacts.Devices.First).ToContainTextAsync("山田 太郎");
        var changed = await portal.Database.AuditEntriesAsync("ChangeContacts", "alpha-lab01");
        Assert.Equal(1L, changed);
    }

    [Fact]
    public async Task AUserRoleMemberSeesContactsButCannotEditThem()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync("user@alpha.example");
        await page.WaitForCircuitAsync();
        await new DashboardPage(page).OpenDeviceAsync("alpha-db02");

        var device = new DevicePage(page);
        await Expect(device.ReadOnlyContacts).ToContainTextAsync("利用管理者または利用管理者代行のみ");
        await Expect(device.ChangeContactsLink).ToHaveCountAsync(0);
        await page.GotoAsync(page.Url + "/contacts");
        var contacts = new DeviceContactsPage(page);
        await Expect(contacts.ReadOnly).ToContainTextAsync("利用管理者または利用管理者代行のみ");
        await Expect(contacts.Editor).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AMemberOfAnotherCustomerGetsNotFoundForTheContactsAndSitePages()
    {
        var alpha = await portal.NewPageAsync();
        await alpha.SignInAsync("admin@alpha.example");
        var href = await new DashboardPage(alpha).DeviceLink("alpha-db02").GetAttributeAsync("href");

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
