using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;

namespace Portal.Application.Features.Devices;

public sealed record DeviceDetail(
    Guid Id,
    string ModelNumber,
    string SerialNumber,
    string DeviceManagementNumber,
    string HostName,
    InstallationSite InstallationSite,
    string SupportId,
    string OrganizationName,
    MemberRole? Role,
    Contract Contract,
    Eligibility Eligibility,
    RegistrationView Registration)
{
    /// <summary>The signed-in person may start an application for this device now.</summary>
    public bool CanApply => Role is { } role && role.CanManage() && Registration.Status == ServiceStatus.NotApplied && Eligibility == Eligibility.Eligible;
}

public sealed record RegistrationView(
    Guid Id,
    ServiceStatus Status,
    DateTimeOffset? AppliedAt,
    string? KeyCode,
    DateTimeOffset? KeyIssuedAt,
    DateTimeOffset? OpeningPossibleFrom,
    DateTimeOffset? OpenedAt,
    string? RejectionReason,
    IReadOnlyList<ContactView> Contacts,
    IReadOnlyList<StatusChangeView> Timeline);

public sealed record ContactView(int Priority, string Name, string Email, string Phone, string Affiliation, string? ReachableHours);

public sealed record StatusChangeView(ServiceStatus From, ServiceStatus To, DateTimeOffset At, string? Note);

/// <summary>One device with its service registration. Devices of other customers are "not found", never "forbidden".</summary>
public sealed class GetDeviceDetailHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result<DeviceDetail>> HandleAsync(Guid deviceId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { } actor)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn).As<DeviceDetail>();
        }

        await using var db = dbFactory.Create();
        var found = await (
            from d in db.Devices.VisibleTo(db, actor)
            where d.Id == deviceId
            join a in db.SupportAccounts on d.SupportAccountId equals a.Id
            join o in db.Organizations on a.OrganizationId equals o.Id
            select new { Device = d, a.SupportId, OrganizationName = o.Name })
            .AsNoTracking()
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return Result.NotFound().As<DeviceDetail>();
        }

        var membership = await db.SupportMemberships.AsNoTracking()
            .SingleOrDefaultAsync(m => m.UserId == actor.UserId && m.SupportAccountId == found.Device.SupportAccountId, cancellationToken);
        var registration = await db.Registrations.AsNoTracking()
            .Include(r => r.Contacts)
            .Include(r => r.History)
            .SingleOrDefaultAsync(r => r.DeviceId == deviceId, cancellationToken);

        var device = found.Device;
        return new DeviceDetail(
            device.Id,
            device.ModelNumber,
            device.SerialNumber,
            device.DeviceManagementNumber,
            device.HostName,
            device.InstallationSite,
            found.SupportId,
            found.OrganizationName,
            membership?.Role,
            device.Contract,
            device.CheckEligibility(JapanTime.Today(clock)),
            ToView(registration));
    }

    private static RegistrationView ToView(ServiceRegistration? registration) =>
        registration is null
            ? new RegistrationView(Guid.Empty, ServiceStatus.NotApplied, null, null, null, null, null, null, [], [])
            : new RegistrationView(
                registration.Id,
                registration.Status,
                registration.AppliedAt,
                registration.KeyCode,
                registration.KeyIssuedAt,
                registration.OpeningPossibleFrom,
                registration.OpenedAt,
                registration.RejectionReason,
                [.. registration.Contacts.OrderBy(c => c.Priority).Select(c => new ContactView(c.Priority, c.Name, c.Email, c.Phone, c.Affiliation, c.ReachableHours))],
                [.. registration.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new StatusChangeView(h.From, h.To, h.At, h.Note))]);
}
