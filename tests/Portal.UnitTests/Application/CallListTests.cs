using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Calls;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Features.Intake;
using Portal.Application.Features.Staff;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

public sealed class CallListTests : IDisposable
{
    private readonly World _world = new();

    private GetCallListHandler List => new(_world.Factory, _world.User);

    private RecordCallOutcomeHandler Record => new(_world.Factory, _world.User, _world.Clock);

    private Device Opened(string host, bool twoContacts)
    {
        var device = _world.AddDevice(_world.AlphaAccount, host, ServiceStatus.Opened);
        if (twoContacts)
        {
            using var db = _world.Database.CreateContext();
            var registration = db.Registrations.Include(r => r.Contacts).Single(r => r.DeviceId == device.Id);
            ContactChoice Of(Portal.Application.Domain.Users.UserProfile p, string? hours) => new(p.Id, p.Name, p.Email, p.Phone, p.Affiliation, hours);
            Assert.True(registration.ChangeContacts([Of(_world.AlphaAdmin, "平日 9:00-18:00"), Of(_world.AlphaDeputy, null)], _world.Clock.GetUtcNow()).IsOk);
            db.SaveChanges();
        }

        return device;
    }

    private async Task FailAsync(Device device, EventSeverity severity) =>
        Assert.Equal(IntakeOutcome.Recorded, (await _world.ReceiveAsync("gw", new IntakeReport(
            Guid.NewGuid().ToString("N"), IntakeType.Failure, device.ModelNumber, device.SerialNumber, null, null, _world.Clock.GetUtcNow(), null,
            new ReportEvent(EventCategory.Power, $"PSU-{Guid.NewGuid():N}"[..10], severity, "電源ユニット障害"), ReportMeans.Https, ReportRoute.Agent))).Outcome);

    [Fact]
    public async Task TheListShowsCriticalFirstThenOldestWithContactsAndHours()
    {
        var warningOld = Opened("warning-old", twoContacts: true);
        var criticalNew = Opened("critical-new", twoContacts: true);
        var criticalOld = Opened("critical-old", twoContacts: true);
        await FailAsync(warningOld, EventSeverity.Warning);
        _world.Clock.Advance(TimeSpan.FromMinutes(1));
        await FailAsync(criticalOld, EventSeverity.Critical);
        _world.Clock.Advance(TimeSpan.FromMinutes(1));
        await FailAsync(criticalNew, EventSeverity.Critical);
        _world.ActAsStaff();

        var tasks = (await List.HandleAsync(new())).Value!;

        Assert.Equal(["critical-old", "critical-new", "warning-old"], tasks.Select(t => t.HostName));
        var first = tasks[0];
        Assert.Equal(1, first.NextContactPriority);
        Assert.Equal([(1, _world.AlphaAdmin.Phone, "平日 9:00-18:00"), (2, _world.AlphaDeputy.Phone, null)], first.Contacts.Select(c => (c.Priority, c.Phone, c.ReachableHours)));
        Assert.Equal("電源ユニット障害", first.Message);
    }

