using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Calls;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Features.Notifications;
using Portal.Application.Features.Reports;

namespace Portal.Application.Features.Intake;

/// <summary>
/// The centre's rules for one incoming report: match openings (FAQ Q1-17), record periodic reports
/// (Q3-14), act on failures unless repeated within 60 minutes (Q2-56) or inside maintenance (Q3-5), mail
/// test results (Q2-45, Q3-9), end the service (Q3-7). The answer is given only after the report, its
/// receipt and its e-mails (outbox) are committed together.
/// </summary>
public sealed class ReceiveReportHandler(IPortalDbContextFactory dbFactory, TimeProvider clock, ReportFeed? feed = null)
{
    public static readonly TimeSpan SuppressionWindow = TimeSpan.FromMinutes(60);

    private const int MaxAttempts = 5;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IntakeResponse> HandleAsync(string senderKey, IntakeReport report, CancellationToken cancellationToken = default) =>
        (await HandleBatchAsync([new IntakeItem(senderKey, report)], cancellationToken))[0];

    /// <summary>
    /// Group commit: the reports are applied one after another in one transaction, each seeing the ones before
    /// it, and committed once. The disk flush of a commit is what limits intake; sharing it between every report
    /// that arrived meanwhile is what lets thousands a second through (see <see cref="IntakeQueue"/>). All or
    /// nothing: when the batch cannot be stored the caller tries its reports one by one.
    /// </summary>
    public async Task<IReadOnlyList<IntakeResponse>> HandleBatchAsync(IReadOnlyList<IntakeItem> items, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = dbFactory.Create();
            (IntakeResponse[] Responses, HashSet<Guid> Stored) committed;
            try
            {
                // SQL Server retries transient failures, which it only allows around a whole transaction: each
                // try starts from nothing. A commit whose outcome was lost is safe to repeat: the receipts it
                // stored answer the repeat as duplicates.
                committed = await db.Database.CreateExecutionStrategy().ExecuteAsync(ct => ApplyAndCommitAsync(db, items, ct), cancellationToken);
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                // Either the same report won a race in another instance (its receipt is there: answered as it
                // was answered), or another writer changed a device meanwhile (version check): apply the rules
                // again on what is committed now.
                continue;
            }

            foreach (var device in committed.Stored)
            {
                Publish(device);
            }

            return committed.Responses;
        }
    }

    private async Task<(IntakeResponse[] Responses, HashSet<Guid> Stored)> ApplyAndCommitAsync(IPortalDbContext db, IReadOnlyList<IntakeItem> items, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();

        // Hundreds of tracked rows: scanning them all for changes on every Add and Local read made a batch
        // quadratic. Changes are detected once, before each save.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var responses = new IntakeResponse[items.Count];
        var stored = new HashSet<Guid>();

        // One clock reading for the batch: its reports are committed, and so received, together.
        var now = clock.GetUtcNow();
        var batch = await IntakeBatch.LoadAsync(db, items, now, cancellationToken);
        for (var i = 0; i < items.Count; i++)
        {
            var (senderKey, report) = items[i];
            if (batch.Receipt(senderKey, report.ReportId) is { } seen)
            {
                responses[i] = Duplicate(seen);
                continue;
            }

            var reports = db.Reports.Local.Count;
            var (response, deviceId) = await ApplyAsync(db, batch, report, now, cancellationToken);
            batch.Remember(new IntakeReceipt(senderKey, report.ReportId, now, response.Outcome, JsonSerializer.Serialize(response, Json), deviceId));
            if (deviceId is { } device && db.Reports.Local.Count > reports)
            {
                stored.Add(device);
            }

            responses[i] = response;
        }

        await db.SaveChangesInBulkAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (responses, stored);
    }

    /// <summary>The reports are stored and answered whatever an open history page does with the news.</summary>
    private void Publish(Guid deviceId)
    {
        try
        {
            feed?.Publish(deviceId);
        }
        catch (Exception)
        {
            // A page's live update failing must not turn a committed report into an error for its sender.
        }
    }

    private static IntakeResponse Duplicate(IntakeReceipt receipt) =>
        JsonSerializer.Deserialize<IntakeResponse>(receipt.Response, Json)! with { Outcome = IntakeOutcome.Duplicate, FirstOutcome = receipt.Outcome };

    private async Task<(IntakeResponse Response, Guid? DeviceId)> ApplyAsync(IPortalDbContext db, IntakeBatch batch, IntakeReport report, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (report.Type == IntakeType.Opening)
        {
            // Rare and matched by several keys: asked of the database, with this batch's earlier changes written first.
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(cancellationToken);
            return await OpeningAsync(db, report, now, cancellationToken);
        }

        if (batch.Device(report.SerialNumber, report.ModelNumber) is not { } device)
        {
            return (new IntakeResponse(IntakeOutcome.UnknownDevice), null);
        }

        var registration = batch.Registration(device.Id);
        if (report.Type == IntakeType.ConnectivityTest)
        {
            // The setup tool tests the route before opening: any registered device gets its result (Q3-9).
            MailReplyTo(db, MailKind.ConnectivityResult, report, device, now, details: null);
            return (Answer(IntakeOutcome.Recorded, device), device.Id);
        }

        if (registration?.Status != ServiceStatus.Opened)
        {
            return (Answer(IntakeOutcome.NotOpened, device), device.Id);
        }

        var response = report.Type switch
        {
            IntakeType.Periodic => Periodic(db, report, device, registration, now),
            IntakeType.Failure or IntakeType.PseudoFailure => Event(db, batch, report, device, registration, now),
            IntakeType.End => End(db, report, device, registration, now),
            _ => throw new InvalidOperationException($"Unhandled report type {report.Type}."),
        };
        return (response, device.Id);
    }

    private async Task<(IntakeResponse, Guid?)> OpeningAsync(IPortalDbContext db, IntakeReport report, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var keyCode = report.KeyCode ?? string.Empty;

        // The device the sender means: the one with this serial and model when its key matches; else the
        // accepted registration holding this key; else the device with this serial (to name what differs).
        var exact = await db.Devices.SingleOrDefaultAsync(d => d.SerialNumber == report.SerialNumber && d.ModelNumber == report.ModelNumber, cancellationToken);
        var exactRegistration = exact is null ? null : await RegistrationAsync(db, exact.Id, cancellationToken);
        Device? device;
        ServiceRegistration? registration;
        if (exact is not null && exactRegistration?.KeyCode == keyCode)
        {
            (device, registration) = (exact, exactRegistration);
        }
        else if (await db.Registrations.Include(r => r.Contacts).SingleOrDefaultAsync(r => r.Status == ServiceStatus.Accepted && r.KeyCode == keyCode, cancellationToken) is { } byKey)
        {
            (device, registration) = (await db.Devices.SingleAsync(d => d.Id == byKey.DeviceId, cancellationToken), byKey);
        }
        else
        {
            device = exact ?? await db.Devices.FirstOrDefaultAsync(d => d.SerialNumber == report.SerialNumber, cancellationToken);
            registration = device is null ? null : exactRegistration ?? await RegistrationAsync(db, device.Id, cancellationToken);
        }

        if (device is null)
        {
            return (new IntakeResponse(IntakeOutcome.UnknownDevice), null);
        }

        var mismatches = new List<(string Field, string Sent)>();
        if (device.ModelNumber != report.ModelNumber)
        {
            mismatches.Add(("modelNumber", report.ModelNumber));
        }

        if (device.SerialNumber != report.SerialNumber)
        {
            mismatches.Add(("serialNumber", report.SerialNumber));
        }

        if (registration is not { Status: ServiceStatus.Accepted or ServiceStatus.Opened } || registration.KeyCode != keyCode)
        {
            mismatches.Add(("keyCode", keyCode));
        }

        if (mismatches.Count > 0)
        {
            Record(db, report, device, now, ReportHandling.OpeningMismatch);
            await MailAsync(db, MailKind.OpeningMismatch, report, device, registration, now, MailComposer.MismatchLines(mismatches));
            return (Answer(IntakeOutcome.Mismatch, device) with { Mismatches = [.. mismatches.Select(m => m.Field)] }, device.Id);
        }

        if (!registration!.IsOpeningPossible(now))
        {
            // Not a mismatch (today's system wrongly says so, FAQ Q1-17): the key has not reached us yet.
            Record(db, report, device, now, ReportHandling.OpeningTooEarly);
            return (Answer(IntakeOutcome.TooEarly, device) with { RetryAfter = registration.OpeningPossibleFrom }, device.Id);
        }

        var before = new { registration.Status, device.HostName };
        var opened = registration.Status == ServiceStatus.Opened ? registration.Reopen(now) : registration.Open(now);
        if (!opened.IsOk)
        {
            throw new InvalidOperationException($"Opening an eligible registration failed: {opened.Errors[0].Code}");
        }

        device.TakeHostNameFromOpeningReport(report.HostName);
        db.Record(null, now, "OpeningReport", nameof(ServiceRegistration), registration.Id.ToString(), device.Id, before, new { registration.Status, device.HostName });
        Record(db, report, device, now, ReportHandling.Opened);
        await MailAsync(db, MailKind.OpeningReceived, report, device, registration, now, details: null);
        return (Answer(IntakeOutcome.Opened, device), device.Id);
    }

    private static IntakeResponse Periodic(IPortalDbContext db, IntakeReport report, Device device, ServiceRegistration registration, DateTimeOffset now)
    {
        var wasOverdue = registration.PeriodicOverdueSince;
        registration.RecordPeriodicReport(now);
        if (wasOverdue is not null)
        {
            db.Record(null, now, "PeriodicReportResumed", nameof(ServiceRegistration), registration.Id.ToString(), device.Id, new { PeriodicOverdueSince = wasOverdue }, new { PeriodicOverdueSince = (DateOnly?)null });
        }

        Record(db, report, device, now, ReportHandling.Recorded);
        return Answer(IntakeOutcome.Recorded, device);
    }

    private static IntakeResponse Event(IPortalDbContext db, IntakeBatch batch, IntakeReport report, Device device, ServiceRegistration registration, DateTimeOffset now)
    {
        var e = report.Event!;
        var type = report.Type == IntakeType.Failure ? ReportType.Failure : ReportType.PseudoFailure;

        // The 60-minute window starts at the last report of this event that was acted on: not one itself
        // suppressed, and not one recorded during maintenance (nobody was told of it).
        if (batch.ActedOnWithin(device.Id, type, e.Code))
        {
            Record(db, report, device, now, ReportHandling.SuppressedRepeat);
            return Answer(IntakeOutcome.Suppressed, device);
        }

        if (type == ReportType.PseudoFailure)
        {
            registration.RecordAlert(now);
            batch.ActedOn(device.Id, type, e.Code);
            Record(db, report, device, now, ReportHandling.Recorded);
            MailReplyTo(db, MailKind.PseudoFailureResult, report, device, now, MailComposer.EventLines(e, report.OccurredAt));
            return Answer(IntakeOutcome.Recorded, device);
        }

        // Maintenance windows (定期メンテナンス): recorded, not acted on (FAQ Q3-5).
        if (batch.InMaintenance(device.Id))
        {
            Record(db, report, device, now, ReportHandling.NotActedOnMaintenance);
            return Answer(IntakeOutcome.Recorded, device);
        }

        registration.RecordAlert(now);
        batch.ActedOn(device.Id, type, e.Code);
        var stored = Record(db, report, device, now, ReportHandling.ContactsNotified);
        db.CallTasks.Add(new CallTask(Guid.NewGuid(), device.Id, stored, e.Severity, now));
        Mail(db, MailKind.FailureDetected, report, device, batch.Recipients(registration), now, MailComposer.EventLines(e, report.OccurredAt), toReplyTo: false);
        return Answer(IntakeOutcome.Recorded, device);
    }

    private static IntakeResponse End(IPortalDbContext db, IntakeReport report, Device device, ServiceRegistration registration, DateTimeOffset now)
    {
        registration.End(null, now);
        db.Record(null, now, "EndReport", nameof(ServiceRegistration), registration.Id.ToString(), device.Id, new { Status = ServiceStatus.Opened }, new { registration.Status });
        Record(db, report, device, now, ReportHandling.Recorded);
        return Answer(IntakeOutcome.Recorded, device);
    }

    private static Report Record(IPortalDbContext db, IntakeReport report, Device device, DateTimeOffset now, ReportHandling handling)
    {
        var type = report.Type switch
        {
            IntakeType.Opening => ReportType.Opening,
            IntakeType.Periodic => ReportType.Periodic,
            IntakeType.Failure => ReportType.Failure,
            IntakeType.PseudoFailure => ReportType.PseudoFailure,
            IntakeType.End => ReportType.End,
            _ => throw new InvalidOperationException($"{report.Type} is not kept in the report history."),
        };
        var stored = new Report(device.Id, report.ReportId, type, report.OccurredAt, now, report.HostName ?? device.HostName, report.Means, report.Route, report.Event, handling);
        db.Reports.Add(stored);
        return stored;
    }

    private static IntakeResponse Answer(string outcome, Device device) => new(outcome, device.DeviceManagementNumber);

    private static Task<ServiceRegistration?> RegistrationAsync(IPortalDbContext db, Guid deviceId, CancellationToken cancellationToken) =>
        db.Registrations.Include(r => r.Contacts).SingleOrDefaultAsync(r => r.DeviceId == deviceId, cancellationToken);

    private static void MailReplyTo(IPortalDbContext db, MailKind kind, IntakeReport report, Device device, DateTimeOffset now, Func<Func<string, string>, IEnumerable<string>>? details) =>
        Mail(db, kind, report, device, [], now, details);

    private static async Task MailAsync(
        IPortalDbContext db,
        MailKind kind,
        IntakeReport report,
        Device device,
        ServiceRegistration? registration,
        DateTimeOffset now,
        Func<Func<string, string>, IEnumerable<string>>? details) =>
        Mail(db, kind, report, device, registration is null ? [] : await ContactRecipients.ForAsync(db, registration, CancellationToken.None), now, details);

    /// <summary>One e-mail per address: the given contacts (each in their language) and, where asked, the sender's replyTo.</summary>
    private static void Mail(
        IPortalDbContext db,
        MailKind kind,
        IntakeReport report,
        Device device,
        IReadOnlyList<MailRecipient> contacts,
        DateTimeOffset now,
        Func<Func<string, string>, IEnumerable<string>>? details,
        bool toReplyTo = true)
    {
        var recipients = new List<MailRecipient>(contacts);
        if (toReplyTo && !string.IsNullOrWhiteSpace(report.ReplyTo))
        {
            recipients.Add(new MailRecipient(report.ReplyTo, null, SupportedCultures.Default));
        }

        foreach (var to in recipients.DistinctBy(r => r.Email, StringComparer.OrdinalIgnoreCase))
        {
            db.Notifications.Add(MailComposer.Compose(kind, to, device, now, details));
        }
    }
}
