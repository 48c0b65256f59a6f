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

    /// <summary>
    /// The same rule for a role already read. A token without the read-write scope changes nothing, whatever its
    /// owner's role: it is told so rather than that it needs an administrator.
    /// </summary>
    public static Result RequireManager(Actor actor, MemberRole? role, string refusal) => role switch
    {
        { } when actor.Token is { CanChange: false } => Result.Forbidden(ErrorCodes.TokenReadOnly),
        { } r when r.CanManage() => Result.Ok(),
        null when !actor.IsStaff => Result.NotFound(),
        _ => Result.Forbidden(refusal),
    };

    /// <summary>
    /// The memberships a person acts through: all of theirs, or through a personal access token only those of the
    /// token's support IDs. Every rule of who sees or changes what starts here.
    /// </summary>
    public static IQueryable<SupportMembership> Of(IPortalDbContext db, Actor actor)
    {
        var memberships = db.SupportMemberships.Where(m => m.UserId == actor.UserId);
        if (actor.Token is { } token)
        {
            var chosen = token.SupportAccountIds;
            memberships = memberships.Where(m => chosen.Contains(m.SupportAccountId));
        }

        return memberships;
    }

    /// <summary>The support IDs a person may act for: those they administer or deputise for (none through a read-only token).</summary>
    public static IQueryable<SupportAccount> ManagedAccounts(IPortalDbContext db, Actor actor)
    {
        var changes = actor.Token?.CanChange ?? true;
        return from m in Of(db, actor)
               where changes && MemberRoleExtensions.ManagingRoles.Contains(m.Role)
               join a in db.SupportAccounts on m.SupportAccountId equals a.Id
               select a;
    }

    public static Task<MemberRole?> RoleAsync(IPortalDbContext db, Actor actor, Guid supportAccountId, CancellationToken cancellationToken) =>
        Of(db, actor)
            .Where(m => m.SupportAccountId == supportAccountId)
            .Select(m => (MemberRole?)m.Role)
            .SingleOrDefaultAsync(cancellationToken);
}
