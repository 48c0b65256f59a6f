using System.Globalization;
using System.Resources;
using System.Text;
using Portal.Application.Common;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Notifications;
using Portal.Application.Domain.Reports;

namespace Portal.Application.Features.Notifications;

/// <summary>What the centre mails (Japanese, or English when the recipient chose English).</summary>
public enum MailKind
{
    OpeningReceived,
    OpeningMismatch,
    OpeningTooEarly,
    OpeningLocked,
    FailureDetected,
    PseudoFailureResult,
    ConnectivityResult,
    PeriodicOverdue,
    MaintenanceReminder,
    ApplicationAccepted,
    ApplicationSentBack,
    KeyReissued,
    ApplicationAcceptedKeyFile,
    KeyFileReissued,
    ApplicationWithdrawn,
    EndRequested,
    EndRequestCancelled,
    ServiceEnded,
    ContractChanged,

    // About a person's account or membership: no device, a link to the page that completes or shows the change.
    PasswordReset,
    PasswordManagedElsewhere,
    PasswordChanged,
    SignInEmailConfirm,
    SignInEmailChanged,
    SignInEmailInUse,
    MemberInvited,
    MemberRoleChanged,
    MemberRemoved,
    WebhookPaused,
    ContactsNeedChange,
}

public static class MailKinds
{
    /// <summary>Notices sent to many at once wait behind every alert; all else is an alert.</summary>
    public static MailLane LaneOf(MailKind kind) => kind is MailKind.PeriodicOverdue or MailKind.MaintenanceReminder ? MailLane.Bulk : MailLane.Alert;

    /// <summary>Mails that answer a report the centre received; the others (notices, decisions) are sent on their own.</summary>
    public static bool AnswersAReport(MailKind kind) => kind is MailKind.OpeningReceived or MailKind.OpeningMismatch or MailKind.OpeningTooEarly
        or MailKind.OpeningLocked or MailKind.FailureDetected or MailKind.PseudoFailureResult or MailKind.ConnectivityResult;
}

/// <summary>A person to mail: the address, their name when known (contacts), and their language.</summary>
public sealed record MailRecipient(string Email, string? Name, string Culture);

/// <summary>What a report's sender gave: all a mail to an address the sender chose may repeat.</summary>
public sealed record SentValues(string ModelNumber, string SerialNumber, string? HostName);

/// <summary>
/// Writes the centre's e-mails from the resources in Resources/MailText(.ja).resx, as outbox rows that the
/// background sender delivers.
/// </summary>
public static class MailComposer
{
    private static readonly ResourceManager Text = new("Portal.Application.Resources.MailText", typeof(MailComposer).Assembly);

    /// <param name="details">Extra lines after the kind's text (mismatched fields, the failure event).</param>
    /// <param name="bodyArgument">Fills {0} of the kind's body text (the expected day of an overdue notice).</param>
    public static Notification Compose(MailKind kind, MailRecipient to, Device device, DateTimeOffset now, Func<Func<string, string>, IEnumerable<string>>? details = null, string? bodyArgument = null)
    {
        var culture = CultureInfo.GetCultureInfo(SupportedCultures.IsSupported(to.Culture) ? to.Culture : SupportedCultures.Default);
        string T(string key) => Text.GetString(key, culture) ?? key;

        var subject = string.Format(culture, T($"{kind}.Subject"), device.DeviceManagementNumber, device.HostName);
        var body = new StringBuilder()
            .AppendLine(to.Name is { Length: > 0 } name ? string.Format(culture, T("Greeting.Named"), name) : T("Greeting.Anonymous"))
            .AppendLine()
            .AppendLine(string.Format(culture, T($"{kind}.Body"), bodyArgument))
            .AppendLine();
        foreach (var line in details?.Invoke(T) ?? [])
        {
            body.AppendLine(line);
        }

        body.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{T("Label.DeviceManagementNumber")}: {device.DeviceManagementNumber}")
            .AppendLine(CultureInfo.InvariantCulture, $"{T("Label.ModelNumber")}: {device.ModelNumber}")
            .AppendLine(CultureInfo.InvariantCulture, $"{T("Label.SerialNumber")}: {device.SerialNumber}")
            .AppendLine(CultureInfo.InvariantCulture, $"{T("Label.HostName")}: {device.HostName}")
            .AppendLine(CultureInfo.InvariantCulture, $"{T(MailKinds.AnswersAReport(kind) ? "Label.ReceivedAt" : "Label.SentAt")}: {JapanText(now)}")
            .AppendLine()
            .AppendLine(T("Footer"));
        // Time-ordered ids: new outbox rows go to the end of the key index instead of a random page of it.
        return new Notification(Guid.CreateVersion7(now), kind.ToString(), MailKinds.LaneOf(kind), to.Email, subject, body.ToString(), culture.Name, device.Id, now);
    }

