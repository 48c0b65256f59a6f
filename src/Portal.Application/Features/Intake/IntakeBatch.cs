using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Features.Notifications;

namespace Portal.Application.Features.Intake;

/// <summary>
/// What the rules ask of the database for a batch of reports, read in a handful of set queries instead of
/// several per report, and kept current as the batch is applied (a report sees the receipts, alerts and
/// registration changes of the reports before it in the same batch).
/// </summary>
internal sealed class IntakeBatch
{
    private readonly IPortalDbContext _db;
    private readonly Dictionary<(string Sender, string ReportId), IntakeReceipt> _receipts;
    private readonly Dictionary<(string Serial, string Model), Device> _devices;
    private readonly Dictionary<Guid, ServiceRegistration> _registrations;
    private readonly HashSet<(Guid DeviceId, ReportType Type, string Code)> _actedOn;
    private readonly HashSet<Guid> _inMaintenance;
    private readonly Dictionary<Guid, string> _cultures;

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

    private IntakeBatch(
        IPortalDbContext db,
        Dictionary<(string, string), IntakeReceipt> receipts,
        Dictionary<(string, string), Device> devices,
        Dictionary<Guid, ServiceRegistration> registrations,
        HashSet<(Guid, ReportType, string)> actedOn,
        HashSet<Guid> inMaintenance,
        Dictionary<Guid, string> cultures)
    {
        _db = db;
        _receipts = receipts;
        _devices = devices;
        _registrations = registrations;
        _actedOn = actedOn;
        _inMaintenance = inMaintenance;
        _cultures = cultures;
    }

    public static async Task<IntakeBatch> LoadAsync(IPortalDbContext db, IReadOnlyList<IntakeItem> items, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Both columns of the unique (sender, report id) index, so the lookup is a seek per pair.
        var senders = items.Select(i => i.SenderKey).Distinct().ToList();
        var reportIds = items.Select(i => i.Report.ReportId).Distinct().ToList();
        var receipts = (await db.IntakeReceipts.AsNoTracking().Where(r => senders.Contains(r.SenderKey) && reportIds.Contains(r.ReportId)).ToListAsync(cancellationToken))
            .ToDictionary(r => (r.SenderKey, r.ReportId), ReceiptKey.Comparer);

        var serials = items.Select(i => i.Report.SerialNumber).Distinct().ToList();
        var devices = (await db.Devices.Where(d => serials.Contains(d.SerialNumber)).ToListAsync(cancellationToken))
            .ToDictionary(d => (d.SerialNumber, d.ModelNumber));

        var deviceIds = devices.Values.Select(d => d.Id).ToList();
        var registrations = await db.Registrations.Include(r => r.Contacts).Where(r => deviceIds.Contains(r.DeviceId)).ToDictionaryAsync(r => r.DeviceId, cancellationToken);

        // Only events need the suppression window, maintenance windows and the contacts' languages.
        var eventDeviceIds = items
            .Where(i => i.Report.Type is IntakeType.Failure or IntakeType.PseudoFailure)
            .Select(i => devices.GetValueOrDefault((i.Report.SerialNumber, i.Report.ModelNumber))?.Id)
            .OfType<Guid>()
            .Distinct()
            .ToList();
        HashSet<(Guid, ReportType, string)> actedOn = [];
        HashSet<Guid> inMaintenance = [];
        Dictionary<Guid, string> cultures = [];
        if (eventDeviceIds.Count > 0)
        {
            var since = now - ReceiveReportHandler.SuppressionWindow;
            var recent = await db.Reports.AsNoTracking()
                .Where(r => eventDeviceIds.Contains(r.DeviceId) && r.ReceivedAt > since && r.Event != null
                    && ((r.Type == ReportType.Failure && r.Handling == ReportHandling.ContactsNotified) || (r.Type == ReportType.PseudoFailure && r.Handling == ReportHandling.Recorded)))
                .Select(r => new { r.DeviceId, r.Type, r.Event!.Code })
                .ToListAsync(cancellationToken);
            actedOn = [.. recent.Select(r => (r.DeviceId, r.Type, r.Code))];
            inMaintenance = [.. await db.MaintenanceWindows.AsNoTracking()
                .Where(w => eventDeviceIds.Contains(w.DeviceId) && w.CancelledAt == null && w.StartsAt <= now && w.EndsAt > now)
                .Select(w => w.DeviceId)
                .ToListAsync(cancellationToken)];
            cultures = await ContactRecipients.CulturesAsync(db, eventDeviceIds.Select(registrations.GetValueOrDefault).OfType<ServiceRegistration>(), cancellationToken);
        }

        return new IntakeBatch(db, receipts, devices, registrations, actedOn, inMaintenance, cultures);
    }

    public IntakeReceipt? Receipt(string senderKey, string reportId) => _receipts.GetValueOrDefault((senderKey, reportId));

    /// <summary>Stores the receipt and answers later copies of the same report in this batch as duplicates.</summary>
    public void Remember(IntakeReceipt receipt)
    {
        _db.IntakeReceipts.Add(receipt);
        _receipts[(receipt.SenderKey, receipt.ReportId)] = receipt;
    }

    public Device? Device(string serialNumber, string modelNumber) => _devices.GetValueOrDefault((serialNumber, modelNumber));

    public ServiceRegistration? Registration(Guid deviceId) => _registrations.GetValueOrDefault(deviceId);

    public bool ActedOnWithin(Guid deviceId, ReportType type, string code) => _actedOn.Contains((deviceId, type, code));

    public void ActedOn(Guid deviceId, ReportType type, string code) => _actedOn.Add((deviceId, type, code));

    public bool InMaintenance(Guid deviceId) => _inMaintenance.Contains(deviceId);

    public IReadOnlyList<MailRecipient> Recipients(ServiceRegistration registration) => ContactRecipients.For(registration, _cultures);
}
