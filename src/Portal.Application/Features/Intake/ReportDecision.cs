using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Calls;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Maintenance;
using Portal.Application.Domain.Notifications;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Domain.Webhooks;
using Portal.Application.Features.Notifications;
using Portal.Application.Features.Webhooks;

namespace Portal.Application.Features.Intake;

/// <summary>
/// What the centre knows when a report arrives: the device its model and serial number name (exactly), that
/// device's registration and contacts, when this event was last acted on, the device's maintenance windows now
/// in force, and the time.
/// </summary>
public sealed record ReportFacts(
    IntakeReport Report,
    Device? Device,
    ServiceRegistration? Registration,
    IReadOnlyList<MailRecipient> Contacts,
    ActedOnEvent? LastActedOn,
    IReadOnlyList<MaintenanceWindow> Windows,
    DateTimeOffset Now);

/// <summary>
/// What follows from a report: the answer, the history entry, the mails, the call task, the audit entry, the
/// webhook events and, for a new event, the acted-on mark. The registration's own change is made on it, through its state machine.
/// </summary>
public sealed record IntakeDecision(
    IntakeResponse Response,
    Report? History = null,
    IReadOnlyList<Notification>? Mails = null,
    CallTask? Call = null,
    IReadOnlyList<AuditEntry>? Audit = null,
    ActedOnEvent? NewActedOn = null,
    IReadOnlyList<WebhookEvent>? Webhooks = null);

/// <summary>
/// The centre's rules for one report, without a database: match openings (FAQ Q1-13, Q1-17), record periodic
/// reports (Q3-14), act on failures unless repeated within 60 minutes (Q2-56) or inside maintenance (Q3-5), answer
/// tests (Q2-45, Q3-9), end the service (Q3-7).
/// </summary>
public static class ReportDecision
{
    public static IntakeDecision Decide(ReportFacts facts)
    {
        if (facts.Device is not { } device)
        {
            return UnknownDevice(facts);
        }

        var registration = facts.Registration;
        return facts.Report.Type switch
        {
            IntakeType.Opening => Opening(facts, device),

            // The setup tool tests the route before opening: any registered device gets its result (Q3-9).
            IntakeType.ConnectivityTest => new(Answer(IntakeOutcome.Recorded, device), Mails: ToSender(facts, MailKind.ConnectivityResult, device.Id, details: null)),
            _ when registration is not { Status: ServiceStatus.Opened } => new(Answer(IntakeOutcome.NotOpened, device)),
            IntakeType.Periodic => Periodic(facts, device, registration),
            IntakeType.Failure or IntakeType.PseudoFailure => Event(facts, device, registration),
            IntakeType.End => End(facts, device, registration),
            _ => throw new InvalidOperationException($"Unhandled report type {facts.Report.Type}."),
        };
    }

    /// <summary>
    /// No device has this model and serial number. An opening's sender is told which fields to check, with the
    /// values sent; nothing is looked up by the key code, so the answer is the same whatever key was sent.
    /// </summary>
    private static IntakeDecision UnknownDevice(ReportFacts facts) =>
        new(
            new IntakeResponse(IntakeOutcome.UnknownDevice),
            Mails: facts.Report.Type == IntakeType.Opening
                ? ToSender(facts, MailKind.OpeningMismatch, deviceId: null, MailComposer.MismatchLines([("modelNumber", facts.Report.ModelNumber), ("serialNumber", facts.Report.SerialNumber)]))
                : []);

