using Microsoft.EntityFrameworkCore;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Features.Devices;
using Portal.Application.Features.Intake;
using Portal.Application.Features.Reports;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

/// <summary>FAQ Q1-10 and Q3-14 on a device first opened on 31 January 2027 (10:00 Japan time).</summary>
public sealed class PeriodicOverdueTests : IDisposable
{
    private readonly World _world = new();
    private readonly Device _device;

    public PeriodicOverdueTests()
    {
        // World opens devices one day before "now".
        _world.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 1, 1, 0, 0, TimeSpan.Zero));
        _device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        using var db = _world.Database.CreateContext();
        var registration = db.Registrations.Include(r => r.Contacts).Single(r => r.DeviceId == _device.Id);
        ContactChoice Of(Portal.Application.Domain.Users.UserProfile p) => new(p.Id, p.Name, p.Email, p.Phone, p.Affiliation, null);
        Assert.True(registration.ChangeContacts([Of(_world.AlphaAdmin), Of(_world.AlphaDeputy)], _world.Clock.GetUtcNow()).IsOk);
        db.SaveChanges();
    }

    /// <summary>The centre's job: the scan, then the notices it queued.</summary>
    private async Task<int> ScanAsync()
    {
        var found = await new ScanOverduePeriodicReportsHandler(_world.Factory, _world.Clock).HandleAsync(new());
        Assert.Equal(found, await new WritePeriodicOverdueNoticesHandler(_world.Factory, _world.Clock).HandleAsync(new()));
        return found;
    }

    /// <summary>Moves the clock to 10:00 Japan time on the given day.</summary>
    private void JapanDay(int year, int month, int day) =>
        _world.Clock.SetUtcNow(new DateTimeOffset(year, month, day, 10, 0, 0, TimeSpan.FromHours(9)));

    private async Task<ServiceRegistration> Registration()
    {
        await using var db = _world.Database.CreateContext();
        return await db.Registrations.SingleAsync(r => r.DeviceId == _device.Id);
    }

    private async Task<List<string>> OverdueMails()
    {
        await using var db = _world.Database.CreateContext();
        return await db.Notifications.Where(n => n.Kind == "PeriodicOverdue").OrderBy(n => n.CreatedAt).ThenBy(n => n.Recipient).Select(n => n.Recipient + " " + n.Body).ToListAsync();
    }

    [Fact]
    public async Task OpenedOnThe31stTheFirstReportIsExpectedOnTheLastDayOfFebruary()
    {
        Assert.Equal(new DateOnly(2027, 2, 28), (await Registration()).NextPeriodicDueOn);
    }

    [Fact]
    public async Task ThreeDaysAfterTheExpectedDayBothContactsAreToldOncePerPeriod()
    {
        JapanDay(2027, 3, 2);
        Assert.Equal(0, await ScanAsync());
        Assert.Empty(await OverdueMails());
        Assert.Null((await Registration()).PeriodicOverdueSince);

        JapanDay(2027, 3, 3);
        Assert.Equal(1, await ScanAsync());
        var mails = await OverdueMails();
        Assert.Equal(2, mails.Count);
        Assert.Equal(new[] { _world.AlphaAdmin.Email, _world.AlphaDeputy.Email }.Order(StringComparer.Ordinal), mails.Select(m => m.Split(' ')[0]));
        Assert.All(mails, m => Assert.Contains("2027/02/28 予定", m, StringComparison.Ordinal));
        var registration = await Registration();
        Assert.Equal((new DateOnly(2027, 2, 28), new DateOnly(2027, 3, 31)), (registration.PeriodicOverdueSince, registration.NextPeriodicDueOn));
        Assert.Equal(new DateOnly(2027, 2, 28), registration.LatestMissedPeriodicDueOn);

        // The same period is not told twice, however often the job runs.
        Assert.Equal(0, await ScanAsync());
        JapanDay(2027, 3, 20);
        Assert.Equal(0, await ScanAsync());
        Assert.Equal(2, (await OverdueMails()).Count);

        // The next period missed as well: one more notice, naming it.
        JapanDay(2027, 4, 3);
        Assert.Equal(1, await ScanAsync());
        mails = await OverdueMails();
        Assert.Equal(4, mails.Count);
        Assert.Contains("2027/03/31 予定", mails[3], StringComparison.Ordinal);
        // The page names the day the mail names, and since when.
        registration = await Registration();
        Assert.Equal((new DateOnly(2027, 3, 31), new DateOnly(2027, 2, 28)), (registration.LatestMissedPeriodicDueOn, registration.PeriodicOverdueSince));
    }

    [Fact]
    public async Task TheDashboardMarksTheDeviceLateThenOverdueAsTheDaysPass()
    {
        _world.AddDevice(_world.AlphaAccount, "alpha-new", ServiceStatus.NotApplied);
        _world.ActAs(_world.AlphaAdmin);
        var dashboard = new ListMyDevicesHandler(_world.Factory, _world.User, _world.Clock);
        async Task<Heartbeat?> MarkAsync(bool summary = true) =>
            (await dashboard.HandleAsync(new ListMyDevicesQuery(WithSummary: summary))).Value!.Rows.Single(r => r.Id == _device.Id).Heartbeat;

        JapanDay(2027, 2, 27);
        Assert.Equal(HeartbeatState.OnTime, (await MarkAsync())!.State);
        JapanDay(2027, 3, 1);
        Assert.Equal(HeartbeatState.Late, (await MarkAsync())!.State);
        JapanDay(2027, 3, 3);
        Assert.Equal(HeartbeatState.Overdue, (await MarkAsync())!.State);   // before the scan as after it
        await ScanAsync();
        Assert.Equal((HeartbeatState.Overdue, 1), ((await MarkAsync())!.State, (await MarkAsync())!.MissedPeriods));

        // Only opened devices have one; a picker does not ask for it.
        Assert.Null((await dashboard.HandleAsync(new ListMyDevicesQuery())).Value!.Rows.Single(r => r.HostName == "alpha-new").Heartbeat);
        Assert.Null(await MarkAsync(summary: false));
    }

    [Fact]
    public async Task SeveralMissedPeriodsGiveOneNoticeForTheLatest()
    {
        JapanDay(2027, 5, 10);

        Assert.Equal(1, await ScanAsync());

        var mails = await OverdueMails();
        Assert.Equal(2, mails.Count);
        Assert.All(mails, m => Assert.Contains("2027/04/30 予定", m, StringComparison.Ordinal));
        var registration = await Registration();
        Assert.Equal(new DateOnly(2027, 5, 31), registration.NextPeriodicDueOn);
        Assert.Equal(new DateOnly(2027, 4, 30), registration.LatestMissedPeriodicDueOn);
        Assert.True(registration.PeriodicOverdueSince < registration.LatestMissedPeriodicDueOn);
    }

    [Fact]
    public async Task AReportThatArrivesEndsTheOverdueStateAndSetsTheNextExpectedDay()
    {
        JapanDay(2027, 3, 3);
        await ScanAsync();
        _world.ActAs(_world.AlphaAdmin);
        var overdue = (await new GetDeviceDetailHandler(_world.Factory, _world.User, _world.Clock).HandleAsync(new(_device.Id))).Value!;
        Assert.Equal(new DateOnly(2027, 2, 28), overdue.Registration.PeriodicOverdueSince);
        Assert.Equal((HeartbeatState.Overdue, 1, new DateOnly(2027, 3, 31)), (overdue.Heartbeat!.State, overdue.Heartbeat.MissedPeriods, overdue.Heartbeat.NextExpectedOn));

        JapanDay(2027, 3, 4);
        var response = await _world.ReceiveAsync("gw", new IntakeReport(
            "p-1", IntakeType.Periodic, _device.ModelNumber, _device.SerialNumber, null, null, _world.Clock.GetUtcNow(), null, null, ReportMeans.Https, ReportRoute.Agent));

        Assert.Equal(IntakeOutcome.Recorded, response.Outcome);
        var detail = (await new GetDeviceDetailHandler(_world.Factory, _world.User, _world.Clock).HandleAsync(new(_device.Id))).Value!;
        Assert.Null(detail.Registration.PeriodicOverdueSince);
        Assert.Equal(new DateOnly(2027, 3, 31), detail.Registration.NextPeriodicDueOn);
        Assert.Equal((HeartbeatState.OnTime, _world.Clock.GetUtcNow()), (detail.Heartbeat!.State, detail.Heartbeat.LastContactAt));
        JapanDay(2027, 4, 2);
        Assert.Equal(0, await ScanAsync());
    }

    [Fact]
    public async Task AReportOnTheExpectedDayKeepsTheDeviceOffTheList()
    {
        JapanDay(2027, 2, 28);
        await _world.ReceiveAsync("gw", new IntakeReport(
            "p-1", IntakeType.Periodic, _device.ModelNumber, _device.SerialNumber, null, null, _world.Clock.GetUtcNow(), null, null, ReportMeans.Https, ReportRoute.Agent));

        JapanDay(2027, 3, 10);

        Assert.Equal(0, await ScanAsync());
        Assert.Equal(new DateOnly(2027, 3, 31), (await Registration()).NextPeriodicDueOn);
    }

    [Fact]
    public async Task ANoticeStillUnwrittenAtTheNextPeriodIsSentForItsOwnMissedDay()
    {
        // The scan marks February's missed day, and the notice writer fails until after March's is missed too.
        JapanDay(2027, 3, 3);
        Assert.Equal(1, await new ScanOverduePeriodicReportsHandler(_world.Factory, _world.Clock).HandleAsync(new()));
        JapanDay(2027, 4, 3);
        Assert.Equal(1, await new ScanOverduePeriodicReportsHandler(_world.Factory, _world.Clock).HandleAsync(new()));
        Assert.Equal(new DateOnly(2027, 2, 28), (await Registration()).PeriodicNoticeFor);

        Assert.Equal(1, await new WritePeriodicOverdueNoticesHandler(_world.Factory, _world.Clock).HandleAsync(new()));

        var mails = await OverdueMails();
        Assert.Equal(2, mails.Count);
        Assert.All(mails, m => Assert.Contains("2027/02/28 予定", m, StringComparison.Ordinal));
        Assert.Equal(new DateOnly(2027, 4, 30), (await Registration()).NextPeriodicDueOn);
    }

    [Fact]
    public async Task AMassOutageIsMarkedInShortCommitsEachWithItsOwnEntry()
    {
        for (var i = 2; i <= 5; i++)
        {
            _world.AddDevice(_world.AlphaAccount, $"alpha-0{i}", ServiceStatus.Opened);
        }

        JapanDay(2027, 3, 3);
        Assert.Equal(5, await new ScanOverduePeriodicReportsHandler(_world.Factory, _world.Clock, chunk: 2).HandleAsync(new()));

        await using var db = _world.Database.CreateContext();
        var entries = await db.AuditEntries.Where(a => a.Action == "PeriodicOverdueScan").OrderBy(a => a.Id).Select(a => a.After).ToListAsync();
        Assert.Equal(3, entries.Count);
        Assert.Equal(["\"Devices\":2", "\"Devices\":2", "\"Devices\":1"], entries.Select(e => System.Text.RegularExpressions.Regex.Match(e!, "\"Devices\":[0-9]+").Value));
        Assert.All(await db.Registrations.ToListAsync(), r => Assert.Equal((new DateOnly(2027, 2, 28), new DateOnly(2027, 3, 31)), (r.PeriodicNoticeFor, r.NextPeriodicDueOn)));
        Assert.Equal(0, await new ScanOverduePeriodicReportsHandler(_world.Factory, _world.Clock, chunk: 2).HandleAsync(new()));
    }

    [Fact]
    public async Task TheScanMarksInOneSetChangeAndEachDeviceIsAuditedWhenItsNoticeIsWritten()
    {
        var other = _world.AddDevice(_world.AlphaAccount, "alpha-02", ServiceStatus.Opened);
        JapanDay(2027, 3, 3);

        Assert.Equal(2, await new ScanOverduePeriodicReportsHandler(_world.Factory, _world.Clock).HandleAsync(new()));

        await using (var db = _world.Database.CreateContext())
        {
            // Both were first opened on 31 January: one anchor day, one short statement, one entry for it.
            var scan = await db.AuditEntries.SingleAsync();
            Assert.Equal(("PeriodicOverdueScan", "PeriodicAnchorDay=31", "system"), (scan.Action, scan.EntityId, scan.ActorName));
            Assert.Contains("\"Devices\":2", scan.After, StringComparison.Ordinal);
            Assert.Contains("\"MissedDueOn\":\"2027-02-28\"", scan.After, StringComparison.Ordinal);
            Assert.Equal([new DateOnly(2027, 2, 28), new DateOnly(2027, 2, 28)], await db.Registrations.Select(r => r.PeriodicNoticeFor).ToListAsync());
            Assert.Empty(await db.Notifications.ToListAsync());
        }

        Assert.Equal(2, await new WritePeriodicOverdueNoticesHandler(_world.Factory, _world.Clock).HandleAsync(new()));
        Assert.Equal(0, await new WritePeriodicOverdueNoticesHandler(_world.Factory, _world.Clock).HandleAsync(new()));

        await using var check = _world.Database.CreateContext();
        var perDevice = await check.AuditEntries.Where(a => a.Action == "PeriodicOverdue").OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(new HashSet<Guid?> { _device.Id, other.Id }, perDevice.Select(a => a.DeviceId).ToHashSet());
        Assert.All(perDevice, a => Assert.Contains("\"MissedDueOn\":\"2027-02-28\"", a.After, StringComparison.Ordinal));
        Assert.All(await check.Registrations.ToListAsync(), r => Assert.Null(r.PeriodicNoticeFor));

        // alpha-01's two contacts, and alpha-02's one (the administrator who applied).
        Assert.Equal(3, (await OverdueMails()).Count);
    }

    [Fact]
    public async Task AnOverdueNoticeGoesToTheContactsChosenWhenItIsWritten()
    {
        JapanDay(2027, 3, 3);
        Assert.Equal(1, await new ScanOverduePeriodicReportsHandler(_world.Factory, _world.Clock).HandleAsync(new()));
        await using (var db = _world.Database.CreateContext())
        {
            var registration = await db.Registrations.Include(r => r.Contacts).SingleAsync(r => r.DeviceId == _device.Id);
            var admin = _world.AlphaAdmin;
            Assert.True(registration.ChangeContacts([new(admin.Id, admin.Name, admin.Email, admin.Phone, admin.Affiliation, null)], _world.Clock.GetUtcNow()).IsOk);
            await db.SaveChangesAsync();
        }

        Assert.Equal(1, await new WritePeriodicOverdueNoticesHandler(_world.Factory, _world.Clock).HandleAsync(new()));

        Assert.Equal([_world.AlphaAdmin.Email], (await OverdueMails()).Select(m => m.Split(' ')[0]));
    }

    [Fact]
    public async Task AReportThatArrivesBeforeTheNoticeIsWrittenCancelsIt()
    {
        JapanDay(2027, 3, 3);
        Assert.Equal(1, await new ScanOverduePeriodicReportsHandler(_world.Factory, _world.Clock).HandleAsync(new()));
        await _world.ReceiveAsync("gw", new IntakeReport(
            "p-late", IntakeType.Periodic, _device.ModelNumber, _device.SerialNumber, null, null, _world.Clock.GetUtcNow(), null, null, ReportMeans.Https, ReportRoute.Agent));

        Assert.Equal(0, await new WritePeriodicOverdueNoticesHandler(_world.Factory, _world.Clock).HandleAsync(new()));

        Assert.Empty(await OverdueMails());
        Assert.Null((await Registration()).PeriodicNoticeFor);
    }

    [Fact]
    public async Task AServiceEndedBeforeTheNoticeIsWrittenGetsNoMailButTheTrailSaysSo()
    {
        JapanDay(2027, 3, 3);
        Assert.Equal(1, await new ScanOverduePeriodicReportsHandler(_world.Factory, _world.Clock).HandleAsync(new()));
        await using (var db = _world.Database.CreateContext())
        {
            Assert.True((await db.Registrations.SingleAsync(r => r.DeviceId == _device.Id)).End(_world.AlphaAdmin.Id, _world.Clock.GetUtcNow()).IsOk);
            await db.SaveChangesAsync();
        }

        Assert.Equal(1, await new WritePeriodicOverdueNoticesHandler(_world.Factory, _world.Clock).HandleAsync(new()));

        Assert.Empty(await OverdueMails());
        await using var check = _world.Database.CreateContext();
        Assert.Contains("\"Mailed\":0", (await check.AuditEntries.SingleAsync(a => a.Action == "PeriodicOverdue")).After, StringComparison.Ordinal);
        Assert.Null((await Registration()).PeriodicNoticeFor);
    }

    [Fact]
    public async Task TheScanRunsWhereTheDatabaseRetriesTransientFailures()
    {
        // SQL Server in production: EF refuses a transaction begun outside its execution strategy.
        using var world = new World(TestDatabase.RetryingOnFailure());
        world.AddDevice(world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        world.Clock.Advance(TimeSpan.FromDays(45));

        Assert.Equal(1, await new ScanOverduePeriodicReportsHandler(world.Factory, world.Clock).HandleAsync(new()));
        Assert.Equal(1, await new WritePeriodicOverdueNoticesHandler(world.Factory, world.Clock).HandleAsync(new()));

        await using var db = world.Database.CreateContext();
        Assert.Equal(1, await db.Notifications.CountAsync(n => n.Kind == "PeriodicOverdue"));
    }

    public void Dispose() => _world.Dispose();
}
