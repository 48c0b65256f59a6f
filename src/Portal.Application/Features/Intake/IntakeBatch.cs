using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Maintenance;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Features.Notifications;

namespace Portal.Application.Features.Intake;

/// <summary>
/// The facts the rules need for a batch of reports, read in a handful of set queries by key instead of several
/// per report, and kept current as the batch is applied: a report sees the receipts, acted-on events and
/// registration changes of the reports before it in the same batch.
/// </summary>
internal sealed class IntakeBatch
{
    private readonly IPortalDbContext _db;
    private readonly Dictionary<(string Sender, string ReportId), IntakeReceipt> _receipts;
    private readonly Dictionary<(string Serial, string Model), Device> _devices;
    private readonly Dictionary<Guid, ServiceRegistration> _registrations;
    private readonly Dictionary<(Guid DeviceId, ReportType Type, string Code), ActedOnEvent> _actedOn;
    private readonly ILookup<Guid, MaintenanceWindow> _windows;
    private readonly Dictionary<Guid, string> _cultures;

    private IntakeBatch(
        IPortalDbContext db,
        Dictionary<(string, string), IntakeReceipt> receipts,
        Dictionary<(string, string), Device> devices,
        Dictionary<Guid, ServiceRegistration> registrations,
        Dictionary<(Guid, ReportType, string), ActedOnEvent> actedOn,
        ILookup<Guid, MaintenanceWindow> windows,
        Dictionary<Guid, string> cultures)
    {
        _db = db;
        _receipts = receipts;
        _devices = devices;
        _registrations = registrations;
        _actedOn = actedOn;
        _windows = windows;
        _cultures = cultures;
    }

    public static async Task<IntakeBatch> LoadAsync(IPortalDbContext db, IReadOnlyList<IntakeItem> items, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Both columns of the unique (sender, report id) index, so the lookup is a seek per pair.
        var senders = items.Select(i => i.SenderKey).Distinct().ToList();
        var reportIds = items.Select(i => i.Report.ReportId).Distinct().ToList();
        var receipts = (await db.IntakeReceipts.AsNoTracking().Where(r => senders.Contains(r.SenderKey) && reportIds.Contains(r.ReportId)).ToListAsync(cancellationToken))
            .ToDictionary(r => (r.SenderKey, r.ReportId), ReceiptKey.Comparer);

        // The device is the one with exactly this model and serial number; nothing else identifies it.
        var serials = items.Select(i => i.Report.SerialNumber).Distinct().ToList();
        var devices = (await db.Devices.Where(d => serials.Contains(d.SerialNumber)).ToListAsync(cancellationToken))
            .ToDictionary(d => (d.SerialNumber, d.ModelNumber));

        var deviceIds = devices.Values.Select(d => d.Id).ToList();
        var registrations = await db.Registrations.Include(r => r.Contacts).Where(r => deviceIds.Contains(r.DeviceId)).ToDictionaryAsync(r => r.DeviceId, cancellationToken);

        // Only events need the acted-on marks and maintenance windows; events, openings and ends mail the contacts.
        List<Guid> DevicesOf(Func<IntakeType, bool> type) => [.. items
            .Where(i => type(i.Report.Type))
            .Select(i => devices.GetValueOrDefault((i.Report.SerialNumber, i.Report.ModelNumber))?.Id)
            .OfType<Guid>()
            .Distinct()];
        var eventDeviceIds = DevicesOf(t => t is IntakeType.Failure or IntakeType.PseudoFailure);
        var mailedDeviceIds = DevicesOf(t => t is IntakeType.Failure or IntakeType.Opening or IntakeType.End);
        Dictionary<(Guid, ReportType, string), ActedOnEvent> actedOn = [];
        ILookup<Guid, MaintenanceWindow> windows = Array.Empty<MaintenanceWindow>().ToLookup(w => w.DeviceId);
        if (eventDeviceIds.Count > 0)
        {
            var codes = items.Select(i => i.Report.Event?.Code).OfType<string>().Distinct().ToList();
            actedOn = await db.ActedOnEvents.Where(a => eventDeviceIds.Contains(a.DeviceId) && codes.Contains(a.Code))
                .ToDictionaryAsync(a => (a.DeviceId, a.Type, a.Code), cancellationToken);
            windows = (await db.MaintenanceWindows.AsNoTracking()
                .Where(w => eventDeviceIds.Contains(w.DeviceId))
                .Where(MaintenanceWindow.Covering.For(now))
                .ToListAsync(cancellationToken)).ToLookup(w => w.DeviceId);
        }

        var cultures = mailedDeviceIds.Count == 0
            ? []
            : await ContactRecipients.CulturesAsync(db, mailedDeviceIds.Select(registrations.GetValueOrDefault).OfType<ServiceRegistration>(), cancellationToken);
        return new IntakeBatch(db, receipts, devices, registrations, actedOn, windows, cultures);
    }

    public IntakeReceipt? Receipt(string senderKey, string reportId) => _receipts.GetValueOrDefault((senderKey, reportId));

    public ReportFacts Facts(IntakeReport report, DateTimeOffset now)
    {
        var device = _devices.GetValueOrDefault((report.SerialNumber, report.ModelNumber));
        var registration = device is null ? null : _registrations.GetValueOrDefault(device.Id);
        var type = report.Type == IntakeType.PseudoFailure ? ReportType.PseudoFailure : ReportType.Failure;
        return new ReportFacts(
            report,
            device,
            registration,
            registration is null ? [] : ContactRecipients.For(registration, _cultures),
            device is null || report.Event is null ? null : _actedOn.GetValueOrDefault((device.Id, type, report.Event.Code)),
            device is null ? [] : [.. _windows[device.Id]],
            now);
    }

    /// <summary>Adds what the decision says follows, and the receipt that answers later copies as duplicates.</summary>
    public void Store(IntakeDecision decision, IntakeReceipt receipt)
    {
        if (decision.History is { } history)
        {
            _db.Reports.Add(history);
        }

        _db.Notifications.AddRange(decision.Mails ?? []);
        if (decision.Call is { } call)
        {
            _db.CallTasks.Add(call);
        }

        _db.AuditEntries.AddRange(decision.Audit ?? []);
        if (decision.NewActedOn is { } actedOn)
        {
            _db.ActedOnEvents.Add(actedOn);
            _actedOn[(actedOn.DeviceId, actedOn.Type, actedOn.Code)] = actedOn;
        }

        _db.IntakeReceipts.Add(receipt);
        _receipts[(receipt.SenderKey, receipt.ReportId)] = receipt;
    }

    /// <summary>
    /// Report ids compared as the database's unique index compares them where that ignores case (SQL Server's
    /// default collation): a receipt the query found under another case must answer as a duplicate, not collide.
    /// </summary>
    private static class ReceiptKey
    {
        public static readonly IEqualityComparer<(string, string)> Comparer = new IgnoreCase();

        private sealed class IgnoreCase : IEqualityComparer<(string, string)>
        {
            public bool Equals((string, string) x, (string, string) y) =>
                string.Equals(x.Item1, y.Item1, StringComparison.OrdinalIgnoreCase) && string.Equals(x.Item2, y.Item2, StringComparison.OrdinalIgnoreCase);

            public int GetHashCode((string, string) key) =>
                HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(key.Item1), StringComparer.OrdinalIgnoreCase.GetHashCode(key.Item2));
        }
    }
}
