using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Maintenance;

namespace Portal.Application.Features.Maintenance;

/// <summary>
/// The one path of a change to one window (moving it, cancelling it): the managers of its device only, and a caller
/// that read the window at a version (<c>ifVersion</c>, the API's If-Match) changes it only if nobody changed it
/// since; of two changes at once, the later is refused by the version too.
/// </summary>
internal static class MaintenanceWindowChange
{
    public static async Task<Result> RunAsync(
        IPortalDbContextFactory dbFactory,
        ICurrentUser currentUser,
        TimeProvider clock,
        Guid windowId,
        int? ifVersion,
        AuditAction action,
        Func<IPortalDbContext, MaintenanceWindow, DateTimeOffset, Task<Result>> change,
        CancellationToken cancellationToken)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn;
        }

        await using var db = dbFactory.Create();
        var window = await db.MaintenanceWindows.SingleOrDefaultAsync(w => w.Id == windowId, cancellationToken);
        if (window is null)
        {
            return Result.NotFound();
        }

        var allowed = await MaintenanceAccess.RequireManagerOfAllAsync(db, actor, [window.DeviceId], cancellationToken);
        if (!allowed.IsOk)
        {
            return allowed;
        }

        if (ifVersion is { } expected && expected != window.Sequence)
        {
            return Result.Conflict(ErrorCodes.StaleVersion);
        }

        var before = MaintenanceAccess.Snapshot(window);
        var now = clock.GetUtcNow();
        var changed = await change(db, window, now);
        if (!changed.IsOk)
        {
            return changed;
        }

        db.Record(actor, now, action, nameof(MaintenanceWindow), window.Id.ToString(), window.DeviceId, before, new { window.StartsAt, window.EndsAt, window.Reason, window.CancelledAt });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result.Conflict(ErrorCodes.StaleVersion);
        }

        return Result.Ok();
    }
}
