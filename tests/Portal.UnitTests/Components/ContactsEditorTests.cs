using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Registrations;
using Portal.Application.Features.Contacts;
using Portal.Web.Components.Pages.Devices;
using Portal.Web.Components.Shared;

namespace Portal.UnitTests.Components;

public sealed class ContactsEditorTests : ComponentTestContext
{
    public ContactsEditorTests()
    {
        Bunit.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Bunit.Render<MudPopoverProvider>();
        Bunit.Render<MudSnackbarProvider>();
        UseCulture("ja");
    }

    private static readonly ContactCandidate Yamada = new(Guid.NewGuid(), "山田 太郎", "情報システム部", "03-1234-5601", "yamada@alpha.example", MemberRole.Administrator);
    private static readonly ContactCandidate Sato = new(Guid.NewGuid(), "佐藤 花子", "運用課", "03-1234-5602", "sato@alpha.example", MemberRole.Deputy);

    [Fact]
    public void ThePreviewSaysWhoIsPhonedFirstAndSecondAndWhoIsMailed()
    {
        var preview = Bunit.Render<EscalationPreview>(p => p
            .Add(x => x.First, EscalationPreview.ContactPerson.Of(Yamada))
            .Add(x => x.FirstHours, "平日 9:00-18:00")
            .Add(x => x.Second, EscalationPreview.ContactPerson.Of(Sato)));

        var steps = preview.FindAll("[data-testid=escalation-step]").Select(s => s.TextContent.Trim()).ToList();
        Assert.Equal("まず 山田 太郎 さん (03-1234-5601) に電話します。 (時間指定: 平日 9:00-18:00)", steps[0]);
        Assert.Equal("つながらない場合は 佐藤 花子 さん (03-1234-5602) に電話します。", steps[1]);
        Assert.Equal("障害のお知らせメールは 山田 太郎 <yamada@alpha.example> と 佐藤 花子 <sato@alpha.example> の両方に送られます。", steps[2]);
    }

    [Fact]
    public void WithoutContactTwoThePreviewSaysNobodyElseIsPhoned()
    {
        UseCulture("en");

        var preview = Bunit.Render<EscalationPreview>(p => p.Add(x => x.First, EscalationPreview.ContactPerson.Of(Yamada)));

        var steps = preview.FindAll("[data-testid=escalation-step]").Select(s => s.TextContent.Trim()).ToList();
        Assert.Equal("First the centre phones 山田 太郎 (03-1234-5601).", steps[0]);
        Assert.Equal("No contact 2 is set: if contact 1 cannot be reached, nobody else is phoned.", steps[1]);
        Assert.Equal("The failure e-mail goes to 山田 太郎 <yamada@alpha.example>.", steps[2]);
    }

    [Fact]
    public void ThePreviewWaitsForContactOne()
    {
        var preview = Bunit.Render<EscalationPreview>();

        Assert.Contains("連絡先1を選択すると", preview.Find("[data-testid=escalation-empty]").TextContent, StringComparison.Ordinal);
        Assert.Empty(preview.FindAll("[data-testid=escalation-step]"));
    }

    [Fact]
    public async Task ChoosingContactTwoInTheEditorUpdatesThePreviewAndSaves()
    {
        var device = World.AddDevice(World.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        World.ActAs(World.AlphaAdmin);
        var page = Bunit.Render<DeviceContacts>(p => p.Add(x => x.Id, device.Id));
        page.WaitForElement("[data-testid=contacts-editor]");

        // Preselected with the current contacts: contact 1 only.
        Assert.Contains("電話での連絡はそれ以上行われません", page.FindAll("[data-testid=escalation-step]")[1].TextContent, StringComparison.Ordinal);
        var contact2 = page.FindAll(".mud-radio-group")[1];
        await contact2.QuerySelectorAll("label").Single(l => l.TextContent.Contains(World.AlphaDeputy.Name, StringComparison.Ordinal)).QuerySelector("input")!.ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains($"つながらない場合は {World.AlphaDeputy.Name} さん", page.FindAll("[data-testid=escalation-step]")[1].TextContent, StringComparison.Ordinal));
        await page.FindAll("button").Single(b => b.TextContent.Trim() == "保存").ClickAsync(new());

        await using var db = World.Database.CreateContext();
        page.WaitForAssertion(() => Assert.Equal(2, db.Registrations.Include(r => r.Contacts).AsNoTracking().Single(r => r.DeviceId == device.Id).Contacts.Count));
    }

    [Fact]
    public void AUserRoleMemberSeesTheContactsReadOnlyWithTheReason()
    {
        var device = World.AddDevice(World.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        World.ActAs(World.AlphaUser);

        var page = Bunit.Render<DeviceContacts>(p => p.Add(x => x.Id, device.Id));

        page.WaitForAssertion(() => Assert.Contains("利用管理者または利用管理者代行のみ", page.Find("[data-testid=contacts-readonly]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=contacts-editor]"));
        Assert.Empty(page.FindAll("input[type=radio]"));
        Assert.Contains(World.AlphaAdmin.Name, page.Find("[data-testid=contact]").TextContent, StringComparison.Ordinal);
        Assert.Contains("まず", page.Find("[data-testid=escalation-preview]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ContactOneCannotAlsoBeChosenAsContactTwo()
    {
        var selection = new ContactsSelection { Contact1 = Yamada.UserId };

        var picker = Bunit.Render<ContactsPicker>(p => p.Add(x => x.Candidates, [Yamada, Sato]).Add(x => x.Selection, selection));

        var contact2 = picker.FindAll(".mud-radio-group")[1];
        var yamadaAsSecond = contact2.QuerySelectorAll("label").Single(l => l.TextContent.Contains("山田", StringComparison.Ordinal)).QuerySelector("input")!;
        Assert.True(yamadaAsSecond.HasAttribute("disabled"));
    }

    [Fact]
    public void AContactWhoseMailBouncedSaysSoWithWhenInJapanTimeAndWhy()
    {
        var contact = new ContactView(1, Yamada.UserId, Yamada.Name, Yamada.Email, Yamada.Phone, Yamada.Affiliation, null, DateTimeOffset.UnixEpoch, null, true,
            new MailBounce(new DateTimeOffset(2026, 12, 1, 1, 30, 0, TimeSpan.Zero), "550 <script>no such mailbox</script>"));

        var card = Bunit.Render<ContactCard>(p => p.Add(x => x.Contact, contact));

        var alert = card.Find("[data-testid=contact-bounced]");
        Assert.Contains("メール不達", alert.TextContent, StringComparison.Ordinal);
        Assert.Contains("2026/12/01 10:30", alert.TextContent, StringComparison.Ordinal);
        Assert.Contains("理由: 550 <script>no such mailbox</script>", alert.TextContent, StringComparison.Ordinal);
        Assert.Empty(alert.QuerySelectorAll("script"));
        Assert.Empty(Bunit.Render<ContactCard>(p => p.Add(x => x.Contact, contact with { Bounced = null })).FindAll("[data-testid=contact-bounced]"));
    }
}
