using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Customers;

namespace Portal.Application.Common;

internal static class Membership
{
    /// <summary>
    /// Only administrators and deputies of the support ID may act on its devices. A member in the user role
    /// (and staff, who see but do not act for customers) is told why with <paramref name="refusal"/>;
    /// anyone else learns nothing (not found).
    /// </summary>
    public static async Task<Result> RequireManagerAsync(IPortalDbContext db, Actor actor, Guid supportAccountId, string refusal, CancellationToken cancellationToken) =>
        await ManagerRoleAsync(db, actor, supportAccountId, refusal, cancellationToken);

    /// <summary>The same check, with the manager's role (administrator or deputy) when it passes.</summary>
    public static async Task<Result<MemberRole>> ManagerRoleAsync(IPortalDbContext db, Actor actor, Guid supportAccountId, string refusal, CancellationToken cancellationToken)
    {
        var role = await RoleAsync(db, actor, supportAccountId, cancellationToken);
        return RequireManager(actor, role, refusal) is { IsOk: false } refused ? refused.As<MemberRole>() : role!.Value;
    }

    /// <summary>The same rule for a role already read.</summary>
    public static Result RequireManager(Actor actor, MemberRole? role, string refusal) => role switch
    {
        { } r when r.CanManage() => Result.Ok(),
        null when !actor.IsStaff => Result.NotFound(),
        _ => Result.Forbidden(refusal),
    };

    /// <summary>The support IDs a person may act for: those they administer or deputise for.</summary>
    public static IQueryable<SupportAccount> ManagedAccounts(IPortalDbContext db, Guid userId) =>
        from m in db.SupportMemberships
        where m.UserId == userId && MemberRoleExtensions.ManagingRoles.Contains(m.Role)
        join a in db.SupportAccounts on m.SupportAccountId equals a.Id
        select a;

    public static Task<MemberRole?> RoleAsync(IPortalDbContext db, Actor actor, Guid supportAccountId, CancellationToken cancellationToken) =>
        db.SupportMemberships
            .Where(m => m.UserId == actor.UserId && m.SupportAccountId == supportAccountId)
            .Select(m => (MemberRole?)m.Role)
            .SingleOrDefaultAsync(cancellationToken);
}
