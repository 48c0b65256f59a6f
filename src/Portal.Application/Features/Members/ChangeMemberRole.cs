using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Customers;
using Portal.Application.Features.Notifications;

namespace Portal.Application.Features.Members;

public sealed record ChangeMemberRoleCommand(Guid SupportAccountId, Guid UserId, MemberRole Role);

/// <summary>
/// An administrator changes a member's role (a deputy cannot: only users' memberships are theirs to change, and a
/// user's role is already a user's). The support ID always keeps an administrator. The person is mailed, and their
/// sessions end so that they sign in again with the new role.
/// </summary>
public sealed class ChangeMemberRoleHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, IAccounts accounts, TimeProvider clock)
{
    public async Task<Result> HandleAsync(ChangeMemberRoleCommand command, CancellationToken cancellationToken = default)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn;
        }

        await using var db = dbFactory.Create();
        var allowed = await Membership.RequireManagerAsync(db, actor, command.SupportAccountId, ErrorCodes.MembersRequireAdministrator, cancellationToken);
        if (!allowed.IsOk)
        {
            return allowed;
        }

        if (!Enum.IsDefined(command.Role))
        {
            return Result.Invalid(ErrorCodes.RoleInvalid, nameof(command.Role));
        }

        var now = clock.GetUtcNow();
        return await MembershipChange.CommitAsync(db, command.SupportAccountId, async account =>
        {
            // Decided again on the members as the lock leaves them: the actor may have been removed meanwhile.
            if (account.Members.SingleOrDefault(m => m.UserId == actor.UserId) is not { Role: var myRole })
            {
                return Result.NotFound();
            }

            var before = account.Members.SingleOrDefault(m => m.UserId == command.UserId)?.Role;
            var changed = account.ChangeRole(myRole, command.UserId, command.Role);
            if (!changed.IsOk || before == command.Role)
            {
                return changed;
            }

            var person = await db.UserProfiles.AsNoTracking().SingleAsync(p => p.Id == command.UserId, cancellationToken);
            db.Record(actor, now, AuditAction.ChangeMemberRole, nameof(SupportMembership), $"{account.Id}/{command.UserId}", null, new { account.SupportId, person.Name, Role = before }, new { account.SupportId, person.Name, command.Role });
            db.Notifications.Add(MailComposer.ComposeAccount(
                MailKind.MemberRoleChanged,
                new MailRecipient(person.Email, person.Name, person.PreferredCulture),
                now,
                string.Empty,
                null,
                account.SupportId,
                MailComposer.Phrase(person.PreferredCulture, $"Role.{before}"),
                MailComposer.Phrase(person.PreferredCulture, $"Role.{command.Role}"),
                actor.Name));
            return Result.Ok();
        }, () => accounts.EndSessionsAsync(command.UserId, cancellationToken), cancellationToken);
    }
}
