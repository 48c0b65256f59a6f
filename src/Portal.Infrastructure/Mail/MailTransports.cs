using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Application.Domain.Notifications;
using Portal.Application.Domain.Users;
using Portal.Application.Features.Notifications;

namespace Portal.Infrastructure.Mail;

/// <summary>
/// Delivers outbox messages: over SMTP, or into a pickup folder when none is configured. Each message's result
/// is reported as it is known: none (delivered), <see cref="UndeliverableException"/> (no retry can help) or any
/// other exception (try again later). When the server cannot be reached at all, the transport throws
/// <see cref="MailServerUnavailableException"/> for the messages it has not reported. It starts each message only
/// while <c>mayStart</c> says so and leaves the rest untried; a message once started is not cut off by it.
/// </summary>
public interface IMailTransport
{
    Task SendAsync(IReadOnlyList<Notification> batch, Func<Notification, Exception?, Task> onResult, Func<bool> mayStart, CancellationToken cancellationToken);
}

/// <summary>This message can never be delivered as it is: an address the mail library refuses, or a 5xx answer.</summary>
public sealed class UndeliverableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The mail server is down or refuses the session: the rest of the batch was not tried.</summary>
public sealed class MailServerUnavailableException(Exception inner) : Exception(inner.Message, inner);

internal static class Messages
{
    public static MimeMessage ToMime(Notification notification, MailOptions options)
    {
        // The same definition of an address that profiles, contacts and the intake check at entry: one saved
        // before that check existed fails here, alone.
        if (!ContactFormats.IsEmail(notification.Recipient))
        {
            throw new UndeliverableException($"Not a deliverable address: {notification.Recipient}");
        }

        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(MailboxAddress.Parse(notification.Recipient));
        message.Subject = notification.Subject;
        message.MessageId = $"{notification.Id:N}@portal";
        message.Date = notification.CreatedAt;
        message.Headers.Add("Content-Language", notification.Culture);
        message.Body = new TextPart("plain") { Text = notification.Body + Link(notification, options.PortalUrl) };
        return message;
    }

    /// <summary>Added when the mail is sent, so that a change of the portal's address reaches mails still waiting.</summary>
    private static string Link(Notification notification, string? portalUrl) =>
        Uri.TryCreate($"{portalUrl?.TrimEnd('/')}/", UriKind.Absolute, out var portal)
            ? Environment.NewLine + MailComposer.LinkLine(notification.Culture, new Uri(portal, notification.LinkPath ?? (notification.DeviceId is { } device ? $"devices/{device}" : string.Empty))) + Environment.NewLine
            : string.Empty;
}

/// <summary>SMTP through MailKit; one connection for a batch.</summary>
public sealed class SmtpMailTransport(IOptions<MailOptions> options) : IMailTransport
{
    public async Task SendAsync(IReadOnlyList<Notification> batch, Func<Notification, Exception?, Task> onResult, Func<bool> mayStart, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(settings.Smtp.TimeoutSeconds).TotalMilliseconds };
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
            throw new MailServerUnavailableException(ex);
        }

        foreach (var notification in batch.TakeWhile(_ => mayStart()))
        {
            Exception? failure = null;
            try
            {
                await client.SendAsync(Messages.ToMime(notification, settings), cancellationToken);
            }
            catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
            {
                // 5xx: the server will never take this message (unknown mailbox, refused sender or content).
                failure = new UndeliverableException($"{(int)ex.StatusCode} {ex.Message}", ex);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failure = ex;
            }

            await onResult(notification, failure);
            if (!client.IsConnected)
            {
                // The session broke: the rest of the batch waits for the server, untried.
                throw new MailServerUnavailableException(failure ?? new IOException("The SMTP session ended."));
            }
        }

        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}

/// <summary>The embedded default: each message becomes an .eml file, readable with any mail program.</summary>
public sealed class PickupFolderMailTransport(IOptions<MailOptions> options, string folder) : IMailTransport
{
    public async Task SendAsync(IReadOnlyList<Notification> batch, Func<Notification, Exception?, Task> onResult, Func<bool> mayStart, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        foreach (var notification in batch.TakeWhile(_ => mayStart()))
        {
            Exception? failure = null;
            try
            {
                var path = Path.Combine(folder, $"{notification.CreatedAt.UtcDateTime:yyyyMMdd-HHmmss}-{notification.Id:N}.eml");
                await Messages.ToMime(notification, options.Value).WriteToAsync(path, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or UndeliverableException)
            {
                failure = ex;
            }

            await onResult(notification, failure);
        }
    }
}
