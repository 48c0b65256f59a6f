using Portal.Application.Abstractions;
using Portal.Application.Common;

namespace Portal.Application.Features.Applications;

public sealed record ReissueKeyCommand(Guid RegistrationId);

/// <summary>
/// Staff re-issue the key in force: the old code or file stops working and the hour restarts. The applicant and
/// the contacts are mailed.
/// </summary>
public sealed class ReissueKeyHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock, KeyCodeIssuer keyCodes)
{
    public Task<Result<KeyCodeIssued>> HandleAsync(ReissueKeyCommand command, CancellationToken cancellationToken = default) =>
        ApplicationDecision.IssueKeyAsync(dbFactory, currentUser, clock, keyCodes, command.RegistrationId, accept: false, cancellationToken);
}