    /// <summary>
    /// The model and serial number chose the device; the key in force (its code, or a genuine key file of
    /// this device) is the secret that proves the sender may open it. Five wrong keys within 24 hours lock opening until a new key is issued.
    /// </summary>
    private static IntakeDecision Opening(ReportFacts facts, Device device)
    {
        var (report, _, registration, contacts, _, _, now) = facts;
        if (registration is { IsOpeningLocked: true })
        {
            return new(new IntakeResponse(IntakeOutcome.OpeningLocked), History(facts, device, ReportHandling.OpeningLocked));
        }

        // The answer names what the sender sent, whatever the device expects: it tells nobody how, or whether, the
        // device was applied for.
        var wrong = report.KeyFile is null ? "keyCode" : "keyFile";
        if (registration is null || !registration.ProvesOpeningKey(report.KeyCode, report.KeyFile, report.ModelNumber, report.SerialNumber))
        {
            // A key file's contents are not repeated: a file of another device would name that device.
            var mismatch = wrong == "keyFile"
                ? MailComposer.KeyFileMismatchLines
                : MailComposer.MismatchLines([("keyCode", report.KeyCode ?? string.Empty)]);
            var mails = ToContacts(MailKind.OpeningMismatch, contacts, device, now, mismatch).ToList();
            mails.AddRange(ToSender(facts, MailKind.OpeningMismatch, device.Id, mismatch).Where(m => !mails.Exists(c => string.Equals(c.Recipient, m.Recipient, StringComparison.OrdinalIgnoreCase))));
            var audit = new List<AuditEntry>();
            var webhooks = new List<WebhookEvent> { Told(WebhookEvents.OpeningMismatch, device, now) };

            // Only a registration holding a key can be guessed at; the others have nothing to lock.
            if (registration is { HoldsKey: true } && registration.RecordWrongKey(now).OrThrow())
            {
                mails.AddRange(ToContacts(MailKind.OpeningLocked, contacts, device, now, details: null));
                audit.Add(Audit.Entry(null, now, AuditAction.OpeningLocked, nameof(ServiceRegistration), registration.Id.ToString(), device.Id, null, new { registration.OpeningLockedAt, registration.WrongKeyCount }));
                webhooks.Add(Told(WebhookEvents.OpeningLocked, device, now));
            }

            return new(new IntakeResponse(IntakeOutcome.Mismatch, Mismatches: [wrong]), History(facts, device, ReportHandling.OpeningMismatch), mails, Audit: audit, Webhooks: webhooks);
        }

        if (!registration.IsOpeningPossible(now))
        {
            // Not a mismatch (today's system wrongly says so, FAQ Q1-17): the key has not reached us yet. The key
            // proved the sender, so the mail may name the device.
            var from = registration.OpeningPossibleFrom!.Value;
            return new(
                Answer(IntakeOutcome.TooEarly, device) with { RetryAfter = from, RetryAfterJapan = JapanTime.ToJapan(from) },
                History(facts, device, ReportHandling.OpeningTooEarly),
                [.. ToProvenSender(MailKind.OpeningTooEarly, report, device, now, MailComposer.RetryLines(from))]);
        }

        var before = new { registration.Status, device.HostName };
        (registration.Status == ServiceStatus.Opened ? registration.Reopen(now) : registration.Open(now)).OrThrow();
        device.TakeHostNameFromOpeningReport(report.HostName);
        var opened = Audit.Entry(null, now, AuditAction.OpeningReport, nameof(ServiceRegistration), registration.Id.ToString(), device.Id, before, new { registration.Status, device.HostName });
        return new(
            Answer(IntakeOutcome.Opened, device),
            History(facts, device, ReportHandling.Opened),
            [.. ToContacts(MailKind.OpeningReceived, contacts, device, now, details: null).Concat(ToProvenSender(MailKind.OpeningReceived, report, device, now, details: null)).DistinctBy(m => m.Recipient, StringComparer.OrdinalIgnoreCase)],
            Audit: [opened],
            Webhooks: [Told(WebhookEvents.OpeningSucceeded, device, now)]);
    }

    private static IntakeDecision Periodic(ReportFacts facts, Device device, ServiceRegistration registration)
    {
        var wasOverdue = registration.PeriodicOverdueSince;
        registration.RecordPeriodicReport(facts.Now).OrThrow();
        IReadOnlyList<AuditEntry> audit = wasOverdue is null
            ? []
            : [Audit.Entry(null, facts.Now, AuditAction.PeriodicReportResumed, nameof(ServiceRegistration), registration.Id.ToString(), device.Id, new { PeriodicOverdueSince = wasOverdue }, new { PeriodicOverdueSince = (DateOnly?)null })];
        return new(Answer(IntakeOutcome.Recorded, device), History(facts, device, ReportHandling.Recorded), Audit: audit);
    }

