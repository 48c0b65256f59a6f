using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;

namespace Portal.Application.Features.Profile;

public sealed record ChangePreferredCultureCommand(string Culture);

/// <summary>Remembers the user's language (日本語 / English) so every sign-in starts in it.</summary>
public sealed class ChangePreferredCultureHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result> HandleAsync(ChangePreferredCultureCommand command, CancellationToken cancellationToken = default)
    {
        var culture = command.Culture;
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn;
        }

        await using var db = dbFactory.Create();
        var profile = await db.UserProfiles.SingleOrDefaultAsync(p => p.Id == actor.UserId, cancellationToken);
        if (profile is null)
        {
            return Result.NotFound();
        }

        var before = profile.PreferredCulture;
        if (before == culture)
        {
            return Result.Ok();
        }

        var changed = profile.ChangePreferredCulture(culture);
        if (!changed.IsOk)
        {
            return changed;
        }

        db.Record(actor, clock.GetUtcNow(), AuditAction.ChangePreferredCulture, "UserProfile", profile.Id.ToString(), null, new { PreferredCulture = before }, new { profile.PreferredCulture });
        await db.SaveChangesAsync(cancellationToken);
        return Result.Ok();
    }
}
