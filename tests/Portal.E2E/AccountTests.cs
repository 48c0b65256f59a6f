using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.E2E.Pages;
using Portal.E2E.Support;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

/// <summary>
/// Self-service accounts and members in a real browser, with every link taken from the mail the real SMTP server
/// received. Each test uses demo people the others leave alone.
/// </summary>
[Collection(AccountCollection.Name)]
public sealed partial class AccountTests(AccountFixture portal)
{
    private const string NewPassword = "Fresh#2026word";

    private static PageGetByLabelOptions Exact => new() { Exact = true };

    [Fact]
    public async Task AForgottenPasswordIsResetFromTheMailAndTheNewOneSignsIn()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.GetByRole(AriaRole.Link, new() { Name = "パスワードをお忘れの方" }).ClickAsync();
        await page.GetByLabel("メールアドレス").FillAsync("nobody-here@alpha.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "再設定のリンクを送る" }).ClickAsync();
        var unknownAnswer = await page.GetByRole(AriaRole.Status).InnerTextAsync();

        await page.GotoAsync("/account/forgot");
        await page.GetByLabel("メールアドレス").FillAsync("ops@alpha.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "再設定のリンクを送る" }).ClickAsync();

        // The same answer whether or not the address has an account.
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(unknownAnswer);
        var mail = await portal.MailAsync("ops@alpha.example", "パスワード再設定のご案内");
        Assert.Contains("(日本時間) までに", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(portal.Smtp.Messages(), m => m.To.Mailboxes.Any(b => b.Address == "nobody-here@alpha.example"));

        var reset = await portal.NewPageAsync();
        await reset.GotoAsync(portal.LinkIn(mail));
        await reset.GetByLabel("新しいパスワード", Exact).FillAsync(NewPassword);
        await reset.GetByLabel("新しいパスワード (確認)", Exact).FillAsync("Different#2026");
        await reset.GetByRole(AriaRole.Button, new() { Name = "パスワードを設定する" }).ClickAsync();
        await Expect(reset.GetByRole(AriaRole.Alert)).ToContainTextAsync("確認用のパスワードが一致しません");
        await reset.GetByLabel("新しいパスワード", Exact).FillAsync(NewPassword);
        await reset.GetByLabel("新しいパスワード (確認)", Exact).FillAsync(NewPassword);
        await reset.GetByRole(AriaRole.Button, new() { Name = "パスワードを設定する" }).ClickAsync();
        await Expect(reset.GetByRole(AriaRole.Status)).ToContainTextAsync("新しいパスワードを設定しました");
        await portal.MailAsync("ops@alpha.example", "パスワード変更のお知らせ");

        // The link works once.
        await reset.GotoAsync(portal.LinkIn(mail));
        await reset.GetByLabel("新しいパスワード", Exact).FillAsync("Another#2026word");
        await reset.GetByLabel("新しいパスワード (確認)", Exact).FillAsync("Another#2026word");
        await reset.GetByRole(AriaRole.Button, new() { Name = "パスワードを設定する" }).ClickAsync();
        await Expect(reset.GetByRole(AriaRole.Alert)).ToContainTextAsync("このリンクは無効か");

        var signIn = await portal.NewPageAsync();
        await signIn.SignInAsync("ops@alpha.example");
        await Expect(signIn.GetByRole(AriaRole.Alert)).ToContainTextAsync("メールアドレスまたはパスワードが正しくありません");
        await signIn.SignInAsync("ops@alpha.example", NewPassword);
        await Expect(signIn).ToHaveURLAsync(new Regex("/$"));
        await Expect(new DashboardPage(signIn).Devices).ToBeVisibleAsync();
    }

    [Fact]
    public async Task APersonChangesTheirPasswordAndThenTheirSignInAddress()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync("deputy@alpha.example");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "ユーザ情報" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "パスワードの変更" }).ClickAsync();
        await page.GetByLabel("現在のパスワード", Exact).FillAsync("wrong-password-1");
        await page.GetByLabel("新しいパスワード", Exact).FillAsync(NewPassword);
        await page.GetByLabel("新しいパスワード (確認)", Exact).FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "パスワードを変更する" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("現在のパスワードが正しくありません");
        await page.GetByLabel("現在のパスワード", Exact).FillAsync(PortalFixture.DemoPassword);
        await page.GetByLabel("新しいパスワード", Exact).FillAsync(NewPassword);
        await page.GetByLabel("新しいパスワード (確認)", Exact).FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "パスワードを変更する" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("パスワードを変更しました");
        await portal.MailAsync("deputy@alpha.example", "パスワード変更のお知らせ");

