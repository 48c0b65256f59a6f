using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Registrations;

namespace Portal.Application.Features.Members;

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

/// <summary>A support ID the person may manage the members of.</summary>
public sealed record ManagedSupportId(Guid SupportAccountId, string SupportId, string OrganizationName, MemberRole Role);

/// <summary>
/// ユーザ管理: an administrator or deputy sees the members of their support ID, who is a contact where, and the
/// invitations still open. Users of the support ID (and anyone else) see nothing of it.
/// </summary>
public sealed class ListMembersHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result<IReadOnlyList<ManagedSupportId>>> ManagedAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { } actor)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn).As<IReadOnlyList<ManagedSupportId>>();
        }

        await using var db = dbFactory.Create();
        return await (
            from m in Membership.Of(db, actor)
            where MemberRoleExtensions.ManagingRoles.Contains(m.Role)
            join a in db.SupportAccounts on m.SupportAccountId equals a.Id
            join o in db.Organizations on a.OrganizationId equals o.Id
            orderby a.SupportId
            select new ManagedSupportId(a.Id, a.SupportId, o.Name, m.Role))
            .AsNoTracking()
            .ToListAsync(cancellationToken);
    }

    public async Task<Result<MemberList>> HandleAsync(Guid supportAccountId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { } actor)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn).As<MemberList>();
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
        var contactOf = await ContactDevicesQuery(db, supportAccountId, null)
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

    /// <summary>The contacts (person, device, priority) of the support ID's devices that the centre works from; one person's when given.</summary>
    internal static IQueryable<ContactOnDevice> ContactDevicesQuery(IPortalDbContext db, Guid supportAccountId, Guid? userId) =>
        from d in db.Devices
        where d.SupportAccountId == supportAccountId
        join r in db.Registrations.Where(ServiceRegistration.ContactsInUse) on d.Id equals r.DeviceId
        from c in r.Contacts
        where userId == null || c.UserId == userId
        select new ContactOnDevice { UserId = c.UserId, DeviceId = d.Id, DeviceManagementNumber = d.DeviceManagementNumber, HostName = d.HostName, Priority = c.Priority };
}

/// <summary>Member-initialised (not a positional record), so that queries can go on from its properties.</summary>
internal sealed class ContactOnDevice
{
    public Guid UserId { get; init; }
    public Guid DeviceId { get; init; }
    public string DeviceManagementNumber { get; init; } = string.Empty;
    public string HostName { get; init; } = string.Empty;
    public int Priority { get; init; }
}
