using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Identity;

/// <summary>
/// Completes a sign-in through the organisation's identity provider (Entra ID via Microsoft.Identity.Web).
/// Customers are invited, not self-registered: the first sign-in links to the portal user with the same
/// verified e-mail, or is refused.
/// </summary>
public sealed class ExternalSignIn(SignInManager<PortalIdentityUser> signInManager, PortalDbContext db, IConfiguration configuration, TimeProvider clock)
{
    public const string Scheme = "AzureAd";

    public async Task<PortalSignInResult> CompleteAsync()
    {
        var info = await signInManager.GetExternalLoginInfoAsync();
        if (info is null)
        {
            return new PortalSignInResult(SignInOutcome.Failed, null);
        }

        var linked = await signInManager.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false, bypassTwoFactor: true);
        if (linked.IsLockedOut)
        {
            return new PortalSignInResult(SignInOutcome.LockedOut, null);
        }

        var user = linked.Succeeded
            ? await signInManager.UserManager.FindByLoginAsync(info.LoginProvider, info.ProviderKey)
            : await LinkByVerifiedEmailAsync(info);
        if (user is null)
        {
            return new PortalSignInResult(SignInOutcome.NoPortalUser, null);
        }

        if (await SyncStaffRoleAsync(user, info.Principal))
        {
            // The sign-in cookie was written before the role changed: write it again with the new role.
            await signInManager.SignInAsync(user, isPersistent: false, info.LoginProvider);
        }

        var culture = await db.UserProfiles.Where(p => p.Id == user.Id).Select(p => p.PreferredCulture).SingleOrDefaultAsync();
        return new PortalSignInResult(SignInOutcome.Succeeded, culture);
    }

    /// <summary>
    /// Staff are recognised by an app-role or group claim named in configuration (AzureAd:StaffClaimType and
    /// AzureAd:StaffClaimValue, e.g. "roles" = "PortalStaff"): the organisation's directory decides, at every
    /// sign-in, both ways. Each change is audited.
    /// </summary>
    /// <returns>True when the role changed.</returns>
    private async Task<bool> SyncStaffRoleAsync(PortalIdentityUser user, ClaimsPrincipal external)
    {
        var type = configuration["AzureAd:StaffClaimType"];
        var value = configuration["AzureAd:StaffClaimValue"];
        if (string.IsNullOrEmpty(type) || string.IsNullOrEmpty(value))
        {
            return false;
        }

        // "roles" arrives as ClaimTypes.Role when the handler maps inbound claim names.
        var isStaff = external.Claims.Any(c => (c.Type == type || (type == "roles" && c.Type == ClaimTypes.Role)) && c.Value == value);
        var users = signInManager.UserManager;
        var wasStaff = await users.IsInRoleAsync(user, PortalRoles.Staff);
        if (isStaff == wasStaff)
        {
            return false;
        }

        var changed = isStaff ? await users.AddToRoleAsync(user, PortalRoles.Staff) : await users.RemoveFromRoleAsync(user, PortalRoles.Staff);
        if (!changed.Succeeded)
        {
            throw new InvalidOperationException($"Could not change the staff role of {user.Id}: {string.Join("; ", changed.Errors.Select(e => e.Description))}");
        }

        // A new security stamp makes open circuits re-check the person's roles at their next revalidation.
        await users.UpdateSecurityStampAsync(user);
        db.Record(new Actor(user.Id, user.Email ?? user.Id.ToString(), isStaff), clock.GetUtcNow(), isStaff ? AuditAction.GrantStaffFromDirectory : AuditAction.RevokeStaffFromDirectory,
            "User", user.Id.ToString(), null, new { Staff = wasStaff }, new { Staff = isStaff });
        await db.SaveChangesAsync();
        return true;
    }

    /// <summary>
    /// The first organisation sign-in of an invited person: linked only by an e-mail the provider vouches
    /// for, never to a staff account (staff are linked by the centre's administrators), never to a locked
    /// account, and audited.
    /// </summary>
    private async Task<PortalIdentityUser?> LinkByVerifiedEmailAsync(ExternalLoginInfo info)
    {
        var email = info.Principal.FindFirstValue(ClaimTypes.Email) ?? info.Principal.FindFirstValue("email");
        if (string.IsNullOrWhiteSpace(email) || !IsVerified(info.Principal))
        {
            return null;
        }

        var users = signInManager.UserManager;
        var user = await users.FindByEmailAsync(email);
        if (user is null
            || await users.IsInRoleAsync(user, PortalRoles.Staff)
            || await users.IsLockedOutAsync(user)
            || !await signInManager.CanSignInAsync(user)
            || !(await users.AddLoginAsync(user, info)).Succeeded)
        {
            return null;
        }

        db.Record(new Actor(user.Id, email, IsStaff: false), clock.GetUtcNow(), AuditAction.LinkOrganisationSignIn, "User", user.Id.ToString(), null, null, new { Provider = info.LoginProvider });
        await db.SaveChangesAsync();
        await signInManager.SignInAsync(user, isPersistent: false, info.LoginProvider);
        return user;
    }

    /// <summary>
    /// A standard provider says so (email_verified = true). Entra sends no such claim; there the address is
    /// trusted only from the one tenant configured (not "common" or "organizations"), whose administrators
    /// are the customer's own.
    /// </summary>
    private bool IsVerified(ClaimsPrincipal principal)
    {
        if (string.Equals(principal.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var tenant = configuration["AzureAd:TenantId"];
        var generic = !string.IsNullOrEmpty(configuration["AzureAd:MetadataAddress"]);
        var tid = principal.FindFirstValue("tid") ?? principal.FindFirstValue("http://schemas.microsoft.com/identity/claims/tenantid");
        return !generic
            && Guid.TryParse(tenant, out _)
            && string.Equals(tid, tenant, StringComparison.OrdinalIgnoreCase);
    }
}
