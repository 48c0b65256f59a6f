using Portal.Application.Common;
using Portal.Application.Domain.Reports;

namespace Portal.Application.Domain.Calls;

public enum CallTaskState
{
    /// <summary>Staff still have someone to phone.</summary>
    Open = 1,
    Closed = 2,
}

/// <summary>What happened on one call of a call task.</summary>
public enum CallOutcome
{
    ReachedContact1 = 1,

    /// <summary>Contact 1 did not answer: contact 2 is phoned next (FAQ Q1-16).</summary>
    NoAnswerContact1 = 2,

    ReachedContact2 = 3,

    /// <summary>Nobody could be reached.</summary>
    Unreachable = 4,
}

/// <summary>One recorded call, with who recorded it and when.</summary>
public sealed class CallStep
{
    private CallStep()
    {
    }

    internal CallStep(CallOutcome outcome, Guid actorUserId, DateTimeOffset at)
    {
        Outcome = outcome;
        ActorUserId = actorUserId;
        At = at;
    }

    public long Id { get; private set; }
    public CallOutcome Outcome { get; private set; }
    public Guid ActorUserId { get; private set; }
    public DateTimeOffset At { get; private set; }
}

/// <summary>
/// A failure the centre must phone about: contact 1 first, contact 2 only if contact 1 cannot be reached
/// (FAQ Q1-16). Staff work these from the call list; each call is a step with its time.
/// </summary>
public sealed class CallTask : VersionedAggregate
{
    private readonly List<CallStep> _steps = [];

    private CallTask()
    {
        Report = null!;
    }

    public CallTask(Guid id, Guid deviceId, Report report, EventSeverity severity, DateTimeOffset createdAt)
    {
        Id = id;
        DeviceId = deviceId;
        Report = report;
        Severity = severity;
        CreatedAt = createdAt;
        State = CallTaskState.Open;
    }

    public Guid Id { get; private set; }
    public Guid DeviceId { get; private set; }
    public long ReportId { get; private set; }
    public Report Report { get; private set; }
    public EventSeverity Severity { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public CallTaskState State { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }

    public IReadOnlyList<CallStep> Steps => _steps;

    /// <summary>Which contact to phone now: 1, then 2 after no answer; null once closed.</summary>
    public int? NextContactPriority =>
        State == CallTaskState.Closed ? null
        : _steps.Count == 0 ? 1
        : 2;

    /// <summary>
    /// Records a call. Contact 1 comes first; contact 2 only after contact 1 did not answer; "unreachable"
    /// once contact 1 did not answer (or at once, when the device has no contact 2 to try).
    /// </summary>
    public Result Record(CallOutcome outcome, bool hasContact2, Guid actorUserId, DateTimeOffset now)
    {
        var allowed = (NextContactPriority, outcome) switch
        {
            (1, CallOutcome.ReachedContact1 or CallOutcome.NoAnswerContact1) => true,
            (2, CallOutcome.ReachedContact2) => hasContact2,
            (2, CallOutcome.Unreachable) => true,
            _ => false,
        };
        if (!allowed)
        {
            return Result.Conflict(ErrorCodes.InvalidTransition);
        }

        _steps.Add(new CallStep(outcome, actorUserId, now));
        Changed();
        if (outcome != CallOutcome.NoAnswerContact1)
        {
            State = CallTaskState.Closed;
            ClosedAt = now;
        }

        return Result.Ok();
    }
}
