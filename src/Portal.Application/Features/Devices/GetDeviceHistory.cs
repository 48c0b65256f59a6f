using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Staff;

namespace Portal.Application.Features.Devices;

public sealed record DeviceChange(DateTimeOffset At, string ActorName, string Action, IReadOnlyList<FieldChange> Fields);

/// <summary>One value of a change: before and after as recorded in the audit trail.</summary>
public sealed record FieldChange(string Field, string? Before, string? After);

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
        return entries.Select(e => new DeviceChange(e.At, e.ActorName, e.Action, Compare(e.Before, e.After))).ToList();
    }

    /// <summary>The top-level values that differ between the two recorded JSON objects.</summary>
    private static List<FieldChange> Compare(string? before, string? after)
    {
        var old = Flatten(before);
        var @new = Flatten(after);
        return [.. old.Keys.Union(@new.Keys)
            .Select(key => new FieldChange(key, old.GetValueOrDefault(key), @new.GetValueOrDefault(key)))
            .Where(f => f.Before != f.After)];
    }

    private static Dictionary<string, string?> Flatten(string? json)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (json is null)
        {
            return values;
        }

        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return values;
        }

        foreach (var property in document.RootElement.EnumerateObject())
        {
            values[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Null => null,
                _ => property.Value.GetRawText(),
            };
        }

        return values;
    }
}
