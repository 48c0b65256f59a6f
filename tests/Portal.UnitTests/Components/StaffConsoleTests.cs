using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Application.Domain.Calls;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Features.Intake;
using Portal.Application.Features.Staff;
using Portal.Web.Components.Pages.Staff;

namespace Portal.UnitTests.Components;

public sealed class StaffConsoleTests : ComponentTestContext
{
    public StaffConsoleTests()
    {
        Bunit.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Bunit.Render<MudPopoverProvider>();
        Bunit.Render<MudSnackbarProvider>();
        UseCulture("ja");
    }

    [Fact]
    public async Task TheSearchBoxShowsResultsAsYouTypeWithWhatMatched()
    {
        var device = World.AddDevice(World.BetaAccount, "beta-wms01", ServiceStatus.Opened, serialNumber: "7100482");
        World.ActAsStaff();
        var page = Bunit.Render<StaffDevices>();
        Assert.Empty(page.FindAll("[data-testid=staff-device-table]"));

        var box = page.Find("[data-testid=staff-search]") is { TagName: "INPUT" } input ? input : page.Find("[data-testid=staff-search] input");
        await box.InputAsync(new ChangeEventArgs { Value = "7100482" });
        World.Clock.Advance(TimeSpan.FromMilliseconds(300)); // MudBlazor debounces on the TimeProvider

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=staff-device-table] tbody tr")), TimeSpan.FromSeconds(5));
        var row = page.Find("[data-testid=staff-device-table] tbody tr");
        Assert.Contains(device.DeviceManagementNumber, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("製造号機 (完全一致)", row.TextContent, StringComparison.Ordinal);

        await box.InputAsync(new ChangeEventArgs { Value = "no-such-device" });
        World.Clock.Advance(TimeSpan.FromMilliseconds(300));
        page.WaitForAssertion(() => Assert.Contains("一致する機器はありません", page.Find("[data-testid=staff-search-none]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task TheCallCardOffersContactTwoOnlyAfterContactOneDoesNotAnswer()
    {
        var device = World.AddDevice(World.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        await using (var db = World.Database.CreateContext())
        {
            var registration = db.Registrations.Include(r => r.Contacts).Single(r => r.DeviceId == device.Id);
            ContactChoice Of(Portal.Application.Domain.Users.UserProfile p, string? hours) => new(p.Id, p.Name, p.Email, p.Phone, p.Affiliation, hours);
            registration.ChangeContacts([Of(World.AlphaAdmin, "平日 9:00-18:00"), Of(World.AlphaDeputy, null)], World.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        await World.ReceiveAsync("gw", new IntakeReport(
            "f-1", IntakeType.Failure, device.ModelNumber, device.SerialNumber, null, null, World.Clock.GetUtcNow(), null,
            new ReportEvent(EventCategory.Fan, "FAN-0012", EventSeverity.Critical, "筐体ファン 3 停止"), ReportMeans.Https, ReportRoute.Agent));
        World.ActAsStaff();
        var page = Bunit.Render<CallList>();
        page.WaitForElement("[data-testid=call-task]");

        Assert.Contains("今お電話する方", page.Find("[data-testid=call-contact][data-priority='1']").TextContent, StringComparison.Ordinal);
        Assert.Contains("時間指定: 平日 9:00-18:00", page.Find("[data-testid=call-contact][data-priority='1']").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Trim() == "連絡先2に連絡がついた");

        await page.FindAll("button").Single(b => b.TextContent.Trim() == "連絡先1が応答なし").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("今お電話する方", page.Find("[data-testid=call-contact][data-priority='2']").TextContent, StringComparison.Ordinal));
        Assert.Contains("連絡先1 応答なし", page.Find("[data-testid=call-steps]").TextContent, StringComparison.Ordinal);
        await page.FindAll("button").Single(b => b.TextContent.Trim() == "連絡先2に連絡がついた").ClickAsync(new());

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=calls-none]")));
        var closed = (await Bunit.Services.GetRequiredService<GetCallListHandler>().HandleAsync(new(device.Id))).Value!.Single();
        Assert.Equal([CallOutcome.NoAnswerContact1, CallOutcome.ReachedContact2], closed.Steps.Select(s => s.Outcome));
    }
}
