using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Application.Domain.Notifications;

namespace Portal.Infrastructure.Mail;

/// <summary>Delivers outbox messages: over SMTP, or into a pickup folder when none is configured.</summary>
public interface IMailTransport
{
    Task SendAsync(IReadOnlyList<Notification> batch, Func<Notification, Exception?, Task> onResult, CancellationToken cancellationToken);
}

internal static class Messages
{
    public static MimeMessage ToMime(Notification notification, string from)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(notification.Recipient));
        message.Subject = notification.Subject;
        message.MessageId = $"{notification.Id:N}@portal";
        message.Date = notification.CreatedAt;
        message.Headers.Add("Content-Language", notification.Culture);
        message.Body = new TextPart("plain") { Text = notification.Body };
        return message;
    }
}

/// <summary>SMTP through MailKit; one connection for a batch.</summary>
internal sealed class SmtpMailTransport(IOptions<MailOptions> options) : IMailTransport
{
    public async Task SendAsync(IReadOnlyList<Notification> batch, Func<Notification, Exception?, Task> onResult, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var client = new SmtpClient { Timeout = 30_000 };
        try
        {
            await client.ConnectAsync(settings.Smtp.Host!, settings.Smtp.Port, Enum.Parse<SecureSocketOptions>(settings.Smtp.Security, ignoreCase: true), cancellationToken);
            if (!string.IsNullOrEmpty(settings.Smtp.UserName))
            {
                await client.AuthenticateAsync(settings.Smtp.UserName, settings.Smtp.Password ?? string.Empty, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The server is down or refuses us: every message of the batch waits for its retry.
            foreach (var notification in batch)
            {
                await onResult(notification, ex);
            }

            return;
        }

        foreach (var notification in batch)
        {
            Exception? failure = null;
            try
            {
                await client.SendAsync(Messages.ToMime(notification, settings.From), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failure = ex;
            }

            await onResult(notification, failure);
        }

        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}

/// <summary>The embedded default: each message becomes an .eml file, readable with any mail program.</summary>
internal sealed class PickupFolderMailTransport(IOptions<MailOptions> options, string folder) : IMailTransport
{
    public async Task SendAsync(IReadOnlyList<Notification> batch, Func<Notification, Exception?, Task> onResult, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        foreach (var notification in batch)
        {
            Exception? failure = null;
            try
            {
                var path = Path.Combine(folder, $"{notification.CreatedAt.UtcDateTime:yyyyMMdd-HHmmss}-{notification.Id:N}.eml");
                await Messages.ToMime(notification, options.Value.From).WriteToAsync(path, cancellationToken);
            }
            catch (IOException ex)
            {
                failure = ex;
            }

            await onResult(notification, failure);
        }
    }
}
