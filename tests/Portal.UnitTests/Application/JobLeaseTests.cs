using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Portal.Infrastructure.Jobs;
using Portal.Infrastructure.Persistence;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

/// <summary>
/// The centre's jobs on several instances (each a <see cref="CentreJobs"/> with its own holder name) sharing one
/// database file: one runs a job at a time, once per interval across them all, and a dead or stalled holder's job
/// passes to another when its lease runs out.
/// </summary>
public sealed class JobLeaseTests : IDisposable
{
    private const string Job = "periodic-overdue";
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    private readonly TestDatabase _database = TestDatabase.FileBacked(SqliteBusyTimeout.Instance);
    private readonly FakeTimeProvider _clock = new(World.Start);
    private readonly ServiceProvider _services = new ServiceCollection().BuildServiceProvider();
    private int _runs;

    private CentreJobs Instance(Portal.Application.Abstractions.IPortalDbContextFactory? database = null) => new(
        _services.GetRequiredService<IServiceScopeFactory>(),
        database ?? _database,
        _clock,
        Microsoft.Extensions.Options.Options.Create(new CentreJobOptions { JobIntervalMinutes = Interval.TotalMinutes, JobLeaseSeconds = Lease.TotalSeconds }),
        NullLogger<CentreJobs>.Instance);

    private (string, Func<IServiceProvider, CancellationToken, Task<int>>)[] Counting(Func<CancellationToken, Task>? body = null) =>
    [
        ("counted", async (_, ct) =>
        {
            Interlocked.Increment(ref _runs);
            await (body?.Invoke(ct) ?? Task.CompletedTask);
            return 1;
        }),
    ];

