using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Maintenance;
using Portal.Application.Domain.Registrations;

namespace Portal.Application.Features.Devices;

/// <summary>The attention marks of a page of devices (two indexed queries, then the domain's rules), and a list's filter on one.</summary>
internal static class AttentionMarks
{
    public static async Task<IReadOnlyDictionary<Guid, IReadOnlyList<AttentionMark>>> ForAsync(IPortalDbContext db, IReadOnlyCollection<Guid> deviceIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var registrations = await db.Registrations.AsNoTracking().Where(r => deviceIds.Contains(r.DeviceId)).ToListAsync(cancellationToken);
        var inMaintenance = (await db.MaintenanceWindows.AsNoTracking()
            .Where(MaintenanceWindow.Covering.For(now))
            .Where(w => deviceIds.Contains(w.DeviceId))
            .Select(w => w.DeviceId)
            .Distinct()
            .ToListAsync(cancellationToken)).ToHashSet();
        var marks = new Dictionary<Guid, IReadOnlyList<AttentionMark>>();
        foreach (var id in deviceIds)
        {
            var registration = registrations.SingleOrDefault(r => r.DeviceId == id);
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
