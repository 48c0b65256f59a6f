using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;

namespace Portal.Application.Features.Staff;

/// <summary>
/// Staff access to customer data is always accountable: the reason is asked once per sign-in session, and every
/// view of customer data (a page, an export) is an audit entry naming what was viewed and why. The query handlers
/// that show customer data refuse staff until the session has a reason (<see cref="ReasonOfAsync"/>), so no page
/// can forget to ask.
/// </summary>
public sealed class StaffAccessHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    /// <summary>What a staff view (<see cref="AuditAction.StaffViewed"/>) records as the centre's own note.</summary>
    public const string ReasonField = "Reason";

    /// <summary>How long a page shown again counts as the view already recorded.</summary>
    public static readonly TimeSpan RepeatedViewSpan = TimeSpan.FromMinutes(15);

    /// <summary>The reason given in the signed-in staff member's session, or null (also for anyone else).</summary>
    public async Task<string?> ReasonAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { IsStaff: true } actor)
        {
            return null;
        }

        await using var db = dbFactory.Create();
        return await ReasonOfAsync(db, actor, cancellationToken);
    }

    public async Task<Result> GiveReasonAsync(string? reason, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { IsStaff: true, SessionId: { } session } actor)
        {
            return Result.Forbidden(ErrorCodes.StaffOnly);
        }

        var text = reason?.Trim() ?? string.Empty;
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

    /// <summary>
    /// Records one staff view of customer data: what (a page or export), its filter or subject, and for exports the
    /// rows. Refused without a reason. Customers' own views are not recorded (nothing to do, Ok).
    /// </summary>
    public async Task<Result> RecordViewAsync(string what, object? detail = null, Guid? deviceId = null, int? rows = null, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { IsStaff: true } actor)
        {
            return Result.Ok();
        }

        await using var db = dbFactory.Create();
        if (await ReasonOfAsync(db, actor, cancellationToken) is not { } reason)
        {
            return Result.Forbidden(ErrorCodes.StaffReasonRequired);
        }

        var now = clock.GetUtcNow();
        var entry = Audit.Entry(actor, now, AuditAction.StaffViewed, "View", what, deviceId, null, new { What = what, Detail = detail, Rows = rows, Reason = reason });

        // A page shown again (reloaded, refreshed live or after a change) within minutes is the same view: the entry
        // already there holds it, with the same reason. Every export is recorded, with its rows.
        var since = now - RepeatedViewSpan;
        if (rows is null && await db.AuditEntries.AnyAsync(
                a => a.ActorUserId == actor.UserId && a.At >= since && a.Action == AuditAction.StaffViewed.Name && a.EntityId == what && a.DeviceId == deviceId && a.After == entry.After,
                cancellationToken))
        {
            return Result.Ok();
        }

        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Ok();
    }

    /// <summary>The rule itself, for the query handlers: staff need this session's reason; anyone else needs none.</summary>
    public static async Task<string?> ReasonOfAsync(IPortalDbContext db, Actor actor, CancellationToken cancellationToken) =>
        actor is { IsStaff: true, SessionId: { } session }
            ? await db.StaffAccessReasons.AsNoTracking().Where(r => r.SessionId == session && r.UserId == actor.UserId).Select(r => r.Reason).SingleOrDefaultAsync(cancellationToken)
            : null;

    /// <summary>For a query handler that shows customer data: true when the actor is staff without a reason in this session.</summary>
    public static async Task<bool> NeedsReasonAsync(IPortalDbContextFactory dbFactory, Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.IsStaff)
        {
            return false;
        }

        await using var db = dbFactory.Create();
        return await ReasonOfAsync(db, actor, cancellationToken) is null;
    }
}
