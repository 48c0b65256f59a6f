using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Features.Devices;
using Portal.Application.Features.Intake;
using Portal.Infrastructure.Observability;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Intake;

/// <summary>
/// The intake's commit mechanics in one place: admission, the queue, the batch, the transaction, the retry and the
/// write. Each request waits here until its report is committed; one writer takes every report that arrived while
/// the previous commit was flushing and stores them in one transaction (group commit), because the disk flush of a
/// commit is what limits intake. Under load a commit carries dozens of reports; alone a report is committed at once.
/// Admission is bounded: past what can be committed within the wait limit, the oldest waiting report is refused
/// (503) to make room for the new one, and under overload the newest reports go first (see <see cref="Drain"/>).
/// When fewer are waiting than the last commit carried, the writer waits up to 2 ms for the senders it just
/// answered (measured with 32 senders: 20 reports a commit without the wait, 31 with it, 2,037 → 2,301 reports/s).
/// One writer per process matches SQLite's single writer; with SQL Server each instance runs its own, and the unique
/// receipt, acted-on and version checks keep them apart.
/// </summary>
public sealed class IntakeWriter : IReportIntake, IAsyncDisposable
{
    /// <summary>
    /// The most reports one commit takes. Under overload a report just sent waits for the commit under way and then
    /// its own: at about 2.5 ms a report, 128 keeps both within a second's wait limit, and the disk flush, shared by
    /// 128 reports, costs no more than by 256.
    /// </summary>
    public const int MaxBatch = 128;

    /// <summary>Batches at least this large measure what a report costs when the writer is busy.</summary>
    private const int LoadedBatch = 32;

    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(2);

    private readonly IPortalDbContextFactory _factory;
    private readonly ReceiveReportHandler _handler;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly TimeSpan _maxWait;
    private readonly int _capacity;
    private readonly object _gate = new();
    private readonly LinkedList<Pending> _waiting = new();

    // Rings when a report arrives; one ring stands for any number of them.
    private readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Lazy<Task> _writer;
    private int _count;
    private bool _closed;

    // Seconds of writer time per report under load, measured (EWMA); the first guess is one instance's bench rate.
    private double _secondsPerReport = 1.0 / 2_000;

    public IntakeWriter(IPortalDbContextFactory factory, ReceiveReportHandler handler, TimeProvider clock, IOptions<IntakeOptions> options, ILogger<IntakeWriter>? logger = null, PortalMetrics? metrics = null)
    {
        metrics?.ObserveIntakeQueue(() => Volatile.Read(ref _count));
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _factory = factory;
        _handler = handler;
        _clock = clock;
        _maxWait = TimeSpan.FromSeconds(options.Value.MaxWaitSeconds);
        _capacity = Math.Max(1, options.Value.Capacity);
        _writer = new Lazy<Task>(() => Task.Run(WriteAsync));
    }

    /// <summary>How long a report sent now would wait for its commit.</summary>
    private TimeSpan ExpectedWait => TimeSpan.FromSeconds(Volatile.Read(ref _count) * Volatile.Read(ref _secondsPerReport));

    /// <summary>Only a full queue refuses a report before its body is read: below that, a new report is always taken (see <see cref="SubmitAsync"/>).</summary>
    public bool IsOverloaded(out TimeSpan retryAfter)
    {
        var full = Volatile.Read(ref _count) >= _capacity;
        retryAfter = full ? ExpectedWait : TimeSpan.Zero;
        return full;
    }

    /// <summary>
    /// Takes the report. When more are waiting than can be committed within the wait limit, the oldest waiting report
    /// is answered "busy" now to make room, not the new one: under overload the newest go first (<see cref="Drain"/>),
    /// so a report just sent is committed within a commit or two, while the oldest would run out their wait anyway.
    /// </summary>
    public async Task<IntakeAdmission> SubmitAsync(string senderKey, IntakeReport report, CancellationToken cancellationToken = default)
    {
        _ = _writer.Value;
        var pending = new Pending(new IntakeItem(senderKey, report), new TaskCompletionSource<IntakeAdmission>(TaskCreationOptions.RunContinuationsAsynchronously), Stopwatch.GetTimestamp(), cancellationToken);
        Pending? displaced = null;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_waiting.Count >= _capacity)
            {
                return IntakeAdmission.Shed(ExpectedWait);
            }

            if (_waiting.First is { } oldest && ExpectedWait > _maxWait)
            {
                displaced = oldest.Value;
                _waiting.RemoveFirst();
            }

