using Portal.Application.Abstractions;
using Portal.Application.Domain.Registrations;

namespace Portal.Application.Features.Members;

/// <summary>
/// Who is a contact where on a support ID: the member list counts it per person, and removing a member tells which
/// devices lose a contact.
/// </summary>
internal static class MemberContacts
{
    /// <summary>The contacts (person, device, priority) of the support ID's devices that the centre works from; one person's when given.</summary>
    public static IQueryable<ContactOnDevice> OnDevices(IPortalDbContext db, Guid supportAccountId, Guid? userId) =>
        from d in db.Devices
        where d.SupportAccountId == supportAccountId
        join r in db.Registrations.Where(ServiceRegistration.ContactsInUse) on d.Id equals r.DeviceId
        from c in r.Contacts
        where userId == null || c.UserId == userId
        select new ContactOnDevice { UserId = c.UserId, DeviceId = d.Id, DeviceManagementNumber = d.DeviceManagementNumber, HostName = d.HostName, Priority = c.Priority };
}

/// <summary>Member-initialised (not a positional record), so that queries can go on from its properties.</summary>
internal sealed class ContactOnDevice
{
    public Guid UserId { get; init; }
    public Guid DeviceId { get; init; }
    public string DeviceManagementNumber { get; init; } = string.Empty;
    public string HostName { get; init; } = string.Empty;
    public int Priority { get; init; }
}
