using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;
using Portal.Application.Features.Devices;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

public sealed class ListMyDevicesTests : IDisposable
{
    private readonly World _world = new();

    private ListMyDevicesHandler Handler => new(_world.Factory, _world.User, _world.Clock);

    [Fact]
    public async Task CustomerSeesOnlyTheDevicesOfTheirOwnSupportIds()
    {
        var mine = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        _world.AddDevice(_world.BetaAccount, "beta-01", ServiceStatus.Opened);
        _world.ActAs(_world.AlphaUser);

        var result = await Handler.HandleAsync(new ListMyDevicesQuery());

        var device = Assert.Single(result.Value!.Rows);
        Assert.Equal(mine.Id, device.Id);
        Assert.Equal(ServiceStatus.Opened, device.Status);
        Assert.Equal(MemberRole.User, device.Role);
        Assert.Equal("SP1000001", device.SupportId);
    }

    [Fact]
    public async Task OneDeviceByIdIsFoundOnlyAmongTheCustomersOwn()
    {
        var mine = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        _world.AddDevice(_world.AlphaAccount, "alpha-02", ServiceStatus.Opened);
        var theirs = _world.AddDevice(_world.BetaAccount, "beta-01", ServiceStatus.Opened);
        _world.ActAs(_world.AlphaUser);

        var found = (await Handler.HandleAsync(new ListMyDevicesQuery(DeviceId: mine.Id))).Value!;
        var other = (await Handler.HandleAsync(new ListMyDevicesQuery(DeviceId: theirs.Id))).Value!;

        Assert.Equal(mine.Id, Assert.Single(found.Rows).Id);
        Assert.Empty(other.Rows);
    }

    [Fact]
    public async Task AMemberOfTwoSupportIdsSeesBoth()
    {
        using (var db = _world.Database.CreateContext())
        {
            var beta = db.SupportAccounts.Single(a => a.Id == _world.BetaAccount.Id);
            beta.AddMember(_world.AlphaAdmin.Id, MemberRole.Deputy);
            db.SaveChanges();
        }

        _world.AddDevice(_world.AlphaAccount, "alpha-01");
        _world.AddDevice(_world.BetaAccount, "beta-01", ServiceStatus.Applied);
        _world.ActAs(_world.AlphaAdmin);

        var result = await Handler.HandleAsync(new ListMyDevicesQuery());

        Assert.Equal(["alpha-01", "beta-01"], result.Value!.Rows.Select(d => d.HostName));
        Assert.Equal([MemberRole.Administrator, MemberRole.Deputy], result.Value!.Rows.Select(d => d.Role));
    }

