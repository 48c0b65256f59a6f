using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Users;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Identity;

public enum InvitationVisitor
{
    /// <summary>No account signs in with the invited address: one can be created here.</summary>
    NewPerson,

    /// <summary>An account has the address, and this browser is not signed in as it: sign in first.</summary>
    MustSignIn,

    /// <summary>Signed in as the invited account: accept with one click.</summary>
    Invitee,

    /// <summary>Signed in as someone else: the invitation is not theirs.</summary>
    SomeoneElse,
}

/// <param name="Refusal">Why the invitation can no longer be accepted (used, withdrawn, expired), or null.</param>
public sealed record InvitationPreview(string SupportId, string OrganizationName, MemberRole Role, string Email, DateTimeOffset ExpiresAt, string? Refusal, InvitationVisitor Visitor);

/// <summary>The details a new person gives when creating their account from an invitation.</summary>
public sealed record NewAccount(string? Name, string? Phone, string? Affiliation, string? Password);

/// <summary>
/// Accepting an invitation from its mailed link: the invitation is found by its id and the link's secret only
/// checked against it. The invited address decides the account: an existing account with that sign-in address
/// accepts once signed in; otherwise the person creates the account here, for that address (confirmed, as the
/// mail reached it), and the profile, the membership and the account are stored in one transaction.
/// </summary>
public sealed class AcceptInvitation(SignInManager<PortalIdentityUser> signInManager, PortalDbContext db, TimeProvider clock)
{
    public async Task<Result<InvitationPreview>> PreviewAsync(Guid id, string? secret, ClaimsPrincipal principal)
    {
        if (await FindAsync(id, secret) is not { } invitation)
        {
            return Result.NotFound(ErrorCodes.LinkInvalid).As<InvitationPreview>();
        }

        var account = await (
            from a in db.SupportAccounts
            where a.Id == invitation.SupportAccountId
            join o in db.Organizations on a.OrganizationId equals o.Id
            select new { a.SupportId, Organization = o.Name })
            .SingleAsync();
        var visitor = await VisitorAsync(invitation, principal);
        var backed = invitation.IsBackedBy(await db.SupportAccounts.AsNoTracking().Include(a => a.Members).SingleAsync(a => a.Id == invitation.SupportAccountId));
        var refusal = invitation.RefusalAt(clock.GetUtcNow()) ?? (backed ? null : ErrorCodes.InvitationWithdrawn);
        return new InvitationPreview(account.SupportId, account.Organization, invitation.Role, invitation.Email, invitation.ExpiresAt, refusal, visitor);
    }

    /// <summary>The signed-in invitee joins the support ID.</summary>
    public async Task<Result> AcceptAsync(Guid id, string? secret, ClaimsPrincipal principal)
    {
        if (await FindAsync(id, secret) is not { } invitation)
        {
            return Result.NotFound(ErrorCodes.LinkInvalid);
        }

        if (await VisitorAsync(invitation, principal) != InvitationVisitor.Invitee)
        {
            return Result.Forbidden(ErrorCodes.InvitationForAnotherAccount);
        }

        var user = (await signInManager.UserManager.GetUserAsync(principal))!;
        var joined = await JoinAsync(invitation, user.Id, created: false);
        if (joined.IsOk)
        {
            // The new membership (an administrator's or deputy's menus) shows at once in this browser.
            await signInManager.RefreshSignInAsync(user);
        }

        return joined;
    }

