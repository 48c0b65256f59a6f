using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Domain.Calls;
using Portal.Application.Domain.Notifications;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Persistence;

/// <summary>
/// SQLite's bulk save writes rows with its own prepared statements: what it stores must read back exactly as
/// EF's SaveChanges would have stored it, and it must keep EF's concurrency check.
/// </summary>
public sealed class BulkSaveTests : IDisposable
{
    private readonly World _world = new();

    [Fact]
    public async Task InsertedAndUpdatedRowsReadBackAsEfWroteThem()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        var now = _world.Clock.GetUtcNow();
        var mail = new Notification(Guid.NewGuid(), "PeriodicOverdue", MailLane.Bulk, "管理者 <admin@alpha.example>", "定期通報未着", "本文\n二行目", "ja", device.Id, now);
        int tracked;
        await using (var db = _world.Database.CreateContext())
        {
            var registration = await db.Registrations.SingleAsync(r => r.DeviceId == device.Id);
            Assert.True(registration.RecordPeriodicReport(now.AddDays(40)).IsOk);
            db.Notifications.Add(mail);
            db.Record(null, now, "PeriodicOverdue", nameof(ServiceRegistration), registration.Id.ToString(), device.Id, null, new { Missed = "2026/11/01" });
            var efSaved = false;
            db.SavingChanges += (_, _) => efSaved = true;

            Assert.Equal(3, await db.SaveChangesInBulkAsync());
            Assert.False(efSaved, "the rows went through EF's SaveChanges, not the bulk path");
            tracked = db.ChangeTracker.Entries().Count(e => e.State != EntityState.Unchanged);
        }

