using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Maintenance;
using Portal.Application.Domain.Registrations;
using Portal.Application.Features.Contacts;

namespace Portal.Application.Features.Devices;

/// <summary>
/// The attention marks: a list's filter on one (<see cref="Having"/>), and the marks of a page of rows. The marks
/// the registration or the contract decide come from the domain's rules; the others are the same queries as the
/// filter, restricted to the page, so a row's mark and the list's filter cannot disagree.
/// </summary>
internal static class AttentionMarks
{
    /// <summary>The devices with <paramref name="mark"/> at <paramref name="now"/>.</summary>
    public static IQueryable<Device> Having(IPortalDbContext db, IQueryable<Device> devices, AttentionMark mark, DateTimeOffset now)
    {
        var today = JapanTime.DateOf(now);
        switch (mark)
        {
            case AttentionMark.MaintenanceNow:
                var covering = db.MaintenanceWindows.Where(MaintenanceWindow.Covering.For(now));
                return devices.Where(d => covering.Any(w => w.DeviceId == d.Id));
            case AttentionMark.ContractExpired:
                return devices.Where(Contract.Expired.On<Device>(d => d.Contract, today));
            case AttentionMark.ContractExpiring:
                return devices.Where(Contract.Expiring.On<Device>(d => d.Contract, today));
            case AttentionMark.ContactsStale:
                // Each an EXISTS correlated to the device, so that a page's marks read the page's contacts alone.
                var changed = ChangedContacts(db);
                var departed = DepartedContacts(db);
                return devices.Where(d => changed.Any(id => id == d.Id) || departed.Any(id => id == d.Id));
            case AttentionMark.ContactsBounced:
                var bounced = BouncedContacts(db);
                return devices.Where(d => bounced.Any(id => id == d.Id));
            default:
                var marked = db.Registrations.Where(AttentionRules.OfRegistration.Single(m => m.Mark == mark).Rule.For(now));
                return devices.Where(d => marked.Any(r => r.DeviceId == d.Id));
        }
    }

    /// <param name="devices">The page's devices with their contracts.</param>
    /// <param name="registrations">The page's registrations, loaded once for its heartbeats and its attention marks.</param>
    public static async Task<IReadOnlyDictionary<Guid, IReadOnlyList<Attention>>> ForAsync(
        IPortalDbContext db, IReadOnlyCollection<(Guid Id, Contract Contract)> devices, IReadOnlyList<ServiceRegistration> registrations, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = devices.Select(d => d.Id).ToList();
        var page = db.Devices.Where(d => ids.Contains(d.Id));
        async Task<HashSet<Guid>> MarkedAsync(AttentionMark mark) =>
            [.. await Having(db, page, mark, now).Select(d => d.Id).ToListAsync(cancellationToken)];
        var inMaintenance = await MarkedAsync(AttentionMark.MaintenanceNow);
        var stale = await MarkedAsync(AttentionMark.ContactsStale);
        var bounced = await MarkedAsync(AttentionMark.ContactsBounced);
        var byDevice = registrations.ToDictionary(r => r.DeviceId);
        var today = JapanTime.DateOf(now);
        var marks = new Dictionary<Guid, IReadOnlyList<Attention>>();
        foreach (var (id, contract) in devices)
        {
            var registration = byDevice.GetValueOrDefault(id);
            List<Attention> found =
            [
                .. registration is null ? [] : AttentionRules.OfRegistration.Where(m => m.Rule.IsSatisfiedBy(registration, now))
                    .Select(m => new Attention(m.Mark, At: m.Mark == AttentionMark.KeyNotYetUsable ? registration.OpeningPossibleFrom : null)),
                .. Contract.Expired.IsSatisfiedBy(contract, today) ? [new Attention(AttentionMark.ContractExpired, On: contract.ValidUntil)] : Array.Empty<Attention>(),
                .. Contract.Expiring.IsSatisfiedBy(contract, today) ? [new Attention(AttentionMark.ContractExpiring, On: contract.ValidUntil)] : Array.Empty<Attention>(),
                .. stale.Contains(id) ? [new Attention(AttentionMark.ContactsStale)] : Array.Empty<Attention>(),
                .. bounced.Contains(id) ? [new Attention(AttentionMark.ContactsBounced)] : Array.Empty<Attention>(),
                .. inMaintenance.Contains(id) ? [new Attention(AttentionMark.MaintenanceNow)] : Array.Empty<Attention>(),
            ];
            if (found.Count > 0)
            {
                marks[id] = found;
            }
        }

        return marks;
    }

    /// <summary>Every device counted per mark, each count the list's own filter.</summary>
    public static async Task<IReadOnlyDictionary<AttentionMark, int>> CountAsync(IPortalDbContext db, IQueryable<Device> devices, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<AttentionMark, int>();
        foreach (var mark in Enum.GetValues<AttentionMark>())
        {
            counts[mark] = await Having(db, devices, mark, now).CountAsync(cancellationToken);
        }

        return counts;
    }

    /// <summary>Devices in use whose contact's copy differs from the person's profile (<see cref="RegistrationContact.ChangedIn"/>).</summary>
    private static IQueryable<Guid> ChangedContacts(IPortalDbContext db) => (
            from r in db.Registrations.Where(ServiceRegistration.ContactsInUse)
            from c in r.Contacts
            join p in db.UserProfiles on c.UserId equals p.Id
            select new ContactAndProfile { DeviceId = r.DeviceId, Contact = c, Profile = p })
        .Where(RegistrationContact.ChangedIn.On<ContactAndProfile>(x => x.Contact, x => x.Profile))
        .Select(x => x.DeviceId);

    /// <summary>Devices in use with a contact who is no longer a member of the device's support ID.</summary>
    private static IQueryable<Guid> DepartedContacts(IPortalDbContext db) =>
        from r in db.Registrations.Where(ServiceRegistration.ContactsInUse)
        join d in db.Devices on r.DeviceId equals d.Id
        from c in r.Contacts
        where !db.SupportMemberships.Any(m => m.UserId == c.UserId && m.SupportAccountId == d.SupportAccountId)
        select r.DeviceId;

    /// <summary>Devices in use with a contact whose address's last mail about the device failed (<see cref="ContactViews.Undelivered"/>).</summary>
    private static IQueryable<Guid> BouncedContacts(IPortalDbContext db)
    {
        var undelivered = ContactViews.Undelivered(db);
        return
            from r in db.Registrations.Where(ServiceRegistration.ContactsInUse)
            from c in r.Contacts
            where undelivered.Any(n => n.DeviceId == r.DeviceId && n.Recipient == c.Email)
            select r.DeviceId;
    }

    // Initialised by member (not a constructor), so that EF can filter on what it projects.
    private sealed class ContactAndProfile
    {
        public required Guid DeviceId { get; init; }

        public required RegistrationContact Contact { get; init; }

        public required Domain.Users.UserProfile Profile { get; init; }
    }
}
