using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Playwright;
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
    private const string DemoToken = "demo-intake-token";

    /// <summary>The hour's wait, in the ticks the SQLite provider stores instants in.</summary>
    private const long SixtyOneMinutes = 61L * 60 * TimeSpan.TicksPerSecond;

    private async Task<(string Id, string Model, string Serial)> DeviceAsync(string host) => (
        await portal.Server.QueryAsync<string>("SELECT Id FROM Devices WHERE HostName = $h", ("$h", host)),
        await portal.Server.QueryAsync<string>("SELECT ModelNumber FROM Devices WHERE HostName = $h", ("$h", host)),
        await portal.Server.QueryAsync<string>("SELECT SerialNumber FROM Devices WHERE HostName = $h", ("$h", host)));

    private Task<long> WaitOutTheHourAsync(string host) =>
        portal.Server.QueryAsync<long>("UPDATE Registrations SET KeyIssuedAt = KeyIssuedAt - $d WHERE DeviceId = (SELECT Id FROM Devices WHERE HostName = $h) RETURNING KeyIssuedAt", ("$d", SixtyOneMinutes), ("$h", host));

    private async Task<string> OpenAsync((string Id, string Model, string Serial) device, string? keyCode = null, string? keyFile = null)
    {
        using var client = new HttpClient { BaseAddress = portal.Server.BaseUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DemoToken);
        var response = await client.PostReportAsync(new
        {
            reportId = Guid.NewGuid().ToString("N"),
            type = "opening",
            modelNumber = device.Model,
            serialNumber = device.Serial,
            keyCode,
            keyFile,
            hostName = "lifecycle-host",
            occurredAt = DateTimeOffset.UtcNow.ToString("o"),
            means = "https",
            route = "agent",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("outcome").GetString()!;
    }

    /// <summary>A person signed in, on a device's page, its circuit connected.</summary>
    private async Task<IPage> AtDeviceAsync(string email, string deviceId)
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync(email);
        await page.WaitForCircuitAsync();
        await page.GotoAsync($"/devices/{deviceId}");
        await page.WaitForCircuitAsync();
        return page;
    }

    private async Task<IPage> StaffAsync(string reason)
    {
        var staff = await portal.NewPageAsync();
        await staff.SignInAsync("staff@centre.example");
        await staff.WaitForCircuitAsync();
        await staff.GotoAsync("/staff/applications");
        await staff.WaitForCircuitAsync();
        await staff.GiveStaffReasonAsync(reason);
        return staff;
    }

    private static async Task<string> DownloadKeyFileAsync(IPage page)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=download-key-file]").ClickAsync());
        Assert.StartsWith("openingkey-", download.SuggestedFilename, StringComparison.Ordinal);
        return await File.ReadAllTextAsync((await download.PathAsync())!);
    }

    [Fact]
    public async Task AFreeWarrantyDeviceOpensWithItsKeyFileAfterTheHourAndNotWithAnEditedOne()
    {
        var device = await DeviceAsync("beta-web02");
        var customer = await portal.NewPageAsync();
        await customer.SignInAsync("admin@beta.example");
        await customer.WaitForCircuitAsync();
        await customer.GotoAsync($"/apply?device={device.Id}");
        await customer.WaitForCircuitAsync();
        await Expect(customer.Locator("[data-testid=device-option][data-host=beta-web02]").GetByRole(AriaRole.Checkbox)).ToBeCheckedAsync();
        await customer.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        await customer.GetByRole(AriaRole.Radiogroup, new() { Name = "連絡先1 (最初に電話)" }).GetByText("高橋 美咲").ClickAsync();
        await customer.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        await customer.GetByRole(AriaRole.Button, new() { Name = "申し込む" }).ClickAsync();
        await Expect(customer.Locator("[data-testid=apply-done]")).ToBeVisibleAsync();

        var staff = await StaffAsync("キーファイル方式の受付 (E2E)");
        var queued = staff.Locator("[data-testid=queued-application][data-host=beta-web02]");
        await Expect(queued).ToContainTextAsync("開局キーファイル方式");
        await queued.GetByRole(AriaRole.Button, new() { Name = "受付", Exact = true }).ClickAsync();
        await Expect(queued).ToHaveCountAsync(0);

        await customer.GotoAsync($"/devices/{device.Id}");
        await customer.WaitForCircuitAsync();
        await Expect(customer.Locator("[data-testid=registration-status]")).ToHaveTextAsync("受付");
        await Expect(customer.Locator("[data-testid=opening-method]")).ToHaveTextAsync("開局キーファイル方式");
        await Expect(customer.Locator("[data-testid=key-code]")).ToHaveCountAsync(0);
        var file = await DownloadKeyFileAsync(customer);
        Assert.Contains($"serialNumber: {device.Serial}", file, StringComparison.Ordinal);
        Assert.Contains("signature: ", file, StringComparison.Ordinal);

        Assert.Equal("tooEarly", await OpenAsync(device, keyFile: file));
        await WaitOutTheHourAsync("beta-web02");

        // A fresh navigation, not a reload: the download's own navigation may still count as the page's last one.
        await customer.GotoAsync($"/devices/{device.Id}");
        await customer.WaitForCircuitAsync();
        var current = await DownloadKeyFileAsync(customer);

        var edited = current.Replace($"deviceManagementNumber: ", "deviceManagementNumber: X", StringComparison.Ordinal);
        Assert.Equal("mismatch", await OpenAsync(device, keyFile: edited));
        Assert.Equal("opened", await OpenAsync(device, keyFile: current));

        await customer.GotoAsync($"/devices/{device.Id}");
        await Expect(customer.Locator("[data-testid=registration-status]")).ToHaveTextAsync("開局");
    }

    [Fact]
    public async Task AWithdrawnApplicationReturnsToNotAppliedAndLeavesTheStaffQueue()
    {
        // beta-web01 is applied for in the demo data.
        var device = await DeviceAsync("beta-web01");
        var staff = await StaffAsync("申込取り下げの確認 (E2E)");
        await Expect(staff.Locator("[data-testid=queued-application][data-host=beta-web01]")).ToHaveCountAsync(1);

        var customer = await AtDeviceAsync("admin@beta.example", device.Id);
        await customer.Locator("[data-testid=withdraw]").ClickAsync();
        await customer.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "申込みを取り下げる" }).ClickAsync();

        await Expect(customer.Locator("[data-testid=registration-status]")).ToHaveTextAsync("未申込");
        // The timeline is rendered without a circuit: the page is loaded again, and the island's message stays.
        await Expect(customer.Locator("[data-testid=timeline-step]").Last).ToContainTextAsync("申込取り下げ");
        await Expect(customer.GetByText("申込みを取り下げました。")).ToBeVisibleAsync();
        await staff.ReloadAsync();
        await staff.WaitForCircuitAsync();
        await Expect(staff.Locator("[data-testid=acceptance-queue], [data-testid=queue-empty]").First).ToBeVisibleAsync();
        await Expect(staff.Locator("[data-testid=queued-application][data-host=beta-web01]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AnOpenedDeviceAppliedForAgainForALostKeyGetsANewKeyAndTheOldOneStopsWorking()
    {
        var device = await DeviceAsync("alpha-web01");
        var oldKey = await portal.Server.QueryAsync<string>("SELECT KeyCode FROM Registrations WHERE DeviceId = $id", ("$id", device.Id));
        var customer = await AtDeviceAsync("admin@alpha.example", device.Id);
        await customer.FollowAsync(customer.Locator("[data-testid=reapply]"));
        // A key-code device that moves needs only a site change: the portal says so instead of offering the reason.
        await Expect(customer.GetByRole(AriaRole.Radio, new() { Name = "機器を移設した (開局キーファイル方式)" })).ToBeDisabledAsync();
        await Expect(customer.GetByRole(AriaRole.Radio, new() { Name = "開局キーコードまたは開局キーファイルを紛失した" })).ToBeCheckedAsync();
        await customer.Locator("[data-testid=reapply-submit]").ClickAsync();
        await Expect(customer.Locator("[data-testid=reapplication-pending]")).ToContainTextAsync("紛失");
        await Expect(customer.Locator("[data-testid=registration-status]")).ToHaveTextAsync("開局");

        var staff = await StaffAsync("再申込みの受付 (E2E)");
        var queued = staff.Locator("[data-testid=queued-application][data-host=alpha-web01]");
        await Expect(queued.Locator("[data-testid=queued-reapplication]")).ToContainTextAsync("再申込み");
        await queued.GetByRole(AriaRole.Button, new() { Name = "受付", Exact = true }).ClickAsync();
        await Expect(queued).ToHaveCountAsync(0);

        await WaitOutTheHourAsync("alpha-web01");
        await customer.ReloadAsync();
        var newKey = (await customer.Locator("[data-testid=key-code]").TextContentAsync())!.Trim();
        Assert.Equal(5, newKey.Length);
        if (newKey != oldKey)
        {
            Assert.Equal("mismatch", await OpenAsync(device, keyCode: oldKey));
        }

        Assert.Equal("opened", await OpenAsync(device, keyCode: newKey));
        await Expect(customer.Locator("[data-testid=reapplication-pending]")).ToHaveCountAsync(0);
        await customer.ReloadAsync();
        await Expect(customer.Locator("[data-testid=timeline-step]", new() { HasText = "再申込み受付" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task EndingAnOpenedDeviceInEnglishAwaitsTheAgentsEndReportAndThenItCanBeAppliedForAgain()
    {
        var device = await DeviceAsync("alpha-db02");
        var page = await portal.NewPageAsync();
        await page.SignInAsync("deputy@alpha.example");
        await page.WaitForCircuitAsync();
        await page.GotoAsync($"/culture/en?returnUrl=/devices/{device.Id}");
        await page.WaitForCircuitAsync();

        await page.Locator("[data-testid=end-service]").ClickAsync();
        var confirmation = page.Locator("[data-testid=end-confirmation]");
        await Expect(confirmation).ToContainTextAsync("keep arriving");
        await Expect(confirmation).ToContainTextAsync("Linux");
        await Expect(confirmation).ToContainTextAsync("Express Report Service (MG)");
        await confirmation.GetByRole(AriaRole.Button, new() { Name = "Request the end" }).ClickAsync();
        await Expect(page.Locator("[data-testid=end-requested]")).ToContainTextAsync("stop the report service");
        await Expect(page.Locator("[data-testid=registration-status]")).ToHaveTextAsync("Opened");

        using (var client = new HttpClient { BaseAddress = portal.Server.BaseUrl })
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DemoToken);
            var end = await client.PostReportAsync(new { reportId = Guid.NewGuid().ToString("N"), type = "end", modelNumber = device.Model, serialNumber = device.Serial, occurredAt = DateTimeOffset.UtcNow.ToString("o"), means = "https", route = "agent" });
            Assert.Equal(HttpStatusCode.OK, end.StatusCode);
        }

        await page.ReloadAsync();
        await page.WaitForCircuitAsync();
        await Expect(page.Locator("[data-testid=registration-status]")).ToHaveTextAsync("Ended");
        await Expect(page.Locator("[data-testid=end-requested]")).ToHaveCountAsync(0);
        await page.FollowAsync(page.GetByRole(AriaRole.Link, new() { Name = "Apply again" }));
        await Expect(page.Locator("[data-testid=device-option][data-host=alpha-db02]").GetByRole(AriaRole.Checkbox)).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await page.GetByRole(AriaRole.Radiogroup, new() { Name = "Contact 1 (phoned first)" }).GetByText("佐藤 花子").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply", Exact = true }).ClickAsync();
        await Expect(page.Locator("[data-testid=apply-done]")).ToBeVisibleAsync();
        await page.GotoAsync($"/devices/{device.Id}");
        await Expect(page.Locator("[data-testid=registration-status]")).ToHaveTextAsync("Applied");
    }

    [Fact]
    public async Task AStaffCorrectionOfAnNpModelNumberMakesTheDeviceEligible()
    {
        // alpha-dev02 is registered with an ExpressSelectionPack "NP" number.
        var device = await DeviceAsync("alpha-dev02");
        var customer = await portal.NewPageAsync();
        await customer.SignInAsync("admin@alpha.example");
        await customer.WaitForCircuitAsync();
        await customer.GotoAsync($"/devices/{device.Id}");
        var notice = customer.Locator("[data-testid=eligibility]");
        await Expect(notice).ToContainTextAsync("N8 で始まる保証書の型番");
        await Expect(notice.Locator("[data-testid=registration-centre]")).ToContainTextAsync("サポートパック登録受付センタ");

        var staff = await StaffAsync("型番訂正 (E2E)");
        await staff.GotoAsync($"/staff/devices/{device.Id}/record");
        await staff.WaitForCircuitAsync();
        await staff.GetByLabel("型番", new() { Exact = true }).FillAsync("N8100-2345");
        await staff.Locator("[data-testid=save-model]").ClickAsync();
        await Expect(staff.GetByText("機器情報を保存しました。")).ToBeVisibleAsync();

        await customer.GotoAsync("/apply");
        await customer.WaitForCircuitAsync();
        await Expect(customer.Locator("[data-testid=device-option][data-host=alpha-dev02]").GetByRole(AriaRole.Checkbox)).ToBeEnabledAsync();
        await customer.GotoAsync($"/devices/{device.Id}");
        await Expect(customer.Locator("[data-testid=timeline]")).ToContainTextAsync("型番の訂正");
    }
}
