using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Maintenance;
using Portal.Application.Domain.Audit;

namespace Portal.Application.Features.Maintenance;

/// <summary>
/// Cancel, shorten, extend or move a window; cancel a recurring series (its future windows go too). A caller that read
/// the window at a version (<c>ifVersion</c>, the API's If-Match) changes it only if nobody changed it since; two
/// changes at once are told apart by the version too, and the later one is refused.
/// </summary>
public sealed class ChangeMaintenanceHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public Task<Result> ChangeAsync(Guid windowId, DateTimeOffset startsAt, DateTimeOffset endsAt, int? ifVersion = null, CancellationToken cancellationToken = default) =>
        OnWindowAsync(windowId, ifVersion, AuditAction.ChangeMaintenance, async (db, window, now) =>
        {
            if (await MaintenanceAccess.OverlapAsync(db, window.DeviceId, startsAt, endsAt, window.Id, cancellationToken) is { } other)
            {
                return MaintenanceAccess.OverlapError(other);
            }

            return window.Change(startsAt, endsAt, now);
        }, cancellationToken);

    public Task<Result> CancelAsync(Guid windowId, int? ifVersion = null, CancellationToken cancellationToken = default) =>
        OnWindowAsync(windowId, ifVersion, AuditAction.CancelMaintenance, (_, window, now) => Task.FromResult(window.Cancel(now)), cancellationToken);

    public async Task<Result> CancelSeriesAsync(Guid seriesId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { } actor)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn);
        }

        await using var db = dbFactory.Create();
        var series = await db.MaintenanceSeries.SingleOrDefaultAsync(s => s.Id == seriesId, cancellationToken);
        if (series is null)
        {
            return Result.NotFound();
        }

        var allowed = await MaintenanceAccess.RequireManagerOfAllAsync(db, actor, [series.DeviceId], cancellationToken);
        if (!allowed.IsOk)
        {
            return allowed;
        }

        var now = clock.GetUtcNow();
        var cancelled = series.Cancel(now);
        if (!cancelled.IsOk)
        {
            return cancelled;
        }

        db.Record(actor, now, AuditAction.CancelMaintenanceSeries, nameof(MaintenanceSeries), series.Id.ToString(), series.DeviceId, null, new { series.CancelledAt });

        // Windows not yet started go with the series; one in progress is left to end (or be cancelled) on its own.
        foreach (var window in await db.MaintenanceWindows.Where(w => w.SeriesId == seriesId && w.CancelledAt == null && w.StartsAt > now).ToListAsync(cancellationToken))
        {
            window.Cancel(now);
            db.Record(actor, now, AuditAction.CancelMaintenance, nameof(MaintenanceWindow), window.Id.ToString(), window.DeviceId, MaintenanceAccess.Snapshot(window), new { window.CancelledAt });
        }

        await db.SaveChangesAsync(cancellationToken);
        return Result.Ok();
    }

    private async Task<Result> OnWindowAsync(Guid windowId, int? ifVersion, AuditAction action, Func<IPortalDbContext, MaintenanceWindow, DateTimeOffset, Task<Result>> change, CancellationToken cancellationToken)
    {
        if (await currentUser.GetActorAsync() is not { } actor)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn);
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
