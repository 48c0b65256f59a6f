using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Maintenance;
using Portal.Application.Domain.Registrations;

namespace Portal.Application.Features.Devices;

/// <summary>The attention marks of a page of devices (one indexed query for maintenance now, then the domain's rules), and a list's filter on one.</summary>
internal static class AttentionMarks
{
    /// <param name="registrations">The page's registrations, loaded once for its heartbeats and its attention marks.</param>
    public static async Task<IReadOnlyDictionary<Guid, IReadOnlyList<AttentionMark>>> ForAsync(
        IPortalDbContext db, IReadOnlyCollection<Guid> deviceIds, IReadOnlyList<ServiceRegistration> registrations, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var byDevice = registrations.ToDictionary(r => r.DeviceId);
        var inMaintenance = (await db.MaintenanceWindows.AsNoTracking()
            .Where(MaintenanceWindow.Covering.For(now))
            .Where(w => deviceIds.Contains(w.DeviceId))
            .Select(w => w.DeviceId)
            .Distinct()
            .ToListAsync(cancellationToken)).ToHashSet();
        var marks = new Dictionary<Guid, IReadOnlyList<AttentionMark>>();
        foreach (var id in deviceIds)
        {
            var registration = byDevice.GetValueOrDefault(id);
            List<AttentionMark> found =
            [
                .. registration is null ? [] : AttentionRules.OfRegistration.Where(m => m.Rule.IsSatisfiedBy(registration, now)).Select(m => m.Mark),
                .. inMaintenance.Contains(id) ? [AttentionMark.MaintenanceNow] : Array.Empty<AttentionMark>(),
            ];
            if (found.Count > 0)
            {
                marks[id] = found;
            }
        }

        return marks;
    }
}
