using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Devices;

namespace Portal.Application.Features.Devices;

public sealed record ChangeInstallationSiteCommand(Guid DeviceId, string? PostalCode, string? Prefecture, string? AddressLine, string? Building);

/// <summary>設置場所の変更 (FAQ Q4-3): administrators and deputies; the change is recorded with its date.</summary>
public sealed class ChangeInstallationSiteHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result> HandleAsync(ChangeInstallationSiteCommand command, CancellationToken cancellationToken = default)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn;
        }

        await using var db = dbFactory.Create();
        var device = await db.Devices.VisibleTo(db, actor).SingleOrDefaultAsync(d => d.Id == command.DeviceId, cancellationToken);
        if (device is null)
        {
            return Result.NotFound();
        }

        var allowed = await Membership.RequireManagerAsync(db, actor, device.SupportAccountId, ErrorCodes.ChangeRequiresAdministrator, cancellationToken);
        if (!allowed.IsOk)
        {
            return allowed;
        }

        var site = InstallationSite.Create(command.PostalCode, command.Prefecture, command.AddressLine, command.Building);
        if (!site.IsOk)
        {
            return site;
        }

        var before = device.InstallationSite;
        if (site.Value == before)
        {
            return Result.Ok();
        }

        var now = clock.GetUtcNow();
        device.ChangeInstallationSite(site.Value!, now);
        db.Record(actor, now, AuditAction.ChangeInstallationSite, nameof(Device), device.Id.ToString(), device.Id, new { Site = before.ToString() }, new { Site = device.InstallationSite.ToString() });
        await db.SaveChangesAsync(cancellationToken);
        return Result.Ok();
    }
}