    [Fact]
    public async Task NoAnswerFromContactOneLeadsToContactTwoAndEachStepIsTimedAndAudited()
    {
        var device = Opened("alpha-01", twoContacts: true);
        await FailAsync(device, EventSeverity.Critical);
        _world.ActAsStaff();
        var task = (await List.HandleAsync(new())).Value!.Single();

        var tooEarly = await Record.HandleAsync(new(task.Id, CallOutcome.ReachedContact2));
        _world.Clock.Advance(TimeSpan.FromMinutes(3));
        var noAnswer = await Record.HandleAsync(new(task.Id, CallOutcome.NoAnswerContact1));
        var afterNoAnswer = (await List.HandleAsync(new())).Value!.Single();
        _world.Clock.Advance(TimeSpan.FromMinutes(2));
        var reached = await Record.HandleAsync(new(task.Id, CallOutcome.ReachedContact2));

        Assert.Equal(ErrorCodes.InvalidTransition, tooEarly.Errors.Single().Code);
        Assert.True(noAnswer.IsOk);
        Assert.Equal(2, afterNoAnswer.NextContactPriority);
        Assert.True(reached.IsOk);
        Assert.Empty((await List.HandleAsync(new())).Value!);
        var closed = (await List.HandleAsync(new(device.Id))).Value!.Single();
        Assert.Equal(CallTaskState.Closed, closed.State);
        Assert.Equal(
            [(CallOutcome.NoAnswerContact1, World.Start.AddMinutes(3), _world.Staff.Name), (CallOutcome.ReachedContact2, World.Start.AddMinutes(5), _world.Staff.Name)],
            closed.Steps.Select(s => (s.Outcome, s.At, s.ActorName)));
        await using var db = _world.Database.CreateContext();
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == "RecordCall" && a.DeviceId == device.Id));
    }

    [Fact]
    public async Task WithoutContactTwoNoAnswerEndsInUnreachable()
    {
        var device = Opened("alpha-01", twoContacts: false);
        await FailAsync(device, EventSeverity.Critical);
        _world.ActAsStaff();
        var id = (await List.HandleAsync(new())).Value!.Single().Id;

        await Record.HandleAsync(new(id, CallOutcome.NoAnswerContact1));
        var contact2 = await Record.HandleAsync(new(id, CallOutcome.ReachedContact2));
        var unreachable = await Record.HandleAsync(new(id, CallOutcome.Unreachable));
        var afterClose = await Record.HandleAsync(new(id, CallOutcome.ReachedContact1));

        Assert.Equal(ErrorCodes.InvalidTransition, contact2.Errors.Single().Code);
        Assert.True(unreachable.IsOk);
        Assert.Equal(ErrorCodes.InvalidTransition, afterClose.Errors.Single().Code);
    }

    [Fact]
    public async Task CustomersCanNeitherSeeNorWorkTheCallList()
    {
        var device = Opened("alpha-01", twoContacts: true);
        await FailAsync(device, EventSeverity.Critical);
        _world.ActAsStaff();
        var id = (await List.HandleAsync(new())).Value!.Single().Id;
        _world.ActAs(_world.AlphaAdmin);

        Assert.Equal(ResultStatus.Forbidden, (await List.HandleAsync(new())).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Record.HandleAsync(new(id, CallOutcome.ReachedContact1))).Status);
        Assert.Equal(ResultStatus.Forbidden, (await new SearchAuditHandler(_world.Factory, _world.User).HandleAsync(new AuditQuery())).Status);
        Assert.Equal(ResultStatus.Forbidden, (await new StaffAccessUseCases(_world).GiveReasonAsync("x")).Status);
    }

    [Fact]
    public async Task StaffSeeCustomerDataOnlyOnceTheSessionHasAReasonAndEachViewIsAuditedWithIt()
    {
        var device = Opened("alpha-01", twoContacts: false);
        _world.ActAsStaff(withReason: false);
        var access = new StaffAccessUseCases(_world);
        var detail = new Portal.Application.Features.Devices.GetDeviceDetailHandler(_world.Factory, _world.User, _world.Clock);

        Assert.Equal(ErrorCodes.StaffReasonRequired, (await detail.HandleAsync(new(device.Id))).Errors.Single().Code);
        Assert.Equal(ErrorCodes.StaffReasonRequired, (await List.HandleAsync(new())).Errors.Single().Code);
        Assert.Equal(ErrorCodes.StaffReasonRequired, (await access.RecordViewAsync("Device", deviceId: device.Id)).Errors.Single().Code);
        Assert.Equal(ErrorCodes.ReasonRequired, (await access.GiveReasonAsync("  ")).Errors.Single().Code);
        Assert.True((await access.GiveReasonAsync("お客様からのお電話 (受付 12345)")).IsOk);
        Assert.True((await access.RecordViewAsync("Device", deviceId: device.Id)).IsOk);
        Assert.True((await detail.HandleAsync(new(device.Id))).IsOk);

        await using var db = _world.Database.CreateContext();
        var entry = await db.AuditEntries.SingleAsync(a => a.Action == "StaffViewed");
        Assert.Equal((device.Id, _world.Staff.Id), (entry.DeviceId!.Value, entry.ActorUserId!.Value));
        Assert.Contains("受付 12345", entry.After, StringComparison.Ordinal);
        Assert.Single(await db.AuditEntries.Where(a => a.Action == "StaffGaveReason").ToListAsync());

        // A new sign-in session asks again.
        _world.ActAsStaff(withReason: false);
        Assert.Null(await access.ReasonAsync());
    }

    [Fact]
    public async Task APageShownAgainWithinFifteenMinutesIsTheViewAlreadyRecordedButEveryExportIsRecorded()
    {
        var device = Opened("alpha-01", twoContacts: false);
        _world.ActAsStaff();
        var access = new StaffAccessUseCases(_world);

        await access.RecordViewAsync("Device", deviceId: device.Id);
        _world.Clock.Advance(TimeSpan.FromMinutes(14));
        await access.RecordViewAsync("Device", deviceId: device.Id);
        // Another filter of the same page is another view.
        await access.RecordViewAsync("Device", "?kind=Report", device.Id);
        await access.RecordViewAsync("DeviceTimelineExport", "?kind=Report", device.Id, rows: 3);
        await access.RecordViewAsync("DeviceTimelineExport", "?kind=Report", device.Id, rows: 3);
        _world.Clock.Advance(TimeSpan.FromMinutes(16));
        await access.RecordViewAsync("Device", deviceId: device.Id);

        await using var db = _world.Database.CreateContext();
        var views = await db.AuditEntries.Where(a => a.Action == AuditAction.StaffViewed.Name).OrderBy(a => a.Id).Select(a => new { a.EntityId, a.At }).ToListAsync();
        Assert.Equal(
            [("Device", World.Start), ("Device", World.Start.AddMinutes(14)), ("DeviceTimelineExport", World.Start.AddMinutes(14)), ("DeviceTimelineExport", World.Start.AddMinutes(14)), ("Device", World.Start.AddMinutes(30))],
            views.Select(v => (v.EntityId, v.At)));
    }

    [Fact]
    public async Task TheAuditTrailFiltersByDevicePersonAndJapanDate()
    {
        var device = Opened("alpha-01", twoContacts: false);
        var other = Opened("alpha-02", twoContacts: false);
        _world.ActAsStaff();
        var access = new StaffAccessUseCases(_world);
        await access.RecordViewAsync("Device", "調査", device.Id);
        await access.RecordViewAsync("Device", "調査", other.Id);
        _world.Clock.Advance(TimeSpan.FromDays(1));
        await access.RecordViewAsync("Device", "再調査", device.Id);
        var audit = new SearchAuditHandler(_world.Factory, _world.User);

        var byDevice = (await audit.HandleAsync(new AuditQuery(DeviceManagementNumber: device.DeviceManagementNumber))).Value!.Rows;
        var byPerson = (await audit.HandleAsync(new AuditQuery(Actor: _world.Staff.Name))).Value!.Rows;
        var firstDay = (await audit.HandleAsync(new AuditQuery(From: new DateOnly(2026, 11, 20), To: new DateOnly(2026, 11, 20)))).Value!.Rows;
        var paged = (await audit.HandleAsync(new AuditQuery(Actor: _world.Staff.Name, PageSize: 2))).Value!;

        Assert.Equal(2, byDevice.Count);
        Assert.All(byDevice, r => Assert.Equal(device.DeviceManagementNumber, r.DeviceManagementNumber));
        Assert.Equal(3, byPerson.Count);
        Assert.Equal(2, firstDay.Count(r => r.Action == "StaffViewed"));
        Assert.Contains(byPerson[0].Fields, f => f.After == "再調査");
        Assert.Equal(2, paged.Rows.Count);
        Assert.Single((await audit.HandleAsync(new AuditQuery(Actor: _world.Staff.Name, BeforeId: paged.NextBeforeId))).Value!.Rows);
    }

    public void Dispose() => _world.Dispose();

    /// <summary>The staff access use cases, for the tests that walk a session's reason and views.</summary>
    private sealed class StaffAccessUseCases(World world)
    {
        public Task<Result> GiveReasonAsync(string? reason) => new GiveStaffReasonHandler(world.Factory, world.User, world.Clock).HandleAsync(new(reason));

        public Task<string?> ReasonAsync() => new GetStaffReasonHandler(world.Factory, world.User).HandleAsync(new());

        public Task<Result> RecordViewAsync(string what, object? detail = null, Guid? deviceId = null, int? rows = null) =>
            new RecordStaffViewHandler(world.Factory, world.User, world.Clock).HandleAsync(new(what, detail, deviceId, rows));
    }
}
