using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
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
        var mail = new Notification(Guid.NewGuid(), "PeriodicOverdue", "管理者 <admin@alpha.example>", "定期通報未着", "本文\n二行目", "ja", device.Id, now);
        int tracked;
        await using (var db = _world.Database.CreateContext())
        {
            var registration = await db.Registrations.SingleAsync(r => r.DeviceId == device.Id);
            Assert.True(registration.MarkPeriodicOverdue(JapanTime.Today(_world.Clock).AddMonths(2)).IsOk);
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
        Assert.NotNull(saved.PeriodicOverdueSince);
        Assert.True(saved.Version > 0);
    }

    [Fact]
    public async Task ARowChangedMeanwhileFailsTheSave()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        await using var db = _world.Database.CreateContext();
        var registration = await db.Registrations.SingleAsync(r => r.DeviceId == device.Id);
        await using (var other = _world.Database.CreateContext())
        {
            (await other.Registrations.SingleAsync(r => r.DeviceId == device.Id)).RecordAlert(_world.Clock.GetUtcNow());
            await other.SaveChangesAsync();
        }

        registration.MarkPeriodicOverdue(JapanTime.Today(_world.Clock).AddMonths(2));

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesInBulkAsync());
    }

    [Fact]
    public async Task RowsItDoesNotHandleAreSavedByEf()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        await using (var db = _world.Database.CreateContext())
        {
            // A report owns its event (an owned type): left to EF.
            db.Reports.Add(new Report(device.Id, "r-1", ReportType.Failure, _world.Clock.GetUtcNow(), _world.Clock.GetUtcNow(), "alpha-01", ReportMeans.Https, ReportRoute.Agent,
                new ReportEvent(EventCategory.Fan, "FAN-0012", EventSeverity.Critical, "ファン停止"), ReportHandling.ContactsNotified));
            var efSaved = false;
            db.SavingChanges += (_, _) => efSaved = true;
            Assert.Equal(1, await db.SaveChangesInBulkAsync());
            Assert.True(efSaved);
        }

        await using var check = _world.Database.CreateContext();
        Assert.Equal("FAN-0012", (await check.Reports.SingleAsync()).Event!.Code);
    }

    public void Dispose() => _world.Dispose();
}
