using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Devices;
using Portal.Application.Features.Devices;

namespace Portal.Application.Features.Contacts;

/// <param name="Search">Part of a management number, model, serial or host name, or the start of a support ID (<see cref="DeviceSearch"/>).</param>
/// <param name="Page">Zero-based; past the last page means the last page.</param>
public sealed record ListContactsDevicesQuery(Guid SupportAccountId, string? Search = null, int Page = 0, int PageSize = ListPage<ContactsDevice>.DefaultPageSize);

/// <summary>
/// The bulk contacts editor's devices: one page of a support ID's opened devices with their contacts, searched,
/// counted and paged by the database. Administrators and deputies of the support ID only.
/// </summary>
public sealed class ListContactsDevicesHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser)
{
    public async Task<Result<ListPage<ContactsDevice>>> HandleAsync(ListContactsDevicesQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        if (await ContactsDevices.RefusalAsync(db, currentUser, query.SupportAccountId, cancellationToken) is { } refused)
        {
            return refused.As<ListPage<ContactsDevice>>();
        }

        var page = await ListPage<Device>.ReadAsync(
            ContactsDevices.Matching(db, query.SupportAccountId, query.Search), devices => devices.OrderBy(d => d.DeviceManagementNumber).ThenBy(d => d.Id), query.Page, query.PageSize, d => d, cancellationToken);
        var rows = await ContactsDevices.ViewsAsync(db, query.SupportAccountId, page.Rows, cancellationToken);
        return new ListPage<ContactsDevice>(rows, page.Matching, page.Page, page.PageSize);
    }
}
