using Portal.E2E.Pages;
using Portal.E2E.Support;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

/// <summary>The device timeline in a real browser: what happened and who was told, live.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class DeviceTimelineTests(LifecycleFixture portal)
{
    [Fact]
    public async Task AFailureAppearsLiveOnTheOpenTimelineWithItsTwoDeliveredMailsAndThenTheStaffCallOutcome()
    {
        // alpha-file01 (contacts: the alpha administrator, then the deputy) is reported on by this test only.
        var device = await portal.Database.DeviceAsync("alpha-file01");

        var customer = await portal.NewPageAsync();
        await customer.SignInAsync("admin@alpha.example");
        await customer.WaitForCircuitAsync();
        var customerView = await DevicePage.OpenAsync(customer, device.Id.ToLowerInvariant());
        await Expect(customerView.Timeline).ToBeVisibleAsync();
        // The document the customer opened: a reload would lose this mark.
        await customer.EvaluateAsync("() => window.openedOnce = true");

        using (var sent = await portal.Server.SendReportAsync(IntakeReport.Failure(device, "power", "PSU-0777", "PSU#2 'A'; <live> (E2E)")))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, sent.StatusCode);
        }

        var report = customerView.TimelineRows("Report").Filter(new() { HasText = "PSU-0777" });
        await Expect(report).ToContainTextAsync("PSU#2 'A'; <live> (E2E)");
        await Expect(report).ToContainTextAsync("装置");
        await Expect(report).ToContainTextAsync("連絡先へメール・電話連絡");

        // Both contacts' mails, delivered by the real SMTP server, and the page says so without a reload.
        await portal.MailAsync("admin@alpha.example", "alpha-file01");
        await portal.MailAsync("deputy@alpha.example", "alpha-file01");
        var mails = customerView.TimelineRows("Mail").Filter(new() { HasText = "alpha-file01" });
        await Expect(mails.And(customer.Locator("[data-delivery=Delivered]"))).ToHaveCountAsync(2);
        await Expect(mails.Filter(new() { HasText = "admin@alpha.example" })).ToContainTextAsync("配信済み");
        await Expect(mails.Filter(new() { HasText = "deputy@alpha.example" })).ToContainTextAsync("配信済み");

        // Staff phone contact 1 from their own page of the device.
        var staff = await portal.NewPageAsync();
        await staff.SignInAsync("staff@centre.example");
        await staff.WaitForCircuitAsync();
        var staffView = await DevicePage.OpenAsync(staff, device.Id.ToLowerInvariant());
        await staff.GiveStaffReasonAsync("障害通報の電話連絡 (E2E)");
        await staff.WaitForCircuitAsync();
        await staffView.CallTask("PSU-0777").ReachedAsync(1);

        var call = customerView.TimelineRows("Call");
        await Expect(call).ToContainTextAsync("連絡先1に連絡");
        await Expect(call).ToContainTextAsync(await portal.Database.UserNameAsync("staff@centre.example"));
        Assert.True(await customer.EvaluateAsync<bool>("() => window.openedOnce === true"), "the customer's page was reloaded");

        // The customer sees that staff looked, not why.
        var view = customerView.TimelineRows("StaffView").First;
        await Expect(view).ToBeVisibleAsync();
        await Expect(view).Not.ToContainTextAsync("障害通報の電話連絡 (E2E)");
    }

    [Fact]
    public async Task TheTimelineFiltersByKindAndExportsWhatTheFilterHoldsAsCsvAndJson()
    {
        var deviceId = (await portal.Database.DeviceIdAsync("alpha-db01")).ToLowerInvariant();
        var page = await portal.NewPageAsync();
        await page.SignInAsync("admin@alpha.example");
        await page.WaitForCircuitAsync();
        await page.GotoAsync(DevicePage.PathOf(deviceId));
        var device = new DevicePage(page);
        await device.FilterTimelineAsync("通報");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("kind=Report"));
        var rows = device.TimelineEntries;
        await Expect(rows.First).ToBeVisibleAsync();
        Assert.All(await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.kind)"), kind => Assert.Equal("Report", kind));

        var csv = await page.Context.APIRequest.GetAsync($"/devices/{deviceId}/timeline.csv?kind=Report");
        Assert.Equal(200, csv.Status);
        var text = System.Text.Encoding.UTF8.GetString(await csv.BodyAsync());
        Assert.StartsWith("\uFEFF日時 (JST),種類,", text, StringComparison.Ordinal);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(await rows.CountAsync() > 0, lines.Length > 1);
        Assert.All(lines.Skip(1), line => Assert.Contains(",通報,", line, StringComparison.Ordinal));

        var json = await page.Context.APIRequest.GetAsync($"/devices/{deviceId}/timeline.json?kind=Report");
        using var document = System.Text.Json.JsonDocument.Parse(await json.TextAsync());
        var entries = document.RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(lines.Length - 1, entries.Count);
        Assert.All(entries, e => Assert.Equal("Report", e.GetProperty("kind").GetString()));

        var other = await page.Context.APIRequest.GetAsync($"/devices/{(await portal.Database.DeviceIdAsync("beta-wms01")).ToLowerInvariant()}/timeline.json");
        Assert.Equal(404, other.Status);
    }
}
