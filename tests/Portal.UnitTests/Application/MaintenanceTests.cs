using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Maintenance;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Features.Intake;
using Portal.Application.Features.Maintenance;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

public sealed class MaintenanceTests : IDisposable
{
    private static readonly TimeSpan Notice = TimeSpan.FromHours(72);
    private readonly World _world = new();
    private readonly Device _device;

    public MaintenanceTests()
    {
        _device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        _world.ActAs(_world.AlphaAdmin);
    }

    private ScheduleMaintenanceHandler Schedule => new(_world.Factory, _world.User, _world.Clock);

    private ScheduleRecurringMaintenanceHandler ScheduleRecurring => new(_world.Factory, _world.User, _world.Clock);

    private ChangeMaintenanceHandler Change => new(_world.Factory, _world.User, _world.Clock);

    private CancelMaintenanceHandler Cancel => new(_world.Factory, _world.User, _world.Clock);

    private CancelMaintenanceSeriesHandler CancelSeries => new(_world.Factory, _world.User, _world.Clock);

    private MaterializeMaintenanceSeriesHandler Materialize => new(_world.Factory, _world.Clock);

    private SendMaintenanceRemindersHandler Reminders => new(_world.Factory, _world.Clock);

    private Task<Result<int>> ScheduleAsync(DateTimeOffset start, DateTimeOffset end, Device? device = null) =>
        Schedule.HandleAsync(new ScheduleMaintenanceCommand([(device ?? _device).Id], start, end, "ファームウェア更新"));

    private async Task<List<MaintenanceWindow>> Windows()
    {
        await using var db = _world.Database.CreateContext();
        return await db.MaintenanceWindows.Where(w => w.DeviceId == _device.Id).OrderBy(w => w.StartsAt).ToListAsync();
    }

