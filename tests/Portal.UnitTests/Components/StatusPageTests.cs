using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Domain.Registrations;
using Portal.Application.Features.Applications;
using Portal.Web.Components.Pages.Devices;

namespace Portal.UnitTests.Components;

/// <summary>お申し込み状況: the device page with its status, timeline, contacts and key code.</summary>
public sealed class StatusPageTests : ComponentTestContext
{
    public StatusPageTests()
    {
        Bunit.AddAuthorization().SetAuthorized("admin@alpha.example");
        Bunit.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        UseCulture("ja");
    }

    private async Task<(Guid DeviceId, KeyCodeIssued Key)> AcceptedNowAsync()
    {
        var device = World.AddDevice(World.AlphaAccount, "alpha-01", ServiceStatus.Applied);
        World.ActAsStaff();
        var queue = await Bunit.Services.GetRequiredService<GetAcceptanceQueueHandler>().HandleAsync(new GetAcceptanceQueueQuery());
        var key = await Bunit.Services.GetRequiredService<AcceptApplicationHandler>().HandleAsync(new AcceptApplicationCommand(queue.Value!.Single().RegistrationId));
        World.ActAs(World.AlphaAdmin);
        return (device.Id, key.Value!);
    }

    [Fact]
    public async Task ShowsTheKeyCodeItsIssuanceAndTheOpeningTimeInJapanTimeAndCountsDownToTheHour()
    {
        var (deviceId, key) = await AcceptedNowAsync();
        World.Clock.Advance(TimeSpan.FromMinutes(30));

        var page = Bunit.Render<DeviceDetails>(p => p.Add(x => x.Id, deviceId));

        page.WaitForAssertion(() => Assert.Equal(key.KeyCode, page.Find("[data-testid=key-code]").TextContent.Trim()));
        Assert.Equal("受付", page.Find("[data-testid=registration-status]").TextContent.Trim());
        var facts = page.Find("[data-testid=registration-facts]").TextContent;
        Assert.Contains("2026/11/20 10:00", facts, StringComparison.Ordinal);
        Assert.Contains("2026/11/20 11:00", facts, StringComparison.Ordinal);
        Assert.Contains("あと 0:30:00", page.Find("[data-testid=opening-countdown]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=opening-ready]"));

        World.Clock.Advance(TimeSpan.FromMinutes(29) + TimeSpan.FromSeconds(59));
        page.WaitForAssertion(() => Assert.Contains("あと 0:00:01", page.Find("[data-testid=opening-countdown]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=opening-ready]"));

        World.Clock.Advance(TimeSpan.FromSeconds(1));
        page.WaitForAssertion(() => Assert.Contains("開局作業を開始できます", page.Find("[data-testid=opening-ready]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=opening-countdown]"));
    }

    [Fact]
    public async Task TheTimelineListsEachStatusWithItsJapanTimeAndTheContactsAreShown()
    {
        var (deviceId, _) = await AcceptedNowAsync();

        var page = Bunit.Render<DeviceDetails>(p => p.Add(x => x.Id, deviceId));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=timeline-step]").Count));
        var steps = page.FindAll("[data-testid=timeline-step]").Select(s => s.TextContent.Trim()).ToList();
        Assert.Equal("2026/11/17 10:00 JST — 申込", steps[0]);
        Assert.Equal("2026/11/20 10:00 JST — 受付", steps[1]);
        Assert.Contains(World.AlphaAdmin.Name, page.Find("[data-testid=contacts]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("再発行", StringComparison.Ordinal));
    }

    [Fact]
    public void AnAppliedDeviceWaitsForAcceptanceWithoutAKeyCode()
    {
        var device = World.AddDevice(World.AlphaAccount, "alpha-01", ServiceStatus.Applied);
        World.ActAs(World.AlphaAdmin);

        var page = Bunit.Render<DeviceDetails>(p => p.Add(x => x.Id, device.Id));

        page.WaitForAssertion(() => Assert.Equal("申込", page.Find("[data-testid=registration-status]").TextContent.Trim()));
        Assert.Contains("受付をお待ちください", page.Find("[data-testid=waiting-for-acceptance]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=key-code]"));
        Assert.Empty(page.FindAll("[data-testid=opening-countdown]"));
    }
}
