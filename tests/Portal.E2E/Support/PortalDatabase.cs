using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Portal.E2E.Support;

/// <summary>A demo device as the gateways and the pages name it.</summary>
public sealed record DemoDevice(string Id, string Model, string Serial, string Number);

/// <summary>
/// What the tests read from the portal's SQLite database, and the few facts they plant or move there (time passing,
/// an address saved before the portal checked it). Every statement against the schema is in this file, so a change
/// of the schema is one edit here. Instants are stored as UTC ticks, as the SQLite provider stores them.
/// </summary>
public sealed class PortalDatabase(string path)
{
    // Devices

    public async Task<DemoDevice> DeviceAsync(string hostName) => new(
        await ScalarAsync<string>("SELECT Id FROM Devices WHERE HostName = $h", ("$h", hostName)),
        await ScalarAsync<string>("SELECT ModelNumber FROM Devices WHERE HostName = $h", ("$h", hostName)),
        await ScalarAsync<string>("SELECT SerialNumber FROM Devices WHERE HostName = $h", ("$h", hostName)),
        await ScalarAsync<string>("SELECT DeviceManagementNumber FROM Devices WHERE HostName = $h", ("$h", hostName)));

    public Task<string> DeviceIdAsync(string hostName) =>
        ScalarAsync<string>("SELECT Id FROM Devices WHERE HostName = $h", ("$h", hostName));

    public Task<long> DevicesOfAsync(params string[] supportIds) =>
        ScalarAsync<long>(
            "SELECT COUNT(*) FROM Devices d JOIN SupportAccounts a ON a.Id = d.SupportAccountId WHERE a.SupportId IN (SELECT value FROM json_each($ids))",
            ("$ids", JsonSerializer.Serialize(supportIds)));

    /// <summary>The opened device of the support ID whose periodic report is expected soonest.</summary>
    public Task<string> OpenedDeviceDueFirstAsync(string supportId) =>
        ScalarAsync<string>(
            "SELECT d.HostName FROM Devices d JOIN Registrations r ON r.DeviceId = d.Id JOIN SupportAccounts a ON a.Id = d.SupportAccountId WHERE r.Status = 3 AND a.SupportId = $s ORDER BY r.NextPeriodicDueOn, d.HostName LIMIT 1",
            ("$s", supportId));

    public async Task<DateOnly> NextPeriodicDueOnAsync(string hostName) => DateOnly.ParseExact(
        await ScalarAsync<string>("SELECT r.NextPeriodicDueOn FROM Registrations r JOIN Devices d ON d.Id = r.DeviceId WHERE d.HostName = $h", ("$h", hostName)),
        "yyyy-MM-dd",
        CultureInfo.InvariantCulture);

    // Registrations

    public Task<string> KeyCodeAsync(string hostName) =>
        ScalarAsync<string>("SELECT KeyCode FROM Registrations WHERE DeviceId = (SELECT Id FROM Devices WHERE HostName = $h)", ("$h", hostName));

    /// <summary>Moves the key's issue time back by <paramref name="by"/>, as if that time had passed.</summary>
    public Task<long> MoveKeyIssuedBackAsync(string hostName, TimeSpan by) =>
        ScalarAsync<long>(
            "UPDATE Registrations SET KeyIssuedAt = KeyIssuedAt - $d WHERE DeviceId = (SELECT Id FROM Devices WHERE HostName = $h) RETURNING KeyIssuedAt",
            ("$d", by.Ticks), ("$h", hostName));

    /// <summary>Sets when the device's key was issued, and returns the key.</summary>
    public Task<string> SetKeyIssuedAtAsync(string hostName, DateTimeOffset issued) =>
        ScalarAsync<string>(
            "UPDATE Registrations SET KeyIssuedAt = $t WHERE DeviceId = (SELECT Id FROM Devices WHERE HostName = $h) RETURNING KeyCode",
            ("$t", issued.UtcTicks), ("$h", hostName));

    public Task<string> ContactEmailAsync(string deviceId, int priority) =>
        ScalarAsync<string>(
            "SELECT c.Email FROM RegistrationContacts c JOIN Registrations r ON r.Id = c.RegistrationId WHERE r.DeviceId = $d AND c.Priority = $p",
            ("$d", deviceId), ("$p", priority));

    /// <summary>Changes the address of the registration's copy of a contact, as if it had been saved so.</summary>
    public Task<long> SetContactEmailAsync(string deviceId, int priority, string email) =>
        ScalarAsync<long>(
            "UPDATE RegistrationContacts SET Email = $e WHERE Priority = $p AND RegistrationId = (SELECT Id FROM Registrations WHERE DeviceId = $d) RETURNING 1",
            ("$e", email), ("$p", priority), ("$d", deviceId));

    public Task<long> ContactsOfUserAsync(string deviceId, string userId) =>
        ScalarAsync<long>(
            "SELECT COUNT(*) FROM RegistrationContacts c JOIN Registrations r ON r.Id = c.RegistrationId WHERE r.DeviceId = $d AND c.UserId = $u",
            ("$d", deviceId), ("$u", userId));