            _waiting.AddLast(pending);
            _count = _waiting.Count;
        }

        displaced?.Answer.TrySetResult(IntakeAdmission.Shed(ExpectedWait));
        _doorbell.Writer.TryWrite(true);

        // Once the writer has taken the report it is committed even if the caller gives up meanwhile (a resend is
        // then answered as a duplicate); until then, a caller that is gone is skipped.
        return await pending.Answer.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        var previous = 0;
        while (await _doorbell.Reader.WaitToReadAsync() || Volatile.Read(ref _count) > 0)
        {
            _doorbell.Reader.TryRead(out _);
            batch.Clear();
            Drain(batch);
            if (batch.Count < previous)
            {
                // The senders answered by the last commit are sending again: a moment's wait lets their reports
                // share this commit instead of paying for one of their own.
                using var linger = new CancellationTokenSource(Linger);
                try
                {
                    while (batch.Count < previous && await _doorbell.Reader.WaitToReadAsync(linger.Token))
                    {
                        _doorbell.Reader.TryRead(out _);
                        Drain(batch);
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }

            previous = batch.Count;
            if (batch.Count == 0)
            {
                continue;
            }

            var started = Stopwatch.GetTimestamp();
            await AnswerAsync(batch);
            if (batch.Count >= LoadedBatch)
            {
                var perReport = Stopwatch.GetElapsedTime(started).TotalSeconds / batch.Count;
                Volatile.Write(ref _secondsPerReport, (0.8 * _secondsPerReport) + (0.2 * perReport));
            }

            if (Volatile.Read(ref _count) > 0)
            {
                _doorbell.Writer.TryWrite(true);
            }
        }
    }

    /// <summary>
    /// Takes the next batch. Senders that have gone are skipped (nobody would hear the answer), and reports that
    /// have waited longer than the limit are answered "busy" now rather than stored for a sender about to give up.
    /// While more are waiting than one commit takes, the newest go first: under overload a report just sent is
    /// answered at once instead of behind everything queued before it, and the oldest run out their wait.
    /// </summary>
    private void Drain(List<Pending> batch)
    {
        var expired = new List<Pending>();

        // A report taken now is answered after this commit: one that would then have waited past the limit is
        // answered "busy" instead (its sender is about to give up on it).
        var commit = TimeSpan.FromSeconds(MaxBatch * Volatile.Read(ref _secondsPerReport));
        var patience = commit < _maxWait / 2 ? _maxWait - commit : _maxWait / 2;
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            for (var node = _waiting.First; node is not null;)
            {
                var next = node.Next;
                if (node.Value.Cancellation.IsCancellationRequested)
                {
                    node.Value.Answer.TrySetCanceled(node.Value.Cancellation);
                    _waiting.Remove(node);
                }
                else if (Stopwatch.GetElapsedTime(node.Value.Queued, now) > patience)
                {
                    expired.Add(node.Value);
                    _waiting.Remove(node);
                }

                node = next;
            }

            var newestFirst = _waiting.Count > MaxBatch;
            while (batch.Count < MaxBatch && (newestFirst ? _waiting.Last : _waiting.First) is { } taken)
            {
                batch.Add(taken.Value);
                _waiting.Remove(taken);
            }

            _count = _waiting.Count;
        }

        foreach (var pending in expired)
        {
            pending.Answer.TrySetResult(IntakeAdmission.Shed(ExpectedWait));
        }
    }

    private async Task AnswerAsync(List<Pending> batch)
    {
        try
        {
            var answers = await CommitAsync([.. batch.Select(p => p.Item)]);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Answer.SetResult(new IntakeAdmission(answers[i]));
            }
        }
        catch (Exception exception) when (batch.Count > 1 && !IsStoreFault(exception) && exception is not (DbException or RetryLimitExceededException or TimeoutException or OperationCanceledException))
        {
            // A report the rules cannot handle (a bug) must not fail the others: each alone, in its own commit.
            // When the database itself fails, trying a whole batch (up to MaxBatch reports) one by one would only stall intake.
            foreach (var pending in batch)
            {
                await AnswerAsync([pending]);
            }
        }
        catch (Exception exception) when (IsStoreFault(exception))
        {
            // Disk full, a read-only file, the server unreachable after the strategy's retries: nothing of the
            // batch is stored, and each sender is told to send again later, not handed a server error.
            _logger.IntakeBatchNotStored(exception, batch.Count);
            foreach (var pending in batch)
            {
                pending.Answer.TrySetResult(IntakeAdmission.Unavailable(StoreRetryAfter));
            }
        }
        catch (Exception exception)
        {
            foreach (var pending in batch)
            {
                pending.Answer.TrySetException(exception);
            }
        }
    }

    /// <summary>
    /// One transaction for the batch. The execution strategy is the only retry: it repeats the whole transaction
    /// on a transient fault (SQL Server) and on a conflict with another writer (the same report stored meanwhile by
    /// another instance, or a device changed): the rules are applied again to what is committed now.
    /// </summary>
    private async Task<IReadOnlyList<IntakeResponse>> CommitAsync(IReadOnlyList<IntakeItem> items)
    {
        await using var db = (PortalDbContext)_factory.Create();

        // Hundreds of tracked rows: scanning them all for changes on every Add made a batch quadratic. Changes are
        // detected once, before the save.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var strategy = db.Database.IsSqlServer() ? (IExecutionStrategy)new SqlServerIntakeStrategy(db) : new SqliteIntakeStrategy(db);
        var result = await strategy.ExecuteAsync(async cancellationToken =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            // One clock reading for the batch: its reports are committed, and so received, together.
            var batch = await _handler.HandleAsync(new ReceiveReportCommand(db, items, _clock.GetUtcNow()), cancellationToken);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(cancellationToken);

            // Open pages of these devices' customers, on every instance, show the new reports: one statement for
            // the batch, under the write lock the batch holds already (a separate write would queue for it again).
            await TimelineSignals.BumpAsync(db, batch.DevicesWithNewReports, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return batch;
        }, CancellationToken.None);

        return result.Responses;
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _closed = true;
        }

        _doorbell.Writer.TryComplete();
        if (_writer.IsValueCreated)
        {
            await _writer.Value;
        }
    }

    /// <summary>A conflict: another writer stored the same receipt or acted-on mark, or changed a row's version.</summary>
    private static bool IsConflict(Exception exception) =>
        exception is DbUpdateConcurrencyException
        || exception is SqliteException { SqliteErrorCode: 19 }

        // SQLITE_BUSY_SNAPSHOT: another process committed after this transaction read; SQLite cannot wait for
        // that, so the whole batch is decided again on what is committed now.
        || exception is SqliteException { SqliteExtendedErrorCode: 517 }
        || exception is SqlException { Number: 2601 or 2627 };

    private static readonly TimeSpan StoreRetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>The database cannot take writes now, whatever the reports say: not a report's fault, so no report is singled out.</summary>
    private static bool IsStoreFault(Exception exception) => exception switch
    {
        RetryLimitExceededException or TimeoutException => true,
        DbUpdateException { InnerException: { } inner } => IsStoreFault(inner),

        // Busy, locked, read-only, I/O error, full, cannot open, not a database.
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6 or 8 or 10 or 13 or 14 or 26,

        // Filegroup or log full, read-only, timeout, cannot open, unavailable.
        SqlException sql => sql.Number is 1105 or 9002 or 3906 or -2 or 4060 or 40613,
        _ => false,
    };

    /// <summary>Conflicts are retried almost at once, with a little jitter so two instances do not meet again.</summary>
    private static TimeSpan ConflictDelay() => TimeSpan.FromMilliseconds(Random.Shared.Next(1, 20));

    private const int MaxRetries = 5;

    private sealed class SqliteIntakeStrategy(DbContext context) : ExecutionStrategy(context, MaxRetries, TimeSpan.FromSeconds(1))
    {
        protected override bool ShouldRetryOn(Exception exception) => IsConflict(exception);

        protected override TimeSpan? GetNextDelay(Exception lastException) => base.GetNextDelay(lastException) is null ? null : ConflictDelay();
    }

    private sealed class SqlServerIntakeStrategy(DbContext context) : SqlServerRetryingExecutionStrategy(context, MaxRetries)
    {
        protected override bool ShouldRetryOn(Exception exception) => IsConflict(exception) || base.ShouldRetryOn(exception);

        protected override TimeSpan? GetNextDelay(Exception lastException) =>
            base.GetNextDelay(lastException) is { } delay ? (lastException is DbUpdateException ? ConflictDelay() : delay) : null;
    }

    private sealed record Pending(IntakeItem Item, TaskCompletionSource<IntakeAdmission> Answer, long Queued, CancellationToken Cancellation);
}
