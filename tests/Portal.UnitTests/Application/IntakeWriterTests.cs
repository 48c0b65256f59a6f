using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Features.Intake;
using Portal.Infrastructure.Intake;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

/// <summary>
/// Group commit: reports that arrive while a commit is flushing share the next one, each answered as if alone;
/// admission is bounded, and a sender that has gone is not written for.
/// </summary>
public sealed class IntakeWriterTests : IAsyncDisposable
{
    private readonly CommitGate _gate = new();
    private readonly World _world;
    private IntakeWriter _queue;

    public IntakeWriterTests()
    {
        _world = new World(TestDatabase.FileBacked(_gate));
        _queue = _world.NewIntake();
    }

    private async Task<IntakeResponse> Submit(string sender, IntakeReport report, CancellationToken cancellationToken = default) =>
        (await _queue.SubmitAsync(sender, report, cancellationToken)).Response ?? throw new InvalidOperationException("Refused as overloaded.");

    [Fact]
    public async Task ReportsWaitingForACommitShareTheNextOneAndAreEachAnswered()
    {
        var devices = Enumerable.Range(1, 5).Select(i => _world.AddDevice(_world.AlphaAccount, $"alpha-0{i}", ServiceStatus.Opened)).ToList();
        IntakeReport Periodic(int n) => new($"p-{n}", IntakeType.Periodic, devices[n % 5].ModelNumber, devices[n % 5].SerialNumber, null, null,
            _world.Clock.GetUtcNow(), null, null, ReportMeans.Https, ReportRoute.Agent);

        // The first commit is held until all the others are queued behind it.
        var first = Submit("gw", Periodic(0));
        await _gate.FirstCommitReached.WaitAsync(TimeSpan.FromSeconds(10));
        var rest = Enumerable.Range(1, 99).Select(n => Submit("gw", Periodic(n))).ToList();
        var repeated = Submit("gw", Periodic(42));
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

        var first = Submit("gw", Periodic("first"));
        await _gate.FirstCommitReached.WaitAsync(TimeSpan.FromSeconds(10));
        _gate.FailReportId = "poison";
        var good = Submit("gw", Periodic("good"));
        var poison = Submit("gw", Periodic("poison"));
        var alsoGood = Submit("gw", Periodic("also-good"));
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

        await using var unit = _world.Database.CreateContext();
        var answers = (await new ReceiveReportHandler().HandleAsync(new(unit, [
            new("gw", Report("f-1", failing, IntakeType.Failure)),
            new("gw", Report("f-2", failing, IntakeType.Failure)),
            new("gw", Report("p-1", quiet, IntakeType.Periodic)),
            new("gw", Report("f-1", failing, IntakeType.Failure)),
            new("other-gw", Report("f-1", failing, IntakeType.End)),
            new("gw", Report("p-2", failing, IntakeType.Periodic)),
        ], _world.Clock.GetUtcNow()))).Responses;
        await unit.SaveChangesAsync();

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

        var answer = await world.ReceiveAsync("gw", new IntakeReport("p-1", IntakeType.Periodic, device.ModelNumber, device.SerialNumber, null, null,
            world.Clock.GetUtcNow(), null, null, ReportMeans.Https, ReportRoute.Agent));

        Assert.Equal(IntakeOutcome.Recorded, answer.Outcome);
        await using var db = world.Database.CreateContext();
        Assert.Equal(1, await db.IntakeReceipts.CountAsync());
    }

