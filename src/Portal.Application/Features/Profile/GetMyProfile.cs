using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;

namespace Portal.Application.Features.Profile;

public sealed record GetMyProfileQuery;

public sealed record MembershipView(string SupportId, string OrganizationName, MemberRole Role, Guid SupportAccountId = default);

public sealed record MyProfile(string Name, string Email, string Phone, string Affiliation, string PreferredCulture, IReadOnlyList<MembershipView> Memberships)
{
    public bool HasAffiliation => !string.IsNullOrWhiteSpace(Affiliation);
}

public sealed class GetMyProfileHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser)
{
    public async Task<Result<MyProfile>> HandleAsync(GetMyProfileQuery query, CancellationToken cancellationToken = default)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<MyProfile>();
        }

        await using var db = dbFactory.Create();
        var profile = await db.UserProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.Id == actor.UserId, cancellationToken);
        if (profile is null)
        {
            return Result.NotFound().As<MyProfile>();
        }

        var memberships = await (
            from m in db.SupportMemberships
            where m.UserId == actor.UserId
            join a in db.SupportAccounts on m.SupportAccountId equals a.Id
            join o in db.Organizations on a.OrganizationId equals o.Id
            orderby a.SupportId
            select new MembershipView(a.SupportId, o.Name, m.Role, a.Id))
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return new MyProfile(profile.Name, profile.Email, profile.Phone, profile.Affiliation, profile.PreferredCulture, memberships);
    }
}
