namespace Portal.Application.Domain.Registrations;

/// <summary>One step of a registration's timeline, shown on the status page.</summary>
public sealed class RegistrationStatusChange
{
    private RegistrationStatusChange()
    {
    }

    internal RegistrationStatusChange(ServiceStatus from, ServiceStatus to, DateTimeOffset at, Guid? actorUserId, string? note)
    {
        From = from;
        To = to;
        At = at;
        ActorUserId = actorUserId;
        Note = note;
    }

    public long Id { get; private set; }
    public ServiceStatus From { get; private set; }
    public ServiceStatus To { get; private set; }
    public DateTimeOffset At { get; private set; }
    public Guid? ActorUserId { get; private set; }
    public string? Note { get; private set; }
}