    // People

    public Task<string> UserIdAsync(string email) =>
        ScalarAsync<string>("SELECT Id FROM UserProfiles WHERE Email = $e", ("$e", email));

    public Task<string> UserNameAsync(string email) =>
        ScalarAsync<string>("SELECT Name FROM UserProfiles WHERE Email = $e", ("$e", email));

    // Reports

    public Task<long> ReportsWithSenderIdAsync(string reportId) =>
        ScalarAsync<long>("SELECT COUNT(*) FROM Reports WHERE SenderReportId = $id", ("$id", reportId));

    /// <summary>The message of the failure report with this event code that was acted on.</summary>
    public Task<string> ActedOnFailureMessageAsync(string eventCode) =>
        ScalarAsync<string>("SELECT EventMessage FROM Reports WHERE EventCode = $c AND Handling = 2", ("$c", eventCode));

    public Task<long> ReceiptsAsync() => ScalarAsync<long>("SELECT COUNT(*) FROM IntakeReceipts");

    public Task<long> ReceiptsAsync(IEnumerable<string> reportIds) =>
        ScalarAsync<long>(
            "SELECT COUNT(*) FROM IntakeReceipts WHERE ReportId IN (SELECT value FROM json_each($ids))",
            ("$ids", JsonSerializer.Serialize(reportIds)));

    public Task<long> CallTasksAsync(string deviceId) =>
        ScalarAsync<long>("SELECT COUNT(*) FROM CallTasks WHERE DeviceId = $d", ("$d", deviceId));

    // Mail

    public Task<long> MailsAboutAsync(string deviceId) =>
        ScalarAsync<long>("SELECT COUNT(*) FROM Notifications WHERE DeviceId = $d", ("$d", deviceId));

    public Task<long> MailsAboutAsync(string hostName, string kind) =>
        ScalarAsync<long>(
            "SELECT COUNT(*) FROM Notifications WHERE Kind = $k AND DeviceId = (SELECT Id FROM Devices WHERE HostName = $h)",
            ("$k", kind), ("$h", hostName));

    public Task<long> FailedMailsToAsync(string recipient) =>
        ScalarAsync<long>("SELECT COUNT(*) FROM Notifications WHERE Recipient = $e AND State = 3", ("$e", recipient));

    /// <summary>Failure alerts about the device that were tried and wait to be tried again.</summary>
    public Task<long> AlertsWaitingForRetryAsync(string deviceManagementNumber) =>
        ScalarAsync<long>(
            "SELECT COUNT(*) FROM Notifications WHERE Kind = 'FailureDetected' AND State = 1 AND Attempts > 0 AND Subject LIKE $s",
            ("$s", $"%{deviceManagementNumber}%"));

    /// <summary>Failure alerts whose body holds <paramref name="text"/> and that are not sent yet.</summary>
    public Task<long> UnsentAlertsAsync(string text) =>
        ScalarAsync<long>(
            "SELECT COUNT(*) FROM Notifications WHERE Kind = 'FailureDetected' AND State <> 2 AND Body LIKE $b",
            ("$b", $"%{text}%"));

    /// <summary>Queues an alert to <paramref name="recipient"/> directly, as one queued before the portal checked addresses.</summary>
    public Task<long> PlantAlertAsync(Guid id, string recipient) =>
        ScalarAsync<long>(
            "INSERT INTO Notifications (Id, Kind, Lane, Recipient, Subject, Body, Culture, CreatedAt, State, Attempts, NextAttemptAt) VALUES ($id, 'FailureDetected', 1, $r, 'planted', 'body', 'ja', $now, 1, 0, $now) RETURNING 1",
            ("$id", IdText(id)), ("$r", recipient), ("$now", DateTimeOffset.UtcNow.UtcTicks));

    public Task<long> FailedAfterOneAttemptAsync(Guid id) =>
        ScalarAsync<long>("SELECT COUNT(*) FROM Notifications WHERE Id = $id AND State = 3 AND Attempts = 1", ("$id", IdText(id)));

    /// <summary>"State Attempts LastError" of the mail to <paramref name="recipient"/>.</summary>
    public Task<string> DeliveryToAsync(string recipient) =>
        ScalarAsync<string>("SELECT State || ' ' || Attempts || ' ' || LastError FROM Notifications WHERE Recipient = $r", ("$r", recipient));

    public async Task<DateTimeOffset> FirstReminderQueuedAsync(string bodyText) => new(
        await ScalarAsync<long>("SELECT MIN(CreatedAt) FROM Notifications WHERE Kind = 'MaintenanceReminder' AND Body LIKE $b", ("$b", $"%{bodyText}%")),
        TimeSpan.Zero);

    // Maintenance

    public Task<long> OpenWindowsAsync(string hostName) =>
        ScalarAsync<long>(
            "SELECT COUNT(*) FROM MaintenanceWindows w JOIN Devices d ON d.Id = w.DeviceId WHERE d.HostName = $h AND w.CancelledAt IS NULL",
            ("$h", hostName));