    [Fact]
    public async Task AStartAt71Hours59MinutesIsRefusedNamingTheEarliestAndAt72HoursAccepted()
    {
        var start = World.Start + Notice - TimeSpan.FromMinutes(1);

        var early = await ScheduleAsync(start, start.AddHours(4));
        var onTime = await ScheduleAsync(World.Start + Notice, World.Start + Notice + TimeSpan.FromHours(4));

        var error = Assert.Single(early.Errors);
        Assert.Equal((ErrorCodes.MaintenanceStartTooSoon, "StartsAt"), (error.Code, error.Field));
        Assert.Equal(World.Start + Notice, DateTimeOffset.Parse(error.Argument!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(onTime.IsOk, string.Join(",", onTime.Errors));
        Assert.Equal(World.Start + Notice, Assert.Single(await Windows()).StartsAt);
    }

    [Fact]
    public async Task AWindowLastsAtMostFourteenDaysAndEndsAfterItStarts()
    {
        var start = World.Start.AddDays(5);

        var fourteen = await ScheduleAsync(start, start.AddDays(14));
        var longer = await ScheduleAsync(start.AddDays(20), start.AddDays(34).AddMinutes(1));
        var backwards = await ScheduleAsync(start.AddDays(40), start.AddDays(40));

        Assert.True(fourteen.IsOk);
        Assert.Equal(ErrorCodes.MaintenanceTooLong, longer.Errors.Single().Code);
        Assert.Equal(ErrorCodes.MaintenanceEndBeforeStart, backwards.Errors.Single().Code);
    }

    [Fact]
    public async Task AnOverlappingWindowIsRefusedNamingTheOtherAndAnAdjacentOneIsFine()
    {
        var start = World.Start.AddDays(5);
        await ScheduleAsync(start, start.AddHours(4));

        var overlap = await ScheduleAsync(start.AddHours(3), start.AddHours(6));
        var adjacent = await ScheduleAsync(start.AddHours(4), start.AddHours(6));

        var error = overlap.Errors.Single();
        Assert.Equal(ErrorCodes.MaintenanceOverlap, error.Code);
        Assert.Equal(start, DateTimeOffset.Parse(error.Argument!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(adjacent.IsOk);
        Assert.Equal(2, (await Windows()).Count);
    }

    [Fact]
    public async Task FiveHundredDevicesAtOnceAreAllAnnouncedOrNoneAndEachOverlappingDeviceIsNamed()
    {
        var devices = Enumerable.Range(0, 499).Select(i => _world.AddDevice(_world.AlphaAccount, $"bulk-{i:D3}", ServiceStatus.Opened)).Prepend(_device).ToList();
        var start = World.Start.AddDays(5);
        await ScheduleAsync(start, start.AddHours(2), devices[7]);
        await ScheduleAsync(start.AddHours(1), start.AddHours(3), devices[300]);

        var refused = await Schedule.HandleAsync(new([.. devices.Select(d => d.Id)], start.AddHours(1), start.AddHours(2), "一括"));
        Assert.Equal(2, await AllWindowsAsync());
        var clear = start.AddDays(1);
        var stored = await Schedule.HandleAsync(new([.. devices.Select(d => d.Id)], clear, clear.AddHours(1), "一括"));

        Assert.Equal(ResultStatus.Invalid, refused.Status);
        Assert.Equal(new[] { devices[7].Id, devices[300].Id }.Order(), refused.Errors.Select(e => e.Subject!.Value).Order());
        Assert.All(refused.Errors, e => Assert.Equal(ErrorCodes.MaintenanceOverlap, e.Code));
        Assert.Equal(500, stored.Value);
        Assert.Equal(502, await AllWindowsAsync());

        async Task<int> AllWindowsAsync()
        {
            await using var db = _world.Database.CreateContext();
            return await db.MaintenanceWindows.CountAsync();
        }
    }

    [Fact]
    public async Task AChangeMadeAtAVersionIsRefusedOnceAnotherChangedTheWindowAndTwoAtOnceDoNotBothWin()
    {
        var start = World.Start.AddDays(5);
        await ScheduleAsync(start, start.AddHours(4));
        var window = (await Windows()).Single();

        var first = await Change.HandleAsync(new ChangeMaintenanceCommand(window.Id, start, start.AddHours(3), window.Sequence));
        var stale = await Change.HandleAsync(new ChangeMaintenanceCommand(window.Id, start, start.AddHours(2), window.Sequence));
        var racing = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Change.HandleAsync(new ChangeMaintenanceCommand(window.Id, start, start.AddHours(1).AddMinutes(i), window.Sequence + 1))));

        Assert.True(first.IsOk);
        Assert.Equal((ResultStatus.Conflict, ErrorCodes.StaleVersion), (stale.Status, stale.Errors[0].Code));
        Assert.Single(racing, r => r.IsOk);
        Assert.All(racing.Where(r => !r.IsOk), r => Assert.Equal(ErrorCodes.StaleVersion, r.Errors[0].Code));
        Assert.Equal(window.Sequence + 2, (await Windows()).Single().Sequence);
    }

    [Fact]
    public async Task SeveralDevicesAtOnceAndEachWindowIsAudited()
    {
        var second = _world.AddDevice(_world.AlphaAccount, "alpha-02", ServiceStatus.Opened);
        var start = World.Start.AddDays(4);

        var result = await Schedule.HandleAsync(new ScheduleMaintenanceCommand([_device.Id, second.Id], start, start.AddHours(2), "点検"));

        Assert.Equal(2, result.Value);
        await using var db = _world.Database.CreateContext();
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == "ScheduleMaintenance" && a.ActorUserId == _world.AlphaAdmin.Id));
    }

    [Fact]
    public async Task UsersAndOtherCustomersCannotRegister()
    {
        var start = World.Start.AddDays(5);
        _world.ActAs(_world.AlphaUser);
        var user = await ScheduleAsync(start, start.AddHours(1));
        _world.ActAs(_world.BetaAdmin);
        var other = await ScheduleAsync(start, start.AddHours(1));

        Assert.Equal((ResultStatus.Forbidden, ErrorCodes.MaintenanceRequiresAdministrator), (user.Status, user.Errors[0].Code));
        Assert.Equal(ResultStatus.NotFound, other.Status);
        Assert.Empty(await Windows());
    }

    [Fact]
    public async Task ShorteningAndCancellingAreAlwaysPossibleButExtendingObeysTheThreeDayRule()
    {
        var start = World.Start.AddDays(4);
        await ScheduleAsync(start, start.AddHours(4));
        var id = (await Windows())[0].Id;

        _world.Clock.Advance(TimeSpan.FromDays(2));
        var shorter = await Change.HandleAsync(new ChangeMaintenanceCommand(id, start.AddHours(1), start.AddHours(3)));
        var earlier = await Change.HandleAsync(new ChangeMaintenanceCommand(id, start.AddMinutes(-30), start.AddHours(3)));
        var later = await Change.HandleAsync(new ChangeMaintenanceCommand(id, start.AddHours(1), start.AddHours(5)));
        _world.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(2));
        var cancelled = await Cancel.HandleAsync(new CancelMaintenanceCommand(id));

