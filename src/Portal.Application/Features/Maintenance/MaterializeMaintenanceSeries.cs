using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;

namespace Portal.Application.Features.Maintenance;

public sealed record MaterializeMaintenanceSeriesCommand;

/// <summary>The centre's job turns recurring series into windows as they come within reach.</summary>
public sealed class MaterializeMaintenanceSeriesHandler(IPortalDbContextFactory dbFactory, TimeProvider clock)
{
    /// <returns>How many windows were created.</returns>
    public async Task<int> HandleAsync(MaterializeMaintenanceSeriesCommand command, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        var now = clock.GetUtcNow();
        var created = 0;
        foreach (var series in await db.MaintenanceSeries.Where(s => s.CancelledAt == null).ToListAsync(cancellationToken))
        {
            created += await MaintenanceSeriesMaterializer.MaterializeAsync(db, series, now, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return created;
    }
}
