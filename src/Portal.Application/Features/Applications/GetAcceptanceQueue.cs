using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;
using Portal.Application.Features.Staff;

namespace Portal.Application.Features.Applications;

public sealed record QueuedApplication(
    Guid RegistrationId,
    Guid DeviceId,
    string DeviceManagementNumber,
    string ModelNumber,
    string SerialNumber,
    string HostName,
    string SupportId,
    string OrganizationName,
    DateTimeOffset AppliedAt,
    string ApplicantName,
    IReadOnlyList<string> ContactNames,
    Eligibility Eligibility,
    OpeningMethod Method,
    ReapplicationReason? Reapplication = null,
    string? ReapplicationNote = null);

public sealed record GetAcceptanceQueueQuery;

/// <summary>Staff: applications waiting for acceptance, oldest first, with opened devices' re-applications among them.</summary>
public sealed class GetAcceptanceQueueHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result<IReadOnlyList<QueuedApplication>>> HandleAsync(GetAcceptanceQueueQuery query, CancellationToken cancellationToken = default)
    {
        var signedIn = await StaffAccess.StaffViewerAsync(currentUser, dbFactory, cancellationToken);
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<IReadOnlyList<QueuedApplication>>();
        }

        await using var db = dbFactory.Create();
        var rows = await (
            from r in db.Registrations
            where r.Status == ServiceStatus.Applied || r.PendingReapplication != null
            join d in db.Devices on r.DeviceId equals d.Id
            join a in db.SupportAccounts on d.SupportAccountId equals a.Id
            join o in db.Organizations on a.OrganizationId equals o.Id
            join p in db.UserProfiles on r.AppliedByUserId equals p.Id into applicants
            from p in applicants.DefaultIfEmpty()
            orderby r.AppliedAt
            select new { Registration = r, Device = d, a.SupportId, OrganizationName = o.Name, ApplicantName = p == null ? string.Empty : p.Name })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var contacts = await db.Registrations
            .Where(r => r.Status == ServiceStatus.Applied || r.PendingReapplication != null)
            .SelectMany(r => r.Contacts, (r, c) => new { r.Id, c.Priority, c.Name })
            .ToListAsync(cancellationToken);

        var today = JapanTime.Today(clock);
        return rows.Select(x => new QueuedApplication(
                x.Registration.Id,
                x.Device.Id,
                x.Device.DeviceManagementNumber,
                x.Device.ModelNumber,
                x.Device.SerialNumber,
                x.Device.HostName,
                x.SupportId,
                x.OrganizationName,
                x.Registration.AppliedAt!.Value,
                x.ApplicantName,
                [.. contacts.Where(c => c.Id == x.Registration.Id).OrderBy(c => c.Priority).Select(c => c.Name)],
                x.Device.CheckEligibility(today),
                x.Device.Contract.OpeningMethod,
                x.Registration.PendingReapplication,
                x.Registration.ReapplicationNote))
            .ToList();
    }
}
