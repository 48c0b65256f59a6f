namespace Portal.Application.Domain.Registrations;

/// <summary>One step of a registration's timeline, shown on the status page.</summary>
public sealed class RegistrationStatusChange
{
    private RegistrationStatusChange()
    {
    }

    internal RegistrationStatusChange(ServiceStatus from, ServiceStatus to, DateTimeOffset at, Guid? actorUserId, RegistrationStep? step, string? note)
    {
        From = from;
        To = to;
        At = at;
        ActorUserId = actorUserId;
        Step = step;
        Note = note;
    }

    public long Id { get; private set; }
    public ServiceStatus From { get; private set; }
    public ServiceStatus To { get; private set; }
    public DateTimeOffset At { get; private set; }
    public Guid? ActorUserId { get; private set; }
    /// <summary>What happened, where the status change alone does not say it.</summary>
    public RegistrationStep? Step { get; private set; }

    /// <summary>The reason given, in the words of whoever gave it (a rejection, a re-application, a staff end).</summary>
    public string? Note { get; private set; }
}
