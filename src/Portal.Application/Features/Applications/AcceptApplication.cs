using Portal.Application.Abstractions;
using Portal.Application.Common;

namespace Portal.Application.Features.Applications;

public sealed record AcceptApplicationCommand(Guid RegistrationId);

/// <summary>
/// Staff accept an application: the key is issued by the method of the device's contract. Accepting an opened
/// device's re-application replaces its key. The applicant and the contacts are mailed.
/// </summary>
public sealed class AcceptApplicationHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock, KeyCodeIssuer keyCodes)
{
    public Task<Result<KeyCodeIssued>> HandleAsync(AcceptApplicationCommand command, CancellationToken cancellationToken = default) =>
        ApplicationDecision.IssueKeyAsync(dbFactory, currentUser, clock, keyCodes, command.RegistrationId, accept: true, cancellationToken);
}
