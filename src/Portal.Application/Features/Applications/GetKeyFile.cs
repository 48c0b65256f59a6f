using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Registrations;
using Portal.Application.Features.Staff;

namespace Portal.Application.Features.Applications;

public sealed record GetKeyFileQuery(Guid DeviceId);

public sealed record KeyFileDownload(string FileName, string Text);

/// <summary>
/// 開局キーファイル: for a device whose key in force opens by key file, the signed file with its current key, to any
/// member who sees the device (as the key code is shown to them) and to staff. It carries a secret, so every download
/// is audited. Signed anew each time; any copy of the same key verifies until the key is re-issued.
/// </summary>
public sealed class GetKeyFileHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock, IKeyFileSigner signer)
{
    public async Task<Result<KeyFileDownload>> HandleAsync(GetKeyFileQuery query, CancellationToken cancellationToken = default)
    {
        var signedIn = await StaffAccess.ViewerAsync(currentUser, dbFactory, cancellationToken);
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<KeyFileDownload>();
        }

        await using var db = dbFactory.Create();
        var device = await db.Devices.VisibleTo(db, actor).AsNoTracking().SingleOrDefaultAsync(d => d.Id == query.DeviceId, cancellationToken);
        if (device is null)
        {
            return Result.NotFound().As<KeyFileDownload>();
        }

        var registration = await db.Registrations.AsNoTracking().SingleOrDefaultAsync(r => r.DeviceId == query.DeviceId, cancellationToken);
        if (registration is not { HoldsKey: true, KeyMethod: OpeningMethod.KeyFile })
        {
            return Result.Conflict(ErrorCodes.NoKeyFile).As<KeyFileDownload>();
        }

        var file = OpeningKeyFile.For(device, registration);
        db.Record(actor, clock.GetUtcNow(), AuditAction.DownloadKeyFile, nameof(ServiceRegistration), registration.Id.ToString(), device.Id, null, new { registration.KeyIssuedAt });
        await db.SaveChangesAsync(cancellationToken);
        return new KeyFileDownload($"openingkey-{device.DeviceManagementNumber}.txt", file.ToText(signer.Sign(file)));
    }
}
