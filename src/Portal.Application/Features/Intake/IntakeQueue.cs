using System.Data.Common;
using System.Threading.Channels;

namespace Portal.Application.Features.Intake;

/// <summary>
/// Group commit for the intake API. Each request waits here until its report is committed; one writer takes
/// every report that arrived while the previous commit was flushing and applies them in one transaction
/// (<see cref="ReceiveReportHandler.HandleBatchAsync"/>). Under load a commit carries dozens of reports, and
/// when fewer are waiting than the last commit carried, the writer waits up to 2 ms for the senders it just
/// answered (measured with 32 senders: 20 reports a commit without the wait, 31 with it, 2,037 → 2,301 reports/s);
/// alone a report is committed at once. One writer per process also matches SQLite's
/// single writer; with SQL Server each instance runs its own and the unique receipt and version checks keep
/// them apart.
/// </summary>
public sealed class IntakeQueue : IAsyncDisposable
{
    public const int MaxBatch = 256;

    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(2);

    private readonly Channel<Pending> _channel = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<ReceiveReportHandler> _handler;
    private readonly Lazy<Task> _writer;

    public IntakeQueue(Func<ReceiveReportHandler> handler)
    {
        _handler = handler;
        _writer = new Lazy<Task>(() => Task.Run(WriteAsync));
    }

    public Task<IntakeResponse> SubmitAsync(string senderKey, IntakeReport report, CancellationToken cancellationToken = default)
    {
        _ = _writer.Value;
        var pending = new Pending(new IntakeItem(senderKey, report), new TaskCompletionSource<IntakeResponse>(TaskCreationOptions.RunContinuationsAsynchronously));
        ObjectDisposedException.ThrowIf(!_channel.Writer.TryWrite(pending), this);

        // A caller that gives up still has its report committed (and answered as a duplicate when it retries).
        return pending.Answer.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        var previous = 0;
        while (await _channel.Reader.WaitToReadAsync())
        {
            batch.Clear();
            Drain(batch);
            if (batch.Count < previous)
            {
                // The senders answered by the last commit are sending again: a moment's wait lets their reports
                // share this commit instead of paying for one of their own.
                using var linger = new CancellationTokenSource(Linger);
                try
                {
                    while (batch.Count < previous && await _channel.Reader.WaitToReadAsync(linger.Token))
                    {
                        Drain(batch);
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }

            previous = batch.Count;

            try
            {
                var answers = await _handler().HandleBatchAsync([.. batch.Select(p => p.Item)]);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Answer.SetResult(answers[i]);
                }
            }
            catch (Exception exception) when (batch.Count > 1 && exception is not (DbException or TimeoutException or OperationCanceledException))
            {
                // One report that cannot be stored must not fail the others: each alone, in its own commit. (When
                // the database itself is unreachable, trying 256 reports one by one would only stall intake.)
                foreach (var pending in batch)
                {
                    await AnswerAloneAsync(pending);
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
    }

    private void Drain(List<Pending> batch)
    {
        while (batch.Count < MaxBatch && _channel.Reader.TryRead(out var pending))
        {
            batch.Add(pending);
        }
    }

    private async Task AnswerAloneAsync(Pending pending)
    {
        try
        {
            pending.Answer.SetResult((await _handler().HandleBatchAsync([pending.Item]))[0]);
        }
        catch (Exception exception)
        {
            pending.Answer.TrySetException(exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        if (_writer.IsValueCreated)
        {
            await _writer.Value;
        }
    }

    private sealed record Pending(IntakeItem Item, TaskCompletionSource<IntakeResponse> Answer);
}
