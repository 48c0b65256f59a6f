using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;

namespace Portal.Application.Features.Devices;

public sealed record DeviceSummary(
    Guid Id,
    string ModelNumber,
    string SerialNumber,
    string DeviceManagementNumber,
    string HostName,
    string SupportId,
    string OrganizationName,
    MemberRole Role,
    ServiceStatus Status,
    ContractType ContractType,
    DateOnly? ValidUntil);

/// <summary>The dashboard: every device of the support IDs the signed-in user belongs to.</summary>
public sealed class ListMyDevicesHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser)
{
    public async Task<Result<IReadOnlyList<DeviceSummary>>> HandleAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { } actor)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn).As<IReadOnlyList<DeviceSummary>>();
        }

        await using var db = dbFactory.Create();
        var devices = await (
            from m in db.SupportMemberships
            where m.UserId == actor.UserId
            join a in db.SupportAccounts on m.SupportAccountId equals a.Id
            join o in db.Organizations on a.OrganizationId equals o.Id
            join d in db.Devices on a.Id equals d.SupportAccountId
            join r in db.Registrations on d.Id equals r.DeviceId into regs
            from r in regs.DefaultIfEmpty()
            orderby a.SupportId, d.DeviceManagementNumber
            select new DeviceSummary(
                d.Id,
                d.ModelNumber,
                d.SerialNumber,
                d.DeviceManagementNumber,
                d.HostName,
                a.SupportId,
                o.Name,
                m.Role,
                r == null ? ServiceStatus.NotApplied : r.Status,
                d.Contract.Type,
                d.Contract.ValidUntil))
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return devices;
    }
}