        // Still signed in here: on to the sign-in address.
        await page.GotoAsync("/account/email");
        await page.GetByLabel("新しいメールアドレス").FillAsync("hanako.sato@alpha.example");
        await page.GetByLabel("現在のパスワード").FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "確認メールを送る" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("hanako.sato@alpha.example に確認のメールを送りました");

        var confirm = await portal.MailAsync("hanako.sato@alpha.example", "サインイン用メールアドレス変更の確認");
        await page.GotoAsync(portal.LinkIn(confirm));
        await page.GetByRole(AriaRole.Button, new() { Name = "変更を完了する" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("サインイン用メールアドレスを hanako.sato@alpha.example に変更しました");
        var notice = await portal.MailAsync("deputy@alpha.example", "サインイン用メールアドレス変更のお知らせ");
        Assert.Contains("hanako.sato@alpha.example", notice.TextBody, StringComparison.Ordinal);

        var again = await portal.NewPageAsync();
        await again.SignInAsync("deputy@alpha.example", NewPassword);
        await Expect(again.GetByRole(AriaRole.Alert)).ToContainTextAsync("メールアドレスまたはパスワードが正しくありません");
        await again.SignInAsync("hanako.sato@alpha.example", NewPassword);
        await Expect(new DashboardPage(again).Devices).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AnInvitedPersonCreatesTheirAccountAndBecomesAChoosableContact()
    {
        var admin = await portal.NewPageAsync();
        await admin.SignInAsync("admin@alpha.example");
        await admin.WaitForCircuitAsync();
        await admin.FollowAsync(admin.GetByRole(AriaRole.Link, new() { Name = "ユーザ管理" }));
        var invite = admin.Locator("[data-testid=invite-form]");
        await invite.GetByLabel("招待する方のメールアドレス").FillAsync("new.operator@alpha.example");
        await invite.GetByRole(AriaRole.Radio, new() { Name = "利用者", Exact = true }).CheckAsync();
        await invite.GetByRole(AriaRole.Button, new() { Name = "招待する", Exact = true }).ClickAsync();
        await Expect(admin.Locator("[data-testid=members-message]")).ToContainTextAsync("new.operator@alpha.example に招待のメールを送りました");
        await Expect(admin.Locator("[data-testid=invitation-table]")).ToContainTextAsync("new.operator@alpha.example");

        var mail = await portal.MailAsync("new.operator@alpha.example", "サポートID SP1000001 へのご招待");
        var person = await portal.NewPageAsync();
        await person.GotoAsync(portal.LinkIn(mail));
        await Expect(person.Locator("[data-testid=invitation-summary]")).ToContainTextAsync("「利用者」として招待されています");
        await person.GetByLabel("氏名").FillAsync("木村 新");
        await person.GetByLabel("電話番号").FillAsync("03-1234-5699");
        await person.GetByLabel("所属").FillAsync("情報システム部 運用課");
        await person.GetByLabel("パスワード", Exact).FillAsync(NewPassword);
        await person.GetByLabel("新しいパスワード (確認)", Exact).FillAsync(NewPassword);
        await person.GetByRole(AriaRole.Button, new() { Name = "アカウントを作成して参加する" }).ClickAsync();
        await Expect(new DashboardPage(person).Devices).ToContainTextAsync("alpha-web01");

        // The link is spent.
        var late = await portal.NewPageAsync();
        await late.GotoAsync(portal.LinkIn(mail));
        await Expect(late.GetByRole(AriaRole.Alert)).ToContainTextAsync("この招待はすでに使われています");

        await admin.GotoAsync("/members");
        await admin.WaitForCircuitAsync();
        await Expect(admin.Locator("[data-testid=member-table] tr[data-email='new.operator@alpha.example']")).ToContainTextAsync("利用者");
        await admin.GotoAsync("/");
        await admin.WaitForCircuitAsync();
        await new DashboardPage(admin).OpenDeviceAsync("alpha-web01");
        await admin.FollowAsync(admin.GetByRole(AriaRole.Link, new() { Name = "連絡先の変更" }));
        await Expect(admin.GetByRole(AriaRole.Radiogroup, new() { Name = "連絡先2 (連絡先1に連絡がつかない場合に電話)" }).GetByText("木村 新")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ADeputyInvitesOnlyUsersAndAUserManagesNoMembers()
    {
        var admin = await portal.NewPageAsync();
        await admin.SignInAsync("admin@beta.example");
        await admin.WaitForCircuitAsync();
        await admin.GotoAsync("/members");
        await admin.WaitForCircuitAsync();
        // admin@beta.example makes user@beta.example a deputy, who then sees a deputy's page.
        await admin.Locator("tr[data-email='user@beta.example']").GetByRole(AriaRole.Button, new() { Name = "役割を変更" }).ClickAsync();
        await admin.GetByRole(AriaRole.Menuitem, new() { Name = "利用管理者代行" }).ClickAsync();
        await Expect(admin.Locator("[data-testid=members-message]")).ToContainTextAsync("「利用管理者代行」に変更しました");
        await portal.MailAsync("user@beta.example", "役割変更のお知らせ");

        var page = await portal.NewPageAsync();
        await page.SignInAsync("user@beta.example");
        await page.WaitForCircuitAsync();
        await page.FollowAsync(page.GetByRole(AriaRole.Link, new() { Name = "ユーザ管理" }));
        var invite = page.Locator("[data-testid=invite-form]");
        await Expect(invite.GetByRole(AriaRole.Radio, new() { Name = "利用者", Exact = true })).ToBeVisibleAsync();
        await Expect(invite.GetByRole(AriaRole.Radio, new() { Name = "利用管理者", Exact = true })).ToHaveCountAsync(0);
        await Expect(invite.GetByRole(AriaRole.Radio, new() { Name = "利用管理者代行", Exact = true })).ToHaveCountAsync(0);
        await Expect(page.Locator("tr[data-email='admin@beta.example']").GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        // Made a user again, the same person no longer manages members (the menu goes at the next sign-in).
        await admin.Locator("tr[data-email='user@beta.example']").GetByRole(AriaRole.Button, new() { Name = "役割を変更" }).ClickAsync();
        await admin.GetByRole(AriaRole.Menuitem, new() { Name = "利用者" }).ClickAsync();
        await Expect(admin.Locator("[data-testid=members-message]")).ToContainTextAsync("「利用者」に変更しました");
        var user = await portal.NewPageAsync();
        await user.SignInAsync("user@beta.example");
        await user.WaitForCircuitAsync();
        await Expect(user.GetByRole(AriaRole.Link, new() { Name = "ユーザ管理" })).ToHaveCountAsync(0);
        await user.GotoAsync("/members");
        await Expect(user.Locator("[data-testid=members-refused]")).ToContainTextAsync("利用管理者");
    }

    [Fact]
    public async Task TheLastAdministratorCannotBeRemoved()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync("admin@alpha.example");
        await page.WaitForCircuitAsync();
        await page.GotoAsync("/members");
        await page.WaitForCircuitAsync();
        // SP1000002 has one member, its administrator.
        await page.GetByRole(AriaRole.Radio, new() { Name = "SP1000002" }).CheckAsync();
        await Expect(page.Locator("[data-testid=member-table] tbody tr")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "山田 太郎 様の登録を解除" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "解除する" }).ClickAsync();

        await Expect(page.Locator("[data-testid=members-message]")).ToContainTextAsync("サポートIDには利用管理者が1人以上必要です");
        await Expect(page.Locator("[data-testid=member-table] tr[data-email='admin@alpha.example']")).ToContainTextAsync("利用管理者");
    }
}
