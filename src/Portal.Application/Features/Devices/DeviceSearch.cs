using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Domain.Devices;

namespace Portal.Application.Features.Devices;

/// <summary>What a device picker's search box matches: any part of the management number, model, serial or host name.</summary>
public static class DeviceSearch
{
    public static IQueryable<Device> Matching(IQueryable<Device> devices, string? search)
    {
        if (search?.Trim() is not { Length: > 0 } term)
        {
            return devices;
        }

        var pattern = LikePattern.Containing(term);
        return devices.Where(d =>
            EF.Functions.Like(d.DeviceManagementNumber, pattern, LikePattern.Escape)
            || EF.Functions.Like(d.ModelNumber, pattern, LikePattern.Escape)
            || EF.Functions.Like(d.SerialNumber, pattern, LikePattern.Escape)
            || EF.Functions.Like(d.HostName, pattern, LikePattern.Escape));
    }
}
