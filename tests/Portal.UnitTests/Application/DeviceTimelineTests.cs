using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Calls;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Maintenance;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Features.Devices;
using Portal.Application.Features.Intake;
using Portal.Application.Features.Staff;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

public sealed class DeviceTimelineTests : IDisposable
{
    private readonly World _world = new();

    private GetDeviceTimelineHandler Timeline => new(_world.Factory, _world.User, _world.Clock);

    private async Task<DeviceTimelinePage> PageAsync(GetDeviceTimelineQuery query)
    {
        var result = await Timeline.HandleAsync(query);
        Assert.True(result.IsOk, string.Join(",", result.Errors));
        return result.Value!;
    }

    private Device OpenedWithTwoContacts()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        using var db = _world.Database.CreateContext();
        var registration = db.Registrations.Include(r => r.Contacts).Single(r => r.DeviceId == device.Id);
        ContactChoice Of(Portal.Application.Domain.Users.UserProfile p) => new(p.Id, p.Name, p.Email, p.Phone, p.Affiliation, null);
        Assert.True(registration.ChangeContacts([Of(_world.AlphaAdmin), Of(_world.AlphaDeputy)], _world.Clock.GetUtcNow()).IsOk);
        db.SaveChanges();
        return device;
    }

    [Fact]
    public async Task EveryKindIsMergedNewestFirstWithWhoActedAndCustomersDoNotSeeTheCentresNotes()
    {
        var device = OpenedWithTwoContacts();

        // A change of the site, then a window announced for the 4th day.
        _world.ActAs(_world.AlphaAdmin);
        Assert.True((await new ChangeInstallationSiteHandler(_world.Factory, _world.User, _world.Clock)
            .HandleAsync(new ChangeInstallationSiteCommand(device.Id, "1000005", "東京都", "千代田区丸の内1-1-1", null))).IsOk);
        var start = _world.Clock.GetUtcNow().AddDays(4);
        await using (var db = _world.Database.CreateContext())
        {
            var window = MaintenanceWindow.Schedule(device.Id, start, start.AddHours(2), "ファームウェア更新", _world.AlphaAdmin.Id, _world.Clock.GetUtcNow());
            Assert.True(window.IsOk);
            db.MaintenanceWindows.Add(window.Value!);
            await db.SaveChangesAsync();
        }

        // After the window: a failure report (two mails and a call task), one mail delivered, one bounced once.
        _world.Clock.Advance(TimeSpan.FromDays(5));
        var response = await _world.ReceiveAsync("gateway", new IntakeReport(
            "r-1", IntakeType.Failure, device.ModelNumber, device.SerialNumber, null, null, _world.Clock.GetUtcNow(), null,
            new ReportEvent(EventCategory.Fan, "FAN-0012", EventSeverity.Critical, "Fan <3> stopped"), ReportMeans.Https, ReportRoute.Agent));
        Assert.Equal(IntakeOutcome.Recorded, response.Outcome);
        _world.Clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = _world.Database.CreateContext())
        {
            (await db.Notifications.SingleAsync(n => n.Recipient == _world.AlphaAdmin.Email)).MarkSent(_world.Clock.GetUtcNow());
            (await db.Notifications.SingleAsync(n => n.Recipient == _world.AlphaDeputy.Email)).MarkAttemptFailed("550 5.1.1 relay.internal: mailbox unknown", _world.Clock.GetUtcNow(), TimeSpan.FromMinutes(1));
            await db.SaveChangesAsync();
        }

        // Staff phone contact 1, with this session's reason, and their view is recorded.
        _world.Clock.Advance(TimeSpan.FromMinutes(4));
        _world.ActAsStaff();
        await using (var db = _world.Database.CreateContext())
        {
            var task = await db.CallTasks.Include(t => t.Steps).SingleAsync(t => t.DeviceId == device.Id);
            Assert.True(task.Record(CallOutcome.ReachedContact1, hasContact2: true, _world.Staff.Id, _world.Clock.GetUtcNow()).IsOk);
            await db.SaveChangesAsync();
        }

        _world.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await new RecordStaffViewHandler(_world.Factory, _world.User, _world.Clock).HandleAsync(new("Device", DeviceId: device.Id))).IsOk);

        var staff = await PageAsync(new GetDeviceTimelineQuery(device.Id));

        Assert.Equal(
            [TimelineKind.StaffView, TimelineKind.Call, TimelineKind.Mail, TimelineKind.Mail, TimelineKind.Report, TimelineKind.Maintenance, TimelineKind.Maintenance, TimelineKind.Change],
            staff.Entries.Select(e => e.Kind));
        Assert.Equal(staff.Entries.Select(e => e.At).OrderDescending(), staff.Entries.Select(e => e.At));
        Assert.Null(staff.Next);
        var view = staff.Entries[0];
        Assert.Equal((TimelineActor.Person, _world.Staff.Name, "テストの調査"), (view.Actor, view.ActorName, view.Change!.Fields.Single(f => f.Field == StaffAccess.ReasonField).After));
        Assert.Equal((TimelineActor.Person, _world.Staff.Name, CallOutcome.ReachedContact1), (staff.Entries[1].Actor, staff.Entries[1].ActorName, staff.Entries[1].Call!.Outcome));
        var mails = staff.Entries.Where(e => e.Kind == TimelineKind.Mail).ToDictionary(e => e.Mail!.Recipient, e => e.Mail!);
        Assert.Equal((MailDelivery.Delivered, "ja"), (mails[_world.AlphaAdmin.Email].Delivery, mails[_world.AlphaAdmin.Email].Culture));
        Assert.Equal((MailDelivery.Retrying, "550 5.1.1 relay.internal: mailbox unknown"), (mails[_world.AlphaDeputy.Email].Delivery, mails[_world.AlphaDeputy.Email].Error));
        var report = staff.Entries[4];
        Assert.Equal((TimelineActor.Device, ReportType.Failure, "Fan <3> stopped", ReportHandling.ContactsNotified), (report.Actor, report.Report!.Type, report.Report.Message, report.Report.Handling));
        Assert.Equal([false, true], staff.Entries.Where(e => e.Kind == TimelineKind.Maintenance).Select(e => e.Maintenance!.Started));
        Assert.Equal([start.AddHours(2), start], staff.Entries.Where(e => e.Kind == TimelineKind.Maintenance).Select(e => e.At));
        var change = staff.Entries[^1];
        Assert.Equal(("ChangeInstallationSite", TimelineActor.Person, _world.AlphaAdmin.Name), (change.Change!.Action, change.Actor, change.ActorName));

        _world.ActAs(_world.AlphaUser);
        var customer = await PageAsync(new GetDeviceTimelineQuery(device.Id));

        Assert.Equal(staff.Entries.Select(e => (e.Kind, e.At)), customer.Entries.Select(e => (e.Kind, e.At)));
        Assert.DoesNotContain(customer.Entries[0].Change!.Fields, f => f.Field == StaffAccess.ReasonField);
        Assert.All(customer.Entries.Where(e => e.Mail is not null), e => Assert.Null(e.Mail!.Error));
        Assert.Equal(MailDelivery.Retrying, customer.Entries.Single(e => e.Mail?.Recipient == _world.AlphaDeputy.Email).Mail!.Delivery);

        _world.ActAs(_world.BetaAdmin);
        Assert.Equal(ResultStatus.NotFound, (await Timeline.HandleAsync(new GetDeviceTimelineQuery(device.Id))).Status);
        _world.ActAsStaff(withReason: false);
        Assert.Equal(ErrorCodes.StaffReasonRequired, (await Timeline.HandleAsync(new GetDeviceTimelineQuery(device.Id))).Errors[0].Code);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task PagesFollowOneAnotherWithoutGapsOrRepeatsAndNeverSplitAnInstant(int pageSize)
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        await using (var db = _world.Database.CreateContext())
        {
            // Reports alone and, every third minute, a report with two audit entries of the same instant.
            for (var i = 0; i < 40; i++)
            {
                var at = World.Start.AddMinutes(i);
                db.Reports.Add(new Report(device.Id, $"r-{i}", ReportType.Periodic, at, at, device.HostName, ReportMeans.Https, ReportRoute.Agent, null, ReportHandling.Recorded));
                if (i % 3 == 0)
                {
                    db.AuditEntries.Add(Audit.Entry(null, at, AuditAction.PeriodicOverdue, "ServiceRegistration", $"a-{i}", device.Id, null, new { Index = i }));
                    db.AuditEntries.Add(Audit.Entry(null, at, AuditAction.PeriodicOverdue, "ServiceRegistration", $"b-{i}", device.Id, null, new { Index = i }));
                }
            }

            await db.SaveChangesAsync();
        }

        _world.ActAs(_world.AlphaAdmin);
        var whole = (await PageAsync(new GetDeviceTimelineQuery(device.Id, PageSize: 200))).Entries;
        var walked = new List<TimelineEntry>();
        DateTimeOffset? cursor = null;
        do
        {
            var page = await PageAsync(new GetDeviceTimelineQuery(device.Id, cursor, pageSize));
            Assert.InRange(page.Entries.Count, 1, Math.Max(pageSize, 3));
            Assert.DoesNotContain(page.Entries, e => walked.Any(w => w.At == e.At));
            walked.AddRange(page.Entries);
            cursor = page.Next;
        }
        while (cursor is not null);

        Assert.Equal(40 + (2 * 14), whole.Count);
        Assert.Equal(whole.Select(e => (e.At, e.Kind, e.Key)), walked.Select(e => (e.At, e.Kind, e.Key)));
    }

    [Fact]
    public async Task KindsAndJapanDatesFilterAndCustomersSeeOneYear()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);

        // World.Start is 10:00 on 20 November in Japan; 23:30 UTC on the 21st is 08:30 on the 22nd there.
        _world.AddReport(device, World.Start.AddDays(-400));
        _world.AddReport(device, World.Start);
        _world.AddReport(device, new DateTimeOffset(2026, 11, 21, 23, 30, 0, TimeSpan.Zero));
        await using (var db = _world.Database.CreateContext())
        {
            db.AuditEntries.Add(Audit.Entry(null, World.Start, AuditAction.PeriodicOverdue, "ServiceRegistration", "x", device.Id, null, new { Index = 1 }));
            await db.SaveChangesAsync();
        }

        _world.ActAs(_world.AlphaAdmin);
        var reportsOnly = await PageAsync(new GetDeviceTimelineQuery(device.Id, Kinds: new HashSet<TimelineKind> { TimelineKind.Report }));
        var onThe22nd = await PageAsync(new GetDeviceTimelineQuery(device.Id, From: new DateOnly(2026, 11, 22), To: new DateOnly(2026, 11, 22)));
        var onThe20th = await PageAsync(new GetDeviceTimelineQuery(device.Id, From: new DateOnly(2026, 11, 20), To: new DateOnly(2026, 11, 21)));
        _world.ActAsStaff();
        var staff = await PageAsync(new GetDeviceTimelineQuery(device.Id, Kinds: new HashSet<TimelineKind> { TimelineKind.Report }));

        Assert.Equal(2, reportsOnly.Entries.Count);
        Assert.All(reportsOnly.Entries, e => Assert.Equal(TimelineKind.Report, e.Kind));
        Assert.Equal([new DateTimeOffset(2026, 11, 21, 23, 30, 0, TimeSpan.Zero)], onThe22nd.Entries.Select(e => e.At));
        Assert.Equal([TimelineKind.Change, TimelineKind.Report], onThe20th.Entries.Select(e => e.Kind));
        Assert.Equal(3, staff.Entries.Count);
    }

    public void Dispose() => _world.Dispose();
}
