using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;
using Portal.Application.Features.Devices;

namespace Portal.Application.Features.Contacts;

/// <param name="Search">Part of a management number, model, serial or host name, or the start of a support ID (<see cref="DeviceSearch"/>).</param>
/// <param name="Page">Zero-based; past the last page means the last page.</param>
public sealed record ContactsDevicesQuery(Guid SupportAccountId, string? Search = null, int Page = 0, int PageSize = ListPage<ContactsDevice>.DefaultPageSize);

/// <summary>
/// The bulk contacts editor's devices: one page of a support ID's opened devices with their contacts, searched,
/// counted and paged by the database; or, to choose them all, the ids of every device the search matches.
/// Administrators and deputies of the support ID only.
/// </summary>
public sealed class ListContactsDevicesHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser)
{
    public async Task<Result<ListPage<ContactsDevice>>> HandleAsync(ContactsDevicesQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        if (await RefusalAsync(db, query.SupportAccountId, cancellationToken) is { } refused)
        {
            return refused.As<ListPage<ContactsDevice>>();
        }

        var page = await ListPage<Device>.ReadAsync(
            Matching(db, query), devices => devices.OrderBy(d => d.DeviceManagementNumber).ThenBy(d => d.Id), query.Page, query.PageSize, d => d, cancellationToken);
        var rows = await GetContactsEditorHandler.DevicesAsync(db, query.SupportAccountId, page.Rows, cancellationToken);
        return new ListPage<ContactsDevice>(rows, page.Matching, page.Page, page.PageSize);
    }

    /// <summary>Every device the query's search matches, on any page: what "choose all" chooses.</summary>
    public async Task<Result<IReadOnlyList<Guid>>> MatchingIdsAsync(ContactsDevicesQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        if (await RefusalAsync(db, query.SupportAccountId, cancellationToken) is { } refused)
        {
            return refused.As<IReadOnlyList<Guid>>();
        }

        return await Matching(db, query).Select(d => d.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Why the signed-in person may not list the support ID's devices, or null: its administrators and deputies may.</summary>
    private async Task<Result?> RefusalAsync(IPortalDbContext db, Guid supportAccountId, CancellationToken cancellationToken)
    {
        if (await currentUser.GetActorAsync() is not { } actor)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn);
        }

        return await Membership.ManagedAccounts(db, actor).AnyAsync(a => a.Id == supportAccountId, cancellationToken)
            ? null
            : Result.Forbidden(ErrorCodes.ChangeRequiresAdministrator);
    }

    /// <summary>A support ID's devices whose contacts may be changed: those in service (FAQ Q3-6).</summary>
    internal static IQueryable<Device> Opened(IPortalDbContext db, Guid supportAccountId) =>
        db.Devices.Where(d => d.SupportAccountId == supportAccountId
            && db.Registrations.Any(r => r.DeviceId == d.Id && r.Status == ServiceStatus.Opened));

    private static IQueryable<Device> Matching(IPortalDbContext db, ContactsDevicesQuery query) =>
        DeviceSearch.Matching(db, Opened(db, query.SupportAccountId), query.Search);
}
