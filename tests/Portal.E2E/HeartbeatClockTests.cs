using Microsoft.Playwright;
using Portal.E2E.Pages;
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
        var host = await portal.Database.OpenedDeviceDueFirstAsync("SP1000001");
        var due = await portal.Database.NextPeriodicDueOnAsync(host);

        // The day after the expected one: late, within the grace days.
        await portal.SetTodayInJapanAsync(due.AddDays(1));
        var page = await portal.NewPageAsync();
        await page.SignInAsync("admin@alpha.example");
        var dashboard = new DashboardPage(page);
        var row = dashboard.Row(host);
        await ExpectMarkAsync(page, row, "Late");
        await dashboard.FilterByHeartbeatAsync("Late");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("heartbeat=Late"));
        await Expect(row).ToHaveCountAsync(1);
        Assert.All(await dashboard.HeartbeatMarks.EvaluateAllAsync<string[]>("marks => marks.map(m => m.dataset.heartbeat)"), mark => Assert.Equal("Late", mark));
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
        for (var attempt = 0; attempt < 20 && await DashboardPage.HeartbeatIn(row, mark).CountAsync() == 0; attempt++)
        {
            await page.WaitForTimeoutAsync(250);
            await page.ReloadAsync();
        }

        await Expect(DashboardPage.HeartbeatIn(row)).ToHaveAttributeAsync("data-heartbeat", mark);
    }
}
