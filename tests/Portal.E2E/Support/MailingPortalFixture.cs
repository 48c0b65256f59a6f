using System.Text.RegularExpressions;
using MimeKit;

namespace Portal.E2E.Support;

/// <summary>
/// A portal of its own, on demo data no other collection touches, with a real SMTP server whose mails carry the
/// links a person would follow, and one Chromium.
/// </summary>
public abstract partial class MailingPortalFixture : BrowserPortalFixture
{
    public SmtpSink Smtp { get; private set; } = null!;

    protected override async Task<PortalServer> StartPortalAsync()
    {
        Smtp = await SmtpSink.StartAsync();
        return await PortalServer.StartAsync(Smtp.PortalSettings());
    }

    protected override async Task StopDependenciesAsync()
    {
        if (Smtp is not null)
        {
            await Smtp.DisposeAsync();
        }
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
