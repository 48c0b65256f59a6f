using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MimeKit;

namespace Portal.E2E.Support;

/// <summary>
/// A portal of its own, on demo data no other collection touches, with a real SMTP server whose mails carry the
/// links a person would follow, and one Chromium.
/// </summary>
public abstract partial class MailingPortalFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public SmtpSink Smtp { get; private set; } = null!;
    public PortalServer Server { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Smtp = await SmtpSink.StartAsync();
        Server = await PortalServer.StartAsync(new Dictionary<string, string>
        {
            ["Mail__Smtp__Host"] = "127.0.0.1",
            ["Mail__Smtp__Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail__Smtp__Security"] = "None",
            ["Mail__PollSeconds"] = "0.2",
        });
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Server.BaseUrl.ToString(), Locale = "ja-JP" });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>The one mail to <paramref name="to"/> whose subject holds <paramref name="subject"/>, as the person's mailbox shows it.</summary>
    public async Task<MimeMessage> MailAsync(string to, string subject) =>
        (await Smtp.WaitForAsync(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, to, StringComparison.OrdinalIgnoreCase)) && m.Subject?.Contains(subject, StringComparison.Ordinal) == true, count: 1, TimeSpan.FromSeconds(20))).Single();

    /// <summary>The link of a mail to a page of this portal, as a person would click it.</summary>
    public string LinkIn(MimeMessage mail)
    {
        var link = PortalLink().Matches(mail.TextBody ?? string.Empty).Select(m => m.Value).FirstOrDefault(l => l.StartsWith(Server.BaseUrl.ToString(), StringComparison.Ordinal));
        return link ?? throw new InvalidOperationException($"No portal link in: {mail.TextBody}");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        if (Smtp is not null)
        {
            await Smtp.DisposeAsync();
        }
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex PortalLink();
}

/// <summary>The account tests change passwords, addresses and members.</summary>
public sealed class AccountFixture : MailingPortalFixture;

[CollectionDefinition(Name)]
public sealed class AccountCollection : ICollectionFixture<AccountFixture>
{
    public const string Name = "accounts";
}

/// <summary>The lifecycle tests withdraw, end and re-apply for the demo's devices.</summary>
public sealed class LifecycleFixture : MailingPortalFixture;

[CollectionDefinition(Name)]
public sealed class LifecycleCollection : ICollectionFixture<LifecycleFixture>
{
    public const string Name = "lifecycle";
}
