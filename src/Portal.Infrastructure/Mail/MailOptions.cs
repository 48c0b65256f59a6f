using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Mail;

/// <summary>Configuration section "Mail".</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>The From of every message, "Name &lt;address&gt;" or a bare address.</summary>
    [Required]
    public string From { get; set; } = "エクスプレス通報サービス <centre@localhost>";

    /// <summary>SMTP server; when Host is empty, messages are written as .eml files to <see cref="PickupDirectory"/>.</summary>
    [ValidateObjectMembers]
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Folder for .eml files when no SMTP server is configured (relative to the content root).</summary>
    [Required]
    public string PickupDirectory { get; set; } = Path.Combine("App_Data", "mail");

    /// <summary>
    /// The portal's public address (https://portal.example.jp): every mail links to the page it is about there,
    /// the device's page when it is about a device. Empty: no link.
    /// </summary>
    public string? PortalUrl { get; set; }

    /// <summary>
    /// How long a sender's claim on a batch holds; an instance that dies leaves its batch to the others once it runs
    /// out. A sender starts a message only within <see cref="SendWindow"/>, so that the claim outlasts every result
    /// still on its way.
    /// </summary>
    [Range(0d, 24 * 60 * 60, MinimumIsExclusive = true)]
    public double ClaimLeaseSeconds { get; set; } = 120;

    /// <summary>
    /// The longest one message can take from its first byte to its recorded result: the SMTP timeout, then the
    /// database's longest wait for the write lock.
    /// </summary>
    public TimeSpan ResultReserve => TimeSpan.FromSeconds(Smtp.TimeoutSeconds) + SqliteBusyTimeout.LongestWriteWait;

    /// <summary>How long after its claim a sender may start a message: the lease less <see cref="ResultReserve"/>.</summary>
    public TimeSpan SendWindow => TimeSpan.FromSeconds(ClaimLeaseSeconds) - ResultReserve;

    /// <summary>How often the outbox is read for messages that are due.</summary>
    [Range(0d, 60 * 60, MinimumIsExclusive = true)]
    public double PollSeconds { get; set; } = 2;

    /// <summary>Wait before the first retry of a failed delivery; doubles with each try, at most one hour.</summary>
    [Range(0d, 60 * 60, MinimumIsExclusive = true)]
    public double RetryFirstDelaySeconds { get; set; } = 30;
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>None, Auto, StartTls, StartTlsWhenAvailable or SslOnConnect (MailKit's SecureSocketOptions).</summary>
    [Required]
    public string Security { get; set; } = "StartTlsWhenAvailable";

    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary>How long the server may take to answer one command, including a whole message.</summary>
    [Range(0d, 60 * 60, MinimumIsExclusive = true)]
    public double TimeoutSeconds { get; set; } = 30;
}

/// <summary>The mail settings that only make sense together, and the ones that depend on where the portal runs.</summary>
public sealed class MailOptionsValidator(bool outsideDevelopment) : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        var failures = new List<string>();
        if (outsideDevelopment && !Uri.TryCreate(options.PortalUrl, UriKind.Absolute, out _))
        {
            // Without it a password reset or an invitation mail has no link to follow: nobody could use them.
            failures.Add("Mail:PortalUrl is not set to an absolute address (https://portal.example.jp): the links of password-reset, sign-in address and invitation mails lead there.");
        }

        if (options.SendWindow <= TimeSpan.Zero)
        {
            // A claim shorter than a result can take to land would let a second instance send the same mail again.
            failures.Add($"Mail:ClaimLeaseSeconds ({options.ClaimLeaseSeconds}) must be longer than the SMTP timeout and the database's longest write wait together ({options.ResultReserve.TotalSeconds} s).");
        }

        if (!MimeKit.MailboxAddress.TryParse(options.From, out _))
        {
            failures.Add($"Mail:From ({options.From}) is not an address (\"Name <address>\" or a bare address): every mail is sent from it.");
        }

        if (!Enum.TryParse<MailKit.Security.SecureSocketOptions>(options.Smtp.Security, ignoreCase: true, out var security) || !Enum.IsDefined(security))
        {
            failures.Add($"Mail:Smtp:Security ({options.Smtp.Security}) is not one of None, Auto, StartTls, StartTlsWhenAvailable or SslOnConnect.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
