using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.E2E.Pages;
using Portal.E2E.Support;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

[Collection(PortalCollection.Name)]
public sealed partial class ApplicationTests(PortalFixture portal)
{
    [Fact]
    public async Task AdministratorAppliesWithTwoContactsAndSeesTheKeyCodeOnceStaffAccept()
    {
        // alpha-dev03 is applied for by this test only.
        var customer = await portal.NewPageAsync();
        await customer.SignInAsync("admin@alpha.example");
        await customer.WaitForCircuitAsync();
        await customer.FollowAsync(customer.GetByRole(AriaRole.Link, new() { Name = "お申し込み", Exact = true }));
        var apply = new ApplyPage(customer);

        await apply.ChooseDeviceAsync("alpha-dev03");
        await apply.NextAsync();
        await apply.ChooseContactAsync(1, "山田 太郎");
        await apply.ChooseContactAsync(2, "佐藤 花子");
        await apply.SetReachableHoursAsync(2, "平日 9:00-18:00");
        await apply.NextAsync();
        await Expect(apply.Review).ToContainTextAsync("alpha-dev03");
        await Expect(apply.Review).ToContainTextAsync("山田 太郎");
        await Expect(apply.Review).ToContainTextAsync("佐藤 花子");
        await Expect(apply.Review).ToContainTextAsync("平日 9:00-18:00");
        await apply.ApplyAsync();
        await Expect(apply.Done).ToContainTextAsync("申込");

        await apply.AppliedDeviceLink("alpha-dev03").ClickAsync();
        var device = new DevicePage(customer);
        await Expect(device.Status).ToHaveTextAsync("申込");
        var deviceUrl = customer.Url;

        var staff = await portal.NewPageAsync();
        await staff.SignInAsync("staff@centre.example");
        await staff.WaitForCircuitAsync();
        await new MainMenu(staff).FollowAsync("受付待ちのお申し込み");
        await staff.GiveStaffReasonAsync("お申し込みの受付 (E2E)");
        var queue = new AcceptanceQueuePage(staff);
        await Expect(queue.Application("alpha-dev03")).ToContainTextAsync("山田 太郎 / 佐藤 花子");
        await queue.AcceptAsync("alpha-dev03");
        await Expect(staff.GetByText(KeyIssuedMessage())).ToBeVisibleAsync();
        await Expect(queue.Application("alpha-dev03")).ToHaveCountAsync(0);

        await customer.GotoAsync(deviceUrl);
        await Expect(device.Status).ToHaveTextAsync("受付");
        await Expect(device.KeyCode).ToHaveTextAsync(FiveDigits());
        await Expect(device.Facts).ToContainTextAsync("開局作業可能日時");
        await Expect(device.OpeningCountdown).ToContainTextAsync("から可能です");
        await Expect(device.Contacts).ToContainTextAsync("佐藤 花子");
    }

    [Fact]
    public async Task AUserRoleMemberCannotApply()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync("user@alpha.example");
        await page.WaitForCircuitAsync();

        await page.GotoAsync("/apply");

        var apply = new ApplyPage(page);
        await Expect(apply.Refused).ToContainTextAsync("利用管理者または利用管理者代行のみ");
        await Expect(apply.Stepper).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TheSelectionPackAndUnconfirmedDevicesSayWhyTheyCannotBeChosen()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync("admin@alpha.example");
        await page.WaitForCircuitAsync();

        await page.GotoAsync("/apply");

        var apply = new ApplyPage(page);
        await Expect(apply.DeviceOption("alpha-dev02")).ToContainTextAsync("N8 で始まる保証書の型番");
        await Expect(apply.DeviceCheckbox("alpha-dev02")).ToBeDisabledAsync();
        await Expect(apply.DeviceOption("alpha-new01")).ToContainTextAsync("登録確認待ち");
        await Expect(apply.DeviceCheckbox("alpha-new01")).ToBeDisabledAsync();
        await Expect(apply.DeviceOption("alpha-old01")).ToContainTextAsync("無償保証バンドルの期間は");
    }

    [GeneratedRegex("^キーコード [0-9]{5} を発行しました")]
    private static partial Regex KeyIssuedMessage();

    [GeneratedRegex("^[0-9]{5}$")]
    private static partial Regex FiveDigits();
}
