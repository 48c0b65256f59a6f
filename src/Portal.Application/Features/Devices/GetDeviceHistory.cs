using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Staff;

namespace Portal.Application.Features.Devices;

public sealed record DeviceChange(DateTimeOffset At, string ActorName, string Action, IReadOnlyList<FieldChange> Fields);

/// <summary>The device page's history of changes: every audited change of the device, newest first.</summary>
public sealed class GetDeviceHistoryHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser)
{
    public const int Limit = 200;

    public async Task<Result<IReadOnlyList<DeviceChange>>> HandleAsync(Guid deviceId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { } actor)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn).As<IReadOnlyList<DeviceChange>>();
        }

        if (await StaffAccessHandler.NeedsReasonAsync(dbFactory, actor, cancellationToken))
        {
            return Result.Forbidden(ErrorCodes.StaffReasonRequired).As<IReadOnlyList<DeviceChange>>();
        }

        await using var db = dbFactory.Create();
        if (!await db.Devices.VisibleTo(db, actor).AnyAsync(d => d.Id == deviceId, cancellationToken))
        {
            return Result.NotFound().As<IReadOnlyList<DeviceChange>>();
        }

        var entries = await db.AuditEntries.AsNoTracking()
            .Where(a => a.DeviceId == deviceId)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Take(Limit)
            .ToListAsync(cancellationToken);
        return entries.Select(e => new DeviceChange(e.At, e.ActorName, e.Action, AuditChanges.Compare(e.Before, e.After))).ToList();
    }
}
