using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;

namespace Portal.Application.Features.Contacts;

/// <param name="Search">The bulk editor's search, as <see cref="ListContactsDevicesQuery.Search"/>.</param>
public sealed record ListContactsDeviceIdsQuery(Guid SupportAccountId, string? Search = null);

/// <summary>
/// The bulk contacts editor's "choose all": the ids of every opened device of the support ID that the search
/// matches, on any page. Administrators and deputies of the support ID only.
/// </summary>
public sealed class ListContactsDeviceIdsHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser)
{
    public async Task<Result<IReadOnlyList<Guid>>> HandleAsync(ListContactsDeviceIdsQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        if (await ContactsDevices.RefusalAsync(db, currentUser, query.SupportAccountId, cancellationToken) is { } refused)
        {
            return refused.As<IReadOnlyList<Guid>>();
        }

        return await ContactsDevices.Matching(db, query.SupportAccountId, query.Search).Select(d => d.Id).ToListAsync(cancellationToken);
    }
}