    private static IntakeDecision Event(ReportFacts facts, Device device, ServiceRegistration registration)
    {
        var (report, _, _, contacts, lastActedOn, windows, now) = facts;
        var e = report.Event!;
        var type = report.Type == IntakeType.Failure ? ReportType.Failure : ReportType.PseudoFailure;

        // The 60-minute window starts at the last report of this event that was acted on: not one itself
        // suppressed, and not one recorded during maintenance (nobody was told of it).
        if (lastActedOn?.Suppresses(now) == true)
        {
            return new(Answer(IntakeOutcome.Suppressed, device), History(facts, device, ReportHandling.SuppressedRepeat));
        }

        // Maintenance windows (定期メンテナンス): failures are recorded, not acted on (FAQ Q3-5). A test is a test.
        if (type == ReportType.Failure && windows.FirstOrDefault(w => w.Covers(now)) is { } window)
        {
            return new(
                Answer(IntakeOutcome.Recorded, device),
                History(facts, device, ReportHandling.NotActedOnMaintenance),
                Webhooks: [Told(WebhookEvents.FailureSuppressedByMaintenance, device, now) with { Failure = WebhookFailure.Of(e, report.OccurredAt), Maintenance = new WebhookWindow(window.Id, window.StartsAt, window.EndsAt, window.Reason) }]);
        }

        // Recording the alert changes the registration's version, so two instances acting on one event at once
        // cannot both commit: the second is judged again, and suppressed.
        registration.RecordAlert(now).OrThrow();
        ActedOnEvent? newActedOn = null;
        if (lastActedOn is null)
        {
            newActedOn = new ActedOnEvent(device.Id, type, e.Code, now);
        }
        else
        {
            lastActedOn.ActedOnAgain(now);
        }

        var details = MailComposer.EventLines(e, report.OccurredAt);
        if (type == ReportType.PseudoFailure)
        {
            return new(Answer(IntakeOutcome.Recorded, device), History(facts, device, ReportHandling.Recorded), ToSender(facts, MailKind.PseudoFailureResult, device.Id, details), NewActedOn: newActedOn);
        }

        var history = History(facts, device, ReportHandling.ContactsNotified);
        return new(
            Answer(IntakeOutcome.Recorded, device),
            history,
            [.. ToContacts(MailKind.FailureDetected, contacts, device, now, details)],
            new CallTask(Guid.NewGuid(), device.Id, history, e.Severity, now),
            NewActedOn: newActedOn,
            Webhooks: [Told(WebhookEvents.FailureRecorded, device, now) with { Failure = WebhookFailure.Of(e, report.OccurredAt) }]);
    }

    /// <summary>The agent's end report ends the service, whether or not its end was asked in the portal (FAQ Q3-7).</summary>
    private static IntakeDecision End(ReportFacts facts, Device device, ServiceRegistration registration)
    {
        var before = new { registration.Status, registration.EndRequestedAt };
        registration.End(null, facts.Now).OrThrow();
        var audit = Audit.Entry(null, facts.Now, AuditAction.EndReport, nameof(ServiceRegistration), registration.Id.ToString(), device.Id, before, new { registration.Status, registration.EndRequestedAt });
        return new(
            Answer(IntakeOutcome.Recorded, device),
            History(facts, device, ReportHandling.Recorded),
            [.. ToContacts(MailKind.ServiceEnded, facts.Contacts, device, facts.Now, details: null)],
            Audit: [audit]);
    }

    private static Report History(ReportFacts facts, Device device, ReportHandling handling)
    {
        var report = facts.Report;
        var type = report.Type switch
        {
            IntakeType.Opening => ReportType.Opening,
            IntakeType.Periodic => ReportType.Periodic,
            IntakeType.Failure => ReportType.Failure,
            IntakeType.PseudoFailure => ReportType.PseudoFailure,
            IntakeType.End => ReportType.End,
            _ => throw new InvalidOperationException($"{report.Type} is not kept in the report history."),
        };
        return new Report(device.Id, report.ReportId, type, report.OccurredAt, facts.Now, report.HostName ?? device.HostName, report.Means, report.Route, report.Event, handling);
    }

    private static WebhookEvent Told(WebhookEvents type, Device device, DateTimeOffset now) => new(type, device.SupportAccountId, WebhookDevice.Of(device), now);

    private static IntakeResponse Answer(string outcome, Device device) => new(outcome, device.DeviceManagementNumber);

    /// <summary>One mail per contact, each in their language.</summary>
    private static IEnumerable<Notification> ToContacts(MailKind kind, IReadOnlyList<MailRecipient> contacts, Device device, DateTimeOffset now, Func<Func<string, string>, IEnumerable<string>>? details) =>
        contacts.DistinctBy(c => c.Email, StringComparer.OrdinalIgnoreCase).Select(to => MailComposer.Compose(kind, to, device, now, details));

    /// <summary>The sender's replyTo, for a report that proved it may speak for the device (its key matched).</summary>
    private static IEnumerable<Notification> ToProvenSender(MailKind kind, IntakeReport report, Device device, DateTimeOffset now, Func<Func<string, string>, IEnumerable<string>>? details) =>
        report.ReplyTo is { } replyTo ? [MailComposer.Compose(kind, new MailRecipient(replyTo, null, SupportedCultures.Default), device, now, details)] : [];

    /// <summary>The sender's replyTo, for a report that proved nothing: only what was sent is repeated.</summary>
    private static IReadOnlyList<Notification> ToSender(ReportFacts facts, MailKind kind, Guid? deviceId, Func<Func<string, string>, IEnumerable<string>>? details) =>
        facts.Report.ReplyTo is { } replyTo
            ? [MailComposer.ComposeToSender(kind, replyTo, new SentValues(facts.Report.ModelNumber, facts.Report.SerialNumber, facts.Report.HostName), deviceId, facts.Now, details)]
            : [];
}
