using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Customers;

namespace Portal.Application.Features.Members;

public sealed record WithdrawInvitationCommand(Guid SupportAccountId, Guid InvitationId);

/// <summary>
/// An administrator (any invitation) or a deputy (an invitation as a user) withdraws an open invitation of the
/// support ID: its link stops working at once.
/// </summary>
public sealed class WithdrawInvitationHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result> HandleAsync(WithdrawInvitationCommand command, CancellationToken cancellationToken = default)
    {
        var (supportAccountId, invitationId) = command;
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn;
        }

        await using var db = dbFactory.Create();
        var allowed = await Membership.ManagerRoleAsync(db, actor, supportAccountId, ErrorCodes.MembersRequireAdministrator, cancellationToken);
        if (!allowed.IsOk)
        {
            return allowed;
        }

        var invitation = await db.MemberInvitations.SingleOrDefaultAsync(i => i.Id == invitationId && i.SupportAccountId == supportAccountId, cancellationToken);
        if (invitation is null)
        {
            return Result.NotFound();
        }

        if (!allowed.Value.CanAssign(invitation.Role))
        {
            return Result.Forbidden(ErrorCodes.MembersRequireAdministrator);
        }

        var now = clock.GetUtcNow();
        var withdrawn = invitation.Withdraw(now);
        if (!withdrawn.IsOk)
        {
            return withdrawn;
        }

        db.Record(actor, now, AuditAction.WithdrawInvitation, nameof(MemberInvitation), invitation.Id.ToString(), null, new { invitation.Email, invitation.Role }, new { invitation.WithdrawnAt });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Accepted at the same moment: the person is a member now, which the list shows.
            return Result.Conflict(ErrorCodes.InvitationUsed);
        }

        return Result.Ok();
    }
}