    /// <summary>Starts a run whose step waits until it is cancelled; returns once the step is running.</summary>
    private async Task<(Task<bool> Running, Task Stopped)> RunUntilStoppedAsync(CentreJobs instance)
    {
        var entered = new TaskCompletionSource();
        var stopped = new TaskCompletionSource();
        var running = instance.RunIfDueAsync(Job, Counting(async ct =>
        {
            entered.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                stopped.SetResult();
                throw;
            }
        }), CancellationToken.None);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return (running, stopped.Task);
    }

    private async Task<JobLease> Row()
    {
        await using var db = _database.CreateContext();
        return await db.JobLeases.AsNoTracking().SingleAsync(j => j.Name == Job);
    }

    private static async Task<CentreJobs> KnownAsync(CentreJobs instance)
    {
        await instance.EnsureJobsKnownAsync(CancellationToken.None);
        return instance;
    }

    [Fact]
    public async Task WhileOneInstanceRunsAJobAnotherDoesNotAndAfterItTheNextRunWaitsForTheInterval()
    {
        var a = await KnownAsync(Instance());
        var b = await KnownAsync(Instance());
        var entered = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var running = a.RunIfDueAsync(Job, Counting(async _ => { entered.SetResult(); await release.Task; }), CancellationToken.None);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(await b.RunIfDueAsync(Job, Counting(), CancellationToken.None));
        Assert.NotNull((await Row()).Holder);
        release.SetResult();
        Assert.True(await running);

        var row = await Row();
        Assert.Null(row.Holder);
        Assert.Equal(World.Start, row.LastRunAt);
        Assert.False(await b.RunIfDueAsync(Job, Counting(), CancellationToken.None));

        _clock.Advance(Interval);
        Assert.True(await b.RunIfDueAsync(Job, Counting(), CancellationToken.None));
        Assert.Equal(2, _runs);
    }

    [Fact]
    public async Task FourInstancesLookingAtOnceRunTheJobOnce()
    {
        var instances = new List<CentreJobs>();
        for (var i = 0; i < 4; i++)
        {
            instances.Add(await KnownAsync(Instance()));
        }

        var taken = await Task.WhenAll(instances.Select(i => Task.Run(() => i.RunIfDueAsync(Job, Counting(ct => Task.Delay(200, ct)), CancellationToken.None))));

        Assert.Single(taken, t => t);
        Assert.Equal(1, _runs);
    }

    [Fact]
    public async Task ADeadHoldersJobPassesToAnotherInstanceWhenItsLeaseRunsOut()
    {
        var b = await KnownAsync(Instance());
        await using (var db = _database.CreateContext())
        {
            var until = _clock.GetUtcNow() + Lease;
            await db.JobLeases.ExecuteUpdateAsync(s => s.SetProperty(j => j.Holder, "killed/1/x").SetProperty(j => j.HeldUntil, until));
        }

        Assert.False(await b.RunIfDueAsync(Job, Counting(), CancellationToken.None));
        _clock.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.False(await b.RunIfDueAsync(Job, Counting(), CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await b.RunIfDueAsync(Job, Counting(), CancellationToken.None));
        Assert.Equal(1, _runs);
    }

    [Fact]
    public async Task AHolderThatFindsItsJobTakenOverStopsItsRun()
    {
        var a = await KnownAsync(Instance());
        var (running, stopped) = await RunUntilStoppedAsync(a);

        // As if a's process stalled past its lease and another instance took the job.
        await using (var db = _database.CreateContext())
        {
            await db.JobLeases.ExecuteUpdateAsync(s => s.SetProperty(j => j.Holder, "other/2/y"));
        }

        _clock.Advance(Lease / 3);
        await stopped.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await running.WaitAsync(TimeSpan.FromSeconds(10)));
        var row = await Row();
        Assert.Equal("other/2/y", row.Holder);
        Assert.Null(row.LastRunAt);
    }

    [Fact]
    public async Task AHolderRenewsWhileItRunsSoALongRunKeepsItsJob()
    {
        var a = await KnownAsync(Instance());
        var b = await KnownAsync(Instance());
        var entered = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var running = a.RunIfDueAsync(Job, Counting(async _ => { entered.SetResult(); await release.Task; }), CancellationToken.None);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        for (var i = 0; i < 6; i++)
        {
            var before = (await Row()).HeldUntil;
            _clock.Advance(Lease / 3);
            await WaitUntil(async () => (await Row()).HeldUntil > before);
        }

        // Two leases later, the job is still a's.
        Assert.False(await b.RunIfDueAsync(Job, Counting(), CancellationToken.None));
        release.SetResult();
        Assert.True(await running);
        Assert.Equal(1, _runs);
    }

    [Fact]
    public async Task AHolderThatCannotRenewStopsBeforeItsLeaseRunsOut()
    {
        var database = new Unreachable(_database);
        var a = await KnownAsync(Instance(database));
        var (running, stopped) = await RunUntilStoppedAsync(a);

        database.Down = true;
        _clock.Advance(Lease / 3);
        await Task.Delay(300);
        Assert.False(stopped.IsCompleted, "one failed renewal with time left must not stop the run");
        _clock.Advance(Lease / 3);

        // Stopped with a third of the lease left: nobody else can have taken the job yet.
        await stopped.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await running.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>The database as an instance sees it when the network to it is cut.</summary>
    private sealed class Unreachable(TestDatabase inner) : Portal.Application.Abstractions.IPortalDbContextFactory
    {
        public volatile bool Down;

        public Portal.Application.Abstractions.IPortalDbContext Create() =>
            Down ? throw new TimeoutException("the database cannot be reached") : inner.Create();
    }

    [Fact]
    public async Task AShutdownMidRunFreesTheJobForAnotherInstanceAtOnce()
    {
        var a = await KnownAsync(Instance());
        var b = await KnownAsync(Instance());
        using var stopping = new CancellationTokenSource();
        var entered = new TaskCompletionSource();
        var running = a.RunIfDueAsync(Job, Counting(async ct => { entered.SetResult(); await Task.Delay(Timeout.Infinite, ct); }), stopping.Token);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await stopping.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        Assert.True(await b.RunIfDueAsync(Job, Counting(), CancellationToken.None));
        Assert.Equal(2, _runs);
    }

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not become true within 10 s");
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        _services.Dispose();
        _database.Dispose();
    }
}
