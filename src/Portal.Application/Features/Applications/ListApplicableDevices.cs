using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Devices;

namespace Portal.Application.Features.Applications;

/// <param name="Search">Part of a management number, model, serial or host name (<see cref="DeviceSearch"/>).</param>
/// <param name="Page">Zero-based; past the last page means the last page.</param>
public sealed record ListApplicableDevicesQuery(Guid SupportAccountId, string? Search = null, int Page = 0, int PageSize = ListPage<DeviceOption>.DefaultPageSize);

/// <summary>
/// The application wizard's device picker: one page of a support ID's devices that may be applied for, each with
/// its eligibility. The database searches, counts and pages, so a support ID of 20,000 new servers costs the
/// wizard one page of rows.
/// </summary>
public sealed class ListApplicableDevicesHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result<ListPage<DeviceOption>>> HandleAsync(ListApplicableDevicesQuery query, CancellationToken cancellationToken = default)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<ListPage<DeviceOption>>();
        }

        await using var db = dbFactory.Create();
        if (!await Membership.ManagedAccounts(db, actor).AnyAsync(a => a.Id == query.SupportAccountId, cancellationToken))
        {
            return Result.Forbidden(ErrorCodes.ApplyRequiresAdministrator).As<ListPage<DeviceOption>>();
        }

        var today = JapanTime.Today(clock);
        return await ListPage<DeviceOption>.ReadAsync(
            DeviceSearch.Matching(db, ApplicableDevices.Of(db, [query.SupportAccountId]), query.Search),
            devices => devices.OrderBy(d => d.DeviceManagementNumber).ThenBy(d => d.Id),
            query.Page,
            query.PageSize,
            d => ApplicableDevices.Option(d, today),
            cancellationToken);
    }
}
