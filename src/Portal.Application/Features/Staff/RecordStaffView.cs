using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;

namespace Portal.Application.Features.Staff;

/// <param name="What">The page or export viewed (its name in the resources, "Audit.What.{What}").</param>
/// <param name="Detail">Its filter or subject.</param>
/// <param name="Rows">For an export, the rows it held.</param>
public sealed record RecordStaffViewCommand(string What, object? Detail = null, Guid? DeviceId = null, int? Rows = null);

/// <summary>
/// Records one staff view of customer data: what (a page or export), its filter or subject, and for exports the
/// rows. Refused without a reason. Customers' own views are not recorded (nothing to do, Ok).
/// </summary>
public sealed class RecordStaffViewHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result> HandleAsync(RecordStaffViewCommand command, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { IsStaff: true } actor)
        {
            return Result.Ok();
        }

        await using var db = dbFactory.Create();
        if (await StaffAccess.ReasonOfAsync(db, actor, cancellationToken) is not { } reason)
        {
            return Result.Forbidden(ErrorCodes.StaffReasonRequired);
        }

        var now = clock.GetUtcNow();
        var entry = Audit.Entry(actor, now, AuditAction.StaffViewed, "View", command.What, command.DeviceId, null, new { command.What, command.Detail, command.Rows, Reason = reason });

        // A page shown again (reloaded, refreshed live or after a change) within minutes is the same view: the entry
        // already there holds it, with the same reason. Every export is recorded, with its rows.
        var since = now - StaffAccess.RepeatedViewSpan;
        if (command.Rows is null && await db.AuditEntries.AnyAsync(
                a => a.ActorUserId == actor.UserId && a.At >= since && a.Action == AuditAction.StaffViewed.Name && a.EntityId == command.What && a.DeviceId == command.DeviceId && a.After == entry.After,
                cancellationToken))
        {
            return Result.Ok();
        }

        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Ok();
    }
}