    /// <summary>A person without an account creates one for the invited address, joins, and is signed in.</summary>
    public async Task<Result> CreateAccountAsync(Guid id, string? secret, NewAccount details)
    {
        if (await FindAsync(id, secret) is not { } invitation)
        {
            return Result.NotFound(ErrorCodes.LinkInvalid);
        }

        var users = signInManager.UserManager;
        if (await users.FindByEmailAsync(invitation.Email) is not null)
        {
            return Result.Conflict(ErrorCodes.AccountExists);
        }

        if (invitation.RefusalAt(clock.GetUtcNow()) is { } refusal)
        {
            return Result.Conflict(refusal);
        }

        // The profile's own rules decide the details, as on the profile page.
        var userId = Guid.NewGuid();
        var profile = new UserProfile(userId, "-", invitation.Email, string.Empty, string.Empty);
        var detailsValid = profile.UpdateDetails(details.Name, invitation.Email, details.Phone, details.Affiliation);
        var user = new PortalIdentityUser { Id = userId, UserName = invitation.Email, Email = invitation.Email, EmailConfirmed = true };
        var passwordErrors = new List<Error>();
        foreach (var validator in users.PasswordValidators)
        {
            if (!(await validator.ValidateAsync(users, user, details.Password ?? string.Empty)).Succeeded)
            {
                passwordErrors.Add(new Error(ErrorCodes.PasswordRejected, "Password"));
                break;
            }
        }

        if (!detailsValid.IsOk || passwordErrors.Count > 0)
        {
            return Result.Invalid([.. detailsValid.Errors, .. passwordErrors]);
        }

        var result = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var created = await users.CreateAsync(user, details.Password!);
            if (!created.Succeeded)
            {
                return created.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName))
                    ? Result.Conflict(ErrorCodes.AccountExists)
                    : Result.Invalid(ErrorCodes.PasswordRejected, "Password");
            }

            db.UserProfiles.Add(profile);
            var joined = await JoinAsync(await db.MemberInvitations.SingleAsync(i => i.Id == invitation.Id), userId, created: true);
            if (!joined.IsOk)
            {
                return joined;
            }

            await transaction.CommitAsync();
            return Result.Ok();
        });

        if (result.IsOk)
        {
            await signInManager.SignInAsync(user, isPersistent: false);
        }

        return result;
    }

    private async Task<Result> JoinAsync(MemberInvitation invitation, Guid userId, bool created)
    {
        var now = clock.GetUtcNow();
        var accepted = invitation.Accept(userId, now);
        if (!accepted.IsOk)
        {
            return accepted;
        }

        var account = await db.SupportAccounts.Include(a => a.Members).SingleAsync(a => a.Id == invitation.SupportAccountId);
        if (!invitation.IsBackedBy(account))
        {
            return Result.Conflict(ErrorCodes.InvitationWithdrawn);
        }

        var added = account.AddMember(userId, invitation.Role);
        if (!added.IsOk)
        {
            return added;
        }

        var name = db.UserProfiles.Local.SingleOrDefault(p => p.Id == userId)?.Name
            ?? await db.UserProfiles.Where(p => p.Id == userId).Select(p => p.Name).SingleAsync();
        db.Record(new Actor(userId, name, IsStaff: false), now, AuditAction.AcceptInvitation, nameof(SupportMembership), $"{account.Id}/{userId}", null, null, new { account.SupportId, invitation.Email, invitation.Role, AccountCreated = created });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            // Accepted in another tab, or withdrawn, meanwhile: the invitation's version holds it to one outcome.
            db.ChangeTracker.Clear();
            return Result.Conflict(ErrorCodes.InvitationUsed);
        }

        return Result.Ok();
    }

    /// <summary>The invitation named by the link, when the link's secret is its own.</summary>
    private async Task<MemberInvitation?> FindAsync(Guid id, string? secret) =>
        await db.MemberInvitations.SingleOrDefaultAsync(i => i.Id == id) is { } invitation && invitation.SecretMatches(secret) ? invitation : null;

    private async Task<InvitationVisitor> VisitorAsync(MemberInvitation invitation, ClaimsPrincipal principal)
    {
        var users = signInManager.UserManager;
        if (await users.GetUserAsync(principal) is { } signedIn)
        {
            return signedIn.Email is { } email && invitation.IsFor(email) ? InvitationVisitor.Invitee : InvitationVisitor.SomeoneElse;
        }

        return await users.FindByEmailAsync(invitation.Email) is null ? InvitationVisitor.NewPerson : InvitationVisitor.MustSignIn;
    }
}
