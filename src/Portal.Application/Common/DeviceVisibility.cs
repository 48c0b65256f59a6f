using Portal.Application.Abstractions;
using Portal.Application.Domain.Devices;

namespace Portal.Application.Common;

/// <summary>The one rule of who sees a device: members of its support ID, and staff.</summary>
public static class DeviceVisibility
{
    public static IQueryable<Device> VisibleTo(this IQueryable<Device> devices, IPortalDbContext db, Actor actor) =>
        actor.IsStaff
            ? devices
            : devices.Where(d => Membership.Of(db, actor).Any(m => m.SupportAccountId == d.SupportAccountId));
}
