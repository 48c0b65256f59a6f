using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;

namespace Portal.Application.Features.Applications;

internal static class Membership
{
    /// <summary>
    /// Only administrators and deputies of the support ID may act on its devices. A member in the user
    /// role is told why; anyone else learns nothing (not found).
    /// </summary>
    public static async Task<Result> RequireManagerAsync(IPortalDbContext db, Actor actor, Guid supportAccountId, CancellationToken cancellationToken)
    {
        var role = await db.SupportMemberships
            .Where(m => m.UserId == actor.UserId && m.SupportAccountId == supportAccountId)
            .Select(m => (MemberRole?)m.Role)
            .SingleOrDefaultAsync(cancellationToken);
        return role switch
        {
            null => Result.NotFound(),
            { } r when r.CanManage() => Result.Ok(),
            _ => Result.Forbidden(ErrorCodes.ApplyRequiresAdministrator),
        };
    }
}
