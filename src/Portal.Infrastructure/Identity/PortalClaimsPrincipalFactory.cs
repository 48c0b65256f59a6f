using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Application.Domain.Customers;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Identity;

/// <summary>Adds the profile's display name (pages and audit entries name the person, not the e-mail) and a session id.</summary>
internal sealed class PortalClaimsPrincipalFactory(
    UserManager<PortalIdentityUser> userManager,
    RoleManager<IdentityRole<Guid>> roleManager,
    IOptions<IdentityOptions> options,
    PortalDbContext db)
    : UserClaimsPrincipalFactory<PortalIdentityUser, IdentityRole<Guid>>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalIdentityUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var name = await db.UserProfiles.Where(p => p.Id == user.Id).Select(p => p.Name).SingleOrDefaultAsync();
        identity.AddClaim(new Claim(PortalClaims.DisplayName, name ?? user.UserName ?? string.Empty));

        if (await db.SupportMemberships.AnyAsync(m => m.UserId == user.Id && m.Role != MemberRole.User))
        {
            identity.AddClaim(new Claim(PortalClaims.ManagesSupportId, "true"));
        }

        // A refreshed cookie keeps its session's id (PortalSecurityStampValidator.KeepSession).
        identity.AddClaim(new Claim(PortalClaims.SessionId, Guid.NewGuid().ToString("N")));
        return identity;
    }
}