    [Fact]
    public async Task StatusIsTheRegistrationsStatus()
    {
        foreach (var status in Enum.GetValues<ServiceStatus>())
        {
            _world.AddDevice(_world.AlphaAccount, $"host-{status}", status);
        }

        _world.ActAs(_world.AlphaDeputy);

        var result = await Handler.HandleAsync(new ListMyDevicesQuery());

        Assert.Equal(
            Enum.GetValues<ServiceStatus>().Select(s => ($"host-{s}", s)).OrderBy(x => x.Item1),
            result.Value!.Rows.Select(d => (d.HostName, d.Status)).OrderBy(x => x.HostName));
        Assert.All(result.Value.Counts.Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task NobodySignedInIsRefused()
    {
        _world.AddDevice(_world.AlphaAccount, "alpha-01");
        _world.ActAnonymously();

        var result = await Handler.HandleAsync(new ListMyDevicesQuery());

        Assert.Equal(ResultStatus.Forbidden, result.Status);
        Assert.Null(result.Value);
    }

    [Fact]
    public async Task TheDatabasePagesSortsAndCountsForThePage()
    {
        AddThirtyAlphaDevices();

        _world.AddDevice(_world.BetaAccount, "beta-01", ServiceStatus.Opened);
        _world.ActAs(_world.AlphaAdmin);

        var first = (await Handler.HandleAsync(new ListMyDevicesQuery(Sort: DeviceSort.HostName, PageSize: 25))).Value!;
        Assert.Equal(25, first.Rows.Count);
        Assert.Equal("host-01", first.Rows[0].HostName);
        Assert.Equal((30, 1, 25), (first.Matching, first.Shown.First, first.Shown.Last));
        Assert.Equal(1, first.LastPage);
        Assert.Equal(10, first.Counts[ServiceStatus.Opened]);
        Assert.Equal(20, first.Counts[ServiceStatus.Applied]);
        Assert.Equal(0, first.Counts[ServiceStatus.Ended]);

        var last = (await Handler.HandleAsync(new ListMyDevicesQuery(Sort: DeviceSort.HostName, Page: 1, PageSize: 25))).Value!;
        Assert.Equal(["host-26", "host-27", "host-28", "host-29", "host-30"], last.Rows.Select(d => d.HostName));
        Assert.Equal((26, 30), last.Shown);

        // A page past the end is the last page; descending reverses the column.
        var beyond = (await Handler.HandleAsync(new ListMyDevicesQuery(Sort: DeviceSort.HostName, Descending: true, Page: 9, PageSize: 25))).Value!;
        Assert.Equal(1, beyond.Page);
        Assert.Equal(["host-05", "host-04", "host-03", "host-02", "host-01"], beyond.Rows.Select(d => d.HostName));
    }

    [Fact]
    public async Task SearchAndStatusNarrowTheRowsNotTheCounts()
    {
        AddThirtyAlphaDevices();

        _world.AddDevice(_world.AlphaAccount, "50%_off[1]", ServiceStatus.NotApplied);
        _world.ActAs(_world.AlphaAdmin);

        // Any part, in any case.
        var search = (await Handler.HandleAsync(new ListMyDevicesQuery(Search: " HOST-1 ", Sort: DeviceSort.HostName))).Value!;
        Assert.Equal(["host-10", "host-11", "host-12", "host-13", "host-14", "host-15", "host-16", "host-17", "host-18", "host-19"], search.Rows.Select(d => d.HostName));
        Assert.Equal(31, search.Total);

        var opened = (await Handler.HandleAsync(new ListMyDevicesQuery(Search: "host-1", Status: ServiceStatus.Opened, Sort: DeviceSort.HostName))).Value!;
        Assert.Equal(["host-12", "host-15", "host-18"], opened.Rows.Select(d => d.HostName));
        Assert.Equal(3, opened.Matching);

        // LIKE's wildcards in a term are the characters themselves.
        Assert.Equal(["50%_off[1]"], (await Handler.HandleAsync(new ListMyDevicesQuery(Search: "%_off["))).Value!.Rows.Select(d => d.HostName));
        Assert.Empty((await Handler.HandleAsync(new ListMyDevicesQuery(Search: "host_0"))).Value!.Rows);
        Assert.DoesNotContain((await Handler.HandleAsync(new ListMyDevicesQuery(Search: "%"))).Value!.Rows, d => d.HostName.StartsWith("host", StringComparison.Ordinal));
    }

    /// <summary>host-01 … host-30 on SP1000001: every third opened, the others applied for.</summary>
    private void AddThirtyAlphaDevices()
    {
        for (var i = 1; i <= 30; i++)
        {
            _world.AddDevice(_world.AlphaAccount, $"host-{i:D2}", i % 3 == 0 ? ServiceStatus.Opened : ServiceStatus.Applied);
        }
    }

    [Fact]
    public async Task TheHeartbeatFilterHoldsExactlyTheRowsWhoseMarkSaysSo()
    {
        // World.Start is 20 November in Japan. Expected days around it, with and without the scan's mark, and
        // last reports from yesterday to 50 days ago (silent after 45), over every state.
        var today = new DateOnly(2026, 11, 20);
        (string Host, int DueInDays, bool Marked, int? LastReportDaysAgo, int OpenedDaysAgo)[] cases =
        [
            ("on-time", 5, false, 1, 100),
            ("due", 0, false, 10, 100),
            ("late-1", -1, false, 20, 100),
            ("late-2", -2, false, 20, 100),
            ("overdue-3", -3, false, 20, 100),
            ("overdue-marked", 20, true, 40, 100),
            ("silent", -10, false, 50, 100),
            ("silent-never", 3, false, null, 46),
            ("just-opened", 3, false, null, 44),
        ];
        foreach (var c in cases)
        {
            var device = _world.AddDevice(_world.AlphaAccount, c.Host, ServiceStatus.Opened);
            if (c.LastReportDaysAgo is { } ago)
            {
                _world.AddReport(device, World.Start.AddDays(-ago));
            }

            await using var db = _world.Database.CreateContext();
            var registration = await db.Registrations.SingleAsync(r => r.DeviceId == device.Id);
            db.Entry(registration).Property(r => r.NextPeriodicDueOn).CurrentValue = today.AddDays(c.DueInDays);
            db.Entry(registration).Property(r => r.PeriodicOverdueSince).CurrentValue = c.Marked ? today.AddDays(-12) : null;
            db.Entry(registration).Property(r => r.OpenedAt).CurrentValue = World.Start.AddDays(-c.OpenedDaysAgo);
            await db.SaveChangesAsync();
        }

        _world.AddDevice(_world.AlphaAccount, "applied", ServiceStatus.Applied);
        _world.ActAs(_world.AlphaAdmin);

        var all = (await Handler.HandleAsync(new ListMyDevicesQuery(PageSize: 100))).Value!.Rows;
        var marks = all.Where(r => r.Heartbeat is not null).ToDictionary(r => r.HostName, r => r.Heartbeat!.State);

        Assert.Equal(
            new Dictionary<string, HeartbeatState>
            {
                ["on-time"] = HeartbeatState.OnTime, ["due"] = HeartbeatState.Due, ["late-1"] = HeartbeatState.Late, ["late-2"] = HeartbeatState.Late,
                ["overdue-3"] = HeartbeatState.Overdue, ["overdue-marked"] = HeartbeatState.Overdue, ["silent"] = HeartbeatState.Silent,
                ["silent-never"] = HeartbeatState.Silent, ["just-opened"] = HeartbeatState.OnTime,
            },
            marks);
        foreach (var state in Enum.GetValues<HeartbeatState>())
        {
            var filtered = (await Handler.HandleAsync(new ListMyDevicesQuery(PageSize: 100, Heartbeat: state))).Value!;
            Assert.Equal(marks.Where(m => m.Value == state).Select(m => m.Key).Order(), filtered.Rows.Select(r => r.HostName).Order());
            Assert.Equal(filtered.Rows.Count, filtered.Matching);
        }
    }

    [Fact]
    public async Task TheAttentionMarkFilterHoldsExactlyTheRowsWhoseMarksSaySoOnTheDashboardTheStaffConsoleAndItsOverview()
    {
        var today = JapanTime.DateOf(World.Start);
        var ready = _world.AddDevice(_world.AlphaAccount, "key-ready", ServiceStatus.Accepted);
        var waiting = _world.AddDevice(_world.AlphaAccount, "key-waiting", ServiceStatus.Accepted);
        var locked = _world.AddDevice(_world.AlphaAccount, "locked", ServiceStatus.Accepted);
        var maintained = _world.AddDevice(_world.AlphaAccount, "in-maintenance", ServiceStatus.Opened);
        _world.AddDevice(_world.AlphaAccount, "plain", ServiceStatus.Opened);
        // The contract's last day: today and 59 days on are within the 60 days, 60 days on is not; yesterday has passed.
        _world.AddDevice(_world.AlphaAccount, "ends-today", contract: Contract.Maintenance(today));
        _world.AddDevice(_world.AlphaAccount, "ends-in-59", ServiceStatus.Opened, contract: Contract.Maintenance(today.AddDays(59)));
        _world.AddDevice(_world.AlphaAccount, "ends-in-60", ServiceStatus.Opened, contract: Contract.Maintenance(today.AddDays(60)));
        _world.AddDevice(_world.AlphaAccount, "ended-yesterday", contract: Contract.Maintenance(today.AddDays(-1)));
        // Contacts: a copy older than the profile, a person who left the support ID, a mail that bounced; on an ended
        // service the centre no longer uses them, so the same stale copy is no mark there.
        var stale = _world.AddDevice(_world.AlphaAccount, "stale-copy", ServiceStatus.Opened);
        var departed = _world.AddDevice(_world.AlphaAccount, "departed", ServiceStatus.Applied);
        var bounced = _world.AddDevice(_world.AlphaAccount, "bounced", ServiceStatus.Opened);
        var ended = _world.AddDevice(_world.AlphaAccount, "ended-stale", ServiceStatus.Ended);
        await using (var db = _world.Database.CreateContext())
        {
            async Task Set(Guid device, DateTimeOffset keyIssuedAt, DateTimeOffset? lockedAt = null)
            {
                var registration = await db.Registrations.SingleAsync(r => r.DeviceId == device);
                db.Entry(registration).Property(r => r.KeyIssuedAt).CurrentValue = keyIssuedAt;
                db.Entry(registration).Property(r => r.OpeningLockedAt).CurrentValue = lockedAt;
            }

            async Task Contact(Guid device, Action<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<RegistrationContact>> change)
            {
                var registration = await db.Registrations.Include(r => r.Contacts).SingleAsync(r => r.DeviceId == device);
                change(db.Entry(registration.Contacts.Single()));
            }

            await Set(ready.Id, World.Start.AddMinutes(-60));
            await Set(waiting.Id, World.Start.AddMinutes(-59));
            await Set(locked.Id, World.Start.AddHours(-3), World.Start.AddMinutes(-5));
            await Contact(stale.Id, c => c.Property(x => x.Phone).CurrentValue = "03-0000-0000");
            await Contact(ended.Id, c => c.Property(x => x.Phone).CurrentValue = "03-0000-0000");
            await Contact(departed.Id, c => c.Property(x => x.UserId).CurrentValue = _world.BetaAdmin.Id);
            var window = Portal.Application.Domain.Maintenance.MaintenanceWindow.Schedule(
                maintained.Id, World.Start.AddHours(-1), World.Start.AddHours(1), "作業", _world.AlphaAdmin.Id, World.Start.AddDays(-4));
            Assert.True(window.IsOk);
            db.MaintenanceWindows.Add(window.Value!);
            var mail = new Portal.Application.Domain.Notifications.Notification(
                Guid.CreateVersion7(), "FailureDetected", Portal.Application.Domain.Notifications.MailLane.Alert, _world.AlphaAdmin.Email, "件名", "本文", "ja", bounced.Id, World.Start.AddHours(-1));
            mail.MarkFailed("550 5.1.1 no such mailbox");
            db.Notifications.Add(mail);
            await db.SaveChangesAsync();
        }

        _world.ActAs(_world.AlphaAdmin);
        var all = (await Handler.HandleAsync(new ListMyDevicesQuery(PageSize: 100))).Value!.Rows;
        var marks = all.Where(r => r.Marks is not null).ToDictionary(r => r.HostName, r => Assert.Single(r.Marks!));

        Assert.Equal(
            new Dictionary<string, Attention>
            {
                ["key-ready"] = new(AttentionMark.KeyReady),
                ["key-waiting"] = new(AttentionMark.KeyNotYetUsable, At: World.Start.AddMinutes(1)),
                ["locked"] = new(AttentionMark.OpeningLocked),
                ["in-maintenance"] = new(AttentionMark.MaintenanceNow),
                ["ends-today"] = new(AttentionMark.ContractExpiring, On: today),
                ["ends-in-59"] = new(AttentionMark.ContractExpiring, On: today.AddDays(59)),
                ["ended-yesterday"] = new(AttentionMark.ContractExpired, On: today.AddDays(-1)),
                ["stale-copy"] = new(AttentionMark.ContactsStale),
                ["departed"] = new(AttentionMark.ContactsStale),
                ["bounced"] = new(AttentionMark.ContactsBounced),
            },
            marks);
        foreach (var mark in Enum.GetValues<AttentionMark>())
        {
            var filtered = (await Handler.HandleAsync(new ListMyDevicesQuery(PageSize: 100, Mark: mark))).Value!;
            Assert.Equal(marks.Where(m => m.Value.Mark == mark).Select(m => m.Key).Order(), filtered.Rows.Select(r => r.HostName).Order());
        }

        // Staff see the same marks on their console, filter on them across customers, and count them in the overview.
        _world.AddDevice(_world.BetaAccount, "beta-ends-soon", contract: Contract.Maintenance(today.AddDays(10)));
        _world.ActAsStaff();
        var staff = new Portal.Application.Features.Staff.SearchDevicesHandler(_world.Factory, _world.User, _world.Clock);
        var overview = (await new Portal.Application.Features.Staff.GetAttentionOverviewHandler(_world.Factory, _world.User, _world.Clock).HandleAsync(new())).Value!;
        foreach (var mark in Enum.GetValues<AttentionMark>())
        {
            var expected = marks.Where(m => m.Value.Mark == mark).Select(m => m.Key).Concat(mark == AttentionMark.ContractExpiring ? ["beta-ends-soon"] : []).Order().ToList();
            var listed = (await staff.HandleAsync(new Portal.Application.Features.Staff.SearchDevicesQuery(null, Mark: mark))).Value!;
            Assert.Equal(expected, listed.Select(r => r.HostName).Order());
            Assert.All(listed, r => Assert.Contains(r.Marks!, m => m.Mark == mark));
            Assert.Equal(expected.Count, overview.Marks[mark]);
        }

        // A term and a filter together: the term's matches that carry the mark.
        var narrowed = (await staff.HandleAsync(new Portal.Application.Features.Staff.SearchDevicesQuery("ends", Mark: AttentionMark.ContractExpiring))).Value!;
        Assert.Equal(["ends-in-59", "ends-today"], narrowed.Select(r => r.HostName).Order());
    }

    public void Dispose() => _world.Dispose();
}
