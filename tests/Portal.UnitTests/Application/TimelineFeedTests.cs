using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Application.Domain.Calls;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Features.Devices;
using Portal.Application.Features.Intake;
using Portal.Application.Features.Staff;
using Portal.Infrastructure.Live;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

/// <summary>The live feed: keyed by support account, raised by each instance's poller from the signal in the database.</summary>
public sealed class TimelineFeedTests : IDisposable
{
    private readonly World _world = new();

    [Fact]
    public void ASubscriberHearsOnlyItsOwnSupportAccountsWhenTheirSignalMovesUntilItLeaves()
    {
        var feed = new TimelineFeed();
        var alpha = new List<Guid>();
        var everything = 0;
        var subscription = feed.Subscribe([_world.AlphaAccount.Id], alpha.Add, new Dictionary<Guid, long> { [_world.AlphaAccount.Id] = 5 });
        using var staff = feed.SubscribeToEverything(_ => everything++, seenSum: 10);

        feed.Observed(new Dictionary<Guid, long> { [_world.BetaAccount.Id] = 7, [_world.AlphaAccount.Id] = 5 });
        feed.Observed(new Dictionary<Guid, long> { [_world.AlphaAccount.Id] = 6 });
        feed.Observed(new Dictionary<Guid, long> { [_world.AlphaAccount.Id] = 6 });
        feed.ObservedSum(10);
        feed.ObservedSum(11);
        subscription.Dispose();
        feed.Observed(new Dictionary<Guid, long> { [_world.AlphaAccount.Id] = 8 });

        Assert.Equal([_world.AlphaAccount.Id], alpha);
        Assert.Equal(1, everything);
        Assert.Empty(feed.Accounts);
    }

    [Fact]
    public async Task ANoticeRunsInTheSubscribersCultureNotThePollersThread()
    {
        var feed = new TimelineFeed();
        string? heardIn = null;
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("ja-JP");
        IDisposable subscription;
        try
        {
            subscription = feed.Subscribe([_world.AlphaAccount.Id], _ => heardIn = System.Globalization.CultureInfo.CurrentUICulture.Name, new Dictionary<Guid, long> { [_world.AlphaAccount.Id] = 0 });
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }

        await Task.Run(() =>
        {
            System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.InvariantCulture;
            feed.Observed(new Dictionary<Guid, long> { [_world.AlphaAccount.Id] = 1 });
        });
        subscription.Dispose();

        Assert.Equal("ja-JP", heardIn);
    }

    [Fact]
    public async Task AReportRightAfterAPageReadItsSignalIsHeardOnTheFirstTick()
    {
        var device = OpenedWithContact(_world.AlphaAccount, "alpha-01");
        var feed = new TimelineFeed();
        var poller = new TimelineSignalPoller(_world.Factory, feed, _world.Clock, Microsoft.Extensions.Options.Options.Create(new LiveOptions()), NullLogger<TimelineSignalPoller>.Instance);
        _world.ActAs(_world.AlphaAdmin);
        var heard = 0;
        using var page = await new TimelineFeedAccess(_world.Factory, _world.User, feed).SubscribeAsync(_ => heard++);

        await SendFailureAsync(device, "right-after");
        await poller.PollAsync();

        Assert.Equal(1, heard);
    }

    [Fact]
    public async Task AReportACallOutcomeAndNothingElseReachThePagesOfItsCustomerOnEveryInstanceOnce()
    {
        var alphaDevice = OpenedWithContact(_world.AlphaAccount, "alpha-01");
        var betaDevice = OpenedWithContact(_world.BetaAccount, "beta-01");

        // Two instances on one database, each with its feed and poller; a page of Alpha open on each.
        var instances = Enumerable.Range(0, 2).Select(_ =>
        {
            var feed = new TimelineFeed();
            var heard = new List<Guid>();
            feed.Subscribe([_world.AlphaAccount.Id], heard.Add);
            var poller = new TimelineSignalPoller(_world.Factory, feed, _world.Clock, Microsoft.Extensions.Options.Options.Create(new LiveOptions()), NullLogger<TimelineSignalPoller>.Instance);
            return (Poller: poller, Heard: heard);
        }).ToList();
        async Task PollAllAsync()
        {
            foreach (var instance in instances)
            {
                await instance.Poller.PollAsync();
            }
        }

        await PollAllAsync();
        await SendFailureAsync(betaDevice, "beta-1");
        await PollAllAsync();
        Assert.All(instances, i => Assert.Empty(i.Heard));

        // Two reports between ticks: one notice.
        await SendFailureAsync(alphaDevice, "alpha-1");
        await SendFailureAsync(alphaDevice, "alpha-2");
        await PollAllAsync();
        await PollAllAsync();
        Assert.All(instances, i => Assert.Equal([_world.AlphaAccount.Id], i.Heard));

        _world.ActAsStaff();
        Guid taskId;
        await using (var db = _world.Database.CreateContext())
        {
            taskId = (await db.CallTasks.FirstAsync(t => t.DeviceId == alphaDevice.Id)).Id;
        }

        Assert.True((await new RecordCallOutcomeHandler(_world.Factory, _world.User, _world.Clock).HandleAsync(new(taskId, CallOutcome.ReachedContact1))).IsOk);
        await PollAllAsync();
        Assert.All(instances, i => Assert.Equal([_world.AlphaAccount.Id, _world.AlphaAccount.Id], i.Heard));
    }

    private Portal.Application.Domain.Devices.Device OpenedWithContact(Portal.Application.Domain.Customers.SupportAccount account, string hostName)
    {
        var device = _world.AddDevice(account, hostName, ServiceStatus.Opened);
        var person = account.Id == _world.AlphaAccount.Id ? _world.AlphaAdmin : _world.BetaAdmin;
        using var db = _world.Database.CreateContext();
        var registration = db.Registrations.Include(r => r.Contacts).Single(r => r.DeviceId == device.Id);
        Assert.True(registration.ChangeContacts([new ContactChoice(person.Id, person.Name, person.Email, person.Phone, person.Affiliation, null)], _world.Clock.GetUtcNow()).IsOk);
        db.SaveChanges();
        return device;
    }

    private async Task SendFailureAsync(Portal.Application.Domain.Devices.Device device, string id)
    {
        var response = await _world.ReceiveAsync("gateway", new IntakeReport(
            id, IntakeType.Failure, device.ModelNumber, device.SerialNumber, null, null, _world.Clock.GetUtcNow(), null,
            new ReportEvent(EventCategory.Disk, $"DSK-{id}", EventSeverity.Critical, "ディスク障害"), ReportMeans.Https, ReportRoute.Agent));
        Assert.Contains(response.Outcome, new[] { IntakeOutcome.Recorded, IntakeOutcome.Suppressed });
    }

    public void Dispose() => _world.Dispose();
}
