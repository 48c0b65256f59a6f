using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Portal.E2E.Pages;
using Portal.E2E.Support;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

/// <summary>
/// The service lifecycle in a real browser, on a portal of its own (issue 18): a free-warranty device opened with its
/// downloaded key file, an application withdrawn, an opened device applied for again and ended, and a staff correction.
/// The one-hour wait after issuance is stood in for by moving the issue time back in the database.
/// </summary>
[Collection(LifecycleCollection.Name)]
public sealed class LifecycleTests(LifecycleFixture portal)
{
    /// <summary>The hour's wait after a key is issued, and a minute more.</summary>
    private static readonly TimeSpan SixtyOneMinutes = TimeSpan.FromMinutes(61);

    private Task<long> WaitOutTheHourAsync(string host) => portal.Database.MoveKeyIssuedBackAsync(host, SixtyOneMinutes);

    private async Task<string> OpenAsync(DemoDevice device, string? keyCode = null, string? keyFile = null)
    {
        using var response = await portal.Server.SendReportAsync(IntakeReport.Opening(device, keyCode, keyFile) with { HostName = "lifecycle-host" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("outcome").GetString()!;
    }

    /// <summary>A person signed in, on a device's page, its circuit connected.</summary>
    private async Task<DevicePage> AtDeviceAsync(string email, string deviceId)
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync(email);
        await page.WaitForCircuitAsync();
        return await DevicePage.OpenAsync(page, deviceId);
    }

    private async Task<(IPage Page, AcceptanceQueuePage Queue)> StaffAsync(string reason)
    {
        var staff = await portal.NewPageAsync();
        await staff.SignInAsync("staff@centre.example");
        await staff.WaitForCircuitAsync();
        var queue = await AcceptanceQueuePage.OpenAsync(staff);
        await staff.GiveStaffReasonAsync(reason);
        return (staff, queue);
    }

    private static async Task<string> DownloadKeyFileAsync(DevicePage device)
    {
        var (fileName, text) = await device.DownloadKeyFileAsync();
        Assert.StartsWith("openingkey-", fileName, StringComparison.Ordinal);
        return text;
    }

    [Fact]
    public async Task AFreeWarrantyDeviceOpensWithItsKeyFileAfterTheHourAndNotWithAnEditedOne()
    {
        var device = await portal.Database.DeviceAsync("beta-web02");
        var customer = await portal.NewPageAsync();
        await customer.SignInAsync("admin@beta.example");
        await customer.WaitForCircuitAsync();
        var apply = await ApplyPage.OpenAsync(customer, device.Id);
        await Expect(apply.DeviceCheckbox("beta-web02")).ToBeCheckedAsync();
        await apply.ApplyWithOneContactAsync("高橋 美咲");
        await Expect(apply.Done).ToBeVisibleAsync();

        var (_, queue) = await StaffAsync("キーファイル方式の受付 (E2E)");
        await Expect(queue.Application("beta-web02")).ToContainTextAsync("開局キーファイル方式");
        await queue.AcceptAsync("beta-web02");
        await Expect(queue.Application("beta-web02")).ToHaveCountAsync(0);

        var page = await DevicePage.OpenAsync(customer, device.Id);
        await Expect(page.Status).ToHaveTextAsync("受付");
        await Expect(page.OpeningMethod).ToHaveTextAsync("開局キーファイル方式");
        await Expect(page.KeyCode).ToHaveCountAsync(0);
        var file = await DownloadKeyFileAsync(page);
        Assert.Contains($"serialNumber: {device.Serial}", file, StringComparison.Ordinal);
        Assert.Contains("signature: ", file, StringComparison.Ordinal);

        Assert.Equal("tooEarly", await OpenAsync(device, keyFile: file));
        await WaitOutTheHourAsync("beta-web02");

        // A fresh navigation, not a reload: the download's own navigation may still count as the page's last one.
        page = await DevicePage.OpenAsync(customer, device.Id);
        var current = await DownloadKeyFileAsync(page);

        var edited = current.Replace($"deviceManagementNumber: ", "deviceManagementNumber: X", StringComparison.Ordinal);
        Assert.Equal("mismatch", await OpenAsync(device, keyFile: edited));
        Assert.Equal("opened", await OpenAsync(device, keyFile: current));

        await customer.GotoAsync(DevicePage.PathOf(device.Id));
        await Expect(page.Status).ToHaveTextAsync("開局");
    }

    [Fact]
    public async Task AWithdrawnApplicationReturnsToNotAppliedAndLeavesTheStaffQueue()
    {
        // beta-web01 is applied for in the demo data.
        var device = await portal.Database.DeviceAsync("beta-web01");
        var (staff, queue) = await StaffAsync("申込取り下げの確認 (E2E)");
        await Expect(queue.Application("beta-web01")).ToHaveCountAsync(1);

        var customer = await AtDeviceAsync("admin@beta.example", device.Id);
        await customer.WithdrawAsync();

        await Expect(customer.Status).ToHaveTextAsync("未申込");
        // The timeline is rendered without a circuit: the page is loaded again, and the island's message stays.
        await Expect(customer.TimelineSteps.Last).ToContainTextAsync("申込取り下げ");
        await Expect(customer.Page.GetByText("申込みを取り下げました。")).ToBeVisibleAsync();
        await staff.ReloadAsync();
        await staff.WaitForCircuitAsync();
        await Expect(queue.QueueOrEmpty).ToBeVisibleAsync();
        await Expect(queue.Application("beta-web01")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AnOpenedDeviceAppliedForAgainForALostKeyGetsANewKeyAndTheOldOneStopsWorking()
    {
        var device = await portal.Database.DeviceAsync("alpha-web01");
        var oldKey = await portal.Database.KeyCodeAsync("alpha-web01");
        var customer = await AtDeviceAsync("admin@alpha.example", device.Id);
        await customer.FollowReapplyAsync();
        var reapply = new ReapplyPage(customer.Page);
        // A key-code device that moves needs only a site change: the portal says so instead of offering the reason.
        await Expect(reapply.Reason("機器を移設した (開局キーファイル方式)")).ToBeDisabledAsync();
        await Expect(reapply.Reason("開局キーコードまたは開局キーファイルを紛失した")).ToBeCheckedAsync();
        await reapply.SubmitAsync();
        await Expect(customer.ReapplicationPending).ToContainTextAsync("紛失");
        await Expect(customer.Status).ToHaveTextAsync("開局");

        var (_, queue) = await StaffAsync("再申込みの受付 (E2E)");
        await Expect(queue.Reapplication("alpha-web01")).ToContainTextAsync("再申込み");
        await queue.AcceptAsync("alpha-web01");
        await Expect(queue.Application("alpha-web01")).ToHaveCountAsync(0);

        await WaitOutTheHourAsync("alpha-web01");
        await customer.Page.ReloadAsync();
        var newKey = (await customer.KeyCode.TextContentAsync())!.Trim();
        Assert.Equal(5, newKey.Length);
        if (newKey != oldKey)
        {
            Assert.Equal("mismatch", await OpenAsync(device, keyCode: oldKey));
        }

        Assert.Equal("opened", await OpenAsync(device, keyCode: newKey));
        await Expect(customer.ReapplicationPending).ToHaveCountAsync(0);
        await customer.Page.ReloadAsync();
        await Expect(customer.TimelineSteps.Filter(new() { HasText = "再申込み受付" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task EndingAnOpenedDeviceInEnglishAwaitsTheAgentsEndReportAndThenItCanBeAppliedForAgain()
    {
        var device = await portal.Database.DeviceAsync("alpha-db02");
        var page = await portal.NewPageAsync();
        await page.SignInAsync("deputy@alpha.example");
        await page.WaitForCircuitAsync();
        await page.GotoAsync($"/culture/en?returnUrl=/devices/{device.Id}");
        await page.WaitForCircuitAsync();

        var devicePage = new DevicePage(page);
        await devicePage.AskToEndAsync();
        await Expect(devicePage.EndConfirmation).ToContainTextAsync("keep arriving");
        await Expect(devicePage.EndConfirmation).ToContainTextAsync("Linux");
        await Expect(devicePage.EndConfirmation).ToContainTextAsync("Express Report Service (MG)");
        await devicePage.ConfirmEndAsync();
        await Expect(devicePage.EndRequested).ToContainTextAsync("stop the report service");
        await Expect(devicePage.Status).ToHaveTextAsync("Opened");

        using (var end = await portal.Server.SendReportAsync(IntakeReport.End(device)))
        {
            Assert.Equal(HttpStatusCode.OK, end.StatusCode);
        }

        await page.ReloadAsync();
        await page.WaitForCircuitAsync();
        await Expect(devicePage.Status).ToHaveTextAsync("Ended");
        await Expect(devicePage.EndRequested).ToHaveCountAsync(0);
        await page.FollowAsync(page.GetByRole(AriaRole.Link, new() { Name = "Apply again" }));
        var apply = new ApplyPage(page, "en");
        await Expect(apply.DeviceCheckbox("alpha-db02")).ToBeCheckedAsync();
        await apply.ApplyWithOneContactAsync("佐藤 花子");
        await Expect(apply.Done).ToBeVisibleAsync();
        await page.GotoAsync(DevicePage.PathOf(device.Id));
        await Expect(devicePage.Status).ToHaveTextAsync("Applied");
    }

    [Fact]
    public async Task AStaffCorrectionOfAnNpModelNumberMakesTheDeviceEligible()
    {
        // alpha-dev02 is registered with an ExpressSelectionPack "NP" number.
        var device = await portal.Database.DeviceAsync("alpha-dev02");
        var customer = await portal.NewPageAsync();
        await customer.SignInAsync("admin@alpha.example");
        await customer.WaitForCircuitAsync();
        await customer.GotoAsync(DevicePage.PathOf(device.Id));
        var devicePage = new DevicePage(customer);
        await Expect(devicePage.Eligibility).ToContainTextAsync("N8 で始まる保証書の型番");
        await Expect(devicePage.RegistrationCentre).ToContainTextAsync("サポートパック登録受付センタ");

        var (staff, _) = await StaffAsync("型番訂正 (E2E)");
        await (await StaffDeviceRecordPage.OpenAsync(staff, device.Id)).CorrectModelNumberAsync("N8100-2345");
        await Expect(staff.GetByText("機器情報を保存しました。")).ToBeVisibleAsync();

        var apply = await ApplyPage.OpenAsync(customer);
        await Expect(apply.DeviceCheckbox("alpha-dev02")).ToBeEnabledAsync();
        await customer.GotoAsync(DevicePage.PathOf(device.Id));
        await Expect(devicePage.Timeline).ToContainTextAsync("型番の訂正");
    }
}
