using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Maintenance;

namespace Portal.Application.Features.Maintenance;

public sealed record CancelMaintenanceSeriesCommand(Guid SeriesId);

/// <summary>Cancels a recurring window: no more occurrences, and those not yet started go with it.</summary>
public sealed class CancelMaintenanceSeriesHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result> HandleAsync(CancelMaintenanceSeriesCommand command, CancellationToken cancellationToken = default)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn;
        }

        await using var db = dbFactory.Create();
        var series = await db.MaintenanceSeries.SingleOrDefaultAsync(s => s.Id == command.SeriesId, cancellationToken);
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
        foreach (var window in await db.MaintenanceWindows.Where(w => w.SeriesId == command.SeriesId && w.CancelledAt == null && w.StartsAt > now).ToListAsync(cancellationToken))
        {
            window.Cancel(now);
            db.Record(actor, now, AuditAction.CancelMaintenance, nameof(MaintenanceWindow), window.Id.ToString(), window.DeviceId, MaintenanceAccess.Snapshot(window), new { window.CancelledAt });
        }

        await db.SaveChangesAsync(cancellationToken);
        return Result.Ok();
    }
}
