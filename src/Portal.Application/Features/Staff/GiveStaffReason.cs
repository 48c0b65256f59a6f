using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;

namespace Portal.Application.Features.Staff;

public sealed record GiveStaffReasonCommand(string? Reason);

/// <summary>
/// A staff member gives the reason for this sign-in session's views of customer data, once per session
/// (<see cref="StaffAccess"/>); it is recorded with every view that follows.
/// </summary>
public sealed class GiveStaffReasonHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result> HandleAsync(GiveStaffReasonCommand command, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { IsStaff: true, SessionId: { } session } actor)
        {
            return Result.Forbidden(ErrorCodes.StaffOnly);
        }

        var text = command.Reason?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            return Result.Invalid(ErrorCodes.ReasonRequired, "Reason");
        }

        if (text.Length > StaffAccessReason.MaxLength)
        {
            return Result.Invalid(ErrorCodes.TooLong, "Reason");
        }

        await using var db = dbFactory.Create();
        if (await db.StaffAccessReasons.AnyAsync(r => r.SessionId == session, cancellationToken))
        {
            return Result.Ok();
        }

        var now = clock.GetUtcNow();
        db.StaffAccessReasons.Add(new StaffAccessReason(session, actor.UserId, text, now));
        db.Record(actor, now, AuditAction.StaffGaveReason, "Session", session[..8], null, null, new { Reason = text });
        await db.SaveChangesAsync(cancellationToken);
        return Result.Ok();
    }
}
