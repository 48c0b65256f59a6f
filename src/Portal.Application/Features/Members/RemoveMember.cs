using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Customers;
using Portal.Application.Features.Notifications;

namespace Portal.Application.Features.Members;

public sealed record RemoveMemberCommand(Guid SupportAccountId, Guid UserId);

/// <param name="ContactDevices">Devices whose contacts name the removed person: they now show "no longer a member" until changed.</param>
public sealed record MemberRemoved(int ContactDevices);

/// <summary>
/// An administrator removes any member, a deputy a user; the support ID always keeps an administrator. The person
/// is mailed and their sessions end; their calendar feed goes with the membership. Where they were a contact, the
/// centre keeps its copy (it must reach someone) until the administrators, who are mailed the devices, choose anew.
/// </summary>
public sealed class RemoveMemberHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, IAccounts accounts, TimeProvider clock)
{
    public async Task<Result<MemberRemoved>> HandleAsync(RemoveMemberCommand command, CancellationToken cancellationToken = default)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<MemberRemoved>();
        }

        await using var db = dbFactory.Create();
        var allowed = await Membership.RequireManagerAsync(db, actor, command.SupportAccountId, ErrorCodes.MembersRequireAdministrator, cancellationToken);
        if (!allowed.IsOk)
        {
            return allowed.As<MemberRemoved>();
        }

        var now = clock.GetUtcNow();
        var devices = 0;
        var stored = await MembershipChange.CommitAsync(db, command.SupportAccountId, async account =>
        {
            // Decided again on the members as the lock leaves them: the actor may have been removed meanwhile.
            if (account.Members.SingleOrDefault(m => m.UserId == actor.UserId) is not { Role: var myRole })
            {
                return Result.NotFound();
            }

            var role = account.Members.SingleOrDefault(m => m.UserId == command.UserId)?.Role;
            var removed = account.RemoveMember(myRole, command.UserId);
            if (!removed.IsOk)
            {
                return removed;
            }

            var person = await db.UserProfiles.AsNoTracking().SingleAsync(p => p.Id == command.UserId, cancellationToken);
            var contacts = await MemberContacts.OnDevices(db, account.Id, command.UserId)
                .OrderBy(c => c.DeviceManagementNumber)
                .ToListAsync(cancellationToken);
            devices = contacts.Select(c => c.DeviceId).Distinct().Count();
            db.Record(actor, now, AuditAction.RemoveMember, nameof(SupportMembership), $"{account.Id}/{command.UserId}", null, new { account.SupportId, person.Name, Role = role }, new { account.SupportId, person.Name, Role = (MemberRole?)null, ContactDevices = devices });

            // Their access tokens stop reaching this support ID for good, not only until they are invited back.
            var accountId = account.Id;
            foreach (var token in await db.PersonalAccessTokens.Where(t => t.UserId == command.UserId && t.SupportAccountIds.Contains(accountId)).ToListAsync(cancellationToken))
            {
                token.Withdraw(accountId, actor.UserId, now);
            }
            db.Notifications.Add(MailComposer.ComposeAccount(
                MailKind.MemberRemoved,
                new MailRecipient(person.Email, person.Name, person.PreferredCulture),
                now,
                string.Empty,
                null,
                account.SupportId,
                actor.Name));
            if (contacts.Count > 0)
            {
                var managers = account.Members.Where(m => m.Role.CanManage()).Select(m => m.UserId).ToList();
                foreach (var manager in await db.UserProfiles.AsNoTracking().Where(p => managers.Contains(p.Id)).ToListAsync(cancellationToken))
                {
                    db.Notifications.Add(MailComposer.ComposeAccount(
                        MailKind.ContactsNeedChange,
                        new MailRecipient(manager.Email, manager.Name, manager.PreferredCulture),
                        now,
                        "contacts",
                        [.. contacts.Select(c => MailComposer.Phrase(manager.PreferredCulture, "ContactsNeedChange.Device", c.DeviceManagementNumber, c.HostName, c.Priority))],
                        account.SupportId,
                        person.Name));
                }
            }

            return Result.Ok();
        }, () => accounts.EndSessionsAsync(command.UserId, cancellationToken), cancellationToken);

        return stored.IsOk ? new MemberRemoved(devices) : stored.As<MemberRemoved>();
    }
}
