using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Users;

namespace Portal.Application.Features.Tokens;

/// <param name="Status">The HTTP status the call was answered with.</param>
public sealed record RecordTokenUseCommand(string Method, string Path, int Status);

/// <summary>Every call through a token is in the audit trail under its owner, with the token's name (never its secret).</summary>
public sealed class RecordTokenUseHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task HandleAsync(RecordTokenUseCommand command, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { Token: { } token } actor)
        {
            return;
        }

        await using var db = dbFactory.Create();
        db.Record(actor, clock.GetUtcNow(), AuditAction.TokenUsed, nameof(PersonalAccessToken), token.Id.ToString(), null, null, new { Token = token.Name, command.Method, command.Path, command.Status });
        await db.SaveChangesAsync(cancellationToken);
    }
}
