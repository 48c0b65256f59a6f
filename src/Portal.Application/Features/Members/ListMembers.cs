using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;

namespace Portal.Application.Features.Members;

public sealed record ListMembersQuery(Guid SupportAccountId);

/// <param name="ContactOf">On how many devices of the support ID the person is a contact the centre works from.</param>
/// <param name="CanChange">Whether the person asking may change this member's role or remove them.</param>
public sealed record MemberView(Guid UserId, string Name, string Email, MemberRole Role, int ContactOf, bool CanChange);

public sealed record InvitationView(Guid Id, string Email, MemberRole Role, string InvitedBy, DateTimeOffset InvitedAt, DateTimeOffset ExpiresAt, bool CanWithdraw);

/// <param name="AssignableRoles">The roles the person asking may give (an administrator: all; a deputy: user).</param>
public sealed record MemberList(
    Guid SupportAccountId,
    string SupportId,
    string OrganizationName,
    MemberRole MyRole,
    IReadOnlyList<MemberRole> AssignableRoles,
    IReadOnlyList<MemberView> Members,
    IReadOnlyList<InvitationView> Invitations);

/// <summary>
/// ユーザ管理: an administrator or deputy sees the members of their support ID, who is a contact where, and the
/// invitations still open. Users of the support ID (and anyone else) see nothing of it.
/// </summary>
public sealed class ListMembersHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result<MemberList>> HandleAsync(ListMembersQuery query, CancellationToken cancellationToken = default)
    {
        var supportAccountId = query.SupportAccountId;
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<MemberList>();
        }

        await using var db = dbFactory.Create();
        var allowed = await Membership.ManagerRoleAsync(db, actor, supportAccountId, ErrorCodes.MembersRequireAdministrator, cancellationToken);
        if (!allowed.IsOk)
        {
            return allowed.As<MemberList>();
        }

        var myRole = allowed.Value;
        var account = await (
            from a in db.SupportAccounts
            where a.Id == supportAccountId
            join o in db.Organizations on a.OrganizationId equals o.Id
            select new { a.SupportId, Organization = o.Name })
            .SingleAsync(cancellationToken);
        var members = await (
            from m in db.SupportMemberships
            where m.SupportAccountId == supportAccountId
            join p in db.UserProfiles on m.UserId equals p.Id
            orderby m.Role, p.Name
            select new { m.UserId, p.Name, p.Email, m.Role })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var contactOf = await MemberContacts.OnDevices(db, supportAccountId, null)
            .GroupBy(c => c.UserId)
            .Select(g => new { UserId = g.Key, Devices = g.Select(c => c.DeviceId).Distinct().Count() })
            .ToDictionaryAsync(c => c.UserId, c => c.Devices, cancellationToken);
        var now = clock.GetUtcNow();
        var invitations = await (
            from i in db.MemberInvitations.Where(MemberInvitation.Pending.For(now))
            where i.SupportAccountId == supportAccountId
            join p in db.UserProfiles on i.InvitedBy equals p.Id into inviters
            from p in inviters.DefaultIfEmpty()
            orderby i.InvitedAt descending
            select new { Invitation = i, InvitedBy = p == null ? string.Empty : p.Name })
            .AsNoTracking()
            .ToListAsync(cancellationToken);

        // Only what can still be accepted: an invitation whose sender was since removed or demoted no longer stands.
        var current = await db.SupportAccounts.AsNoTracking().Include(a => a.Members).SingleAsync(a => a.Id == supportAccountId, cancellationToken);

        return new MemberList(
            supportAccountId,
            account.SupportId,
            account.Organization,
            myRole,
            [.. Enum.GetValues<MemberRole>().Where(r => myRole.CanAssign(r))],
            [.. members.Select(m => new MemberView(m.UserId, m.Name, m.Email, m.Role, contactOf.GetValueOrDefault(m.UserId), myRole.CanAssign(m.Role)))],
            [.. invitations
                .Where(i => i.Invitation.IsBackedBy(current))
                .Select(i => new InvitationView(i.Invitation.Id, i.Invitation.Email, i.Invitation.Role, i.InvitedBy, i.Invitation.InvitedAt, i.Invitation.ExpiresAt, myRole.CanAssign(i.Invitation.Role)))]);
    }
}
