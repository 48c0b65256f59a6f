using Portal.Application.Abstractions;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;

namespace Portal.Application.Features.Applications;

/// <summary>
/// Which devices may be applied for, and how the wizard offers one: shared by the application form (how many per
/// support ID, the preselected device) and the device picker (a page of them).
/// </summary>
internal static class ApplicableDevices
{
    /// <summary>The devices of these support IDs that may be applied for (<see cref="ServiceRegistration.ApplicableStatuses"/>).</summary>
    public static IQueryable<Device> Of(IPortalDbContext db, IReadOnlyCollection<Guid> accountIds) =>
        from d in db.Devices
        where accountIds.Contains(d.SupportAccountId)
        join r in db.Registrations on d.Id equals r.DeviceId into regs
        from r in regs.DefaultIfEmpty()
        where r == null || ServiceRegistration.ApplicableStatuses.Contains(r.Status)
        select d;

    public static DeviceOption Option(Device d, DateOnly today) =>
        new(d.Id, d.SupportAccountId, d.DeviceManagementNumber, d.ModelNumber, d.SerialNumber, d.HostName, d.CheckEligibility(today), d.Contract.ValidUntil);
}
