using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Users;

namespace Portal.Application.Features.Profile;

public sealed record UpdateMyProfileCommand(string? Name, string? Email, string? Phone, string? Affiliation);

/// <param name="ContactCopiesChanged">
/// Devices where this person is a contact and the centre's copy of their details now differs: the centre
/// keeps calling the old details until an administrator refreshes the contact (FAQ Q1-18).
/// </param>
public sealed record ProfileUpdated(int ContactCopiesChanged);

/// <summary>ユーザID情報変更: each person edits only their own name, e-mail, phone and affiliation.</summary>
public sealed class UpdateMyProfileHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result<ProfileUpdated>> HandleAsync(UpdateMyProfileCommand command, CancellationToken cancellationToken = default)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<ProfileUpdated>();
        }

        await using var db = dbFactory.Create();
        var profile = await db.UserProfiles.SingleOrDefaultAsync(p => p.Id == actor.UserId, cancellationToken);
        if (profile is null)
        {
            return Result.NotFound().As<ProfileUpdated>();
        }

        var before = Snapshot(profile);
        var updated = profile.UpdateDetails(command.Name, command.Email, command.Phone, command.Affiliation);
        if (!updated.IsOk)
        {
            return updated.As<ProfileUpdated>();
        }

        if (!Snapshot(profile).Equals(before))
        {
            db.Record(actor, clock.GetUtcNow(), AuditAction.UpdateProfile, nameof(UserProfile), profile.Id.ToString(), null, before, Snapshot(profile));
            await db.SaveChangesAsync(cancellationToken);
        }

        var copies = await (
            from r in db.Registrations.Where(ServiceRegistration.ContactsInUse)
            from c in r.Contacts
            where c.UserId == profile.Id
                && (c.Name != profile.Name || c.Email != profile.Email || c.Phone != profile.Phone || c.Affiliation != profile.Affiliation)
            select r.DeviceId)
            .Distinct()
            .CountAsync(cancellationToken);
        return new ProfileUpdated(copies);
    }

    private static ProfileSnapshot Snapshot(UserProfile profile) => new(profile.Name, profile.Email, profile.Phone, profile.Affiliation);

    private sealed record ProfileSnapshot(string Name, string Email, string Phone, string Affiliation);
}
