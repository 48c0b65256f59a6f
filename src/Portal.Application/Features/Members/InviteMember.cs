using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Users;
using Portal.Application.Features.Notifications;

// EF translates ToUpper() to SQL's UPPER on the column (as Identity's normalized e-mail is compared); the overloads
// naming a culture, and string.Equals ignoring case, do not translate.
#pragma warning disable CA1304, CA1311, CA1862

namespace Portal.Application.Features.Members;

public sealed record InviteMemberCommand(Guid SupportAccountId, string? Email, MemberRole Role);

/// <summary>
/// An administrator invites a person to the support ID in any role, a deputy as a user. The invitation is mailed
/// to the address with a link that expires after <see cref="MemberInvitation.Lifetime"/>; a new invitation of the
/// same address replaces the one still open.
/// </summary>
public sealed class InviteMemberHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, IAccounts accounts, TimeProvider clock)
{
    public async Task<Result<InvitationView>> HandleAsync(InviteMemberCommand command, CancellationToken cancellationToken = default)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<InvitationView>();
        }

        await using var db = dbFactory.Create();
        var allowed = await Membership.ManagerRoleAsync(db, actor, command.SupportAccountId, ErrorCodes.MembersRequireAdministrator, cancellationToken);
        if (!allowed.IsOk)
        {
            return allowed.As<InvitationView>();
        }

        var myRole = allowed.Value;
        if (!Enum.IsDefined(command.Role))
        {
            return Result.Invalid(ErrorCodes.RoleInvalid, nameof(InviteMemberCommand.Role)).As<InvitationView>();
        }

        if (!myRole.CanAssign(command.Role))
        {
            return Result.Forbidden(ErrorCodes.MembersRequireAdministrator).As<InvitationView>();
        }

        var email = ContactFormats.Normalize(command.Email);
        if (!ContactFormats.IsEmail(email))
        {
            return Result.Invalid(ErrorCodes.EmailInvalid, nameof(InviteMemberCommand.Email)).As<InvitationView>();
        }

        var existing = await accounts.FindBySignInEmailAsync(email, cancellationToken);
        if (existing is { } userId && await db.SupportMemberships.AnyAsync(m => m.SupportAccountId == command.SupportAccountId && m.UserId == userId, cancellationToken))
        {
            return Result.Conflict(ErrorCodes.AlreadyMember).As<InvitationView>();
        }

        var now = clock.GetUtcNow();
        var upper = email.ToUpperInvariant();
        foreach (var open in await db.MemberInvitations
            .Where(MemberInvitation.Pending.For(now))
            .Where(i => i.SupportAccountId == command.SupportAccountId && i.Email.ToUpper() == upper)
            .ToListAsync(cancellationToken))
        {
            open.Withdraw(now).OrThrow();
            db.Record(actor, now, AuditAction.WithdrawInvitation, nameof(MemberInvitation), open.Id.ToString(), null, new { open.Email, open.Role }, new { open.WithdrawnAt, ReplacedBy = AuditAction.InviteMember });
        }

        var (invitation, secret) = MemberInvitation.Issue(command.SupportAccountId, email, command.Role, actor.UserId, now);
        db.MemberInvitations.Add(invitation);
        var account = await (
            from a in db.SupportAccounts
            where a.Id == command.SupportAccountId
            join o in db.Organizations on a.OrganizationId equals o.Id
            select new { a.SupportId, Organization = o.Name })
            .SingleAsync(cancellationToken);
        var culture = existing is { } known
            ? await db.UserProfiles.Where(p => p.Id == known).Select(p => p.PreferredCulture).SingleOrDefaultAsync(cancellationToken) ?? SupportedCultures.Default
            : SupportedCultures.Default;
        db.Notifications.Add(MailComposer.ComposeAccount(
            MailKind.MemberInvited,
            new MailRecipient(email, null, culture),
            now,
            $"invitations/{invitation.Id:N}/{secret}",
            null,
            account.SupportId,
            account.Organization,
            actor.Name,
            MailComposer.Phrase(culture, $"Role.{command.Role}"),
            MailComposer.Japan(invitation.ExpiresAt)));
        db.Record(actor, now, AuditAction.InviteMember, nameof(MemberInvitation), invitation.Id.ToString(), null, null, new { account.SupportId, invitation.Email, invitation.Role, invitation.ExpiresAt });
        await db.SaveChangesAsync(cancellationToken);
        return new InvitationView(invitation.Id, invitation.Email, invitation.Role, actor.Name, invitation.InvitedAt, invitation.ExpiresAt, CanWithdraw: true);
    }
}
