using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;

namespace Portal.Application.Features.Staff;

/// <summary>
/// Staff access to customer data is always accountable: the reason is asked once per sign-in session
/// (<see cref="GiveStaffReasonHandler"/>), and every view of customer data (a page, an export) is an audit entry
/// naming what was viewed and why (<see cref="RecordStaffViewHandler"/>). The query handlers that show customer
/// data refuse staff until the session has a reason (<see cref="ViewerAsync"/>, <see cref="StaffViewerAsync"/>),
/// so no page can forget to ask.
/// </summary>
public static class StaffAccess
{
    /// <summary>What a staff view (<see cref="AuditAction.StaffViewed"/>) records as the centre's own note.</summary>
    public const string ReasonField = "Reason";

    /// <summary>How long a page shown again counts as the view already recorded.</summary>
    public static readonly TimeSpan RepeatedViewSpan = TimeSpan.FromMinutes(15);

    /// <summary>The rule itself, for the query handlers: staff need this session's reason; anyone else needs none.</summary>
    public static async Task<string?> ReasonOfAsync(IPortalDbContext db, Actor actor, CancellationToken cancellationToken) =>
        actor is { IsStaff: true, SessionId: { } session }
            ? await db.StaffAccessReasons.AsNoTracking().Where(r => r.SessionId == session && r.UserId == actor.UserId).Select(r => r.Reason).SingleOrDefaultAsync(cancellationToken)
            : null;

    /// <summary>Who may view customer data: anyone signed in, but staff only once this session has its reason.</summary>
    public static async Task<Result<Actor>> ViewerAsync(ICurrentUser currentUser, IPortalDbContextFactory dbFactory, CancellationToken cancellationToken) =>
        await WithReasonAsync(await currentUser.SignedInAsync(), dbFactory, cancellationToken);

    /// <summary>Staff, once this session has its reason: the staff pages show every customer's data.</summary>
    public static async Task<Result<Actor>> StaffViewerAsync(ICurrentUser currentUser, IPortalDbContextFactory dbFactory, CancellationToken cancellationToken) =>
        await WithReasonAsync(await currentUser.StaffAsync(), dbFactory, cancellationToken);

    private static async Task<Result<Actor>> WithReasonAsync(Result<Actor> signedIn, IPortalDbContextFactory dbFactory, CancellationToken cancellationToken)
    {
        if (signedIn is not { IsOk: true, Value: { IsStaff: true } actor })
        {
            return signedIn;
        }

        await using var db = dbFactory.Create();
        return await ReasonOfAsync(db, actor, cancellationToken) is null ? Result.Forbidden(ErrorCodes.StaffReasonRequired).As<Actor>() : signedIn;
    }
}
