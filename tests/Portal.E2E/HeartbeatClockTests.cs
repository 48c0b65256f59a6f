using Microsoft.Playwright;
using Portal.E2E.Support;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

/// <summary>A device's heartbeat on the dashboard as the portal's clock moves past its expected day.</summary>
[Collection(ClockCollection.Name)]
public sealed class HeartbeatClockTests(ClockPortalFixture portal)
{
    [Fact]
    public async Task AMissingPeriodicReportShowsLateThenOverdueOnTheDashboardAndItsFilterHoldsTheDevice()
    {
        // The alpha device expected soonest (the demo data sets the days relative to today).
        var host = await portal.Server.QueryAsync<string>(
            "SELECT d.HostName FROM Devices d JOIN Registrations r ON r.DeviceId = d.Id JOIN SupportAccounts a ON a.Id = d.SupportAccountId WHERE r.Status = 3 AND a.SupportId = 'SP1000001' ORDER BY r.NextPeriodicDueOn, d.HostName LIMIT 1");
        var due = DateOnly.ParseExact(
            await portal.Server.QueryAsync<string>("SELECT r.NextPeriodicDueOn FROM Registrations r JOIN Devices d ON d.Id = r.DeviceId WHERE d.HostName = $h", ("$h", host)),
            "yyyy-MM-dd",
            System.Globalization.CultureInfo.InvariantCulture);

        // The day after the expected one: late, within the grace days.
        await portal.SetTodayInJapanAsync(due.AddDays(1));
        var page = await portal.NewPageAsync();
        await page.SignInAsync("admin@alpha.example");
        var row = page.DeviceTable().Locator("tr", new() { HasText = host });
        await ExpectMarkAsync(page, row, "Late");
        await page.Locator("[data-testid=heartbeat-filter]").SelectOptionAsync("Late");
        await page.GetByRole(AriaRole.Button, new() { Name = "表示" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("heartbeat=Late"));
        await Expect(row).ToHaveCountAsync(1);
        Assert.All(await page.DeviceTable().Locator("[data-heartbeat]").EvaluateAllAsync<string[]>("marks => marks.map(m => m.dataset.heartbeat)"), mark => Assert.Equal("Late", mark));
        await page.GotoAsync("/?heartbeat=Overdue");
        await Expect(row).ToHaveCountAsync(0);

        // Past the grace days: overdue, and the overdue filter holds it.
        await portal.SetTodayInJapanAsync(due.AddDays(3));
        await page.GotoAsync("/");
        await ExpectMarkAsync(page, row, "Overdue");
        await page.GotoAsync("/?heartbeat=Overdue");
        await Expect(row).ToHaveCountAsync(1);
        await page.GotoAsync("/?heartbeat=Late");
        await Expect(row).ToHaveCountAsync(0);
    }

    // The clock file is read a moment after it is written: the dashboard is loaded again until it shows the mark.
    private static async Task ExpectMarkAsync(IPage page, ILocator row, string mark)
    {
        for (var attempt = 0; attempt < 20 && await row.Locator($"[data-heartbeat={mark}]").CountAsync() == 0; attempt++)
        {
            await page.WaitForTimeoutAsync(250);
            await page.ReloadAsync();
        }

        await Expect(row.Locator("[data-heartbeat]")).ToHaveAttributeAsync("data-heartbeat", mark);
    }
}
