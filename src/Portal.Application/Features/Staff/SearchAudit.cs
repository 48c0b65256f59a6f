using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;

namespace Portal.Application.Features.Staff;

/// <summary>Filters of the audit trail: a device (by management number), a person (name as recorded), Japan dates.</summary>
public sealed record AuditQuery(string? DeviceManagementNumber = null, string? Actor = null, DateOnly? From = null, DateOnly? To = null, long? BeforeId = null, int PageSize = 100);

public sealed record AuditRow(long Id, DateTimeOffset At, string ActorName, string Action, string EntityType, string EntityId, Guid? DeviceId, string? DeviceManagementNumber, IReadOnlyList<FieldChange> Fields);

public sealed record AuditPage(IReadOnlyList<AuditRow> Rows, long? NextBeforeId);

/// <summary>Staff: every state change with who, when, what and the values before and after, newest first.</summary>
public sealed class SearchAuditHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser)
{
    private const int MaxPageSize = 500;

    public async Task<Result<AuditPage>> HandleAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        var signedIn = await StaffAccess.StaffViewerAsync(currentUser, dbFactory, cancellationToken);
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<AuditPage>();
        }

        await using var db = dbFactory.Create();
        var entries = db.AuditEntries.AsNoTracking().AsQueryable();
        if (query.DeviceManagementNumber?.Trim().ToUpperInvariant() is { Length: > 0 } number)
        {
            var ids = db.Devices.Where(d => d.DeviceManagementNumber == number).Select(d => (Guid?)d.Id);
            entries = entries.Where(a => ids.Contains(a.DeviceId));
        }

        if (query.Actor?.Trim() is { Length: > 0 } actorName)
        {
            entries = entries.Where(a => a.ActorName == actorName);
        }

        if (query.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), JapanTime.Zone.BaseUtcOffset).ToUniversalTime();
            entries = entries.Where(a => a.At >= start);
        }

        if (query.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), JapanTime.Zone.BaseUtcOffset).ToUniversalTime();
            entries = entries.Where(a => a.At < end);
        }

        if (query.BeforeId is { } before)
        {
            entries = entries.Where(a => a.Id < before);
        }

        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var found = await (
            from a in entries
            join d in db.Devices on a.DeviceId equals d.Id into devices
            from d in devices.DefaultIfEmpty()
            orderby a.Id descending
            select new { Entry = a, DeviceManagementNumber = d == null ? null : d.DeviceManagementNumber })
            .Take(size + 1)
            .ToListAsync(cancellationToken);
        var rows = found
            .Select(x => new AuditRow(x.Entry.Id, x.Entry.At, x.Entry.ActorName, x.Entry.Action, x.Entry.EntityType, x.Entry.EntityId, x.Entry.DeviceId, x.DeviceManagementNumber, AuditChanges.Compare(x.Entry.Before, x.Entry.After)))
            .ToList();
        var more = rows.Count > size;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return new AuditPage(rows, more ? rows[^1].Id : null);
    }
}
