using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;
using Portal.Web.Components.Pages.Maintenance;

namespace Portal.UnitTests.Components;

public sealed class MaintenanceFormTests : ComponentTestContext
{
    private readonly Device _device;

    public MaintenanceFormTests()
    {
        Bunit.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Bunit.Render<MudPopoverProvider>();
        Bunit.Render<MudSnackbarProvider>();
        UseCulture("ja");
        _device = World.AddDevice(World.AlphaAccount, "alpha-01", ServiceStatus.Opened);
    }

    private async Task<IRenderedComponent<NewMaintenance>> FillAsync(string start, string end)
    {
        var form = Bunit.Render<NewMaintenance>();
        form.WaitForElement("[data-testid=maintenance-form]");
        await Input(form, $"[data-host={_device.HostName}]").ChangeAsync(new ChangeEventArgs { Value = true });
        await Input(form, "[data-testid=maintenance-start]").ChangeAsync(new ChangeEventArgs { Value = start });
        await Input(form, "[data-testid=maintenance-end]").ChangeAsync(new ChangeEventArgs { Value = end });
        await form.FindAll("button").Single(b => b.TextContent.Trim() == "登録する").ClickAsync(new());
        return form;
    }

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<NewMaintenance> form, string selector) =>
        form.Find(selector) is { TagName: "INPUT" } input ? input : form.Find($"{selector} input");

    [Fact]
    public void TheFormSaysTheEarliestStartBeforeAnythingIsTyped()
    {
        World.ActAs(World.AlphaAdmin);

        var form = Bunit.Render<NewMaintenance>();

        // Now is 20 November 2026 10:00 Japan time; 72 hours later:
        form.WaitForAssertion(() => Assert.Contains("今登録できる最も早い開始日時: 2026/11/23 10:00", form.Find("[data-testid=earliest-start]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AStartTooSoonIsAnsweredWithTheEarliestAllowedStartAndNothingIsLost()
    {
        World.ActAs(World.AlphaAdmin);

        var form = await FillAsync("2026-11-23T09:59", "2026-11-23T12:00");

        form.WaitForAssertion(() => Assert.Contains(
            form.FindAll(".mud-input-error"),
            e => e.TextContent.Contains("3日 (72時間) 前までにご連絡ください。最も早い日時: 2026/11/23 10:00", StringComparison.Ordinal)));
        Assert.Equal("2026-11-23T09:59", Input(form, "[data-testid=maintenance-start]").GetAttribute("value"));
        await using var db = World.Database.CreateContext();
        Assert.Empty(await db.MaintenanceWindows.ToListAsync());
    }

    [Fact]
    public async Task AStartAtTheEarliestIsRegistered()
    {
        World.ActAs(World.AlphaAdmin);

        await FillAsync("2026-11-23T10:00", "2026-11-23T12:00");

        await using var db = World.Database.CreateContext();
        var window = await db.MaintenanceWindows.SingleAsync();
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(9)), window.StartsAt);
    }

    [Fact]
    public void AUserRoleMemberIsToldWhoMayRegister()
    {
        World.ActAs(World.AlphaUser);

        var form = Bunit.Render<NewMaintenance>();

        form.WaitForAssertion(() => Assert.Contains("利用管理者または利用管理者代行のみ", form.Find("[data-testid=maintenance-refused]").TextContent, StringComparison.Ordinal));
        Assert.Empty(form.FindAll("[data-testid=maintenance-form]"));
    }

    [Fact]
    public async Task StoppingASeriesAsksFirstAndOnlyTheConfirmationStopsIt()
    {
        World.ActAs(World.AlphaAdmin);
        var scheduled = await Bunit.Services.GetRequiredService<Portal.Application.Features.Maintenance.ScheduleRecurringMaintenanceHandler>()
            .HandleAsync(new([_device.Id], Portal.Application.Domain.Maintenance.RecurrenceKind.Weekly, 0, DayOfWeek.Monday, new TimeOnly(2, 0), TimeSpan.FromHours(2), "週次再起動"));
        Assert.True(scheduled.IsOk);
        var overview = (await Bunit.Services.GetRequiredService<Portal.Application.Features.Maintenance.ListMaintenanceWindowsHandler>().HandleAsync(new(_device.Id))).Value!;
        var list = Bunit.Render<Portal.Web.Components.Shared.MaintenanceList>(p => p.Add(l => l.Overview, overview));
        async Task<bool> StoppedAsync()
        {
            await using var db = World.Database.CreateContext();
            return await db.MaintenanceSeries.AnyAsync(s => s.CancelledAt != null);
        }

        await list.Find("[data-testid=stop-series]").ClickAsync(new());

        Assert.False(await StoppedAsync());
        Assert.Contains("今後の回の予定もすべて取り消されます", list.Find("[data-testid=maintenance-series]").TextContent, StringComparison.Ordinal);
        await list.Find("[data-testid=confirm-stop-series]").ClickAsync(new());
        Assert.True(await StoppedAsync());
    }

    [Fact]
    public void TheCalendarMarksTodayInJapanTime()
    {
        // 2026-11-20 01:00 UTC is 10:00 on the 20th in Japan.
        var calendar = Bunit.Render<Portal.Web.Components.Shared.MaintenanceCalendar>(p => p.Add(c => c.Windows, []));

        var today = Assert.Single(calendar.FindAll("[data-testid=calendar-today]"));
        Assert.Equal("20 (今日)", today.QuerySelector(".day")!.TextContent.Trim());
        Assert.Equal("date", today.GetAttribute("aria-current"));
    }
}