    public async Task<DateTimeOffset> WindowStartAsync(string hostName, string reason) => new(
        await ScalarAsync<long>(
            "SELECT StartsAt FROM MaintenanceWindows w JOIN Devices d ON d.Id = w.DeviceId WHERE d.HostName = $h AND w.Reason = $r",
            ("$h", hostName), ("$r", reason)),
        TimeSpan.Zero);

    /// <summary>Moves the device's windows with this reason earlier by <paramref name="by"/>; returns 1 if one moved.</summary>
    public Task<long> MoveWindowEarlierAsync(string deviceId, string reason, TimeSpan by) =>
        ScalarAsync<long>(
            "UPDATE MaintenanceWindows SET StartsAt = StartsAt - $s, EndsAt = EndsAt - $s WHERE DeviceId = $d AND Reason = $r RETURNING 1",
            ("$s", by.Ticks), ("$d", deviceId), ("$r", reason));

    /// <summary>
    /// 500 windows named "REM-<paramref name="phase"/>-i", starting from two hours from now, alternately on
    /// alpha-web01 and beta-wms01, in one statement; returns how many were added.
    /// </summary>
    public Task<long> AddReminderWindowsAsync(int phase)
    {
        var now = DateTimeOffset.UtcNow;
        return ScalarAsync<long>(
            """
            INSERT INTO MaintenanceWindows (Id, DeviceId, StartsAt, EndsAt, Reason, CreatedAt, CreatedByUserId, Sequence)
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 499)
            SELECT upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6))),
                   (SELECT Id FROM Devices WHERE HostName = CASE i % 2 WHEN 0 THEN 'alpha-web01' ELSE 'beta-wms01' END),
                   $start + i * 50000000, $start + i * 50000000 + 36000000000, 'REM-' || $phase || '-' || i, $now,
                   '00000000-0000-0000-0000-000000000001', 0
            FROM n;
            SELECT changes();
            """,
            ("$start", now.AddHours(2).UtcTicks), ("$now", now.UtcTicks), ("$phase", phase));
    }

    public Task<long> RemindedWindowsAsync() =>
        ScalarAsync<long>("SELECT COUNT(*) FROM MaintenanceWindows WHERE Reason LIKE 'REM-%' AND ReminderSentAt IS NOT NULL");

    /// <summary>Hands a background job's lease to a holder that is gone, until <paramref name="until"/>; returns 1 if it was there.</summary>
    public Task<long> GiveJobLeaseToTheDeadAsync(string job, DateTimeOffset until) =>
        ScalarAsync<long>(
            "UPDATE JobLeases SET Holder = 'killed/0/0', HeldUntil = $until WHERE Name = $n RETURNING 1",
            ("$until", until.UtcTicks), ("$n", job));

    // Audit

    public Task<long> AuditEntriesAsync(string action, string hostName) =>
        ScalarAsync<long>(
            "SELECT COUNT(*) FROM AuditEntries WHERE Action = $a AND DeviceId = (SELECT Id FROM Devices WHERE HostName = $h)",
            ("$a", action), ("$h", hostName));

    public Task<long> StaffViewsAsync(string reason) =>
        ScalarAsync<long>("SELECT COUNT(*) FROM AuditEntries WHERE Action = 'StaffViewed' AND After LIKE $r", ("$r", $"%{reason}%"));

    public Task<string> DeviceStaffViewedAsync(string reason) =>
        ScalarAsync<string>("SELECT DeviceId FROM AuditEntries WHERE Action = 'StaffViewed' AND After LIKE $r", ("$r", $"%{reason}%"));

    /// <summary>What the audit recorded of a staff export of the report history given for <paramref name="reason"/>.</summary>
    public Task<string> StaffExportAsync(string reason) =>
        ScalarAsync<string>(
            "SELECT After FROM AuditEntries WHERE Action = 'StaffViewed' AND EntityId = 'ReportHistoryExport' AND After LIKE $r",
            ("$r", $"%{reason}%"));

    /// <summary>Uses of the token (its id as in its text) recorded with its name.</summary>
    public Task<long> TokenUsesAsync(string tokenId, string name) =>
        ScalarAsync<long>(
            "SELECT COUNT(*) FROM AuditEntries WHERE Action = 'TokenUsed' AND lower(replace(EntityId, '-', '')) = $id AND \"After\" LIKE $name",
            ("$id", tokenId), ("$name", $"%{name}%"));

    /// <summary>Everything the audit recorded about the token, in one text.</summary>
    public Task<string> TokenAuditAsync(string tokenId) =>
        ScalarAsync<string>("SELECT group_concat(\"After\") FROM AuditEntries WHERE lower(replace(EntityId, '-', '')) = $id", ("$id", tokenId));

    // The provider stores Guids as upper-case text.
    private static string IdText(Guid id) => id.ToString().ToUpperInvariant();

    private async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
    }
}
