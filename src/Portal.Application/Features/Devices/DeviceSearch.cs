using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Devices;

namespace Portal.Application.Features.Devices;

/// <summary>
/// What a customer's device search matches, on the dashboard and in every device picker: any part of the management
/// number, model, serial or host name, or the start of the support ID, in any case. (Support IDs are digits after
/// "SP": part of one, such as "01", would match every device of it.)
/// </summary>
public static class DeviceSearch
{
    public static IQueryable<Device> Matching(IPortalDbContext db, IQueryable<Device> devices, string? search)
    {
        if (search?.Trim() is not { Length: > 0 } term)
        {
            return devices;
        }

        var pattern = LikePattern.Containing(term);

        // The support IDs that match, as one uncorrelated IN (…): not a lookup per device.
        var prefix = LikePattern.StartingWith(term);
        var accounts = db.SupportAccounts.Where(a => EF.Functions.Like(a.SupportId, prefix, LikePattern.Escape)).Select(a => a.Id);
        return devices.Where(d =>
            EF.Functions.Like(d.DeviceManagementNumber, pattern, LikePattern.Escape)
            || EF.Functions.Like(d.ModelNumber, pattern, LikePattern.Escape)
            || EF.Functions.Like(d.SerialNumber, pattern, LikePattern.Escape)
            || EF.Functions.Like(d.HostName, pattern, LikePattern.Escape)
            || accounts.Contains(d.SupportAccountId));
    }
}