        Assert.True(shorter.IsOk, string.Join(",", shorter.Errors));
        Assert.Equal(ErrorCodes.MaintenanceStartTooSoon, earlier.Errors.Single().Code);
        Assert.Equal((ErrorCodes.MaintenanceStartTooSoon, "EndsAt"), (later.Errors.Single().Code, later.Errors.Single().Field));
        Assert.True(cancelled.IsOk);
        var window = (await Windows())[0];
        Assert.Equal((start.AddHours(1), start.AddHours(3)), (window.StartsAt, window.EndsAt));
        Assert.NotNull(window.CancelledAt);
        await using var db = _world.Database.CreateContext();
        Assert.Equal(["ChangeMaintenance", "CancelMaintenance"], await db.AuditEntries.Where(a => a.EntityId == id.ToString() && a.Action != "ScheduleMaintenance").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task AnEndedWindowCannotBeChanged()
    {
        var start = World.Start.AddDays(4);
        await ScheduleAsync(start, start.AddHours(1));
        _world.Clock.Advance(TimeSpan.FromDays(5));

        var result = await Cancel.HandleAsync(new CancelMaintenanceCommand((await Windows())[0].Id));

        Assert.Equal(ErrorCodes.MaintenanceEnded, result.Errors.Single().Code);
    }

    [Fact]
    public void MonthlySeriesFallOnTheNthWeekdayAcrossMonthEndsInJapanTime()
    {
        var second = MaintenanceSeries.Create(Guid.NewGuid(), RecurrenceKind.MonthlyNthWeekday, 2, DayOfWeek.Saturday, new TimeOnly(1, 0), TimeSpan.FromHours(4), "月次", Guid.NewGuid(), World.Start).Value!;
        var last = MaintenanceSeries.Create(Guid.NewGuid(), RecurrenceKind.MonthlyNthWeekday, MaintenanceSeries.LastWeekOfMonth, DayOfWeek.Friday, new TimeOnly(22, 0), TimeSpan.FromHours(6), "月末", Guid.NewGuid(), World.Start).Value!;

        var seconds = second.Occurrences(new DateOnly(2027, 1, 1), new DateOnly(2027, 4, 30)).ToList();
        var lasts = last.Occurrences(new DateOnly(2027, 1, 1), new DateOnly(2027, 4, 30)).ToList();

        // 01:00 Japan time is 16:00 UTC the day before, all year: Japan keeps no daylight saving time.
        Assert.Equal(
            ["2027-01-08T16:00Z", "2027-02-12T16:00Z", "2027-03-12T16:00Z", "2027-04-09T16:00Z"],
            seconds.Select(o => o.StartsAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(seconds, o => Assert.Equal(TimeSpan.FromHours(4), o.EndsAt - o.StartsAt));
        Assert.Equal([new DateOnly(2027, 1, 29), new DateOnly(2027, 2, 26), new DateOnly(2027, 3, 26), new DateOnly(2027, 4, 30)], lasts.Select(o => DateOnly.FromDateTime(JapanTime.ToJapan(o.StartsAt).DateTime)));
        Assert.Equal(new DateTimeOffset(2027, 5, 1, 4, 0, 0, TimeSpan.FromHours(9)), lasts[^1].EndsAt);
    }

    [Fact]
    public async Task RecurringWindowsAreCreatedOnlyOnceAtLeastThreeDaysAheadAndTheJobAddsLaterOnes()
    {
        // Start is Friday 20 November 2026, 10:00 Japan time; every Monday 02:00-04:00.
        var result = await ScheduleRecurring.HandleAsync(new ScheduleRecurringMaintenanceCommand([_device.Id], RecurrenceKind.Weekly, 0, DayOfWeek.Monday, new TimeOnly(2, 0), TimeSpan.FromHours(2), "週次再起動"));

        var windows = await Windows();
        Assert.Equal(windows.Count, result.Value!.Windows);
        Assert.All(windows, w => Assert.True(w.StartsAt >= World.Start + Notice));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.FromHours(9)), windows[0].StartsAt);
        Assert.Equal(5, windows.Count); // 30 Nov to 28 Dec: the horizon is six weeks (1 January).
        Assert.Equal(new DateTimeOffset(2026, 12, 28, 2, 0, 0, TimeSpan.FromHours(9)), windows[^1].StartsAt);

        Assert.Equal(0, await Materialize.HandleAsync(new()));
        _world.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(1, await Materialize.HandleAsync(new()));
        Assert.Equal(6, (await Windows()).Select(w => w.StartsAt).Distinct().Count());
    }

    [Fact]
    public async Task AMovedOrCancelledOccurrenceIsNotCreatedAgain()
    {
        await ScheduleRecurring.HandleAsync(new ScheduleRecurringMaintenanceCommand([_device.Id], RecurrenceKind.Weekly, 0, DayOfWeek.Monday, new TimeOnly(2, 0), TimeSpan.FromHours(2), "週次"));
        var windows = await Windows();
        await Change.HandleAsync(new ChangeMaintenanceCommand(windows[0].Id, windows[0].StartsAt.AddDays(1), windows[0].EndsAt.AddDays(1)));
        await Cancel.HandleAsync(new CancelMaintenanceCommand(windows[1].Id));

        Assert.Equal(0, await Materialize.HandleAsync(new()));

        var after = await Windows();
        Assert.Equal(windows.Count, after.Count);
        Assert.Equal(windows[0].StartsAt.AddDays(1), after.Single(w => w.Id == windows[0].Id).StartsAt);
    }

    [Fact]
    public async Task PostponingAWindowDueTomorrowToNextWeekIsAllowed()
    {
        var start = World.Start.AddDays(4);
        await ScheduleAsync(start, start.AddHours(4));
        var id = (await Windows())[0].Id;
        _world.Clock.Advance(TimeSpan.FromDays(3));

        var moved = await Change.HandleAsync(new ChangeMaintenanceCommand(id, start.AddDays(7), start.AddDays(7).AddHours(4)));

        Assert.True(moved.IsOk, string.Join(",", moved.Errors));
    }

    [Fact]
    public async Task AFailureAfterOneNotActedOnDuringMaintenanceIsActedOn()
    {
        var start = World.Start.AddDays(4);
        await ScheduleAsync(start, start.AddHours(1));
        IntakeReport Failure() => new(Guid.NewGuid().ToString("N"), IntakeType.Failure, _device.ModelNumber, _device.SerialNumber, null, null, _world.Clock.GetUtcNow(), null,
            new ReportEvent(EventCategory.Fan, "FAN-0012", EventSeverity.Critical, "ファン停止"), ReportMeans.Https, ReportRoute.Agent);

        _world.Clock.SetUtcNow(start.AddMinutes(50));
        await _world.ReceiveAsync("gw", Failure());
        _world.Clock.SetUtcNow(start.AddMinutes(70));
        var after = await _world.ReceiveAsync("gw", Failure());

        Assert.Equal(IntakeOutcome.Recorded, after.Outcome);
        await using var db = _world.Database.CreateContext();
        Assert.Equal([ReportHandling.NotActedOnMaintenance, ReportHandling.ContactsNotified], await db.Reports.OrderBy(r => r.Id).Select(r => r.Handling).ToListAsync());
    }

    [Fact]
    public async Task ACalendarFeedShowsOnlyItsOwnSupportIdsWindows()
    {
        Portal.Application.Domain.Customers.SupportAccount lab;
        await using (var db = _world.Database.CreateContext())
        {
            var organization = (await db.SupportAccounts.SingleAsync(a => a.Id == _world.AlphaAccount.Id)).OrganizationId;
            lab = new Portal.Application.Domain.Customers.SupportAccount(Guid.NewGuid(), organization, "SP1000002");
            lab.AddMember(_world.AlphaAdmin.Id, Portal.Application.Domain.Customers.MemberRole.Administrator);
            db.SupportAccounts.Add(lab);
            await db.SaveChangesAsync();
        }

        var labDevice = _world.AddDevice(lab, "lab-01", ServiceStatus.Opened);
        var start = World.Start.AddDays(5);
        await ScheduleAsync(start, start.AddHours(1));
        await ScheduleAsync(start, start.AddHours(1), labDevice);
        var feeds = new CalendarFeeds(_world);

        _world.ActAs(_world.AlphaUser);
        var status = Assert.Single((await feeds.MyFeedsAsync()).Value!);
        Assert.Equal(("SP1000001", null, false), (status.SupportId, status.IssuedAt, status.CanRevokeAll));
        var link = (await feeds.IssueAsync(status.SupportAccountId)).Value!;
        var feed = (await feeds.FeedAsync(link.FeedId, link.Secret)).Value!;

        Assert.Equal([_device.DeviceManagementNumber], feed.Events.Select(e => e.DeviceManagementNumber));
        Assert.Equal(ResultStatus.NotFound, (await feeds.FeedAsync(link.FeedId, "guessed-secret")).Status);
        Assert.Equal(ResultStatus.NotFound, (await feeds.FeedAsync(Guid.NewGuid(), link.Secret)).Status);
        Assert.Equal(ResultStatus.NotFound, (await feeds.IssueAsync(lab.Id)).Status);
    }

    [Fact]
    public async Task AReissuedOrRevokedFeedStopsAndAnAdministratorCanEndEveryMembersFeed()
    {
        var feeds = new CalendarFeeds(_world);
        _world.ActAs(_world.AlphaUser);
        var first = (await feeds.IssueAsync(_world.AlphaAccount.Id)).Value!;
        var second = (await feeds.IssueAsync(_world.AlphaAccount.Id)).Value!;
        Assert.Equal(ResultStatus.NotFound, (await feeds.FeedAsync(first.FeedId, first.Secret)).Status);
        Assert.True((await feeds.FeedAsync(second.FeedId, second.Secret)).IsOk);
        Assert.Equal(ResultStatus.Forbidden, (await feeds.RevokeAllAsync(_world.AlphaAccount.Id)).Status);

        _world.ActAs(_world.AlphaDeputy);
        var deputys = (await feeds.IssueAsync(_world.AlphaAccount.Id)).Value!;
        Assert.True((await feeds.RevokeAsync(_world.AlphaAccount.Id)).IsOk);
        Assert.Equal(ResultStatus.NotFound, (await feeds.FeedAsync(deputys.FeedId, deputys.Secret)).Status);

        _world.ActAs(_world.AlphaAdmin);
        Assert.Equal(1, (await feeds.RevokeAllAsync(_world.AlphaAccount.Id)).Value);
        Assert.Equal(ResultStatus.NotFound, (await feeds.FeedAsync(second.FeedId, second.Secret)).Status);

        await using var db = _world.Database.CreateContext();
        Assert.Equal(
            ["IssueCalendarFeed", "IssueCalendarFeed", "IssueCalendarFeed", "RevokeCalendarFeed", "RevokeAllCalendarFeeds"],
            await db.AuditEntries.Where(a => a.Action.Contains("CalendarFeed")).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.All(await db.SupportMemberships.ToListAsync(), m => Assert.Null(m.CalendarFeedSecretHash));
    }

    [Fact]
    public async Task AFeedEndsWithItsMembership()
    {
        var feeds = new CalendarFeeds(_world);
        _world.ActAs(_world.AlphaUser);
        var link = (await feeds.IssueAsync(_world.AlphaAccount.Id)).Value!;

        await using (var db = _world.Database.CreateContext())
        {
            await db.SupportMemberships.Where(m => m.UserId == _world.AlphaUser.Id).ExecuteDeleteAsync();
        }

        Assert.Equal(ResultStatus.NotFound, (await feeds.FeedAsync(link.FeedId, link.Secret)).Status);
    }

    [Fact]
    public async Task StoppingASeriesCancelsItsFutureWindows()
    {
        await ScheduleRecurring.HandleAsync(new ScheduleRecurringMaintenanceCommand([_device.Id], RecurrenceKind.Weekly, 0, DayOfWeek.Monday, new TimeOnly(2, 0), TimeSpan.FromHours(2), "週次"));
        await using var db = _world.Database.CreateContext();
        var seriesId = (await db.MaintenanceSeries.SingleAsync()).Id;

        var result = await CancelSeries.HandleAsync(new CancelMaintenanceSeriesCommand(seriesId));

        Assert.True(result.IsOk);
        Assert.All(await Windows(), w => Assert.NotNull(w.CancelledAt));
        Assert.Equal(0, await Materialize.HandleAsync(new()));
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(4 * 3600 - 1, true)]
    [InlineData(4 * 3600, false)]
    public async Task AFailureAtTheEdgesOfAWindowIsActedOnOnlyInside(int secondsFromStart, bool inside)
    {
        var start = World.Start.AddDays(4);
        await ScheduleAsync(start, start.AddHours(4));
        _world.Clock.SetUtcNow(start.AddSeconds(secondsFromStart));

        var response = await _world.ReceiveAsync("gw", new IntakeReport(
            Guid.NewGuid().ToString("N"), IntakeType.Failure, _device.ModelNumber, _device.SerialNumber, null, null, _world.Clock.GetUtcNow(), null,
            new ReportEvent(EventCategory.Disk, "DISK-1", EventSeverity.Critical, "ディスク障害"), ReportMeans.Https, ReportRoute.Agent));

        Assert.Equal(IntakeOutcome.Recorded, response.Outcome);
        await using var db = _world.Database.CreateContext();
        var report = await db.Reports.SingleAsync(r => r.DeviceId == _device.Id);
        Assert.Equal(inside ? ReportHandling.NotActedOnMaintenance : ReportHandling.ContactsNotified, report.Handling);
        Assert.Equal(inside ? 0 : 1, await db.Notifications.CountAsync(n => n.DeviceId == _device.Id));
        Assert.Equal(inside ? 0 : 1, await db.CallTasks.CountAsync(c => c.DeviceId == _device.Id));
    }

    [Fact]
    public async Task ContactsAreRemindedTheDayBeforeOnce()
    {
        // Window on Tuesday 24 November 2026, 13:00-15:00 Japan time.
        var start = new DateTimeOffset(2026, 11, 24, 13, 0, 0, TimeSpan.FromHours(9));
        await ScheduleAsync(start, start.AddHours(2));

        _world.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 22, 23, 0, 0, TimeSpan.FromHours(9)));
        Assert.Equal(0, await Reminders.HandleAsync(new()));
        _world.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.FromHours(9)));
        Assert.Equal(1, await Reminders.HandleAsync(new()));
        _world.Clock.Advance(TimeSpan.FromHours(6));
        Assert.Equal(0, await Reminders.HandleAsync(new()));

        await using var db = _world.Database.CreateContext();
        var mail = await db.Notifications.SingleAsync(n => n.Kind == "MaintenanceReminder");
        Assert.Equal(_world.AlphaAdmin.Email, mail.Recipient);
        Assert.Contains("2026/11/24 13:00 - 2026/11/24 15:00", mail.Body, StringComparison.Ordinal);
    }

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task EveryChangeOfAWindowBumpsItsCalendarSequenceSoSubscribedCalendarsReplaceTheirCopy()
    {
        var start = World.Start.AddDays(5);
        await ScheduleAsync(start, start.AddHours(2));
        var id = (await Windows()).Single().Id;
        var feeds = new CalendarFeeds(_world);
        var link = (await feeds.IssueAsync(_world.AlphaAccount.Id)).Value!;
        async Task<int> SequenceAsync() => (await feeds.FeedAsync(link.FeedId, link.Secret)).Value!.Events.Single(e => e.Id == id).Sequence;

        Assert.Equal(0, await SequenceAsync());
        Assert.True((await Change.HandleAsync(new ChangeMaintenanceCommand(id, start, start.AddHours(1)))).IsOk);
        Assert.Equal(1, await SequenceAsync());
        Assert.True((await Change.HandleAsync(new ChangeMaintenanceCommand(id, start.AddMinutes(30), start.AddHours(1)))).IsOk);
        Assert.Equal(2, await SequenceAsync());
    }

    /// <summary>The calendar feed use cases, for the tests that walk a feed's life.</summary>
    private sealed class CalendarFeeds(World world)
    {
        public Task<Result<IReadOnlyList<CalendarFeedStatus>>> MyFeedsAsync() => new ListMyCalendarFeedsHandler(world.Factory, world.User).HandleAsync(new());

        public Task<Result<CalendarFeedLink>> IssueAsync(Guid supportAccountId) => new IssueCalendarFeedHandler(world.Factory, world.User, world.Clock).HandleAsync(new(supportAccountId));

        public Task<Result> RevokeAsync(Guid supportAccountId) => new RevokeCalendarFeedHandler(world.Factory, world.User, world.Clock).HandleAsync(new(supportAccountId));

        public Task<Result<int>> RevokeAllAsync(Guid supportAccountId) => new RevokeAllCalendarFeedsHandler(world.Factory, world.User, world.Clock).HandleAsync(new(supportAccountId));

        public Task<Result<CalendarFeed>> FeedAsync(Guid feedId, string secret) => new GetCalendarFeedHandler(world.Factory, world.Clock).HandleAsync(new(feedId, secret));
    }
}
