namespace Portal.Application.Domain.Registrations;

/// <summary>
/// What a timeline step was, where the status alone does not say it: a key re-issue keeps the status, a rejection
/// and a withdrawal both return to not applied, a re-application happens while the service stays open.
/// </summary>
public enum RegistrationStep
{
    KeyReissued = 1,
    Rejected = 2,
    Withdrawn = 3,
    Reapplied = 4,
    ReapplicationAccepted = 5,
    ReapplicationRejected = 6,
    ReapplicationWithdrawn = 7,
    EndRequested = 8,
    EndRequestCancelled = 9,
    EndConfirmed = 10,
}
