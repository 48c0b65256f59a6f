using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Portal.Application.Domain.Registrations;
using Portal.Web.Components.Pages.Devices;

namespace Portal.UnitTests.Components;

/// <summary>The device page's panels show an action only when the page query's flag for it is set.</summary>
public sealed class DevicePagePanelTests : ComponentTestContext
{
    public DevicePagePanelTests()
    {
        Bunit.AddAuthorization().SetAuthorized("someone@example.test");
        Bunit.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        UseCulture("ja");
    }

    // The page's island brings the MudBlazor providers, which exist once: one page at a time.
    private IRenderedComponent<DeviceDetails> Page(Guid deviceId)
    {
        Bunit.DisposeComponentsAsync().GetAwaiter().GetResult();
        var page = Bunit.Render<DeviceDetails>(p => p.Add(x => x.Id, deviceId));
        page.WaitForElement("[data-testid=registration-status]");
        page.WaitForElement("[data-testid=device-maintenance]");
        return page;
    }

    private static int Count(IRenderedComponent<DeviceDetails> page, string testId) => page.FindAll($"[data-testid={testId}]").Count;

    [Theory]
    [InlineData(ServiceStatus.NotApplied, 0)]
    [InlineData(ServiceStatus.Applied, 0)]
    [InlineData(ServiceStatus.Accepted, 0)]
    [InlineData(ServiceStatus.Opened, 1)]
    [InlineData(ServiceStatus.Ended, 0)]
    public void MaintenanceIsOfferedOnlyForADeviceInService(ServiceStatus status, int offered)
    {
        var device = World.AddDevice(World.AlphaAccount, "alpha-01", status);
        World.ActAs(World.AlphaAdmin);

        var page = Page(device.Id);

        Assert.Equal(offered, Count(page, "schedule-maintenance"));
    }

    [Fact]
    public void AMemberWithTheUserRoleSeesTheDeviceButNoAdministratorsAction()
    {
        var device = World.AddDevice(World.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        World.ActAs(World.AlphaUser);

        var page = Page(device.Id);

        Assert.Equal("開局", page.Find("[data-testid=registration-status]").TextContent.Trim());
        foreach (var action in new[] { "change-site", "schedule-maintenance", "end-service", "reapply", "correct-record", "reissue-key" })
        {
            Assert.Equal(0, Count(page, action));
        }

        Assert.Contains("利用管理者または利用管理者代行のみ", page.Find("[data-testid=contacts-readonly]").TextContent, StringComparison.Ordinal);

        World.ActAs(World.AlphaAdmin);
        var admin = Page(device.Id);
        Assert.Equal((1, 1, 1), (Count(admin, "change-site"), Count(admin, "schedule-maintenance"), Count(admin, "end-service")));
        Assert.Equal(0, Count(admin, "contacts-readonly"));
    }

    [Fact]
    public async Task AnEndedServiceSaysItsContactsAreOnRecordOnlyAndWarnsAboutNoneOfThem()
    {
        var ended = World.AddDevice(World.AlphaAccount, "alpha-ended", ServiceStatus.Ended);
        var opened = World.AddDevice(World.AlphaAccount, "alpha-open", ServiceStatus.Opened);
        await using (var db = World.Database.CreateContext())
        {
            // The chosen contact's profile changed since: a stale contact on both devices.
            await db.UserProfiles.Where(p => p.Id == World.AlphaAdmin.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Phone, "03-9999-0000"));
        }

        World.ActAs(World.AlphaAdmin);

        var page = Page(ended.Id);
        Assert.Single(page.FindAll("[data-testid=contact]"));
        Assert.Empty(page.FindAll("[data-testid=contact-stale]"));
        Assert.Contains("サービスは終了しています", page.Find("[data-testid=contacts-readonly]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("開局後に変更できます", page.Markup, StringComparison.Ordinal);

        var inService = Page(opened.Id);
        Assert.Single(inService.FindAll("[data-testid=contact-stale]"));
    }

    [Fact]
    public void StaffSeeTheRecordCorrectionTheKeyReissueAndTheMailServersWordsWhileCustomersSeeNoneOfThem()
    {
        var device = World.AddDevice(World.AlphaAccount, "alpha-01", ServiceStatus.Accepted);
        using (var db = World.Database.CreateContext())
        {
            var mail = new Portal.Application.Domain.Notifications.Notification(
                Guid.NewGuid(), "KeyIssued", Portal.Application.Domain.Notifications.MailLane.Bulk, World.AlphaAdmin.Email, "鍵コード発行のお知らせ", "本文", "ja", device.Id, World.Clock.GetUtcNow());
            mail.MarkAttemptFailed("451 4.3.0 relay-7.internal busy", World.Clock.GetUtcNow(), TimeSpan.FromMinutes(1));
            db.Notifications.Add(mail);
            db.SaveChanges();
        }

        World.ActAsStaff();

        var staff = Page(device.Id);
        staff.WaitForElement("[data-testid=reissue-key]");
        Assert.Equal(1, Count(staff, "correct-record"));
        var staffMail = staff.Find("[data-testid=timeline] tr[data-kind=Mail]");
        Assert.Contains("再送中", staffMail.TextContent, StringComparison.Ordinal);
        Assert.Contains("relay-7.internal", staffMail.TextContent, StringComparison.Ordinal);

        World.ActAs(World.AlphaAdmin);
        var customer = Page(device.Id);
        Assert.Equal((0, 0), (Count(customer, "correct-record"), Count(customer, "reissue-key")));
        var customerMail = customer.Find("[data-testid=timeline] tr[data-kind=Mail]");
        Assert.Contains("鍵コード発行のお知らせ", customerMail.TextContent, StringComparison.Ordinal);
        Assert.Contains("再送中", customerMail.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("relay-7.internal", customerMail.TextContent, StringComparison.Ordinal);
    }
}