    [Fact]
    public async Task WhenTheQueueIsFullTheAnswerIsAtOnceThatTheCentreIsBusyAndNothingIsStored()
    {
        _queue = _world.NewIntake(new IntakeOptions { Capacity = 1 });
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        IntakeReport Periodic(string id) => new(id, IntakeType.Periodic, device.ModelNumber, device.SerialNumber, null, null,
            _world.Clock.GetUtcNow(), null, null, ReportMeans.Https, ReportRoute.Agent);

        var first = Submit("gw", Periodic("first"));
        await _gate.FirstCommitReached.WaitAsync(TimeSpan.FromSeconds(10));
        var queued = Submit("gw", Periodic("queued"));
        var refused = await _queue.SubmitAsync("gw", Periodic("refused")).WaitAsync(TimeSpan.FromSeconds(1));
        _gate.Release();

        Assert.Null(refused.Response);
        Assert.Equal((IntakeOutcome.Recorded, IntakeOutcome.Recorded), ((await first).Outcome, (await queued).Outcome));
        await using var db = _world.Database.CreateContext();
        Assert.Equal(["first", "queued"], (await db.IntakeReceipts.Select(r => r.ReportId).ToListAsync()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PastTheWaitLimitTheOldestWaitingReportIsAnsweredBusyToMakeRoomForTheNewOne()
    {
        // The writer's first guess is 0.5 ms a report, so a second's limit holds 2,000 waiting reports: the ones
        // after that displace the oldest. The limit is a real second, which even a loaded machine's writer meets for
        // the report it commits first (a limit of a millisecond could shed that one before the writer woke).
        _queue = _world.NewIntake(new IntakeOptions { MaxWaitSeconds = 1 });
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        IntakeReport Periodic(string id) => new(id, IntakeType.Periodic, device.ModelNumber, device.SerialNumber, null, null,
            _world.Clock.GetUtcNow(), null, null, ReportMeans.Https, ReportRoute.Agent);

        var committing = Submit("gw", Periodic("committing"));
        await _gate.FirstCommitReached.WaitAsync(TimeSpan.FromSeconds(10));
        var waiting = Enumerable.Range(0, 2_100).Select(n => _queue.SubmitAsync("gw", Periodic($"w-{n:D4}"))).ToList();

        // While the writer is still busy: the 99 or 100 oldest have their answer (each completes on the thread pool),
        // the newest wait for their commit.
        var oldest = await Task.WhenAll(waiting.Take(99)).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.All(oldest, answer => Assert.True(answer is { Response: null } && answer.RetryAfter > TimeSpan.Zero, $"{answer}"));
        Assert.False(waiting[^1].IsCompleted);
        Assert.False(_queue.IsOverloaded(out _));
        _gate.Release();

        Assert.Equal(IntakeOutcome.Recorded, (await committing).Outcome);
        var answers = await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(IntakeOutcome.Recorded, answers[^1].Response?.Outcome);
        await using var db = _world.Database.CreateContext();
        var stored = await db.IntakeReceipts.Select(r => r.ReportId).ToListAsync();
        Assert.DoesNotContain("w-0000", stored);
        Assert.Contains("w-2099", stored);
    }

    [Fact]
    public async Task AReportThatWaitedLongerThanTheLimitIsAnsweredBusyAndNotStored()
    {
        // A limit the first report meets even on a loaded machine; the second waits well past it.
        _queue = _world.NewIntake(new IntakeOptions { MaxWaitSeconds = 1 });
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        IntakeReport Periodic(string id) => new(id, IntakeType.Periodic, device.ModelNumber, device.SerialNumber, null, null,
            _world.Clock.GetUtcNow(), null, null, ReportMeans.Https, ReportRoute.Agent);

        var first = Submit("gw", Periodic("first"));
        await _gate.FirstCommitReached.WaitAsync(TimeSpan.FromSeconds(10));
        var stale = _queue.SubmitAsync("gw", Periodic("stale"));
        await Task.Delay(2500);
        _gate.Release();

        Assert.Equal(IntakeOutcome.Recorded, (await first).Outcome);
        Assert.Null((await stale.WaitAsync(TimeSpan.FromSeconds(10))).Response);
        await using var db = _world.Database.CreateContext();
        Assert.Equal(["first"], await db.IntakeReceipts.Select(r => r.ReportId).ToListAsync());
    }

    [Fact]
    public async Task AReportWhoseSenderHasGoneBeforeItsCommitIsNotWritten()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        IntakeReport Periodic(string id) => new(id, IntakeType.Periodic, device.ModelNumber, device.SerialNumber, null, null,
            _world.Clock.GetUtcNow(), null, null, ReportMeans.Https, ReportRoute.Agent);

        var first = Submit("gw", Periodic("first"));
        await _gate.FirstCommitReached.WaitAsync(TimeSpan.FromSeconds(10));
        using var gone = new CancellationTokenSource();
        var abandoned = Submit("gw", Periodic("abandoned"), gone.Token);
        var waiting = Submit("gw", Periodic("waiting"));
        await gone.CancelAsync();
        _gate.Release();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.Equal((IntakeOutcome.Recorded, IntakeOutcome.Recorded), ((await first).Outcome, (await waiting).Outcome));
        await using var db = _world.Database.CreateContext();
        Assert.Equal(["first", "waiting"], (await db.IntakeReceipts.Select(r => r.ReportId).ToListAsync()).Order(StringComparer.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        await _queue.DisposeAsync();
        _world.Dispose();
    }

    /// <summary>Counts commits, holds the first one until released, and can make one report's save fail every time.</summary>
    [Fact]
    public async Task WhenTheDatabaseIsFullEverySenderIsToldToSendAgainLaterAndNothingIsHalfStored()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        IntakeReport Periodic(string id) => new(id, IntakeType.Periodic, device.ModelNumber, device.SerialNumber, null, null,
            _world.Clock.GetUtcNow(), null, null, ReportMeans.Https, ReportRoute.Agent);
        _gate.Release();
        _gate.DiskFull = true;

        var refused = await Task.WhenAll(Enumerable.Range(0, 5).Select(n => _queue.SubmitAsync("gw", Periodic($"full-{n}"))));

        Assert.All(refused, a => Assert.True(a is { Response: null, StoreUnavailable: true } && a.RetryAfter > TimeSpan.Zero, $"{a}"));
        await using (var db = _world.Database.CreateContext())
        {
            Assert.Equal(0, await db.IntakeReceipts.CountAsync());
        }

        // Space again: the same reports are stored when resent.
        _gate.DiskFull = false;
        var stored = await Task.WhenAll(Enumerable.Range(0, 5).Select(n => Submit("gw", Periodic($"full-{n}"))));
        Assert.All(stored, a => Assert.Equal(IntakeOutcome.Recorded, a.Outcome));
    }

    private sealed class CommitGate : IDbTransactionInterceptor, ISaveChangesInterceptor
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _commits;

        public int Commits => _commits;

        public string? FailReportId { get; set; }

        public bool DiskFull { get; set; }

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
            if (DiskFull)
            {
                throw new DbUpdateException("An error occurred while saving the entity changes.", new Microsoft.Data.Sqlite.SqliteException("SQLite Error 13: 'database or disk is full'.", 13));
            }

            if (FailReportId is { } poison && eventData.Context!.ChangeTracker.Entries<IntakeReceipt>().Any(e => e.Entity.ReportId == poison))
            {
                throw new DbUpdateException($"{poison} cannot be stored.");
            }

            return ValueTask.FromResult(result);
        }
    }
}