        Assert.Equal(0, tracked);
        await using var check = _world.Database.CreateContext();
        var stored = await check.Notifications.SingleAsync();
        Assert.Equal((mail.Id, mail.Recipient, mail.Body, mail.DeviceId, mail.CreatedAt, mail.State), (stored.Id, stored.Recipient, stored.Body, stored.DeviceId, stored.CreatedAt, stored.State));
        var audit = await check.AuditEntries.SingleAsync();
        Assert.True(audit.Id > 0);
        Assert.Equal((device.Id, "{\"Missed\":\"2026/11/01\"}"), (audit.DeviceId, audit.After));
        var saved = await check.Registrations.SingleAsync(r => r.DeviceId == device.Id);
        Assert.Equal(now.AddDays(40), saved.LastPeriodicReportAt);
        Assert.True(saved.Version > 0);
    }

    [Fact]
    public async Task ItStoresEachColumnInTheSameFormAsEf()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        var now = _world.Clock.GetUtcNow();
        Notification Mail(string subject) => new(Guid.NewGuid(), "FailureDetected", MailLane.Alert, "a@alpha.example", subject, "本文", "ja", device.Id, now);
        await using (var byEf = _world.Database.CreateContext())
        {
            byEf.Notifications.Add(Mail("1 by EF"));
            byEf.Record(null, now, "Test", "Test", "1", device.Id, null, new { By = "EF" });
            await byEf.SaveChangesAsync();
        }

        await using (var inBulk = _world.Database.CreateContext())
        {
            inBulk.Notifications.Add(Mail("2 in bulk"));
            inBulk.Record(null, now, "Test", "Test", "2", device.Id, null, new { By = "bulk" });
            var efSaved = false;
            inBulk.SavingChanges += (_, _) => efSaved = true;
            await inBulk.SaveChangesInBulkAsync();
            Assert.False(efSaved);
        }

        // SQLite keeps whatever type it is given: a Guid as BLOB instead of TEXT, or ticks as TEXT, would read
        // back fine through EF here and still break every query that compares the column.
        foreach (var sql in new[] { "SELECT * FROM Notifications ORDER BY Subject", "SELECT * FROM AuditEntries ORDER BY EntityId" })
        {
            var (first, second) = await TwoRowsAsync(sql);
            Assert.Equal(first.Select(Form), second.Select(Form));
        }
    }

    private static string Form(object? value) => value switch
    {
        null or DBNull => "null",
        string text when Guid.TryParse(text, out _) => text == text.ToUpperInvariant() ? "GUID" : "guid",
        _ => value.GetType().Name,
    };

    private async Task<(object?[] First, object?[] Second)> TwoRowsAsync(string sql)
    {
        await using var db = _world.Database.CreateContext();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            rows.Add(row);
        }

        Assert.Equal(2, rows.Count);
        return (rows[0], rows[1]);
    }

    [Fact]
    public async Task ARowChangedMeanwhileFailsTheSave()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        await using var db = _world.Database.CreateContext();

        // Tracked before the registration, so they are written before its update fails.
        db.Notifications.Add(new Notification(Guid.NewGuid(), "PeriodicOverdue", MailLane.Bulk, "a@alpha.example", "s", "b", "ja", device.Id, _world.Clock.GetUtcNow()));
        db.Record(null, _world.Clock.GetUtcNow(), "Test", "Test", "1", device.Id, null, null);
        var registration = await db.Registrations.SingleAsync(r => r.DeviceId == device.Id);
        await using (var other = _world.Database.CreateContext())
        {
            (await other.Registrations.SingleAsync(r => r.DeviceId == device.Id)).RecordAlert(_world.Clock.GetUtcNow());
            await other.SaveChangesAsync();
        }

        Assert.True(registration.RecordPeriodicReport(_world.Clock.GetUtcNow().AddDays(40)).IsOk);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesInBulkAsync());

        // Nothing of the failed save is stored, and the rows it would have written are still to be written.
        await using var check = _world.Database.CreateContext();
        Assert.Empty(await check.Notifications.ToListAsync());
        Assert.Empty(await check.AuditEntries.ToListAsync());
        Assert.Equal(2, db.ChangeTracker.Entries().Count(e => e.State == EntityState.Added));
        Assert.All(db.ChangeTracker.Entries<Portal.Application.Domain.Audit.AuditEntry>(), e => Assert.True(e.Property(a => a.Id).IsTemporary));
    }

    [Fact]
    public async Task AReportWithItsEventAndTheCallTaskPointingAtItAreWrittenAsEfWritesThem()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        var now = _world.Clock.GetUtcNow();
        Report Failure(string id) => new(device.Id, id, ReportType.Failure, now, now, "alpha-01", ReportMeans.Https, ReportRoute.Agent,
            new ReportEvent(EventCategory.Fan, "FAN-0012", EventSeverity.Critical, "ファン停止"), ReportHandling.ContactsNotified);
        await using (var byEf = _world.Database.CreateContext())
        {
            var report = Failure("1-ef");
            byEf.Reports.Add(report);
            byEf.CallTasks.Add(new CallTask(Guid.NewGuid(), device.Id, report, EventSeverity.Critical, now));
            await byEf.SaveChangesAsync();
        }

        Report bulkReport;
        await using (var inBulk = _world.Database.CreateContext())
        {
            bulkReport = Failure("2-bulk");
            inBulk.Reports.Add(bulkReport);
            inBulk.Reports.Add(new Report(device.Id, "3-periodic", ReportType.Periodic, now, now, "alpha-01", ReportMeans.Https, ReportRoute.Agent, null, ReportHandling.Recorded));
            inBulk.CallTasks.Add(new CallTask(Guid.NewGuid(), device.Id, bulkReport, EventSeverity.Critical, now));
            var efSaved = false;
            inBulk.SavingChanges += (_, _) => efSaved = true;
            Assert.Equal(4, await inBulk.SaveChangesInBulkAsync());
            Assert.False(efSaved, "the rows went through EF's SaveChanges, not the bulk path");
            Assert.True(bulkReport.Id > 0);
            Assert.Equal(0, inBulk.ChangeTracker.Entries().Count(e => e.State != EntityState.Unchanged));
        }

        await using var check = _world.Database.CreateContext();
        var task = await check.CallTasks.SingleAsync(t => t.ReportId == bulkReport.Id);
        Assert.Equal("FAN-0012", (await check.Reports.SingleAsync(r => r.Id == task.ReportId)).Event!.Code);
        Assert.Null((await check.Reports.SingleAsync(r => r.SenderReportId == "3-periodic")).Event);
        foreach (var sql in new[] { "SELECT * FROM Reports WHERE SenderReportId <> '3-periodic' ORDER BY SenderReportId", "SELECT * FROM CallTasks ORDER BY ReportId" })
        {
            var (first, second) = await TwoRowsAsync(sql);
            Assert.Equal(first.Select(Form), second.Select(Form));
        }
    }

    [Fact]
    public async Task RowsItDoesNotHandleAreSavedByEf()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        var mail = new Notification(Guid.NewGuid(), "PeriodicOverdue", MailLane.Bulk, "a@alpha.example", "s", "b", "ja", device.Id, _world.Clock.GetUtcNow());
        await using (var db = _world.Database.CreateContext())
        {
            db.Notifications.Add(mail);
            await db.SaveChangesAsync();
        }

        await using (var db = _world.Database.CreateContext())
        {
            // A delete: left to EF.
            db.Notifications.Remove(await db.Notifications.SingleAsync());
            var efSaved = false;
            db.SavingChanges += (_, _) => efSaved = true;
            Assert.Equal(1, await db.SaveChangesInBulkAsync());
            Assert.True(efSaved);
        }

        await using var check = _world.Database.CreateContext();
        Assert.Empty(await check.Notifications.ToListAsync());
    }

    public void Dispose() => _world.Dispose();
}
