using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Registrations;

namespace Portal.Application.Features.Staff;

public sealed record StaffDeviceRow(
    Guid Id,
    string DeviceManagementNumber,
    string ModelNumber,
    string SerialNumber,
    string HostName,
    string SupportId,
    string OrganizationName,
    ServiceStatus Status);

/// <summary>Staff look devices up across every customer: exact or prefix match on the identifying numbers.</summary>
public sealed class SearchDevicesHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser)
{
    public const int MaxResults = 50;

    public async Task<Result<IReadOnlyList<StaffDeviceRow>>> HandleAsync(string? term, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.GetActorAsync();
        if (actor is not { IsStaff: true })
        {
            return Result.Forbidden(ErrorCodes.StaffOnly).As<IReadOnlyList<StaffDeviceRow>>();
        }

        await using var db = dbFactory.Create();
        var devices = db.Devices.AsQueryable();
        var text = term?.Trim().ToUpperInvariant();
        if (!string.IsNullOrEmpty(text))
        {
            var accounts = db.SupportAccounts.Where(a => a.SupportId.StartsWith(text)).Select(a => a.Id);
            devices = devices.Where(d =>
                d.SerialNumber.StartsWith(text) ||
                d.DeviceManagementNumber.StartsWith(text) ||
                d.ModelNumber.StartsWith(text) ||
                d.HostName.ToUpper().StartsWith(text) ||
                accounts.Contains(d.SupportAccountId));
        }

        var rows = await (
            from d in devices
            join a in db.SupportAccounts on d.SupportAccountId equals a.Id
            join o in db.Organizations on a.OrganizationId equals o.Id
            join r in db.Registrations on d.Id equals r.DeviceId into regs
            from r in regs.DefaultIfEmpty()
            orderby d.DeviceManagementNumber
            select new StaffDeviceRow(d.Id, d.DeviceManagementNumber, d.ModelNumber, d.SerialNumber, d.HostName, a.SupportId, o.Name, r == null ? ServiceStatus.NotApplied : r.Status))
            .AsNoTracking()
            .Take(MaxResults)
            .ToListAsync(cancellationToken);
        return rows;
    }
}