    /// <summary>
    /// A mail about a person's account or membership (a reset link, an invitation, a role change). Subject and body
    /// take <paramref name="arguments"/> as {0}, {1}...; <paramref name="linkPath"/> is the page the mail links to.
    /// </summary>
    public static Notification ComposeAccount(MailKind kind, MailRecipient to, DateTimeOffset now, string? linkPath, IEnumerable<string>? lines = null, params string[] arguments)
    {
        var culture = CultureInfo.GetCultureInfo(SupportedCultures.IsSupported(to.Culture) ? to.Culture : SupportedCultures.Default);
        string T(string key) => Text.GetString(key, culture) ?? key;

        var body = new StringBuilder()
            .AppendLine(to.Name is { Length: > 0 } name ? string.Format(culture, T("Greeting.Named"), name) : T("Greeting.Anonymous"))
            .AppendLine()
            .AppendLine(string.Format(culture, T($"{kind}.Body"), arguments))
            .AppendLine();
        foreach (var line in lines ?? [])
        {
            body.AppendLine(line);
        }

        body.AppendLine(CultureInfo.InvariantCulture, $"{T("Label.SentAt")}: {JapanText(now)}")
            .AppendLine()
            .AppendLine(T("Footer.Account"));
        return new Notification(Guid.CreateVersion7(now), kind.ToString(), MailKinds.LaneOf(kind), to.Email, string.Format(culture, T($"{kind}.Subject"), arguments), body.ToString(), culture.Name, null, now, linkPath);
    }

    /// <summary>
    /// A mail to the address a report's sender chose (replyTo), about a device the report did not prove it may
    /// speak for: it repeats only what was sent, never the registration's data (management number, host, contacts).
    /// </summary>
    public static Notification ComposeToSender(MailKind kind, string email, SentValues sent, Guid? deviceId, DateTimeOffset now, Func<Func<string, string>, IEnumerable<string>>? details = null)
    {
        var culture = CultureInfo.GetCultureInfo(SupportedCultures.Default);
        string T(string key) => Text.GetString(key, culture) ?? key;

        var subject = string.Format(culture, T($"{kind}.Subject"), sent.SerialNumber, sent.HostName);
        var body = new StringBuilder()
            .AppendLine(T("Greeting.Anonymous"))
            .AppendLine()
            .AppendLine(T($"{kind}.Body"))
            .AppendLine();
        foreach (var line in details?.Invoke(T) ?? [])
        {
            body.AppendLine(line);
        }

        body.AppendLine()
            .AppendLine(T("Label.Sent"))
            .AppendLine(CultureInfo.InvariantCulture, $"{T("Label.ModelNumber")}: {sent.ModelNumber}")
            .AppendLine(CultureInfo.InvariantCulture, $"{T("Label.SerialNumber")}: {sent.SerialNumber}");
        if (sent.HostName is { } host)
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"{T("Label.HostName")}: {host}");
        }

        body.AppendLine(CultureInfo.InvariantCulture, $"{T("Label.ReceivedAt")}: {JapanText(now)}")
            .AppendLine()
            .AppendLine(T("Footer"));
        return new Notification(Guid.CreateVersion7(now), kind.ToString(), MailKinds.LaneOf(kind), email, subject, body.ToString(), culture.Name, deviceId, now);
    }

    /// <summary>A phrase of the mail texts in the recipient's language (a role's name, a listed device), for the arguments of <see cref="ComposeAccount"/>.</summary>
    public static string Phrase(string culture, string key, params object?[] arguments)
    {
        var chosen = CultureInfo.GetCultureInfo(SupportedCultures.IsSupported(culture) ? culture : SupportedCultures.Default);
        return string.Format(chosen, Text.GetString(key, chosen) ?? key, arguments);
    }

    /// <summary>A time in the mail's wording: Japan time (the labels say so).</summary>
    public static string Japan(DateTimeOffset instant) => JapanText(instant);

    /// <summary>The line that links a mail to the portal page it is about, in the mail's language.</summary>
    public static string LinkLine(string culture, Uri page) =>
        $"{Text.GetString("Label.Link", CultureInfo.GetCultureInfo(SupportedCultures.IsSupported(culture) ? culture : SupportedCultures.Default))}: {page.AbsoluteUri}";

    /// <summary>When a newly issued key code starts to work, in Japan time and labelled so.</summary>
    public static Func<Func<string, string>, IEnumerable<string>> OpeningFromLines(DateTimeOffset from) => T =>
        [$"{T("Label.OpeningFrom")}: {JapanText(from)}"];

    /// <summary>The time from which opening works, in Japan time and labelled so.</summary>
    public static Func<Func<string, string>, IEnumerable<string>> RetryLines(DateTimeOffset from) => T =>
        [string.Format(CultureInfo.InvariantCulture, T("OpeningTooEarly.From"), JapanText(from))];

    /// <summary>The lines describing a failure or test event.</summary>
    public static Func<Func<string, string>, IEnumerable<string>> EventLines(ReportEvent e, DateTimeOffset occurredAt) => T =>
    [
        $"{T("Label.OccurredAt")}: {JapanText(occurredAt)}",
        $"{T("Label.Category")}: {T($"Category.{e.Category}")}",
        $"{T("Label.Severity")}: {T($"Severity.{e.Severity}")}",
        $"{T("Label.EventCode")}: {e.Code}",
        $"{T("Label.Message")}: {e.Message}",
    ];

    /// <summary>One line per field to check, with the value that was sent (never the registered one).</summary>
    public static Func<Func<string, string>, IEnumerable<string>> MismatchLines(IEnumerable<(string Field, string Sent)> mismatches) => T =>
        mismatches.Select(m => string.Format(CultureInfo.InvariantCulture, T("OpeningMismatch.Item"), T($"Field.{m.Field}"), m.Sent));

    /// <summary>What to check when a key file did not open the device; the file's contents are not repeated.</summary>
    public static IEnumerable<string> KeyFileMismatchLines(Func<string, string> T) => [T("OpeningMismatch.KeyFile")];

    private static string JapanText(DateTimeOffset instant) =>
        JapanTime.ToJapan(instant).ToString("yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture);
}
