namespace Portal.Application.Domain.Webhooks;

/// <summary>
/// How far a job has told of events that happen by the clock alone (a maintenance window starting or ending): each
/// run tells of those in (<see cref="HandledUntil"/>, now] and moves the cursor in the same transaction, so no event
/// is told twice or skipped, whichever instance runs the job.
/// </summary>
public sealed class EventCursor
{
    private EventCursor() => Name = string.Empty;

    public EventCursor(string name, DateTimeOffset handledUntil) => (Name, HandledUntil) = (name, handledUntil);

    public string Name { get; private set; }
    public DateTimeOffset HandledUntil { get; private set; }

    public void MoveTo(DateTimeOffset now) => HandledUntil = now > HandledUntil ? now : HandledUntil;
}
