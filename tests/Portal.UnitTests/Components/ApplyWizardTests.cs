using System.Text.RegularExpressions;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;
using Portal.Web.Components.Pages.Applications;

namespace Portal.UnitTests.Components;

public sealed class ApplyWizardTests : ComponentTestContext
{
    public ApplyWizardTests()
    {
        Bunit.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Bunit.Render<MudPopoverProvider>();
        UseCulture("ja");
    }

    private IRenderedComponent<Apply> RenderWizard()
    {
        var wizard = Bunit.Render<Apply>();
        wizard.WaitForElement("[data-testid=apply-stepper]");
        return wizard;
    }

    private static AngleSharp.Dom.IElement Option(IRenderedComponent<Apply> wizard, string host) =>
        wizard.FindAll("[data-testid=device-option]").Single(o => o.GetAttribute("data-host") == host);

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<Apply> wizard, string text) =>
        wizard.FindAll("button").Single(b => b.TextContent.Trim() == text);

    [Fact]
    public void DevicesThatCannotBeAppliedForSayWhyAndCannotBeChosen()
    {
        World.AddDevice(World.AlphaAccount, "eligible");
        World.AddDevice(World.AlphaAccount, "np-model", modelNumber: "NP8100-0001");
        World.AddDevice(World.AlphaAccount, "unconfirmed", contract: Contract.SupportPack(new DateOnly(2029, 3, 31), confirmed: false));
        World.AddDevice(World.AlphaAccount, "expired", contract: Contract.FreeWarranty(new DateOnly(2025, 4, 1)));
        World.AddDevice(World.AlphaAccount, "already-opened", ServiceStatus.Opened);
        World.ActAs(World.AlphaAdmin);

        var wizard = RenderWizard();

        Assert.Equal(["eligible", "expired", "np-model", "unconfirmed"], wizard.FindAll("[data-testid=device-option]").Select(o => o.GetAttribute("data-host")!).Order());
        Assert.False(Option(wizard, "eligible").QuerySelector("input[type=checkbox]")!.HasAttribute("disabled"));
        Assert.Empty(Option(wizard, "eligible").QuerySelectorAll("[data-testid=eligibility]"));
        foreach (var host in new[] { "np-model", "unconfirmed", "expired" })
        {
            Assert.True(Option(wizard, host).QuerySelector("input[type=checkbox]")!.HasAttribute("disabled"), host);
        }

        Assert.Contains("N8 で始まる保証書の型番", Option(wizard, "np-model").TextContent, StringComparison.Ordinal);
        Assert.Contains("登録確認待ち", Option(wizard, "unconfirmed").TextContent, StringComparison.Ordinal);
        Assert.Contains("2026/03/31 で終了しました", Option(wizard, "expired").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WalksFromDevicesThroughContactsAndReviewToOneApplication()
    {
        var device = World.AddDevice(World.AlphaAccount, "alpha-01");
        World.ActAs(World.AlphaAdmin);
        var wizard = RenderWizard();

        Assert.True(Button(wizard, "次へ").HasAttribute("disabled"));
        await Option(wizard, "alpha-01").QuerySelector("input[type=checkbox]")!.ChangeAsync(new ChangeEventArgs { Value = true });
        await Button(wizard, "次へ").ClickAsync(new());

        // Contacts: the user without affiliation is offered but cannot be chosen, and is named.
        wizard.WaitForAssertion(() => Assert.Contains("鈴木 一郎", wizard.Find("[data-testid=contact-affiliation]").TextContent, StringComparison.Ordinal));
        Assert.True(Button(wizard, "次へ").HasAttribute("disabled"));
        var groups = wizard.FindAll(".mud-radio-group");
        await Radio(groups[0], World.AlphaAdmin.Name).ClickAsync(new());
        await Radio(wizard.FindAll(".mud-radio-group")[1], World.AlphaDeputy.Name).ClickAsync(new());
        Assert.True(Radio(wizard.FindAll(".mud-radio-group")[0], "鈴木 一郎").HasAttribute("disabled"));
        await Button(wizard, "次へ").ClickAsync(new());

        var review = wizard.WaitForElement("[data-testid=apply-review]").TextContent;
        Assert.Contains("alpha-01", review, StringComparison.Ordinal);
        Assert.Contains(World.AlphaAdmin.Name, review, StringComparison.Ordinal);
        Assert.Contains(World.AlphaDeputy.Name, review, StringComparison.Ordinal);
        await Button(wizard, "申し込む").ClickAsync(new());

        wizard.WaitForAssertion(() => Assert.Contains("状況: 申込", wizard.Find("[data-testid=apply-done]").TextContent, StringComparison.Ordinal));
        await using var db = World.Database.CreateContext();
        var registration = await db.Registrations.Include(r => r.Contacts).SingleAsync(r => r.DeviceId == device.Id);
        Assert.Equal(ServiceStatus.Applied, registration.Status);
        Assert.Equal([World.AlphaAdmin.Id, World.AlphaDeputy.Id], registration.Contacts.OrderBy(c => c.Priority).Select(c => c.UserId));
    }

    [Fact]
    public async Task ManyDevicesComeAPageAtATimeAndChoicesSurvivePagingAndSearch()
    {
        for (var i = 0; i < 60; i++)
        {
            World.AddDevice(World.AlphaAccount, $"srv-{i:00}");
        }

        World.ActAs(World.AlphaAdmin);
        var wizard = RenderWizard();

        Assert.Equal(25, wizard.FindAll("[data-testid=device-option]").Count);
        var first = wizard.FindAll("[data-testid=device-option]")[0].GetAttribute("data-host")!;
        await Option(wizard, first).QuerySelector("input[type=checkbox]")!.ChangeAsync(new ChangeEventArgs { Value = true });

        // The last page, then a search that finds one device on no page seen yet.
        await wizard.FindAll("[data-testid=device-pages] button").Single(b => b.TextContent.Trim() == "3").ClickAsync(new());
        wizard.WaitForAssertion(() => Assert.Equal(10, wizard.FindAll("[data-testid=device-option]").Count));
        await wizard.Find("input[data-testid=device-search]").InputAsync(new ChangeEventArgs { Value = "srv-3" });
        World.Clock.Advance(TimeSpan.FromMilliseconds(300)); // MudBlazor debounces on the TimeProvider
        wizard.WaitForAssertion(
            () => Assert.Equal([.. Enumerable.Range(30, 10).Select(i => $"srv-{i}")], wizard.FindAll("[data-testid=device-option]").Select(o => o.GetAttribute("data-host")!).Order(StringComparer.Ordinal)),
            TimeSpan.FromSeconds(5));
        // The page's management numbers are random: the first device chosen may also be a srv-3x.
        var second = first == "srv-37" ? "srv-38" : "srv-37";
        await Option(wizard, second).QuerySelector("input[type=checkbox]")!.ChangeAsync(new ChangeEventArgs { Value = true });
        Assert.Contains("2 台を選択", wizard.Find("[data-testid=chosen-count]").TextContent, StringComparison.Ordinal);

        await Button(wizard, "次へ").ClickAsync(new());
        wizard.WaitForAssertion(() => Assert.NotEmpty(wizard.FindAll(".mud-radio-group")));
        await Radio(wizard.FindAll(".mud-radio-group")[0], World.AlphaAdmin.Name).ClickAsync(new());
        await Button(wizard, "次へ").ClickAsync(new());
        var review = wizard.WaitForElement("[data-testid=apply-review]").TextContent;
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), Regex.Matches(review, @"srv-\d\d").Select(m => m.Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AnApplicantWithoutAffiliationIsToldBeforeSubmitAndLinkedToTheProfile()
    {
        var newcomer = World.Person("新人 次郎", string.Empty);
        using (var db = World.Database.CreateContext())
        {
            db.SupportAccounts.Include(a => a.Members).Single(a => a.Id == World.AlphaAccount.Id).AddMember(newcomer.Id, MemberRole.Deputy);
            db.SaveChanges();
        }

        World.AddDevice(World.AlphaAccount, "alpha-01");
        World.ActAs(newcomer);

        var wizard = RenderWizard();

        var alert = wizard.Find("[data-testid=applicant-affiliation]");
        Assert.Contains("所属が未入力です", alert.TextContent, StringComparison.Ordinal);
        Assert.Equal("/profile", alert.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void AUserRoleMemberIsToldWhoMayApply()
    {
        World.AddDevice(World.AlphaAccount, "alpha-01");
        World.ActAs(World.AlphaUser);

        var wizard = Bunit.Render<Apply>();

        wizard.WaitForAssertion(() => Assert.Contains("利用管理者または利用管理者代行のみ", wizard.Find("[data-testid=apply-refused]").TextContent, StringComparison.Ordinal));
        Assert.Empty(wizard.FindAll("[data-testid=apply-stepper]"));
    }

    private static AngleSharp.Dom.IElement Radio(AngleSharp.Dom.IElement group, string label) =>
        group.QuerySelectorAll("label").Single(l => l.TextContent.Contains(label, StringComparison.Ordinal)).QuerySelector("input[type=radio]")!;
}
