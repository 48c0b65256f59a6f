using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Devices;

namespace Portal.Application.Features.Maintenance;

/// <param name="Search">Part of a management number, model, serial or host name (<see cref="DeviceSearch"/>).</param>
public sealed record MaintainableDevicesQuery(string? Search = null, int Page = 0, int PageSize = ListPage<MaintenanceFormDevice>.DefaultPageSize);

/// <summary>The registration form's device picker: one page of the devices a window may be announced for, searched by the database.</summary>
public sealed class ListMaintainableDevicesHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser)
{
    public async Task<Result<ListPage<MaintenanceFormDevice>>> HandleAsync(MaintainableDevicesQuery query, CancellationToken cancellationToken = default)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<ListPage<MaintenanceFormDevice>>();
        }

        await using var db = dbFactory.Create();
        var devices = DeviceSearch.Matching(db, GetMaintenanceFormHandler.Maintainable(db, actor), query.Search);
        return await ListPage<MaintenanceFormDevice>.ReadAsync(
            GetMaintenanceFormHandler.Rows(db, devices),
            rows => rows.OrderBy(r => r.SupportId).ThenBy(r => r.Device.DeviceManagementNumber).ThenBy(r => r.Device.Id),
            query.Page,
            query.PageSize,
            row => row.ToDevice(),
            cancellationToken);
    }
}
