using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Features.Intake;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

/// <summary>Group commit: reports that arrive while a commit is flushing share the next one, each answered as if alone.</summary>
public sealed class IntakeQueueTests : IAsyncDisposable
{
    private readonly CommitGate _gate = new();
    private readonly World _world;
    private readonly IntakeQueue _queue;

    public IntakeQueueTests()
    {
        _world = new World(TestDatabase.FileBacked(_gate));
        _queue = new IntakeQueue(() => new ReceiveReportHandler(_world.Factory, _world.Clock));
    }

    [Fact]
    public async Task ReportsWaitingForACommitShareTheNextOneAndAreEachAnswered()
    {
        var devices = Enumerable.Range(1, 5).Select(i => _world.AddDevice(_world.AlphaAccount, $"alpha-0{i}", ServiceStatus.Opened)).ToList();
        IntakeReport Periodic(int n) => new($"p-{n}", IntakeType.Periodic, devices[n % 5].ModelNumber, devices[n % 5].SerialNumber, null, null,
            _world.Clock.GetUtcNow(), null, null, ReportMeans.Https, ReportRoute.Agent);

        // The first commit is held until all the others are queued behind it.
        var first = _queue.SubmitAsync("gw", Periodic(0));
        await _gate.FirstCommitReached.WaitAsync(TimeSpan.FromSeconds(10));
        var rest = Enumerable.Range(1, 99).Select(n => _queue.SubmitAsync("gw", Periodic(n))).ToList();
        var repeated = _queue.SubmitAsync("gw", Periodic(42));
        _gate.Release();
        var answers = await Task.WhenAll(rest.Prepend(first).Append(repeated));

        Assert.Equal(2, _gate.Commits);
        Assert.Equal(100, answers.Count(a => a.Outcome == IntakeOutcome.Recorded));
        Assert.Equal(IntakeOutcome.Duplicate, answers[^1].Outcome);
        await using var db = _world.Database.CreateContext();
        Assert.Equal(100, await db.Reports.CountAsync(r => r.Type == ReportType.Periodic));
        Assert.Equal(100, await db.IntakeReceipts.CountAsync());
    }

    [Fact]
    public async Task OneReportThatCannotBeStoredFailsAloneNotItsWholeBatch()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        IntakeReport Periodic(string id) => new(id, IntakeType.Periodic, device.ModelNumber, device.SerialNumber, null, null,
            _world.Clock.GetUtcNow(), null, null, ReportMeans.Https, ReportRoute.Agent);

        var first = _queue.SubmitAsync("gw", Periodic("first"));
        await _gate.FirstCommitReached.WaitAsync(TimeSpan.FromSeconds(10));
        _gate.FailReportId = "poison";
        var good = _queue.SubmitAsync("gw", Periodic("good"));
        var poison = _queue.SubmitAsync("gw", Periodic("poison"));
        var alsoGood = _queue.SubmitAsync("gw", Periodic("also-good"));
        _gate.Release();

        Assert.Equal(IntakeOutcome.Recorded, (await first).Outcome);
        Assert.Equal(IntakeOutcome.Recorded, (await good).Outcome);
        Assert.Equal(IntakeOutcome.Recorded, (await alsoGood).Outcome);
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => poison);
        await using var db = _world.Database.CreateContext();
        Assert.Equal(["also-good", "first", "good"], (await db.IntakeReceipts.Select(r => r.ReportId).ToListAsync()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReportsOfOneBatchSeeTheOnesBeforeThem()
    {
        var failing = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        var quiet = _world.AddDevice(_world.AlphaAccount, "alpha-02", ServiceStatus.Opened);
        _gate.Release();
        IntakeReport Report(string id, Portal.Application.Domain.Devices.Device device, IntakeType type) => new(id, type, device.ModelNumber, device.SerialNumber, null, null,
            _world.Clock.GetUtcNow(), null, type == IntakeType.Failure ? new ReportEvent(EventCategory.Fan, "FAN-0012", EventSeverity.Critical, "ファン停止") : null, ReportMeans.Https, ReportRoute.Agent);

        var answers = await new ReceiveReportHandler(_world.Factory, _world.Clock).HandleBatchAsync(
        [
            new("gw", Report("f-1", failing, IntakeType.Failure)),
            new("gw", Report("f-2", failing, IntakeType.Failure)),
            new("gw", Report("p-1", quiet, IntakeType.Periodic)),
            new("gw", Report("f-1", failing, IntakeType.Failure)),
            new("other-gw", Report("f-1", failing, IntakeType.End)),
            new("gw", Report("p-2", failing, IntakeType.Periodic)),
        ]);

        Assert.Equal(
            [IntakeOutcome.Recorded, IntakeOutcome.Suppressed, IntakeOutcome.Recorded, IntakeOutcome.Duplicate, IntakeOutcome.Recorded, IntakeOutcome.NotOpened],
            answers.Select(a => a.Outcome));
        Assert.Equal(IntakeOutcome.Recorded, answers[3].FirstOutcome);
        await using var db = _world.Database.CreateContext();
        Assert.Single(await db.CallTasks.ToListAsync());
        Assert.Equal(ServiceStatus.Ended, (await db.Registrations.SingleAsync(r => r.DeviceId == failing.Id)).Status);
        Assert.Equal(5, await db.IntakeReceipts.CountAsync());
    }

    [Fact]
    public async Task IntakeRunsWhereTheDatabaseRetriesTransientFailures()
    {
        using var world = new World(TestDatabase.RetryingOnFailure());
        var device = world.AddDevice(world.AlphaAccount, "alpha-01", ServiceStatus.Opened);

        var answer = await new ReceiveReportHandler(world.Factory, world.Clock).HandleAsync("gw", new IntakeReport("p-1", IntakeType.Periodic, device.ModelNumber, device.SerialNumber, null, null,
            world.Clock.GetUtcNow(), null, null, ReportMeans.Https, ReportRoute.Agent));

        Assert.Equal(IntakeOutcome.Recorded, answer.Outcome);
        await using var db = world.Database.CreateContext();
        Assert.Equal(1, await db.IntakeReceipts.CountAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await _queue.DisposeAsync();
        _world.Dispose();
    }

    /// <summary>Counts commits, holds the first one until released, and can make one report's save fail every time.</summary>
    private sealed class CommitGate : IDbTransactionInterceptor, ISaveChangesInterceptor
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _commits;

        public int Commits => _commits;

        public string? FailReportId { get; set; }

        public Task FirstCommitReached => _reached.Task;

        public void Release() => _released.TrySetResult();

        public async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _commits) == 1)
            {
                _reached.TrySetResult();
                await _released.Task;
            }

            return result;
        }

        public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (FailReportId is { } poison && eventData.Context!.ChangeTracker.Entries<IntakeReceipt>().Any(e => e.Entity.ReportId == poison))
            {
                throw new DbUpdateException($"{poison} cannot be stored.");
            }

            return ValueTask.FromResult(result);
        }
    }
}
