using System.Text.RegularExpressions;
using Microsoft.Playwright;
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

        await DeviceOption(customer, "alpha-dev03").Locator("label").ClickAsync();
        await customer.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        await customer.GetByRole(AriaRole.Radiogroup, new() { Name = "連絡先1 (最初に電話)" }).GetByText("山田 太郎").ClickAsync();
        await customer.GetByRole(AriaRole.Radiogroup, new() { Name = "連絡先2 (連絡先1に連絡がつかない場合に電話)" }).GetByText("佐藤 花子").ClickAsync();
        await customer.GetByLabel("連絡先2の時間指定 (任意)").FillAsync("平日 9:00-18:00");
        await customer.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        var review = customer.Locator("[data-testid=apply-review]");
        await Expect(review).ToContainTextAsync("alpha-dev03");
        await Expect(review).ToContainTextAsync("山田 太郎");
        await Expect(review).ToContainTextAsync("佐藤 花子");
        await Expect(review).ToContainTextAsync("平日 9:00-18:00");
        await customer.GetByRole(AriaRole.Button, new() { Name = "申し込む" }).ClickAsync();
        await Expect(customer.Locator("[data-testid=apply-done]")).ToContainTextAsync("申込");

        await customer.Locator("[data-testid=apply-done] ~ * a", new() { HasText = "alpha-dev03" }).ClickAsync();
        await Expect(customer.Locator("[data-testid=registration-status]")).ToHaveTextAsync("申込");
        var deviceUrl = customer.Url;

        var staff = await portal.NewPageAsync();
        await staff.SignInAsync("staff@centre.example");
        await staff.WaitForCircuitAsync();
        await staff.FollowAsync(staff.GetByRole(AriaRole.Link, new() { Name = "受付待ちのお申し込み" }));
        await staff.GiveStaffReasonAsync("お申し込みの受付 (E2E)");
        var queued = staff.Locator("[data-testid=queued-application][data-host=alpha-dev03]");
        await Expect(queued).ToContainTextAsync("山田 太郎 / 佐藤 花子");
        await queued.GetByRole(AriaRole.Button, new() { Name = "受付", Exact = true }).ClickAsync();
        await Expect(staff.GetByText(KeyIssuedMessage())).ToBeVisibleAsync();
        await Expect(queued).ToHaveCountAsync(0);

        await customer.GotoAsync(deviceUrl);
        await Expect(customer.Locator("[data-testid=registration-status]")).ToHaveTextAsync("受付");
        await Expect(customer.Locator("[data-testid=key-code]")).ToHaveTextAsync(FiveDigits());
        await Expect(customer.Locator("[data-testid=registration-facts]")).ToContainTextAsync("開局作業可能日時");
        await Expect(customer.Locator("[data-testid=opening-countdown]")).ToContainTextAsync("から可能です");
        await Expect(customer.Locator("[data-testid=contacts]")).ToContainTextAsync("佐藤 花子");
    }

    [Fact]
    public async Task AUserRoleMemberCannotApply()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync("user@alpha.example");
        await page.WaitForCircuitAsync();

        await page.GotoAsync("/apply");

        await Expect(page.Locator("[data-testid=apply-refused]")).ToContainTextAsync("利用管理者または利用管理者代行のみ");
        await Expect(page.Locator("[data-testid=apply-stepper]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TheSelectionPackAndUnconfirmedDevicesSayWhyTheyCannotBeChosen()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync("admin@alpha.example");
        await page.WaitForCircuitAsync();

        await page.GotoAsync("/apply");

        await Expect(DeviceOption(page, "alpha-dev02")).ToContainTextAsync("N8 で始まる保証書の型番");
        await Expect(DeviceOption(page, "alpha-dev02").GetByRole(AriaRole.Checkbox)).ToBeDisabledAsync();
        await Expect(DeviceOption(page, "alpha-new01")).ToContainTextAsync("登録確認待ち");
        await Expect(DeviceOption(page, "alpha-new01").GetByRole(AriaRole.Checkbox)).ToBeDisabledAsync();
        await Expect(DeviceOption(page, "alpha-old01")).ToContainTextAsync("無償保証バンドルの期間は");
    }

    private static ILocator DeviceOption(IPage page, string host) => page.Locator($"[data-testid=device-option][data-host={host}]");

    [GeneratedRegex("^キーコード [0-9]{5} を発行しました")]
    private static partial Regex KeyIssuedMessage();

    [GeneratedRegex("^[0-9]{5}$")]
    private static partial Regex FiveDigits();
}
